import type * as Headers from "@effect/platform/Headers"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Duration from "effect/Duration"
import * as ApiKey from "../ApiKey.js"
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

/** Removes the known secrets only (a long word such as an exception class name stays). */
export const scrubKnown = (text: string, secrets: ReadonlyArray<string>): string => {
  let out = text
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("<redacted>")
  }
  return out
}

const isBase64UrlCode = (code: number): boolean => ApiKey.isWordCharacter(code) || code === 45

// A JWT (Wings' console and signed-URL tokens): three base64url parts joined by dots, the first an
// encoded `{"` ("eyJ"). Its `-` characters split it into runs too short for `redactSecretShaped`.
const scrubJwts = (text: string): string => {
  let out = ""
  let kept = 0
  let from = text.indexOf("eyJ")
  while (from !== -1) {
    let i = from
    let dots = 0
    while (i < text.length) {
      const code = text.charCodeAt(i)
      if (code === 46 && dots < 2) dots++
      else if (!isBase64UrlCode(code)) break
      i++
    }
    if (dots === 2) {
      out += `${text.slice(kept, from)}<redacted>`
      kept = i
    }
    from = text.indexOf("eyJ", Math.max(i, from + 3))
  }
  return kept === 0 ? text : out + text.slice(kept)
}

/**
 * Removes known secrets and anything shaped like one: a body may carry a secret we do not know yet
 * (a key creation response), so any run of 32 word characters goes too, and any JWT.
 */
export const scrub = (text: string, secrets: ReadonlyArray<string>): string =>
  ApiKey.redactSecretShaped(scrubJwts(scrubKnown(text, secrets)))

// How much of a text is looked at for a one-line excerpt: cutting first keeps the work bounded
// whatever the peer sent.
const WINDOW = 4096

/**
 * The start of `text`, at most `WINDOW` characters, for scrubbing. A secret that straddles the cut
 * would survive it in part, so the cut also drops the characters a secret could span and the run
 * of word characters it ends in.
 */
const window = (text: string, secrets: ReadonlyArray<string>): string => {
  if (text.length <= WINDOW) return text
  const longest = secrets.reduce((max, secret) => Math.max(max, secret.length), ApiKey.SECRET_LENGTH)
  let end = WINDOW - longest
  while (end > 0 && ApiKey.isWordCharacter(text.charCodeAt(end - 1))) end--
  return text.slice(0, end)
}

/** A short, single-line start of a text with any secret cut out; cut before it is scrubbed. */
export const excerpt = (body: string, secrets: ReadonlyArray<string>, length = EXCERPT_LENGTH): string => {
  const cut = window(body, secrets)
  const text = scrub(cut, secrets).replace(/\s+/g, " ").trim()
  return text.length > length || cut.length < body.length ? `${text.slice(0, length)}…` : text
}

const ISSUE_LENGTH = 300

/** The first line of a decoder's message, cut to a bounded length before it is scrubbed. */
export const issueLine = (message: string, secrets: ReadonlyArray<string>): string => {
  const newline = message.indexOf("\n")
  return excerpt(newline === -1 ? message : message.slice(0, newline), secrets, ISSUE_LENGTH)
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
          : `not a panel error body: ${issueLine(ParseResult.TreeFormatter.formatErrorSync(parsed.left), context.secrets)}`,
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
