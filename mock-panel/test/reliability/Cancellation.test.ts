// Timeouts and cancellation against the mock panel, for each transport a user may
// provide. A route that never answers (a delay fault) fails with a typed timeout; interrupting a
// request mid-flight leaves no open socket (counted on the server side by a TCP proxy) and no
// running fiber (the client's, by a tracking supervisor; the panel's handlers, by Fiber.roots).
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Cause, type Duration, Effect, Exit, Fiber, type Layer, Supervisor } from "effect"
import * as MockPanel from "../../src/MockPanel.js"
import { countingProxy, eventually } from "./support.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["NodeHttpClient.layer", NodeHttpClient.layer]
]

const ROUNDS = 3

/** The mock panel behind a connection-counting proxy, and a client of it. */
const setup = (timeout: Duration.DurationInput) =>
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
      timeout
    })
    return { panel, proxy, client }
  })

const neverAnswers = (panel: MockPanel.Service) =>
  panel.control.injectFault({ path: "/api/client/account", kind: "delay", delay_ms: 600_000 })

const liveRoots = Effect.map(Fiber.roots, (roots) => roots.length)

describe.each(transports)("timeouts and cancellation over %s", (_name, transport) => {
  it.live("a route that never answers fails with PanelUnreachable(timeout), and its socket is closed", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { panel, proxy, client } = yield* setup("150 millis")
        yield* neverAnswers(panel)
        const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/account" }))
        expect(error._tag).toBe("PanelUnreachable")
        expect(error._tag === "PanelUnreachable" && error.reason).toBe("timeout")
        expect(error.message).toContain("150ms")
        // undici may open a spare connection after the abort; it is closed like the first.
        expect(yield* Effect.promise(() => eventually(() => proxy.open() === 0))).toBe(true)
        expect(proxy.accepted()).toBeGreaterThanOrEqual(1)
      })
    ).pipe(Effect.provide(transport))
  )

  it.live(`interrupting mid-request, ${ROUNDS} times: no socket and no fiber left, on either side`, () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { panel, proxy, client } = yield* setup("60 seconds")
        const rootsBefore = yield* liveRoots
        for (let round = 0; round < ROUNDS; round++) {
          yield* neverAnswers(panel)
          const supervisor = yield* Supervisor.track
          const fiber = yield* Effect.fork(
            Effect.supervised(client.send({ operation: "t", method: "GET", path: "/account" }), supervisor)
          )
          // The panel has taken the fault: its handler is now waiting inside the request.
          expect(yield* Effect.promise(() => eventually(() => proxy.open() === 1))).toBe(true)
          while ((yield* panel.control.faults).length > 0) yield* Effect.sleep("5 millis")
          expect(yield* liveRoots).toBeGreaterThan(rootsBefore)

          const exit = yield* Fiber.interrupt(fiber)
          expect(Exit.isFailure(exit) && Cause.isInterruptedOnly(exit.cause)).toBe(true)
          expect(yield* supervisor.value).toEqual([])
          expect(yield* Effect.promise(() => eventually(() => proxy.open() === 0))).toBe(true)
          // The panel noticed the closed connection and interrupted its handler.
          let roots = yield* liveRoots
          for (let i = 0; i < 200 && roots > rootsBefore; i++) {
            yield* Effect.sleep("10 millis")
            roots = yield* liveRoots
          }
          expect(roots).toBe(rootsBefore)
        }
        expect(proxy.accepted()).toBeGreaterThanOrEqual(ROUNDS)
        // Nothing reached the panel's journal: no handler finished.
        expect(yield* panel.control.journal).toEqual([])
      })
    ).pipe(Effect.provide(transport))
  )
})
