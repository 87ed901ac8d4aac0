import * as Socket from "@effect/platform/Socket"
import { describe, expect, it } from "@effect/vitest"
import { WebSocketDialer } from "@ptero-effect/core"
import { NodeSocket } from "@ptero-effect/node"
import { Deferred, Effect } from "effect"
import type * as Http from "node:http"
import * as WS from "ws"

// A loopback server that records each upgrade's headers and answers every frame with "echo:<frame>".
const server = Effect.acquireRelease(
  Effect.async<{ readonly url: string; readonly seen: Array<Http.IncomingHttpHeaders> }>((resume) => {
    const seen: Array<Http.IncomingHttpHeaders> = []
    const wss = new WS.WebSocketServer({ host: "127.0.0.1", port: 0 }, () => {
      const address = wss.address() as { port: number }
      resume(Effect.succeed(Object.assign({ url: `ws://127.0.0.1:${address.port}/ws`, seen }, { wss })))
    })
    wss.on("connection", (socket, request) => {
      seen.push(request.headers)
      socket.on("message", (data) => socket.send(`echo:${String(data)}`))
    })
  }),
  (s) =>
    Effect.async<void>((resume) => (s as unknown as { wss: WS.WebSocketServer }).wss.close(() => resume(Effect.void)))
)

describe("NodeSocket", () => {
  it.live("sends the given headers on the upgrade and carries frames both ways through the platform's Socket", () =>
    Effect.gen(function* () {
      const { url, seen } = yield* server
      const dialer = NodeSocket.make()
      const socket = yield* Socket.makeWebSocket(url).pipe(
        Effect.provideService(
          Socket.WebSocketConstructor,
          WebSocketDialer.toConstructor(dialer, { Origin: "http://panel.test", "X-Extra": "1" })
        )
      )
      const reply = yield* Deferred.make<string>()
      const write = yield* socket.writer
      yield* Effect.forkScoped(
        socket.runRaw((data) => Deferred.succeed(reply, String(data)), { onOpen: Effect.orDie(write("hello")) })
      )
      expect(yield* Deferred.await(reply)).toBe("echo:hello")
      expect(seen).toHaveLength(1)
      expect(seen[0]?.origin).toBe("http://panel.test")
      expect(seen[0]?.["x-extra"]).toBe("1")
      expect(dialer.sendsHeaders).toBe(true)
    }).pipe(Effect.scoped)
  )

  it.live("a refused upgrade fails the socket with an Open error naming the status", () =>
    Effect.gen(function* () {
      const refused = yield* Effect.acquireRelease(
        Effect.async<WS.WebSocketServer>((resume) => {
          const wss: WS.WebSocketServer = new WS.WebSocketServer(
            { host: "127.0.0.1", port: 0, verifyClient: (_info, done) => done(false, 403) },
            () => resume(Effect.succeed(wss))
          )
        }),
        (wss) => Effect.async<void>((resume) => wss.close(() => resume(Effect.void)))
      )
      const port = (refused.address() as { port: number }).port
      const socket = yield* Socket.makeWebSocket(`ws://127.0.0.1:${port}/`).pipe(
        Effect.provideService(Socket.WebSocketConstructor, WebSocketDialer.toConstructor(NodeSocket.make(), {}))
      )
      const error = yield* Effect.flip(socket.runRaw(() => undefined))
      expect(error._tag).toBe("SocketError")
      expect(error.reason).toBe("Open")
      expect(WebSocketDialer.refusedStatus((error as Socket.SocketGenericError).cause)).toBe(403)
    }).pipe(Effect.scoped)
  )
})
