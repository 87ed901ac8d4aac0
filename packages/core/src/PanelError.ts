/**
 * The typed failure channel: one class per kind of failure a panel request can end in.
 *
 * The HTTP status decides the class; the panel's `code` and every entry of its `{"errors":[…]}`
 * body are kept as fields. Both the real panel's codes and the codes shown in the seed document
 * (`InvalidCredentialsException`, `InsufficientPermissionsException`) decode to the same classes.
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"

/**
 * One entry of the panel's error body (spec §7.3).
 *
 * @since 0.1.0
 * @category models
 */
export class ErrorEntry extends Schema.Class<ErrorEntry>("@ptero-effect/core/ErrorEntry")({
  code: Schema.String,
  status: Schema.String,
  detail: Schema.String,
  /** The dotted request field a 422 is about (`meta.source_field`). */
  field: Schema.optional(Schema.String),
  /** The validation rule that failed (`meta.rule`), in snake_case. */
  rule: Schema.optional(Schema.String)
}) {}

const common = {
  /** The HTTP method and path of the request (never the query string or headers). */
  method: Schema.String,
  path: Schema.String
}

const withEntries = {
  ...common,
  status: Schema.Number,
  code: Schema.String,
  detail: Schema.String,
  /** Every entry of the body, in order. */
  errors: Schema.Array(ErrorEntry)
}

/**
 * 401, or the 302 to `/auth/login` a panel answers when the request did not ask for JSON.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>("@ptero-effect/core/InvalidCredentials")(
  "InvalidCredentials",
  withEntries
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * What a 403 is about, where its detail says so (spec §2.4, §4.4).
 *
 * @since 0.1.0
 * @category models
 */
export const PermissionReason = Schema.Literal(
  "ip-not-allowed",
  "not-root-admin",
  "application-key-on-client-api",
  "unauthorized",
  "other"
)

/**
 * @since 0.1.0
 * @category models
 */
export type PermissionReason = typeof PermissionReason.Type

/**
 * 403: the key is valid but may not do this.
 *
 * @since 0.1.0
 * @category errors
 */
export class InsufficientPermissions extends Schema.TaggedError<InsufficientPermissions>(
  "@ptero-effect/core/InsufficientPermissions"
)("InsufficientPermissions", { ...withEntries, reason: PermissionReason }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * 404: no such route, resource, or a server the key's user cannot see (spec §4.1).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>("@ptero-effect/core/NotFound")("NotFound", withEntries) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * 409: the server is suspended, installing, restoring, transferring or its node is in maintenance.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerStateConflict extends Schema.TaggedError<ServerStateConflict>(
  "@ptero-effect/core/ServerStateConflict"
)("ServerStateConflict", withEntries) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * One failed rule of a validation failure.
 *
 * @since 0.1.0
 * @category models
 */
export class FieldIssue extends Schema.Class<FieldIssue>("@ptero-effect/core/FieldIssue")({
  field: Schema.String,
  rule: Schema.String,
  detail: Schema.String
}) {}

/**
 * 422 from the panel, or input the library refused before sending (`source: "client"`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ValidationFailed extends Schema.TaggedError<ValidationFailed>("@ptero-effect/core/ValidationFailed")(
  "ValidationFailed",
  {
    ...common,
    source: Schema.Literal("panel", "client"),
    issues: Schema.NonEmptyArray(FieldIssue)
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const list = this.issues.map((issue) => `${issue.field}: ${issue.detail} (${issue.rule || "rule"})`).join("; ")
    return `${this.source === "client" ? "Invalid input" : "ValidationException"} for ${this.method} ${this.path}: ${list}`
  }
}

/**
 * 429: wait `retryAfter` before the next request to this API.
 *
 * @since 0.1.0
 * @category errors
 */
export class RateLimited extends Schema.TaggedError<RateLimited>("@ptero-effect/core/RateLimited")("RateLimited", {
  ...withEntries,
  retryAfter: Schema.DurationFromSelf,
  limit: Schema.OptionFromSelf(Schema.Number),
  resetAt: Schema.OptionFromSelf(Schema.DateFromSelf)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.code}: ${this.detail} Retry after ${Duration.format(this.retryAfter)} (${this.method} ${this.path})`
  }
}

/**
 * Any other 4xx the panel rejected the request with, e.g. a 400 business rule (`DisplayException`).
 *
 * @since 0.1.0
 * @category errors
 */
export class PanelRequestRejected extends Schema.TaggedError<PanelRequestRejected>(
  "@ptero-effect/core/PanelRequestRejected"
)("PanelRequestRejected", withEntries) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.status} ${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * 5xx from the panel, Wings or a proxy in front of them.
 *
 * @since 0.1.0
 * @category errors
 */
export class PanelServerError extends Schema.TaggedError<PanelServerError>("@ptero-effect/core/PanelServerError")(
  "PanelServerError",
  withEntries
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.status} ${this.code}: ${this.detail} (${this.method} ${this.path})`
  }
}

/**
 * No response: the connection failed, was dropped, or the request timed out.
 *
 * @since 0.1.0
 * @category errors
 */
