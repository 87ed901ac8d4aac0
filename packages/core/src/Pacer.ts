/**
 * Spacing requests so that a bulk job stays within the panel's rate limit (§5) instead of
 * running into it.
 *
 * The panel counts each API's requests per user in a fixed window that opens with the first
 * request and lasts the configured period (one minute by default), and reports what is left of
 * it on every counted response: `X-RateLimit-Limit` and `X-RateLimit-Remaining`, with
 * `Retry-After` only on a 429 (`app/Providers/RouteServiceProvider.php::configureRateLimiting`,
 * `config/http.php`). A budget follows those reports: each response tells how many requests
 * the window still allows, less those sent since; when none are left, requests wait for the
 * window's end (estimated from the time it was first seen, or known from a 429's `Retry-After`)
 * instead of being refused. Nothing waits while the panel reports room, so an idle or lightly
 * used client pays a few arithmetic operations per request. Until the panel has answered once,
 * nobody knows the limit or what is left of the window, so the first requests go unpaced: a
 * burst larger than what is left of the panel's window can meet 429s in that first window
 * (waited out on idempotent requests).
 *
 * A budget is shared by every client of the process that names the same panel, API and owner.
 * The panel throttles by user (`$request->user()->uuid`), not by key, and a client cannot learn
 * a key's owner before its first answer (nor at all with an application key, which has no
 * "who am I" route), so a budget is named by the key's public identifier unless the client gives
 * a `budget` name: two keys of one user share one budget only when both clients name it.
 *
 * Clients in several processes share one budget through a `Limiter` (see `SharedBudget`), which
 * counts every process's requests in one store.
 *
 * Why the budget here is not `@effect/experimental`'s `RateLimiter`: that limiter counts what its
 * callers send in a window of its own and cannot be told what the panel reports, so it misses a
 * window that began before the process, other programs spending the same user's budget, and a
 * panel whose windows were reset (a mock between tests); following the panel's own headers covers
 * all three, costs no effect per request, and keeps `@effect/experimental` out of every program.
 * Where a count must be shared between processes it is the right tool, and `SharedBudget` uses it.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import { globalValue } from "effect/GlobalValue"
import * as Layer from "effect/Layer"

/**
 * What a budget's requests also go through when it is shared beyond this process: called once
 * before each request with the budget's name and the limit last reported (if any).
 *
 * @since 0.1.0
 * @category models
 */
export type Limiter = (budget: string, limit: number | undefined, window: Duration.Duration) => Effect.Effect<void>

/**
 * A ticket for one request: what `observe` needs to place its response among the others.
 *
 * @since 0.1.0
 * @category models
 */
export type Ticket = number

/**
 * One budget: what the panel reported about a window and what was sent since.
 *
 * @since 0.1.0
 * @category models
 */
export interface Budget {
  /** Waits until the budget allows one more request, then counts it. */
  readonly take: Effect.Effect<Ticket>
  /**
   * Records what a response said: its status, the quota headers, and when it arrived
   * (epoch milliseconds, from the Effect `Clock`). A 429 closes the budget until its wait is over.
   */
  readonly observe: (
    ticket: Ticket,
    status: number,
    quota: { readonly limit: number; readonly remaining: number } | undefined,
    retryAfterMillis: number | undefined,
    now: number
  ) => void
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The budget with this name, created on first use. `window` is the panel's throttle period. */
  readonly budget: (name: string, window: Duration.Duration) => Budget
}

/**
 * The pacer clients use; without one in context, clients on the live clock share `global`.
 *
 * @since 0.1.0
 * @category tags
 */
export class Pacer extends Context.Tag("@ptero-effect/core/Pacer")<Pacer, Service>() {}

