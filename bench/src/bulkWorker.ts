// One process of the two-process bulk job: N GETs with the defaults over the recommended
// transport, its budget shared through Redis. Prints {"ready":true} once loaded, starts on a
// "go" line on stdin (so that start-up is not timed), then prints {succeeded, failures, refusedSeen}.
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import { HttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import * as SharedBudget from "@ptero-effect/core/SharedBudget"
import { LeanHttpClient } from "@ptero-effect/node"
import { Duration, Effect, Layer } from "effect"

const [url, key, id, requests, limit, windowMillis, redisUrl, prefix] = process.argv.slice(2) as Array<string>
const redis = new URL(redisUrl!)
const Pacing = SharedBudget.layer({ limit: Number(limit) }).pipe(
  Layer.provide(RateLimiterRedis.layerStore({ host: redis.hostname, port: Number(redis.port), prefix: prefix! }))
)

let refusedSeen = 0
const program = Effect.gen(function* () {
  const api = yield* ClientApi.make({
    url: url!,
    credentials: key!,
    pacer: { window: Duration.millis(Number(windowMillis)) },
    transformClient: HttpClient.tap((response) =>
      Effect.sync(() => {
        if (response.status === 429) refusedSeen++
      })
    )
  })
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`)
  yield* Effect.async<void>((resume) => {
    process.stdin.once("data", () => {
      process.stdin.destroy()
      resume(Effect.void)
    })
  })
  const outcomes = yield* Effect.forEach(
    Array.from({ length: Number(requests) }),
    () => Effect.either(api.servers.get(id!)),
    { concurrency: 64 }
  )
  const failures = outcomes.flatMap((o) => (o._tag === "Left" ? [o.left._tag] : []))
  return { succeeded: outcomes.length - failures.length, failures: failures.length, refusedSeen }
})

Effect.runPromise(program.pipe(Effect.provide(Layer.mergeAll(Pacing, LeanHttpClient.layer)))).then(
  (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
  (error) => {
    process.stderr.write(`${String(error)}\n`)
    process.exitCode = 1
  }
)
