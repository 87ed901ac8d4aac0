import type * as Headers from "@effect/platform/Headers"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Duration from "effect/Duration"
import * as Envelope from "../Envelope.js"
import * as PanelError from "../PanelError.js"
import * as RateLimit from "../RateLimit.js"

/** Where a failure happened, and the values that must never appear in it. */
export interface Context {
  readonly method: string
  readonly path: string
  readonly now: number
  readonly secrets: ReadonlyArray<string>
}

const EXCERPT_LENGTH = 200

// Panel secrets are 32 characters of [A-Za-z0-9]; a body may carry one we do not know yet (a key
// creation response), so any run that long is cut out as well as the secrets we do know.
const secretShaped = /[A-Za-z0-9_]{32,}/g

/** Removes the known secrets only (a long word such as an exception class name stays). */
export const scrubKnown = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("<redacted>")
  }
  return out
}

// A JWT (Wings' console and signed-URL tokens): three base64url parts, the first an encoded `{"`.
// Its `-` characters would split it into runs too short for `secretShaped`.
const jwtShaped = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g

/** Removes known secrets and anything shaped like one. */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  scrubKnown(text, secrets).replace(jwtShaped, "<redacted>").replace(secretShaped, "<redacted>")

/** A short, single-line start of a body with any secret cut out. */
export const excerpt = (body: string, secrets: ReadonlyArray<string>): string => {
  const text = scrub(body, secrets).replace(/\s+/g, " ").trim()
  return text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text
}

const decodeErrorBody = Schema.decodeUnknownEither(Schema.parseJson(Envelope.ErrorBody))

const reasonOf = (detail: string): PanelError.PermissionReason => {
  if (detail.startsWith("This IP address (")) return "ip-not-allowed"
  if (detail === "This account does not have permission to access the API.") return "not-root-admin"
  if (detail.startsWith("You are attempting to use an application API key")) return "application-key-on-client-api"
  if (detail === "This action is unauthorized.") return "unauthorized"
  return "other"
}

const isLoginRedirect = (headers: Headers.Headers): boolean => {
  const location = headers.location
  if (location === undefined) return false
  try {
    return new URL(location, "http://panel.invalid").pathname.replace(/\/+$/, "").endsWith("/auth/login")
  } catch {
    return false
  }
}

/** Turns a non-2xx response into the typed error its status calls for (DESIGN.md failure table). */
export const fromResponse = (
  status: number,
  headers: Headers.Headers,
  body: string,
  context: Context
): PanelError.PanelError => {
  const where = { method: context.method, path: context.path }
  if (status >= 300 && status < 400) {
    if (isLoginRedirect(headers)) {
      return new PanelError.InvalidCredentials({
        ...where,
        status,
        code: "AuthenticationException",
        detail: "The panel redirected to its login page: the credentials were not accepted.",
        errors: []
      })
    }
    return new PanelError.UnexpectedResponse({
      ...where,
      status,
      issue: "unexpected redirect",
      excerpt: excerpt(headers.location ?? body, context.secrets)
    })
  }

  const parsed = decodeErrorBody(body)
  if (Either.isLeft(parsed)) {
    if (status === 429) return rateLimited(status, headers, context, "", "Too Many Requests", [])
    if (status >= 500) {
      return new PanelError.PanelServerError({
        ...where,
        status,
        code: "",
        detail: body.trim() === "" ? `HTTP ${status} with an empty body` : excerpt(body, context.secrets),
        errors: []
      })
    }
    return new PanelError.UnexpectedResponse({
      ...where,
      status,
      issue:
        body.trim() === ""
          ? "empty body where an error body was expected"
          : `not a panel error body: ${scrub(ParseResult.TreeFormatter.formatErrorSync(parsed.left).split("\n")[0] ?? "", context.secrets)}`,
      excerpt: excerpt(body, context.secrets)
    })
  }

  // The panel quotes input in some details (a key pasted into allowed_ips), and a proxy may echo
  // the Authorization header: the key sent is cut out. Class names such as
  // `InsufficientPermissionsException` are secret-shaped, so only known secrets are removed here.
  const errors = parsed.right.errors.map(
    (entry) =>
      new PanelError.ErrorEntry({
        code: scrubKnown(entry.code, context.secrets),
        status: String(entry.status),
        detail: scrubKnown(entry.detail, context.secrets),
        ...(entry.meta?.source_field !== undefined ? { field: entry.meta.source_field } : {}),
        ...(entry.meta?.rule !== undefined ? { rule: entry.meta.rule } : {})
      })
  )
  const first = errors[0]!
  const fields = { ...where, status, code: first.code, detail: first.detail, errors }
  switch (status) {
    case 401:
      return new PanelError.InvalidCredentials(fields)
    case 403:
      return new PanelError.InsufficientPermissions({ ...fields, reason: reasonOf(first.detail) })
    case 404:
      return new PanelError.NotFound(fields)
    case 409:
      return new PanelError.ServerStateConflict(fields)
    case 422:
      return new PanelError.ValidationFailed({
        ...where,
        source: "panel",
        issues: [
          new PanelError.FieldIssue({ field: first.field ?? "", rule: first.rule ?? "", detail: first.detail }),
          ...errors
            .slice(1)
            .map(
              (entry) =>
                new PanelError.FieldIssue({ field: entry.field ?? "", rule: entry.rule ?? "", detail: entry.detail })
            )
        ]
      })
    case 429:
      return rateLimited(status, headers, context, first.code, first.detail, errors)
  }
  if (status >= 500) return new PanelError.PanelServerError(fields)
  if (status >= 400) return new PanelError.PanelRequestRejected(fields)
  return new PanelError.UnexpectedResponse({
    ...where,
    status,
    issue: `unexpected status ${status}`,
    excerpt: excerpt(body, context.secrets)
  })
}

// A 429 without Retry-After or X-RateLimit-Reset still has to say how long to wait: one window.
const DEFAULT_WAIT = Duration.seconds(60)

const rateLimited = (
  status: number,
  headers: Headers.Headers,
  context: Context,
  code: string,
  detail: string,
  errors: ReadonlyArray<PanelError.ErrorEntry>
): PanelError.RateLimited =>
  new PanelError.RateLimited({
    method: context.method,
    path: context.path,
    status,
    code,
    detail,
    errors,
    retryAfter: Option.getOrElse(RateLimit.retryAfterFromHeaders(headers, context.now), () => DEFAULT_WAIT),
    limit: RateLimit.limitFromHeaders(headers),
    resetAt: RateLimit.resetAtFromHeaders(headers)
  })

/** A short description of why a request got no response: error codes and the innermost message. */
export const describeCause = (cause: unknown): string => {
  const parts: Array<string> = []
  let current: unknown = cause
  for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
    const record = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (typeof record.code === "string" && !parts.includes(record.code)) parts.push(record.code)
    else if (
      typeof record.message === "string" &&
      record.message !== "" &&
      parts.length === 0 &&
      record.cause === undefined
    ) {
      parts.push(record.message)
    }
    current = record.cause
  }
  // A URL in a message may carry a query string (signed URLs do): keep only what precedes it.
  const text = parts.join(" ").replace(/\?\S*/g, "")
  return text === "" ? "no response" : text.slice(0, 160)
}
