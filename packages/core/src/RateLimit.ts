/**
 * Rate-limit awareness (§5): the quota the panel reports on every counted response, the wait
 * a 429 asks for, and an opt-in retry policy that never repeats a POST.
 *
 * @since 0.1.0
 */
import type * as Headers from "@effect/platform/Headers"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Random from "effect/Random"
import type { PanelError } from "./PanelError.js"
import { isTransient } from "./PanelError.js"

/**
 * The quota reported by `X-RateLimit-Limit` / `X-RateLimit-Remaining`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Quota {
  readonly limit: number
  readonly remaining: number
  /** When the response carrying these headers arrived (epoch milliseconds, from the Effect `Clock`). */
  readonly observedAt: number
}

const wholeNumber = (raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const trimmed = raw.trim()
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined
}

const intHeader = (headers: Headers.Headers, name: string): Option.Option<number> =>
  Option.fromNullable(wholeNumber(headers[name]))

/**
 * Reads the quota headers, if the response carries both.
 *
 * @since 0.1.0
 * @category parsing
 */
export const quotaFromHeaders = (headers: Headers.Headers, observedAt: number): Option.Option<Quota> =>
  Option.fromNullable(parseQuota(headers, observedAt))

// Read on every response: plain parsing, no Option per header.
const parseQuota = (headers: Headers.Headers, observedAt: number): Quota | undefined => {
  const limit = wholeNumber(headers["x-ratelimit-limit"])
  const remaining = wholeNumber(headers["x-ratelimit-remaining"])
  return limit === undefined || remaining === undefined ? undefined : { limit, remaining, observedAt }
}

/**
 * The limit a response reports, if any.
 *
 * @since 0.1.0
 * @category parsing
 */
export const limitFromHeaders = (headers: Headers.Headers): Option.Option<number> =>
  intHeader(headers, "x-ratelimit-limit")

/**
 * When the window resets, from `X-RateLimit-Reset` (a unix timestamp in seconds).
 *
 * @since 0.1.0
 * @category parsing
 */
export const resetAtFromHeaders = (headers: Headers.Headers): Option.Option<Date> =>
  intHeader(headers, "x-ratelimit-reset").pipe(
    Option.map((seconds) => new Date(seconds * 1000)),
    // Beyond the year 275760 a Date is invalid.
    Option.filter((date) => !Number.isNaN(date.getTime()))
  )

/**
 * How long to wait before retrying: `Retry-After` in seconds (or as an HTTP date), else the time
 * until `X-RateLimit-Reset`, never negative.
 *
 * @since 0.1.0
 * @category parsing
 */
export const retryAfterFromHeaders = (headers: Headers.Headers, now: number): Option.Option<Duration.Duration> => {
  const seconds = intHeader(headers, "retry-after")
  if (Option.isSome(seconds)) return Option.some(Duration.seconds(seconds.value))
  const raw = headers["retry-after"]
  // An HTTP date names its weekday and month; without letters, Date.parse would read "5.5" or
  // "37" as dates in 2001 or 2037.
  if (raw !== undefined && /[A-Za-z]{3}/.test(raw)) {
    const date = Date.parse(raw)
    if (!Number.isNaN(date)) return Option.some(Duration.millis(Math.max(0, date - now)))
  }
  return resetAtFromHeaders(headers).pipe(Option.map((reset) => Duration.millis(Math.max(0, reset.getTime() - now))))
}

/**
 * Remembers the last quota seen by one panel client.
 *
 * @since 0.1.0
 * @category models
 */
export interface Tracker {
  /** The quota from the most recent response that reported one. */
  readonly last: Effect.Effect<Option.Option<Quota>>
  /** Records the quota headers of a response, if present. */
  readonly observe: (headers: Headers.Headers, observedAt: number) => Effect.Effect<void>
  /** Records the quota headers of a response at once, returning them if present. */
  readonly record: (headers: Headers.Headers, observedAt: number) => Quota | undefined
}

