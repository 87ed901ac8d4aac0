// Measures, for each transport, how long the server side of a connection stays open after the
// client gives up on a request the panel never answers: by interruption and by the client's
// timeout. Run: npx tsx --conditions=@ptero-effect/source mock-panel/test/reliability/sockets.ts
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { PanelClient } from "@ptero-effect/core"
import { Effect, Fiber, type Layer } from "effect"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as MockPanel from "../../src/MockPanel.js"
import { countingProxy, eventually } from "./support.js"

const ROUNDS = Number(process.env.ROUNDS ?? 5)
// How long after sending the configured 200 ms timeout actually failed the request.
const timeoutAfter: Array<number> = []
const WAIT_MS = 20_000

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient (global fetch / undici)", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer]
]

const measure = (how: "interrupt" | "timeout", transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const panel = yield* MockPanel.make()
      const proxy = yield* Effect.acquireRelease(
        Effect.promise(() => countingProxy(panel.url)),
        (p) => Effect.promise(() => p.close())
      )
      const client = yield* PanelClient.make({
        url: proxy.url,
        api: "client",
        credentials: panel.keys.userClient,
        timeout: "200 millis"
      })
      const closeTimes: Array<number> = []
      for (let round = 0; round < ROUNDS; round++) {
        yield* panel.control.injectFault({ path: "/api/client/account", kind: "delay", delay_ms: 600_000 })
        const before = proxy.closedAt.length
        const sentAt = Date.now()
        const fiber = yield* Effect.fork(
          Effect.either(client.send({ operation: "m", method: "GET", path: "/account" }))
        )
        yield* Effect.promise(() => eventually(() => proxy.open() === 1, 5_000))
        let gaveUp: number
        if (how === "interrupt") {
          yield* Effect.sleep("50 millis")
          gaveUp = Date.now()
          yield* Fiber.interrupt(fiber)
        } else {
          yield* Fiber.join(fiber)
          gaveUp = Date.now()
          timeoutAfter.push(gaveUp - sentAt)
        }
        const closed = yield* Effect.promise(() => eventually(() => proxy.closedAt.length > before, WAIT_MS))
        closeTimes.push(closed ? proxy.closedAt[before]! - gaveUp : Number.POSITIVE_INFINITY)
        yield* Effect.promise(() => eventually(() => proxy.open() === 0, WAIT_MS))
        yield* panel.control.clearFaults
      }
      return closeTimes
    }).pipe(Effect.provide(transport))
  )

// A server that sends the status line, headers and half a body, then never finishes: the client is
// reading the body when it gives up.
const halfBodyServer = Effect.acquireRelease(
  Effect.async<Http.Server>((resume) => {
    const server = Http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "1000" })
      res.write('{"object":"user","attributes":{')
    })
    server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
  }),
  (server) =>
    Effect.async<void>((resume) => {
      server.closeAllConnections()
      server.close(() => resume(Effect.void))
    })
)

const measureHalfBody = (how: "interrupt" | "timeout", transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const server = yield* halfBodyServer
      const { port } = server.address() as AddressInfo
      const proxy = yield* Effect.acquireRelease(
        Effect.promise(() => countingProxy(`http://127.0.0.1:${port}`)),
        (p) => Effect.promise(() => p.close())
      )
      const client = yield* PanelClient.make({
        url: proxy.url,
        api: "client",
        credentials: "ptlc_userclient1UserClientSecret0000000000000001",
        timeout: "200 millis"
      })
      const closeTimes: Array<number> = []
      for (let round = 0; round < ROUNDS; round++) {
        const before = proxy.closedAt.length
        const fiber = yield* Effect.fork(
          Effect.either(client.send({ operation: "m", method: "GET", path: "/account" }))
        )
        yield* Effect.promise(() => eventually(() => proxy.open() === 1, 5_000))
        let gaveUp: number
        if (how === "interrupt") {
          yield* Effect.sleep("50 millis")
          gaveUp = Date.now()
          yield* Fiber.interrupt(fiber)
        } else {
          yield* Fiber.join(fiber)
          gaveUp = Date.now()
        }
        const closed = yield* Effect.promise(() => eventually(() => proxy.closedAt.length > before, WAIT_MS))
        closeTimes.push(closed ? proxy.closedAt[before]! - gaveUp : Number.POSITIVE_INFINITY)
        yield* Effect.promise(() => eventually(() => proxy.open() === 0, WAIT_MS))
      }
      return closeTimes
    }).pipe(Effect.provide(transport))
  )

// A completed request: how long the transport keeps the now idle connection in its pool.
const measureIdle = (transport: Layer.Layer<HttpClient.HttpClient>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const panel = yield* MockPanel.make()
      const proxy = yield* Effect.acquireRelease(
        Effect.promise(() => countingProxy(panel.url)),
        (p) => Effect.promise(() => p.close())
      )
      const client = yield* PanelClient.make({ url: proxy.url, api: "client", credentials: panel.keys.userClient })
      const before = proxy.closedAt.length
      yield* client.send({ operation: "m", method: "GET", path: "/account" })
      const done = Date.now()
      const closed = yield* Effect.promise(() => eventually(() => proxy.closedAt.length > before, WAIT_MS))
      return closed ? proxy.closedAt[before]! - done : Number.POSITIVE_INFINITY
    }).pipe(Effect.provide(transport))
  )

const program = Effect.gen(function* () {
  console.log(`| transport | gave up by | server-side socket closed after (ms, ${ROUNDS} rounds) |`)
  console.log("| --- | --- | --- |")
  for (const [name, layer] of transports) {
    for (const how of ["interrupt", "timeout"] as const) {
      const times = yield* measure(how, layer)
      const shown = times.map((t) => (Number.isFinite(t) ? String(Math.max(0, t)) : `>${WAIT_MS}`)).join(", ")
      console.log(`| ${name} | ${how}, no response yet | ${shown} |`)
      const half = yield* measureHalfBody(how, layer)
      const shownHalf = half.map((t) => (Number.isFinite(t) ? String(Math.max(0, t)) : `>${WAIT_MS}`)).join(", ")
      console.log(`| ${name} | ${how}, during the body | ${shownHalf} |`)
    }
    const idle = yield* measureIdle(layer)
    console.log(
      `| ${name} | nothing: request completed, socket idle in the pool | ${Number.isFinite(idle) ? idle : `>${WAIT_MS}`} |`
    )
  }
})

Effect.runPromise(program).then(
  () => {
    const sorted = [...timeoutAfter].sort((a, b) => a - b)
    console.log(
      `PanelUnreachable(timeout), configured 200 ms: failed after ${sorted[0]}–${sorted.at(-1)} ms (${sorted.length} requests)`
    )
    process.exit(0)
  },
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
