/**
 * Wings 1.12's per-connection limits on what a client sends (`router/websocket/limiter.go`,
 * §12.9): `auth` and `send logs` twice every five seconds (each its own bucket), `send command`
 * one a second with bursts of ten, everything else one a second with bursts of four on a shared
 * bucket. A frame over its limit is dropped; the first drop of an event in a throttling period
 * is answered with `throttled` and the event's name, later ones with nothing, until a frame of
 * that event passes again.
 *
 * The buckets follow Go's `rate.Limiter.Allow` on the mock clock: full at first, one token back
 * every interval, up to the burst.
 *
 * @since 0.1.0
 */
import { Inbound } from "./Protocol.js"

interface Rate {
  /** Milliseconds per token (`rate.Every`). */
  readonly every: number
  readonly burst: number
}

/**
 * `limitValuesFor`.
 *
 * @since 0.1.0
 * @category limits
 */
export const rateOf = (event: string): Rate => {
  if (event === Inbound.auth || event === Inbound.sendLogs) return { every: 5_000, burst: 2 }
  if (event === Inbound.sendCommand) return { every: 1_000, burst: 10 }
  return { every: 1_000, burst: 4 }
}

/**
 * `limiterName`: which bucket an event draws from.
 *
 * @since 0.1.0
 * @category limits
 */
export const bucketOf = (event: string): string =>
  event === Inbound.auth || event === Inbound.sendLogs || event === Inbound.sendCommand ? event : "_default"

interface Bucket {
  tokens: number
  at: number
}

/**
 * One connection's limiter (`LimiterBucket`).
 *
 * @since 0.1.0
 * @category limits
 */
export class Limiter {
  private readonly buckets = new Map<string, Bucket>()
  private readonly throttles = new Map<string, boolean>()

  /**
   * `IsThrottled`: whether a frame of `event` at `now` is dropped, and whether to tell the client
   * (`notify`) with a `throttled` frame.
   */
  check(event: string, now: number): { readonly throttled: boolean; readonly notify: boolean } {
    const name = bucketOf(event)
    // The bucket is created with the values of the first event that uses it, as in `For`.
    const rate = rateOf(event)
    const bucket = this.buckets.get(name) ?? { tokens: rate.burst, at: now }
    bucket.tokens = Math.min(rate.burst, bucket.tokens + Math.max(0, now - bucket.at) / rate.every)
    bucket.at = Math.max(bucket.at, now)
    this.buckets.set(name, bucket)
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1
      this.throttles.set(event, false)
      return { throttled: false, notify: false }
    }
    const notify = this.throttles.get(event) !== true
    this.throttles.set(event, true)
    return { throttled: true, notify }
  }
}
