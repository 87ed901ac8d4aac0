/**
 * One rate-limit budget for many processes: workers on several machines or in several processes
 * that use one user's keys share the panel's budget (§5), so each must count the others'
 * requests too. This pacer counts every request in a store that all of them reach, with
 * `@effect/experimental`'s `RateLimiter`: a fixed window that opens with the first request and
 * lets the limit through, the later requests waiting for the next window, as the panel's own
 * throttle does (`app/Providers/RouteServiceProvider.php::configureRateLimiting`).
 *
 * Its own entry point, `@ptero-effect/core/SharedBudget`, so that `@effect/experimental` (an
 * optional peer dependency) is needed only by programs that use it. The store is any
 * `RateLimiterStore`: `RateLimiter.layerStoreMemory` within one process, or Redis
 * (`@effect/experimental/RateLimiter/Redis`, with `ioredis`) across processes:
 *
 * ```ts
 * import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
 * import * as SharedBudget from "@ptero-effect/core/SharedBudget"
 *
 * const Pacing = SharedBudget.layer({ limit: 720 }).pipe(
 *   Layer.provide(RateLimiterRedis.layerStore({ host: "127.0.0.1", port: 6379 }))
 * )
 * ```
 *
 * Each process still follows what the panel answers (see `Pacer`): a 429 holds its requests
 * until the panel's window is over.
 *
 * @since 0.1.0
 */
import * as RateLimiter from "@effect/experimental/RateLimiter"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Pacer from "./Pacer.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The panel's limit per window until a response reports it: `http.rate_limit.client` (720)
   * or `http.rate_limit.application` (240) in `config/http.php` unless the panel changed them.
   * A budget whose reported limit differs starts a new count under that limit.
   */
  readonly limit: number
  /**
   * Added to each window, so that the shared window never ends before the panel's, which opens
   * when the first request reaches it. Default 250 ms: more than a request takes to arrive. The
   * window is then rounded up to a whole number of milliseconds per request (the Redis store
   * keeps time in whole milliseconds): 60.48 s for 720 or 240 a minute.
   */
  readonly margin?: Duration.DurationInput | undefined
}

/**
 * A pacer whose budgets are also counted in the `RateLimiterStore`. A store that cannot be
 * reached does not stop requests: they go on as if unshared, and the failure is logged.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Pacer.Service, never, RateLimiter.RateLimiterStore> =>
  Effect.map(RateLimiter.make, (limiter) => {
    const margin = Duration.toMillis(Duration.decode(options.margin ?? Duration.millis(250)))
    return Pacer.make((budget, reported, window) => {
      const limit = reported ?? options.limit
      return limiter
        .consume({
          key: `${budget} ${limit}`,
          limit,
          window: Duration.millis(Math.ceil((Duration.toMillis(window) + margin) / limit) * limit),
          algorithm: "fixed-window",
          onExceeded: "delay"
        })
        .pipe(
          Effect.flatMap(({ delay }) => (Duration.isZero(delay) ? Effect.void : Effect.sleep(delay))),
          Effect.catchAll((error) =>
            Effect.logWarning("the shared rate-limit budget could not be reached; sending unshared", error.message)
          )
        )
    })
  })

/**
 * The shared pacer as a layer; every client built under it takes part.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Pacer.Pacer, never, RateLimiter.RateLimiterStore> =>
  Layer.effect(Pacer.Pacer, make(options))
