// The client's response size limit over real sockets, for each transport a user may provide: a
// body that goes on far past the limit ends in UnexpectedResponse (too-large), the connection is
// closed, and the server could hand the socket only a bounded number of bytes. Before the limit,
// NodeHttpClient.layer died with "Invalid string length" and the fetch-based transports buffered
// gigabytes. Figures: mock-panel/test/reliability/hostile-measure.ts (RELIABILITY.md).
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Effect, type Layer } from "effect"
import { type FloodOptions, flood } from "./hostile.js"
import { eventually } from "./support.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer", NodeHttpClient.layer]
]

const KEY = `ptlc_AbCdEfGhIjK${"s".repeat(32)}`
const LIMIT = 1024 * 1024
// What the two kernels' socket buffers and the transports' own buffers may hold beyond what the
// client read: loopback buffers grow to a few MiB each.
const SLACK = 24 * 1024 * 1024
// Far more than the limit and the slack together: a client that reads it all fails the bound.
const TOTAL = 192 * 1024 * 1024

const against = (options: FloodOptions) =>
  Effect.gen(function* () {
    const server = yield* Effect.acquireRelease(
      Effect.promise(() => flood(options)),
      (s) => Effect.promise(() => s.close())
    )
    const client = yield* PanelClient.make({
      url: server.url,
      api: "client",
      credentials: KEY,
      maxResponseBytes: LIMIT
    })
    const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/servers" }))
    return { server, error }
  })

describe.each(transports)("a body far past maxResponseBytes over %s", (_name, transport) => {
  it.live("chunked: too-large after a bounded number of bytes, and the connection is closed", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { error, server } = yield* against({ total: TOTAL })
        expect(error._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
        expect(yield* Effect.promise(() => eventually(() => server.cut() === 1))).toBe(true)
        expect(server.written()).toBeGreaterThan(LIMIT)
        expect(server.written()).toBeLessThan(LIMIT + SLACK)
      })
    ).pipe(Effect.provide(transport))
  )

  it.live("a declared length of 10 GiB is not believed: too-large at the limit, not an allocation", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { error, server } = yield* against({ total: TOTAL, declare: 10 * 1024 ** 3, status: 500 })
        expect(error._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
        expect(error._tag === "UnexpectedResponse" && error.status).toBe(500)
        expect(server.written()).toBeLessThan(LIMIT + SLACK)
      })
    ).pipe(Effect.provide(transport))
  )
})

describe("a compressed body", () => {
  it.live("FetchHttpClient inflates gzip: 64 MiB from 64 KiB on the wire is too-large at the limit", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { error, server } = yield* against({ total: 64 * 1024 * 1024, gzip: true })
        expect(server.written()).toBeLessThan(LIMIT)
        expect(error._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
      })
    ).pipe(Effect.provide(FetchHttpClient.layer))
  )
})