/**
 * The panel's default throttle period: `http.rate_limit.client_period` and
 * `application_period` are one minute (`config/http.php`).
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_WINDOW: Duration.Duration = Duration.minutes(1)

class State {
  /** Requests the panel's current window allows still, less those sent since it said so. */
  credit = Number.POSITIVE_INFINITY
  limit: number | undefined = undefined
  /** Tickets handed out so far. */
  sent = 0
  /** The ticket whose response last set `credit`: an older response carries older news. */
  appliedTicket = -1
  /** The first ticket of the window this budget opened last: answers to older ones are stale. */
  windowFirstTicket = 0
  /** The latest the panel's current window can end (epoch ms), once known or guessed. */
  windowEndsAt: number | undefined = undefined
  /** Whether `windowEndsAt` is the guess made when this budget opened the window. */
  guessed = false
  /** After a 429, nothing is sent before this. */
  blockedUntil = 0
  constructor(readonly windowMillis: number) {}

  /** How long to wait before a request may go, or 0 when it may go now (and is counted). */
  admit(now: number): number {
    if (now < this.blockedUntil) return this.blockedUntil - now
    if (this.credit <= 0) {
      const endsAt = this.windowEndsAt ?? now
      if (now < endsAt) return endsAt - now
      // The window the panel reported on is over: this request opens the next one, which ends a
      // period after it reaches the panel; its first answer tells when that was, at the latest.
      this.credit = this.limit ?? Number.POSITIVE_INFINITY
      this.windowFirstTicket = this.sent
      this.windowEndsAt = now + this.windowMillis
      this.guessed = true
    }
    this.credit--
    return 0
  }

  observe(
    ticket: Ticket,
    status: number,
    quota: { readonly limit: number; readonly remaining: number } | undefined,
    retryAfterMillis: number | undefined,
    now: number
  ) {
    // Only the API's own throttle speaks for the budget. `POST /files/pull` has a second one
    // (`throttle:10,5`, routes/api-client.php) whose smaller limit its answers may report, and a
    // backup refused for its own throttle is a 429 with the API's quota still open
    // (app/Services/Backups/InitiateBackupService.php::handle).
    if (quota === undefined || (this.limit !== undefined && quota.limit < this.limit)) return
    if (ticket < this.windowFirstTicket) return
    if (status === 429) {
      if (quota.remaining !== 0) return
      // Whole seconds, rounded down by the panel: a 0 can come while the window still refuses.
      const until = now + Math.max(retryAfterMillis ?? this.windowMillis, 1000)
      this.limit = quota.limit
      this.blockedUntil = Math.max(this.blockedUntil, until)
      // The panel's own word on when its window ends, sharper than any estimate.
      this.windowEndsAt = until
      this.guessed = false
      this.credit = 0
      this.appliedTicket = Math.max(this.appliedTicket, ticket)
      return
    }
    this.limit = quota.limit
    // The window holding this request opened at the latest when it was answered, so it ends at
    // the latest a period later; the first answer of a window (remaining = limit − 1) dates it.
    const opened = quota.remaining === quota.limit - 1
    if (opened || this.guessed || this.windowEndsAt === undefined || now >= this.windowEndsAt) {
      this.windowEndsAt = now + this.windowMillis
      this.guessed = false
    }
    if (opened || ticket >= this.appliedTicket) {
      // Requests sent after this one may or may not be in its count: assume they are not.
      this.credit = Math.min(quota.remaining - (this.sent - ticket - 1), quota.limit)
      this.appliedTicket = ticket
    }
  }
}

/**
 * A pacer whose budgets live in this process; with a `Limiter`, every request also goes through
 * it (see `SharedBudget` for one shared between processes).
 *
 * @example
 * ```ts
 * import { Pacer } from "@ptero-effect/core"
 * import { Effect } from "effect"
 *
 * // Every client this program makes shares the budgets of this pacer, not the process's.
 * const isolated = <A, E, R>(program: Effect.Effect<A, E, R>) =>
 *   Effect.provideService(program, Pacer.Pacer, Pacer.make())
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (limiter?: Limiter): Service => {
  const states = new Map<string, State>()
  return {
    budget: (name, window) => {
      const windowMillis = Duration.toMillis(window)
      let state = states.get(name)
      if (state === undefined) {
        state = new State(windowMillis)
        states.set(name, state)
      }
      const current = state
      const local: Effect.Effect<Ticket> = Effect.clockWith((clock) => {
        const wait = current.admit(clock.unsafeCurrentTimeMillis())
        return wait === 0 ? Effect.succeed(current.sent++) : Effect.zipRight(Effect.sleep(wait), local)
      })
      return {
        take:
          limiter === undefined
            ? local
            : Effect.zipLeft(
                local,
                Effect.suspend(() => limiter(name, current.limit, window))
              ),
        observe: (ticket, status, quota, retryAfterMillis, now) =>
          current.observe(ticket, status, quota, retryAfterMillis, now)
      }
    }
  }
}

/**
 * The pacer of every client on the live clock that has none in context: one per process (a
 * client under another clock, such as `TestClock`, shares a pacer with that clock's clients only).
 *
 * @since 0.1.0
 * @category constructors
 */
export const global: Service = globalValue(Symbol.for("@ptero-effect/core/Pacer/global"), () => make())

/**
 * A pacer of its own, for clients that must not share budgets with the rest of the process.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { Pacer, PanelClient } from "@ptero-effect/core"
 * import { Layer } from "effect"
 *
 * const PanelLive = PanelClient.layerConfig({ api: "client" }).pipe(
 *   Layer.provide(Layer.merge(FetchHttpClient.layer, Pacer.layer))
 * )
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Pacer> = Layer.sync(Pacer, () => make())
