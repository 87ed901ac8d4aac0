// The console against a scripted node: an in-memory WebSocket whose answers each test writes,
// for the cases a real node does not produce on demand (refused fresh tokens, application close
// codes, old and unknown event forms), all under TestClock.
import { describe, expect, it } from "@effect/vitest"
import type { Console } from "@ptero-effect/client-api"
import { WebSocketDialer } from "@ptero-effect/core"
import { Effect, Fiber, Option, Stream, TestClock } from "effect"
import { fakeApi, json, routes } from "../utils/fake.js"

const TOKEN = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(JSON.stringify({ permissions: ["*"] })).toString("base64url")}.sig`

/** A socket that opens at once and hands every frame the client sends to `script`. */
class ScriptedSocket extends EventTarget {
  readyState = 0
  sent: Array<string> = []
  constructor(
    readonly script: (frame: { event: string; args?: ReadonlyArray<string> }, socket: ScriptedSocket) => void
  ) {
    super()
    queueMicrotask(() => {
      this.readyState = 1
      this.dispatchEvent(new Event("open"))
    })
  }
  send(data: string) {
    this.sent.push(data)
    queueMicrotask(() => this.script(JSON.parse(data), this))
  }
  reply(event: string, ...args: Array<string>) {
    const data = JSON.stringify(args.length === 0 ? { event } : { event, args })
    queueMicrotask(() => this.dispatchEvent(Object.assign(new Event("message"), { data })))
  }
  close(code = 1000, reason = "") {
    if (this.readyState === 3) return
    this.readyState = 3
    queueMicrotask(() => this.dispatchEvent(Object.assign(new Event("close"), { code, reason, wasClean: true })))
  }
}

const scripted = (script: ConstructorParameters<typeof ScriptedSocket>[0]) => {
  const sockets: Array<ScriptedSocket> = []
  const dialer = WebSocketDialer.fromConstructor(() => {
    const socket = new ScriptedSocket(script)
    sockets.push(socket)
    return socket as unknown as globalThis.WebSocket
  })
  return { sockets, dialer: { ...dialer, sendsHeaders: true } }
}

const panel = routes({
  "GET /api/client/servers/abc/websocket": json(200, {
    data: { token: TOKEN, socket: "ws://node.test/api/servers/u/ws" }
  })
})

const accept = (frame: { event: string }, socket: ScriptedSocket) => {
  if (frame.event === "auth") {
    socket.reply("auth success")
    socket.reply("status", "running")
  }
}

// A console connected to a node that accepts every token, and that node's socket.
const connected = (options?: Console.Options) =>
  Effect.gen(function* () {
    const { api } = yield* fakeApi(panel)
    const node = scripted(accept)
    const console = yield* api
      .console("abc", options)
      .pipe(Effect.provideService(WebSocketDialer.WebSocketDialer, node.dialer))
    return { console, socket: node.sockets[0]! }
  })

describe("the console against a scripted node", () => {
  it.scoped("three fresh tokens refused in a row end it with AuthenticationFailed, not a loop", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(panel)
      const node = scripted((frame, socket) => {
        if (frame.event === "auth") socket.reply("jwt error", "Error Event [x]: jwt: missing connect permission")
      })
      const fiber = yield* Effect.fork(
        api.console("abc").pipe(Effect.provideService(WebSocketDialer.WebSocketDialer, node.dialer))
      )
      // The backoff between attempts runs on the TestClock.
      for (let i = 0; i < 10 && Option.isNone(yield* Fiber.poll(fiber)); i++) {
        yield* TestClock.adjust("1 minute")
        yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 5)))
      }
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag).toBe("AuthenticationFailed")
      if (error._tag === "AuthenticationFailed") {
        expect(error.attempts).toBe(3)
        expect(error.detail).toContain("missing connect permission")
      }
      expect(node.sockets).toHaveLength(3)
    })
  )

  it.scoped("an application close code (4000–4999) ends it with ConnectionClosed", () =>
    Effect.gen(function* () {
      const { console, socket } = yield* connected()
      socket.close(4409, "suspended")
      const error = yield* Effect.flip(Stream.runDrain(console.events))
      expect(error._tag).toBe("ConnectionClosed")
      if (error._tag === "ConnectionClosed") expect([error.code, error.reason]).toEqual([4409, "suspended"])
    })
  )

  it.scoped("both forms of backup completed decode; undecodable and unknown events come as Unknown", () =>
    Effect.gen(function* () {
      const { console, socket } = yield* connected({ history: false })
      const backup = JSON.stringify({
        uuid: "b1",
        is_successful: true,
        checksum: "ab",
        checksum_type: "sha1",
        file_size: 3
      })
      socket.reply("backup completed", backup)
      socket.reply("backup completed:b1", backup)
      socket.reply("stats", "{not json")
      socket.reply("something new", "x")
      socket.reply("throttled", "send command")
      const events = yield* console.events.pipe(
        Stream.filter((e) => e._tag !== "Connected" && e._tag !== "Status"),
        Stream.take(5),
        Stream.runCollect
      )
      expect([...events].map((e) => e._tag)).toEqual([
        "BackupCompleted",
        "BackupCompleted",
        "Unknown",
        "Unknown",
        "Throttled"
      ])
    })
  )

  it.scoped("a `deleted` event ends it with ServerDeleted even before the close", () =>
    Effect.gen(function* () {
      const { console, socket } = yield* connected()
      socket.reply("deleted", "null")
      socket.close(1006, "")
      const error = yield* Effect.flip(Stream.runDrain(console.events))
      expect(error._tag).toBe("ServerDeleted")
    })
  )
})