export class PanelUnreachable extends Schema.TaggedError<PanelUnreachable>("@ptero-effect/core/PanelUnreachable")(
  "PanelUnreachable",
  {
    ...common,
    reason: Schema.Literal("transport", "timeout"),
    /** A short description of the cause, e.g. `ECONNREFUSED`; never a URL query or a header. */
    cause: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Panel unreachable (${this.reason}: ${this.cause}) for ${this.method} ${this.path}`
  }
}

/**
 * Why a response was not the panel's: `content` (HTML, empty, truncated, the wrong shape, status
 * or page), or `too-large` (the body went past the client's `maxResponseBytes`; reading stopped
 * there and the connection was closed).
 *
 * @since 0.1.0
 * @category models
 */
export const UnexpectedReason = Schema.Literal("content", "too-large")

/**
 * @since 0.1.0
 * @category models
 */
export type UnexpectedReason = typeof UnexpectedReason.Type

/**
 * The response was not what the panel sends: HTML, empty, truncated, of the wrong shape, or larger
 * than any answer the panel gives (`reason: "too-large"`). Sending the same request again does not
 * help.
 *
 * @since 0.1.0
 * @category errors
 */
export class UnexpectedResponse extends Schema.TaggedError<UnexpectedResponse>("@ptero-effect/core/UnexpectedResponse")(
  "UnexpectedResponse",
  {
    ...common,
    status: Schema.Number,
    /** `content` unless the body was too large; given only for `too-large`. */
    reason: Schema.optionalWith(UnexpectedReason, { default: () => "content" }),
    /** What did not match, e.g. the path of a field that failed to decode. */
    issue: Schema.String,
    /** The first characters of the body. */
    excerpt: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Unexpected response ${this.status} for ${this.method} ${this.path}: ${this.issue}`
  }
}

/**
 * Every failure a panel request can end in.
 *
 * @since 0.1.0
 * @category errors
 */
export type PanelError =
  | InvalidCredentials
  | InsufficientPermissions
  | NotFound
  | ServerStateConflict
  | ValidationFailed
  | RateLimited
  | PanelRequestRejected
  | PanelServerError
  | PanelUnreachable
  | UnexpectedResponse

/**
 * The schema of the union, for users who persist or send errors.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PanelError: Schema.Union<
  [
    typeof InvalidCredentials,
    typeof InsufficientPermissions,
    typeof NotFound,
    typeof ServerStateConflict,
    typeof ValidationFailed,
    typeof RateLimited,
    typeof PanelRequestRejected,
    typeof PanelServerError,
    typeof PanelUnreachable,
    typeof UnexpectedResponse
  ]
> = Schema.Union(
  InvalidCredentials,
  InsufficientPermissions,
  NotFound,
  ServerStateConflict,
  ValidationFailed,
  RateLimited,
  PanelRequestRejected,
  PanelServerError,
  PanelUnreachable,
  UnexpectedResponse
)

const tags: ReadonlySet<string> = new Set([
  "InvalidCredentials",
  "InsufficientPermissions",
  "NotFound",
  "ServerStateConflict",
  "ValidationFailed",
  "RateLimited",
  "PanelRequestRejected",
  "PanelServerError",
  "PanelUnreachable",
  "UnexpectedResponse"
])

/**
 * @since 0.1.0
 * @category guards
 */
export const isPanelError = (u: unknown): u is PanelError =>
  Predicate.hasProperty(u, "_tag") && typeof u._tag === "string" && tags.has(u._tag)

/**
 * A panel URL or option that cannot work, found while building a layer.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidPanelConfig extends Schema.TaggedError<InvalidPanelConfig>("@ptero-effect/core/InvalidPanelConfig")(
  "InvalidPanelConfig",
  {
    option: Schema.String,
    detail: Schema.String
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Invalid ${this.option}: ${this.detail}`
  }
}

/**
 * Whether waiting and sending the same request again can help.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTransient = (error: PanelError): boolean =>
  error._tag === "PanelUnreachable" ||
  (error._tag === "PanelServerError" && (error.status === 502 || error.status === 503 || error.status === 504))

/**
 * The `Retry-After` of a rate-limit failure, if that is what it is.
 *
 * @since 0.1.0
 * @category accessors
 */
export const retryAfter = (error: PanelError): Option.Option<Duration.Duration> =>
  error._tag === "RateLimited" ? Option.some(error.retryAfter) : Option.none()

/**
 * Failures any route can end in: bad or blocked credentials, rate limits, a 400 (a panel that
 * requires two-factor authentication answers every route but a few with one, spec §2.4 row 7,
 * and business rules raise `DisplayException`s beyond those the route tables list), server
 * errors, no response, or a response that is not the panel's.
 *
 * @since 0.1.0
 * @category errors
 */
export type Common =
  | InvalidCredentials
  | InsufficientPermissions
  | RateLimited
  | PanelRequestRejected
  | PanelServerError
  | PanelUnreachable
  | UnexpectedResponse

/**
 * Failures only some routes can end in.
 *
 * @since 0.1.0
 * @category errors
 */
export type RouteSpecific = NotFound | ServerStateConflict | ValidationFailed

/**
 * Narrows a request's error type to `Common` plus the route-specific failures the route is
 * documented to produce (spec §8). Should the panel answer with another one anyway, it arrives as
 * `UnexpectedResponse` naming the status, code and detail, so nothing is lost.
 *
 * @since 0.1.0
 * @category combinators
 */
export const narrow =
  <const Tags extends ReadonlyArray<RouteSpecific["_tag"]>>(...tags: Tags) =>
  <A, R>(
    effect: Effect.Effect<A, PanelError, R>
  ): Effect.Effect<A, Common | Extract<RouteSpecific, { readonly _tag: Tags[number] }>, R> =>
    Effect.mapError(effect, (error): Common | Extract<RouteSpecific, { readonly _tag: Tags[number] }> => {
      switch (error._tag) {
        case "NotFound":
        case "ServerStateConflict":
        case "ValidationFailed":
          if ((tags as ReadonlyArray<string>).includes(error._tag)) {
            return error as Extract<RouteSpecific, { readonly _tag: Tags[number] }>
          }
          return new UnexpectedResponse({
            method: error.method,
            path: error.path,
            status: error._tag === "ValidationFailed" ? 422 : error.status,
            issue: `${error._tag} is not documented for this route: ${error.message}`,
            excerpt: ""
          })
        default:
          return error
      }
    })
