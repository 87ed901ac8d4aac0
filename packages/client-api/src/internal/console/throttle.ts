/**
 * Client-side pacing of what the console sends, with Wings 1.12's per-connection limits
 * (`router/websocket/limiter.go::limitValuesFor`, §12.9): a frame over its limit is dropped
 * by Wings with a `throttled` event, so the console waits instead of sending it. Wings 1.11 has
 * no limiter; pacing to its successor's limits costs nothing there.
 *
 * A token bucket per limiter, like Go's `rate.Limiter`: it starts full, refills one token every
 * `every` milliseconds up to `burst`, and a reservation may take the balance below zero, the
 * wait being the time until it is back at zero.
 */

/** One limiter's rate. */
export interface Limit {
  /** Milliseconds per token. */
  readonly every: number
  readonly burst: number
}

/** Which bucket an event draws from and that bucket's rate. */
export const limitFor = (event: string): { readonly name: string; readonly limit: Limit } => {
  // `auth` and `send logs`: twice every five seconds, each on its own bucket.
  if (event === "auth" || event === "send logs") return { name: event, limit: { every: 5_000, burst: 2 } }
  // `send command`: one a second, bursts of ten.
  if (event === "send command") return { name: event, limit: { every: 1_000, burst: 10 } }
  // Everything else (`set state`, `send stats`) shares one bucket: one a second, bursts of four.
  return { name: "_default", limit: { every: 1_000, burst: 4 } }
}

interface Bucket {
  readonly tokens: number
  readonly at: number
}

/** The buckets of one connection (Wings keeps them per connection, so a new socket starts full). */
export class Buckets {
  private readonly buckets = new Map<string, Bucket>()

  /** Takes a token for `event` at `now` and returns how many milliseconds to wait before sending. */
  reserve(event: string, now: number): number {
    const { limit, name } = limitFor(event)
    const previous = this.buckets.get(name) ?? { tokens: limit.burst, at: now }
    const refilled = Math.min(limit.burst, previous.tokens + Math.max(0, now - previous.at) / limit.every)
    const tokens = refilled - 1
    this.buckets.set(name, { tokens, at: Math.max(now, previous.at) })
    return tokens >= 0 ? 0 : Math.ceil(-tokens * limit.every)
  }
}
