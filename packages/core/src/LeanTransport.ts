/**
 * What a transport can promise the panel client so that it drops its generic guards.
 *
 * Around any `HttpClient`, the panel client sets `redirect: "manual"` for fetch, turns the
 * platform's tracing span off, and runs each request's timeout in a second fiber; each costs a
 * context copy or a fork on every request. A transport marked lean (`@ptero-effect/node`'s
 * clients) never follows redirects and opens no span, and ends a request itself when the
 * deadline the panel client attached to it passes, failing with `DeadlineExceeded`. Any other
 * transport is guarded as before.
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { globalValue } from "effect/GlobalValue"

/**
 * The mark of a lean transport.
 *
 * @since 0.1.0
 * @category symbols
 */
export const TypeId: unique symbol = Symbol.for("@ptero-effect/core/LeanTransport")

/**
 * Marks a client as lean: it follows no redirect, opens no span, and honours `deadlineOf`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const mark = <C extends HttpClient.HttpClient>(client: C): C =>
  Object.assign(client, { [TypeId]: true as const })

/**
 * Whether a client was marked lean (a client derived from it by a combinator is not).
 *
 * @since 0.1.0
 * @category predicates
 */
export const isLean = (client: HttpClient.HttpClient): boolean =>
  (client as unknown as Record<symbol, unknown>)[TypeId] === true

// Shared through the global registry so that every copy of this module in a process agrees.
const deadlines = globalValue(
  Symbol.for("@ptero-effect/core/LeanTransport/deadlines"),
  () => new WeakMap<HttpClientRequest.HttpClientRequest, number>()
)

/**
 * Asks a lean transport to end `request` when `millis` pass before its body is read.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const setDeadline = (request: HttpClientRequest.HttpClientRequest, millis: number): void => {
  deadlines.set(request, millis)
}

/**
 * The time a request may take, if the panel client set one.
 *
 * @since 0.1.0
 * @category deadlines
 */
export const deadlineOf = (request: HttpClientRequest.HttpClientRequest): number | undefined => deadlines.get(request)

/**
 * The cause a lean transport fails with when a request's deadline passed.
 *
 * @since 0.1.0
 * @category errors
 */
export class DeadlineExceeded extends Error {
  /**
   * @since 0.1.0
   */
  readonly _tag = "DeadlineExceeded"
  constructor(readonly millis: number) {
    super(`no complete response within ${millis} ms`)
  }
}

/**
 * Whether a transport failure's cause is a passed deadline.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isDeadlineExceeded = (u: unknown): u is DeadlineExceeded =>
  typeof u === "object" && u !== null && (u as { _tag?: unknown })._tag === "DeadlineExceeded"
