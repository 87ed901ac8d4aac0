/**
 * The API throttles of §5: fixed windows that start at the first counted request and last the
 * period, one bucket per user and per API. Time is the store's mock clock, so tests move it
 * instead of waiting.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Ref from "effect/Ref"
import { Store } from "../state/Store.js"

/**
 * The outcome of counting one request.
 *
 * @since 0.1.0
 * @category models
 */
export type Decision =
  | { readonly _tag: "Allowed"; readonly headers: Record<string, string> }
  | { readonly _tag: "Limited"; readonly headers: Record<string, string> }

interface Window {
  readonly hits: number
  /** Unix seconds at which the window ends. */
  readonly resetAt: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Counts a request against `bucket` unless it is already over `limit` (a 429 is not counted). */
  readonly attempt: (bucket: string, limit: number, periodSeconds?: number) => Effect.Effect<Decision>
  readonly reset: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class RateLimiter extends Context.Tag("@ptero-effect/mock-panel/RateLimiter")<RateLimiter, Service>() {}

/**
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, Store> = Effect.gen(function* () {
  const store = yield* Store
  const windows = yield* Ref.make(new Map<string, Window>())
  const attempt = (bucket: string, limit: number, periodSeconds = 60) =>
    Effect.flatMap(store.now, (millis) =>
      Ref.modify(windows, (map): [Decision, Map<string, Window>] => {
        // The framework works in whole seconds (cache timers are unix timestamps).
        const now = Math.floor(millis / 1000)
        const next = new Map(map)
        let current = next.get(bucket)
        if (current !== undefined && now >= current.resetAt) {
          next.delete(bucket)
          current = undefined
        }
        if (current !== undefined && current.hits >= limit) {
          const retryAfter = current.resetAt - now
          return [
            {
              _tag: "Limited",
              headers: {
                "X-RateLimit-Limit": String(limit),
                "X-RateLimit-Remaining": "0",
                "Retry-After": String(retryAfter),
                "X-RateLimit-Reset": String(now + retryAfter)
              }
            },
            next
          ]
        }
        const window: Window = { hits: (current?.hits ?? 0) + 1, resetAt: current?.resetAt ?? now + periodSeconds }
        next.set(bucket, window)
        return [
          {
            _tag: "Allowed",
            headers: {
              "X-RateLimit-Limit": String(limit),
              "X-RateLimit-Remaining": String(Math.max(0, limit - window.hits))
            }
          },
          next
        ]
      })
    )
  return { attempt, reset: Ref.set(windows, new Map()) }
})

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<RateLimiter, never, Store> = Layer.effect(RateLimiter, make)
