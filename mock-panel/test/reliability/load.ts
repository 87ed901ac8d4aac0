// The load run shared by the short test (Load.test.ts) and the long script (soak.ts): N concurrent
// clients against the mock panel with rate limits (§5: by default the panel's 720 client and 240
// application requests per user per fixed 60-second window), in phases. Each phase is one window: between phases every client
// stops and the mock clock moves 61 seconds, so the limiter's arithmetic is exact:
// 429s in a bucket = attempts in that bucket − min(attempts, limit).
import { FetchHttpClient } from "@effect/platform"
import { PanelClient } from "@ptero-effect/core"
import { Effect, Either, Fiber } from "effect"
import * as MockPanel from "../../src/MockPanel.js"
import { settledHeap } from "./support.js"

export interface Options {
  readonly clients: number
  readonly phases: number
  /**
   * Real time each phase lasts at most (must stay well under 60 s), for runs bounded in time (the
   * soak). Without it a phase ends when every client has sent `maxPerClientPerPhase` requests, so
   * what happens does not depend on the machine's speed.
   */
  readonly phaseMillis?: number
  /** Requests per client per phase (at most, when `phaseMillis` is set). */
  readonly maxPerClientPerPhase: number
  /** Requests per user per minute on each API; the panel's own limits (720, 240) by default. */
  readonly limits?: Record<PanelClient.Api, number>
}

/** Who a virtual client is: a key, the API it calls and the limiter bucket that counts it. */
interface Identity {
  readonly key: MockPanel.DefaultKeyName
  readonly api: PanelClient.Api
  readonly path: string
  readonly bucket: string
}

// Several keys share a bucket: the limiter counts per user and per API, not per key (§5).
const IDENTITIES: ReadonlyArray<Identity> = [
  { key: "userClient", api: "client", path: "/account", bucket: "alice/client" },
  { key: "legacy", api: "client", path: "", bucket: "alice/client" },
  { key: "userClient", api: "client", path: "/permissions", bucket: "alice/client" },
  { key: "subuserClient", api: "client", path: "/account", bucket: "bob/client" },
  { key: "rootClient", api: "client", path: "/permissions", bucket: "admin/client" },
  { key: "rootApplication", api: "application", path: "/users", bucket: "admin/application" },
  { key: "readOnlyApplication", api: "application", path: "/locations", bucket: "admin/application" },
  { key: "rootClient", api: "application", path: "/nests", bucket: "admin/application" }
]

const PANEL_LIMITS: Record<PanelClient.Api, number> = { client: 720, application: 240 }

export interface PhaseReport {
  readonly phase: number
  readonly millis: number
  readonly requests: number
  readonly byStatus: Record<string, number>
  /** Per bucket: attempts, 429s seen, 429s the arithmetic predicts. */
  readonly buckets: Record<string, { attempts: number; limited: number; predicted: number }>
  readonly heapBytes: number
  readonly p50Millis: number
  readonly p99Millis: number
}

export interface Report {
  readonly phases: ReadonlyArray<PhaseReport>
  readonly serverErrors: number
  readonly transportErrors: number
  readonly otherErrors: ReadonlyArray<string>
  readonly rootFibersBefore: number
  readonly rootFibersAfter: number
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const rootCount = Effect.map(Fiber.roots, (roots) => roots.length)

export const run = (options: Options): Effect.Effect<Report> =>
  Effect.flatMap(rootCount, (rootFibersBefore) => runPhases(options, rootFibersBefore))

const runPhases = (options: Options, rootFibersBefore: number): Effect.Effect<Report> =>
  Effect.scoped(
    Effect.gen(function* () {
      const limits = options.limits ?? PANEL_LIMITS
      const panel = yield* Effect.orDie(
        MockPanel.make({ clientRateLimit: limits.client, applicationRateLimit: limits.application })
      )
      const clients = yield* Effect.forEach(Array.from({ length: options.clients }), (_, i) => {
        const identity = IDENTITIES[i % IDENTITIES.length]!
        return Effect.map(
          // The mock's limiter is measured as it is: no pacing ahead of it, no 429 waited out.
          Effect.orDie(
            PanelClient.make({
              url: panel.url,
              api: identity.api,
              credentials: panel.keys[identity.key],
              pacer: false,
              retry: false
            })
          ),
          (client) => ({ identity, client })
        )
      })
      const phases: Array<PhaseReport> = []
      let serverErrors = 0
      let transportErrors = 0
      const otherErrors: Array<string> = []
      for (let phase = 0; phase < options.phases; phase++) {
        const started = Date.now()
        const deadline = options.phaseMillis === undefined ? Number.POSITIVE_INFINITY : started + options.phaseMillis
        const byStatus: Record<string, number> = {}
        const attempts: Record<string, number> = {}
        const limited: Record<string, number> = {}
        const latencies: Array<number> = []
        yield* Effect.forEach(
          clients,
          ({ client, identity }) =>
            Effect.gen(function* () {
              for (let n = 0; n < options.maxPerClientPerPhase && Date.now() < deadline; n++) {
                const t0 = performance.now()
                const result = yield* Effect.either(
                  client.send({ operation: "load", method: "GET", path: identity.path })
                )
                latencies.push(performance.now() - t0)
                const status = Either.isRight(result)
                  ? result.right.status
                  : "status" in result.left
                    ? (result.left.status as number)
                    : result.left._tag
                byStatus[status] = (byStatus[status] ?? 0) + 1
                attempts[identity.bucket] = (attempts[identity.bucket] ?? 0) + 1
                if (Either.isLeft(result)) {
                  const error = result.left
                  if (error._tag === "RateLimited") limited[identity.bucket] = (limited[identity.bucket] ?? 0) + 1
                  else if (error._tag === "PanelServerError") serverErrors++
                  else if (error._tag === "PanelUnreachable") transportErrors++
                  else if (otherErrors.length < 20) otherErrors.push(`${error._tag}: ${error.message}`)
                }
              }
            }),
          { concurrency: "unbounded", discard: true }
        )
        const millis = Date.now() - started
        const buckets: PhaseReport["buckets"] = {}
        for (const [bucket, count] of Object.entries(attempts)) {
          const limit = limits[bucket.endsWith("/client") ? "client" : "application"]
          buckets[bucket] = {
            attempts: count,
            limited: limited[bucket] ?? 0,
            predicted: count - Math.min(count, limit)
          }
        }
        latencies.sort((a, b) => a - b)
        phases.push({
          phase,
          millis,
          requests: latencies.length,
          byStatus,
          buckets,
          heapBytes: settledHeap(),
          p50Millis: Math.round(percentile(latencies, 50) * 100) / 100,
          p99Millis: Math.round(percentile(latencies, 99) * 100) / 100
        })
        // The next phase is the next window of every bucket.
        yield* Effect.orDie(panel.control.advanceClock("61 seconds"))
      }
      return { phases, serverErrors, transportErrors, otherErrors }
    })
  ).pipe(
    Effect.flatMap((result) =>
      Effect.gen(function* () {
        // The panel is closed: every handler fiber must be gone too.
        let roots = yield* rootCount
        for (let i = 0; i < 100 && roots > rootFibersBefore; i++) {
          yield* Effect.sleep("10 millis")
          roots = yield* rootCount
        }
        return {
          phases: result.phases,
          serverErrors: result.serverErrors,
          transportErrors: result.transportErrors,
          otherErrors: result.otherErrors,
          rootFibersBefore,
          rootFibersAfter: roots
        }
      })
    ),
    Effect.provide(FetchHttpClient.layer)
  )
