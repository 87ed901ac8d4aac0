import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Cause, Chunk, Duration, Effect, Fiber, Stream, TestClock } from "effect"
import { CLIENT_KEY, fakeClient, json } from "./utils/fake.js"
import { sendJson, testServer } from "./utils/server.js"
import { eventually, transports } from "./utils/transports.js"

describe.each(transports)("timeouts and cancellation over %s (real sockets)", (_name, transport) => {
  it.live("a route that never answers fails with PanelUnreachable(timeout) after the configured time", () =>
    Effect.scoped(
      Effect.gen(function* () {
        // The handler never ends the response.
        const server = yield* testServer(() => {})
        const client = yield* PanelClient.make({
          url: server.url,
          api: "client",
          credentials: CLIENT_KEY,
          timeout: "150 millis"
        })
        const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/servers" }))
        expect(error._tag).toBe("PanelUnreachable")
        if (error._tag === "PanelUnreachable") {
          expect(error.reason).toBe("timeout")
          expect(error.cause).toContain("150")
        }
      })
    ).pipe(Effect.provide(transport))
  )

  const stalls: ReadonlyArray<readonly [string, (res: import("node:http").ServerResponse) => void]> = [
    ["before the headers", () => {}],
    [
      "after the headers, mid-body",
      (res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
        res.write('{"object":"list","data":[')
      }
    ]
  ]
  for (const [when, stall] of stalls) {
    it.live(`a panel that stops ${when}: a timeout, and the panel sees its connection closed`, () =>
      Effect.scoped(
        Effect.gen(function* () {
          let closed = false
          const server = yield* testServer((_, res) => {
            res.on("close", () => (closed = true))
            stall(res)
          })
          const client = yield* PanelClient.make({
            url: server.url,
            api: "client",
            credentials: CLIENT_KEY,
            timeout: "100 millis"
          })
          const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/servers" }))
          expect(error._tag === "PanelUnreachable" && error.reason).toBe("timeout")
          // The server hears of the closed socket a moment after the client let go of it.
          expect(yield* eventually(() => closed)).toBe(true)
        })
      ).pipe(Effect.provide(transport))
    )
  }

  it.live("an answer or a typed failure within the time passes through unchanged", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* testServer((seen, res) =>
          seen.url.endsWith("/missing")
            ? sendJson(res, 404, { errors: [{ code: "NotFoundHttpException", status: "404", detail: "gone" }] })
            : setTimeout(() => sendJson(res, 200, { object: "list", data: [] }), 30)
        )
        const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: CLIENT_KEY })
        const ok = yield* client.send({ operation: "t", method: "GET", path: "/servers" })
        expect(ok.status).toBe(200)
        expect(JSON.parse(ok.body)).toEqual({ object: "list", data: [] })
        const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/missing" }))
        expect(error._tag).toBe("NotFound")
      })
    ).pipe(Effect.provide(transport))
  )

  it.live("a timeout longer than a timer can hold (30 days) does not fire at once", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const server = yield* testServer((_, res) =>
          setTimeout(() => sendJson(res, 200, { object: "list", data: [] }), 50)
        )
        const client = yield* PanelClient.make({
          url: server.url,
          api: "client",
          credentials: CLIENT_KEY,
          timeout: "30 days"
        })
        const response = yield* client.send({ operation: "t", method: "GET", path: "/servers" })
        expect(response.status).toBe(200)
      })
    ).pipe(Effect.provide(transport))
  )

  it.live("interrupting a request mid-flight ends it at once with an interruption, not an error", () =>
    Effect.scoped(
      Effect.gen(function* () {
        let closed = false
        const server = yield* testServer((_, res) => res.on("close", () => (closed = true)))
        const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: CLIENT_KEY })
        const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "/servers" }))
        while (server.seen.length === 0) yield* Effect.sleep(Duration.millis(5))
        const exit = yield* Fiber.interrupt(fiber)
        expect(exit._tag).toBe("Failure")
        expect(exit._tag === "Failure" && Cause.isInterruptedOnly(exit.cause)).toBe(true)
        // The connection is let go of, not left to the panel to time out.
        expect(yield* eventually(() => closed)).toBe(true)
      })
    ).pipe(Effect.provide(transport))
  )
  it.live("a body past maxResponseBytes is cut at the limit: a typed error, the connection closed", () =>
    Effect.scoped(
      Effect.gen(function* () {
        let closed = false
        let sent = 0
        // A chunked body that never ends, 16 KiB at a time, as fast as the socket takes it.
        const server = yield* testServer((_, res) => {
          res.on("close", () => (closed = true))
          res.writeHead(200, { "content-type": "application/json" })
          const chunk = Buffer.alloc(16 * 1024, "a")
          const pump = () => {
            while (!res.destroyed && sent < 64 * 1024 * 1024) {
              sent += chunk.length
              if (!res.write(chunk)) return void res.once("drain", pump)
            }
          }
          pump()
        })
        const client = yield* PanelClient.make({
          url: server.url,
          api: "client",
          credentials: CLIENT_KEY,
          maxResponseBytes: 64 * 1024
        })
        const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/servers" }))
        expect(error._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
        expect(yield* eventually(() => closed)).toBe(true)
        // Far less than the 64 MiB the server would send: the rest was never asked for.
        expect(sent).toBeLessThan(16 * 1024 * 1024)
      })
    ).pipe(Effect.provide(transport))
  )

  it.live(
    "a download streams: its first chunk arrives before the body ends, and dropping it closes the connection",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          let closed = false
          const server = yield* testServer((_, res) => {
            res.on("close", () => (closed = true))
            res.writeHead(200, { "content-type": "application/octet-stream" })
            res.write("first chunk")
          })
          const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: CLIENT_KEY })
          const response = yield* client.unauthenticated.get(`${server.url}/download?token=x`)
          const first = yield* response.stream.pipe(Stream.take(1), Stream.runCollect)
          expect(new TextDecoder().decode(Chunk.unsafeHead(first))).toBe("first chunk")
          expect(yield* eventually(() => closed)).toBe(true)
          // The user agent is set on signed-URL requests too; the panel's key never is.
          expect(server.seen[0]!.headers["user-agent"]).toBe(PanelClient.USER_AGENT)
          expect(server.seen[0]!.headers.authorization).toBeUndefined()
        })
      ).pipe(Effect.provide(transport))
  )
})

describe("an infinite timeout", () => {
  it.effect("turns the timeout off: a slow answer still arrives", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => Effect.as(Effect.sleep(Duration.hours(2)), json(200, { ok: true })))
      const client = yield* PanelClient.make({
        url: "https://p.example",
        api: "client",
        credentials: CLIENT_KEY,
        timeout: Duration.infinity
      }).pipe(Effect.provide(fake.layer))
      const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "/servers" }))
      yield* TestClock.adjust(Duration.hours(2))
      const response = yield* Fiber.join(fiber)
      expect(response.status).toBe(200)
    })
  )

  it.effect("while the default of 30 s fails the same request in time", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => Effect.as(Effect.sleep(Duration.hours(2)), json(200, { ok: true })))
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "/servers" }))
      yield* TestClock.adjust(Duration.seconds(30))
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(error._tag === "PanelUnreachable" && error.reason).toBe("timeout")
    })
  )
})