/**
 * A tracker. Recording is a plain assignment, not an effect: it runs on every response.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeTracker = (): Tracker => {
  let last: Option.Option<Quota> = Option.none()
  const record = (headers: Headers.Headers, observedAt: number): Quota | undefined => {
    const quota = parseQuota(headers, observedAt)
    if (quota !== undefined) last = Option.some(quota)
    return quota
  }
  return {
    last: Effect.sync(() => last),
    observe: (headers, observedAt) => Effect.sync(() => void record(headers, observedAt)),
    record
  }
}

/**
 * When and how often a failed request is sent again. A client without one of its own uses
 * `defaultRetryPolicy` (429s only); `retryPolicy()` adds transient failures.
 *
 * - a 429 is retried after exactly its `Retry-After`, if `retryRateLimited`;
 * - 502, 503, 504 and transport failures are retried after a capped exponential backoff with
 *   jitter, if `retryTransient`;
 * - only GET, HEAD, PUT and DELETE are ever retried: a POST (power, create) is never sent twice.
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly maxRetries: number
  /** The first backoff delay; each further retry doubles it. */
  readonly baseDelay: Duration.Duration
  /** No backoff delay is longer than this. */
  readonly maxDelay: Duration.Duration
  /** Whether a 429 is retried after its `Retry-After`. */
  readonly retryRateLimited: boolean
  /** Whether 502, 503, 504 and transport failures are retried after a backoff. */
  readonly retryTransient: boolean
  /**
   * The longest wait a 429 may ask for and still be retried: a longer `Retry-After` (in seconds or
   * as a date) or `X-RateLimit-Reset` fails at once with the `RateLimited` that carries it, instead
   * of holding the request for as long as the server says.
   */
  readonly maxRetryAfter: Duration.Duration
}

/**
 * A policy with sensible defaults: 3 retries, 250 ms doubling to at most 10 s, 429s retried when
 * they ask for at most 60 s (the panel's windows are one minute, `config/http.php`; the
 * `throttle:10,5` of `POST /files/pull` is never retried, being a POST).
 *
 * @since 0.1.0
 * @category constructors
 */
export const retryPolicy = (options: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxRetries: options.maxRetries ?? 3,
  baseDelay: options.baseDelay ?? Duration.millis(250),
  maxDelay: options.maxDelay ?? Duration.seconds(10),
  retryRateLimited: options.retryRateLimited ?? true,
  retryTransient: options.retryTransient ?? true,
  maxRetryAfter: options.maxRetryAfter ?? Duration.seconds(60)
})

/**
 * What a client does without a policy of its own: a 429 on an idempotent request is sent again
 * after its `Retry-After` when that is at most 60 s, up to 3 times; then, or for a longer wait,
 * it fails with `RateLimited`. Nothing else is retried: a 5xx or a transport failure may mean
 * the request was carried out, which only the caller can judge (`retryPolicy()` retries them).
 *
 * @since 0.1.0
 * @category constructors
 */
export const defaultRetryPolicy: RetryPolicy = retryPolicy({ retryTransient: false })

const idempotentMethods: ReadonlySet<string> = new Set(["GET", "HEAD", "PUT", "DELETE", "OPTIONS"])

/**
 * Whether a request with this method may be sent again after a failure.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isIdempotent = (method: string): boolean => idempotentMethods.has(method.toUpperCase())

/**
 * The backoff before retry number `attempt` (0-based): half the capped exponential delay plus a
 * random share of the other half, so many clients that failed together do not return together.
 *
 * @since 0.1.0
 * @category retrying
 */
export const backoff = (policy: RetryPolicy, attempt: number): Effect.Effect<Duration.Duration> => {
  const ceiling = Math.min(Duration.toMillis(policy.maxDelay), Duration.toMillis(policy.baseDelay) * 2 ** attempt)
  return Effect.map(Random.next, (r) => Duration.millis(Math.round(ceiling / 2 + (r * ceiling) / 2)))
}

/**
 * Runs a request under a policy. `request` must re-read its credentials each time it runs, so a
 * retry after a key rotation uses the new key.
 *
 * @since 0.1.0
 * @category retrying
 */
export const withRetry =
  (policy: RetryPolicy, method: string) =>
  <A, R>(request: Effect.Effect<A, PanelError, R>): Effect.Effect<A, PanelError, R> => {
    if (!isIdempotent(method) || policy.maxRetries <= 0) return request
    const attempt = (n: number): Effect.Effect<A, PanelError, R> =>
      Effect.catchAll(request, (error) => {
        if (n >= policy.maxRetries) return Effect.fail(error)
        if (error._tag === "RateLimited") {
          return policy.retryRateLimited && Duration.lessThanOrEqualTo(error.retryAfter, policy.maxRetryAfter)
            ? Effect.zipRight(Effect.sleep(error.retryAfter), attempt(n + 1))
            : Effect.fail(error)
        }
        if (policy.retryTransient && isTransient(error)) {
          return Effect.zipRight(Effect.flatMap(backoff(policy, n), Effect.sleep), attempt(n + 1))
        }
        return Effect.fail(error)
      })
    return attempt(0)
  }
