// A node on a loopback port serving only the console websocket, over the mock's store, and a
// small client for it: frames in, frames out, the close code.
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as NodeSocket from "@effect/platform-node/NodeSocket"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Socket from "@effect/platform/Socket"
import { Deferred, Effect, Fiber, Queue, Ref, type Scope } from "effect"
import * as Fixture from "../../src/state/Fixture.js"
import { daemonToken } from "../../src/state/Generate.js"
import * as Store from "../../src/state/Store.js"
import * as Jwt from "../../src/wings/Jwt.js"
import * as Daemon from "../../src/wings/websocket/Daemon.js"

export const SURVIVAL = "1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c"
export const CREATIVE = "1a2b3c02-7d8e-4f9a-8b1c-2d3e4f5a6b7c"
export const ADMIN_LAB = "1a2b3c04-7d8e-4f9a-8b1c-2d3e4f5a6b7c"

export interface Node {
  readonly url: string
  readonly panelUrl: string
  readonly store: Store.Service
  readonly daemon: Daemon.Service
  /** A token as the panel signs it for this server's node. */
  readonly token: (serverUuid: string, claims?: Record<string, unknown>) => Effect.Effect<string>
  readonly advance: (ms: number) => Effect.Effect<void>
}

export const node = (options: Daemon.Options = {}): Effect.Effect<Node, never, Scope.Scope> =>
  Effect.gen(function* () {
    const fixture = yield* Effect.orDie(Fixture.loadDefault)
    const store = yield* Store.make(fixture)
    const daemon = yield* Daemon.make({ tickMs: 0, ...options }).pipe(Effect.provideService(Store.Store, store))
    const server = yield* Effect.orDie(NodeHttpServer.make(() => Http.createServer(), { host: "127.0.0.1", port: 0 }))
    const port = server.address._tag === "TcpAddress" ? server.address.port : 0
    const panelUrl = `http://127.0.0.1:${port}`
    yield* server.serve(
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const match = /^\/api\/servers\/([^/]+)\/ws$/.exec(request.url)
        if (match === null) return HttpServerResponse.empty({ status: 404 })
        return yield* daemon.serve(request, match[1]!, panelUrl)
      })
    )
    const token = (serverUuid: string, claims: Record<string, unknown> = {}) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store.state)
        const srv = state.servers.find((s) => s.uuid === serverUuid)!
        const key = daemonToken(state.nodes.find((n) => n.id === srv.node_id)!).token
        const now = Math.floor((yield* store.now) / 1000)
        return Jwt.sign(
          {
            iss: panelUrl,
            aud: [panelUrl],
            jti: "jti-1",
            iat: now,
            nbf: now - 300,
            exp: now + 600,
            server_uuid: serverUuid,
            permissions: ["*"],
            user_uuid: "u",
            user_id: 2,
            unique_id: "x",
            scope: "websocket",
            ...claims
          },
          key
        )
      })
    const advance = (ms: number) =>
      Effect.zipRight(
        Ref.update(store.clockOffset, (o) => o + ms),
        daemon.sync
      )
    return { url: `ws://127.0.0.1:${port}`, panelUrl, store, daemon, token, advance }
  })

export interface Frame {
  readonly event: string
  readonly args?: ReadonlyArray<string>
}

export interface Client {
  readonly send: (frame: Frame | string) => Effect.Effect<void>
  /** The next frame matching `predicate`, skipping the others. */
  readonly next: (predicate?: (frame: Frame) => boolean) => Effect.Effect<Frame>
  /** Every frame received so far. */
  readonly seen: Ref.Ref<ReadonlyArray<Frame>>
  /** The close code, once the server closed. */
  readonly closed: Deferred.Deferred<number>
}

export const connect = (url: string): Effect.Effect<Client, never, Scope.Scope> =>
  Effect.gen(function* () {
    const socket = yield* Socket.makeWebSocket(url, { closeCodeIsError: () => true }).pipe(
      Effect.provide(NodeSocket.layerWebSocketConstructor)
    )
    const frames = yield* Queue.unbounded<Frame>()
    const seen = yield* Ref.make<ReadonlyArray<Frame>>([])
    const closed = yield* Deferred.make<number>()
    const opened = yield* Deferred.make<void>()
    const write = yield* socket.writer
    // Interrupted and awaited before the node stops (a fiber merely forked into the scope is
    // interrupted without waiting, and the node's shutdown then waits on the open socket).
    const fiber = yield* Effect.fork(
      socket
        .runRaw(
          (data) => {
            const frame = JSON.parse(String(data)) as Frame
            frames.unsafeOffer(frame)
            return Ref.update(seen, (all) => [...all, frame])
          },
          { onOpen: Deferred.succeed(opened, undefined) }
        )
        .pipe(
          Effect.catchAll((error) =>
            Deferred.succeed(closed, error.reason === "Close" ? (error as Socket.SocketCloseError).code : -1)
          )
        )
    )
    yield* Effect.addFinalizer(() => Fiber.interrupt(fiber))
    yield* Deferred.await(opened)
    const next = (predicate: (frame: Frame) => boolean = () => true): Effect.Effect<Frame> =>
      Effect.flatMap(Queue.take(frames), (frame) => (predicate(frame) ? Effect.succeed(frame) : next(predicate)))
    return {
      send: (frame) => Effect.orDie(write(typeof frame === "string" ? frame : JSON.stringify(frame))),
      next,
      seen,
      closed
    }
  })

/** The status line of a raw upgrade request with the given headers. */
export const handshake = (url: string, headers: Record<string, string>): Effect.Effect<number> =>
  Effect.async<number>((resume) => {
    const request = Http.request(url.replace(/^ws/, "http"), {
      agent: false,
      headers: {
        Connection: "Upgrade",
        Upgrade: "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": Crypto.randomBytes(16).toString("base64"),
        ...headers
      }
    })
    request.on("upgrade", (response, socket) => {
      socket.destroy()
      resume(Effect.succeed(response.statusCode ?? 0))
    })
    request.on("response", (response) => {
      response.resume()
      resume(Effect.succeed(response.statusCode ?? 0))
    })
    request.on("error", () => resume(Effect.succeed(-1)))
    request.end()
  })

export const is =
  (event: string) =>
  (frame: Frame): boolean =>
    frame.event === event
