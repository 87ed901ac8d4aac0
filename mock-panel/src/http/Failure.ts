/**
 * Every error the mock panel answers, with the exact `code`, `status` and `detail` of §2.4 and
 * §7.3, and how each is rendered: JSON when the request expects JSON, otherwise the 302 or
 * HTML page of §6.1. The `documented` profile swaps in the codes some API descriptions promise
 * instead (§11).
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as Data from "effect/Data"
import { encodeCompact, encodePretty } from "../laravel/Json.js"
import type { Profile } from "../state/Store.js"

/**
 * How the panel renders the error. `generic` is the framework handler (pretty JSON),
 * `unauthenticated` is `Handler::unauthenticated` (compact, 302 without JSON), `validation` is
 * a 422 (compact, redirect back without JSON), `display` a `DisplayException` (compact,
 * redirect back without JSON).
 *
 * @since 0.1.0
 * @category models
 */
export type Style = "generic" | "unauthenticated" | "validation" | "display"

/**
 * One validation message (§7.3): `meta.source_field`, `meta.rule` and the detail.
 *
 * @since 0.1.0
 * @category models
 */
export interface ValidationEntry {
  readonly field: string
  readonly rule: string
  readonly detail: string
}

/**
 * A panel error response.
 *
 * @since 0.1.0
 * @category models
 */
export class PanelFailure extends Data.TaggedError("PanelFailure")<{
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly style: Style
  readonly headers?: Readonly<Record<string, string>>
  readonly entries?: ReadonlyArray<ValidationEntry>
}> {}

const generic = (status: number, code: string, detail: string, headers?: Record<string, string>) =>
  new PanelFailure(
    headers === undefined
      ? { status, code, detail, style: "generic" }
      : { status, code, detail, style: "generic", headers }
  )

/**
 * §2.4 rows 1–5: every credential problem looks the same.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unauthenticated = (): PanelFailure =>
  new PanelFailure({
    status: 401,
    code: "AuthenticationException",
    detail: "Unauthenticated.",
    style: "unauthenticated"
  })

/**
 * A route-model binding or `firstOrFail` miss (§7.3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const notFound = (detail = "The requested resource could not be found on the server."): PanelFailure =>
  generic(404, "NotFoundHttpException", detail)

/**
 * A server the user cannot see (§4.1): 404, never 403.
 *
 * @since 0.1.0
 * @category constructors
 */
export const serverNotVisible = (): PanelFailure => notFound("The requested resource does not exist on this server.")

/**
 * No route for the path (§7.3); `path` is the request path without its leading slash.
 *
 * @since 0.1.0
 * @category constructors
 */
export const routeNotFound = (path: string): PanelFailure => notFound(`The route ${path} could not be found.`)

/**
 * The path exists with other methods (§7.3), with its `Allow` header.
 *
 * @since 0.1.0
 * @category constructors
 */
export const methodNotAllowed = (method: string, path: string, allowed: ReadonlyArray<string>): PanelFailure =>
  generic(
    405,
    "MethodNotAllowedHttpException",
    `The ${method} method is not supported for route ${path}. Supported methods: ${allowed.join(", ")}.`,
    { Allow: allowed.join(", ") }
  )

/**
 * An authorization failure (§2.4 rows 8–12, §4.4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const accessDenied = (detail = "This action is unauthorized."): PanelFailure =>
  generic(403, "AccessDeniedHttpException", detail)

/**
 * The `HttpForbiddenException` 403s of a few client endpoints (§4.4).
 *
 * @since 0.1.0
 * @category constructors
 */
export const forbidden = (detail: string): PanelFailure => generic(403, "HttpForbiddenException", detail)

/**
 * §2.4 row 8.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ipBlocked = (ip: string): PanelFailure =>
  accessDenied(`This IP address (${ip}) does not have permission to access the API using these credentials.`)

/**
 * §2.4 rows 10 and 14.
 *
 * @since 0.1.0
 * @category constructors
 */
export const notRootAdmin = (): PanelFailure => accessDenied("This account does not have permission to access the API.")

/**
 * §2.4 row 11.
 *
 * @since 0.1.0
 * @category constructors
 */
export const applicationKeyOnClientApi = (): PanelFailure =>
  accessDenied("You are attempting to use an application API key on an endpoint that requires a client API key.")

/**
 * §2.4 row 6.
 *
 * @since 0.1.0
 * @category constructors
 */
export const malformedJson = (reason: string): PanelFailure =>
  generic(400, "BadRequestHttpException", `The JSON data passed in the request appears to be malformed: ${reason}`)

/**
 * §2.4 row 7.
 *
 * @since 0.1.0
 * @category constructors
 */
export const twoFactorRequired = (): PanelFailure =>
  generic(
    400,
    "TwoFactorAuthRequiredException",
    "Two-factor authentication is required on this account in order to access this endpoint."
  )

/**
 * §2.4 row 9 and §5, with the 429 headers.
 *
 * @since 0.1.0
 * @category constructors
 */
export const tooManyAttempts = (headers: Record<string, string>): PanelFailure =>
  generic(429, "ThrottleRequestsException", "Too Many Attempts.", headers)

/**
 * §2.4 row 15.
 *
 * @since 0.1.0
 * @category constructors
 */
export const csrfMismatch = (): PanelFailure => generic(419, "HttpException", "CSRF token mismatch.")

/**
 * A server in a state that blocks the route (§4.1).
 *
 * @since 0.1.0
 * @category constructors
 */
export const serverStateConflict = (detail: string): PanelFailure =>
  generic(409, "ServerStateConflictException", detail)

/**
 * A `DisplayException` or one of its subclasses (§7.3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const display = (detail: string, code = "DisplayException", status = 400): PanelFailure =>
  new PanelFailure({ status, code, detail, style: "display" })

/**
 * A 422 with one entry per message (§7.3).
 *
 * @since 0.1.0
 * @category constructors
 */
export const validation = (entries: ReadonlyArray<ValidationEntry>): PanelFailure =>
  new PanelFailure({
    status: 422,
    code: "ValidationException",
    detail: entries[0]?.detail ?? "The given data was invalid.",
    style: "validation",
    entries
  })

/**
 * An unknown `filter[...]` name (§7.2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidFilter = (unknown: ReadonlyArray<string>, allowed: ReadonlyArray<string>): PanelFailure =>
  generic(
    400,
    "InvalidFilterQuery",
    `Requested filter(s) \`${unknown.join(", ")}\` are not allowed. Allowed filter(s) are \`${allowed.join(", ")}\`.`
  )

/**
 * An unknown `sort` name (§7.2).
 *
 * @since 0.1.0
 * @category constructors
 */
export const invalidSort = (unknown: ReadonlyArray<string>, allowed: ReadonlyArray<string>): PanelFailure =>
  generic(
    400,
    "InvalidSortQuery",
    `Requested sort(s) \`${unknown.join(", ")}\` is not allowed. Allowed sort(s) are \`${allowed.join(", ")}\`.`
  )

/**
 * A body over the documented size limit (`ValidatePostSize`, a global middleware).
 *
 * @since 0.1.0
 * @category constructors
 */
export const postTooLarge = (): PanelFailure => generic(413, "PostTooLargeException", "The POST data is too large.")

/**
 * An arbitrary status, for fault injection.
 *
 * @since 0.1.0
 * @category constructors
 */
export const http = (status: number, code = "HttpException", detail = statusText(status)): PanelFailure =>
  generic(status, code, detail)

/**
 * A Wings failure relayed by the panel (§7.3), as
 * `app/Exceptions/Http/Connection/DaemonConnectionException.php::__construct` renders it: Wings'
 * status (one below 400 becomes 502); below 500 the detail quotes Wings' `error`, whose own final
 * period the panel's `%s.` follows with another; from 500 on the detail is the panel's generic text
 * with Wings' status, and Wings' body is not read. Wings sets `X-Request-Id` on every answer
 * (Wings `router/middleware/middleware.go::AttachRequestID`, a random `uuid.New()`), so each relay
 * quotes a fresh v4 UUID.
 *
 * @since 0.1.0
 * @category constructors
 */
export const daemonError = (wingsStatus: number, error: string): PanelFailure => {
  const requestId = Crypto.randomUUID()
  const status = wingsStatus < 400 ? 502 : wingsStatus
  const detail =
    status < 500
      ? `An error occurred on the remote host: ${error}. (request id: ${requestId})`
      : `There was an error while communicating with the machine running this server. This error has been logged, please try again. (code: ${wingsStatus}) (request_id: ${requestId})`
  // A `DisplayException` subclass, so it renders compact (and redirects back without JSON).
  return display(detail, "DaemonConnectionException", status)
}

/**
 * What the panel answers where its own code throws an exception that is not an HTTP one (a
 * `TypeError`, a PHP warning turned `ErrorException`): a 500 with that class as `code` and the
 * handler's generic detail (`app/Exceptions/Handler.php::convertExceptionToArray`). The mock
 * answers it where the panel has such a bug, named at the call.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unexpected = (code: string): PanelFailure =>
  generic(500, code, "An unexpected error was encountered while processing this request, please try again.")

/**
 * `BadRequestHttpException` with a detail.
 *
 * @since 0.1.0
 * @category constructors
 */
export const badRequest = (detail: string): PanelFailure => http(400, "BadRequestHttpException", detail)

// symfony/http-foundation v6.2.6 `Response::$statusTexts`, the error statuses (RFC 9110 names).
const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  418: "I'm a teapot",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  423: "Locked",
  424: "Failed Dependency",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  506: "Variant Also Negotiates",
  507: "Insufficient Storage",
  508: "Loop Detected",
  510: "Not Extended",
  511: "Network Authentication Required"
}

/**
 * The reason phrase the framework's error pages use.
 *
 * @since 0.1.0
 * @category formatting
 */
export const statusText = (status: number): string =>
  // symfony/error-handler `FlattenException::createFromThrowable`'s text for a status it does not know.
  STATUS_TEXT[status] ?? "Whoops, looks like something went wrong."

/**
 * The request facts rendering depends on.
 *
 * @since 0.1.0
 * @category models
 */
export interface RenderContext {
  readonly expectsJson: boolean
  readonly profile: Profile
  /** `<APP_URL>/auth/login`. */
  readonly loginUrl: string
  /** Where "redirect back" goes: the Referer, or the panel root. */
  readonly backUrl: string
}

/**
 * A response ready to write.
 *
 * @since 0.1.0
 * @category models
 */
export interface WireResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly contentType?: string
}

/**
 * The `code` the profile answers with (§11).
 *
 * @since 0.1.0
 * @category formatting
 */
export const profileCode = (failure: PanelFailure, profile: Profile): string => {
  if (profile === "documented") {
    if (failure.status === 401) return "InvalidCredentialsException"
    if (failure.status === 403) return "InsufficientPermissionsException"
  }
  return failure.code
}

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#039;" }

// `htmlspecialchars($text, ENT_QUOTES, 'UTF-8')`: Blade's `e()` and Symfony's redirect page.
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)

// The framework's own error views (`Illuminate/Foundation/Exceptions/views/<status>.blade.php`,
// laravel/framework v10.1.4; the panel has no `resources/views/errors`): title and message per
// status; the 403 view shows the exception's message. The markup here is the mock's own.
const ERROR_VIEWS: Record<number, { readonly title: string; readonly message?: (detail: string) => string }> = {
  401: { title: "Unauthorized" },
  402: { title: "Payment Required" },
  403: { title: "Forbidden", message: (detail) => detail || "Forbidden" },
  404: { title: "Not Found" },
  419: { title: "Page Expired" },
  429: { title: "Too Many Requests" },
  500: { title: "Server Error" },
  503: { title: "Service Unavailable" }
}

/**
 * The HTML page of an HTTP error for a request that does not expect JSON
 * (`Illuminate/Foundation/Exceptions/Handler.php::prepareResponse`, `::renderHttpException`):
 * the status's view when the framework has one, otherwise symfony/error-handler's
 * `HtmlErrorRenderer` page (`An Error Occurred: <status text>`).
 *
 * @since 0.1.0
 * @category rendering
 */
export const htmlPage = (status: number, detail: string): string => {
  const view = ERROR_VIEWS[status]
  if (view !== undefined) {
    const message = escapeHtml(view.message === undefined ? view.title : view.message(detail))
    return `<!DOCTYPE html>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">

        <title>${escapeHtml(view.title)}</title>
    </head>
    <body class="antialiased">
        <div class="code">${status}</div>
        <div class="message">${message}</div>
    </body>
</html>
`
  }
  const text = escapeHtml(statusText(status))
  return `<!DOCTYPE html>
<html>
<head>
    <meta charset="UTF-8" />
    <meta name="robots" content="noindex,nofollow,noarchive" />
    <title>An Error Occurred: ${text}</title>
</head>
<body>
<div class="container">
    <h1>An Error Occurred</h1>
    <h2>The server returned a "${status} ${text}".</h2>
</div>
</body>
</html>`
}

// symfony/http-foundation `RedirectResponse::setTargetUrl`'s body.
const redirect = (to: string): WireResponse => ({
  status: 302,
  headers: { Location: to },
  contentType: "text/html; charset=UTF-8",
  body: `<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <meta http-equiv="refresh" content="0;url='${escapeHtml(to)}'" />

        <title>Redirecting to ${escapeHtml(to)}</title>
    </head>
    <body>
        Redirecting to <a href="${escapeHtml(to)}">${escapeHtml(to)}</a>.
    </body>
</html>`
})

/**
 * Renders a failure for a request (§6.1, §7.3).
 *
 * @since 0.1.0
 * @category rendering
 */
export const render = (failure: PanelFailure, ctx: RenderContext): WireResponse => {
  const headers = failure.headers ?? {}
  if (!ctx.expectsJson) {
    if (failure.style === "unauthenticated") return redirect(ctx.loginUrl)
    if (failure.style === "validation" || failure.style === "display") return redirect(ctx.backUrl)
    return {
      status: failure.status,
      headers,
      contentType: "text/html; charset=UTF-8",
      body: htmlPage(failure.status, failure.detail)
    }
  }
  const code = profileCode(failure, ctx.profile)
  const status = String(failure.status)
  if (failure.style === "validation") {
    const errors = (failure.entries ?? []).map((e) => ({
      code,
      status,
      detail: e.detail,
      meta: { source_field: e.field, rule: e.rule }
    }))
    return { status: failure.status, headers, contentType: "application/json", body: encodeCompact({ errors }) }
  }
  const body = { errors: [{ code, status, detail: failure.detail }] }
  return {
    status: failure.status,
    headers,
    contentType: "application/json",
    body: failure.style === "generic" ? encodePretty(body) : encodeCompact(body)
  }
}

/**
 * Whether the request "expects JSON" (§6.1, `Illuminate/Http/Concerns/InteractsWithContentTypes.php`):
 * `wantsJson` (the first acceptable type contains `/json` or `+json`, case-insensitively) or an
 * AJAX request (`X-Requested-With: XMLHttpRequest`) that is not PJAX and accepts anything (no
 * `Accept`, or `*\/*` or `*` first).
 *
 * @since 0.1.0
 * @category negotiation
 */
export const expectsJson = (accept: string | undefined, requestedWith: string | undefined, pjax?: string): boolean => {
  const first = acceptableContentTypes(accept ?? "")[0]
  if (first !== undefined && /\/json|\+json/.test(first.toLowerCase())) return true
  // `Request::pjax()` is `X-PJAX == true`: PHP's loose comparison, so "0" and "" are false.
  const isPjax = pjax !== undefined && pjax !== "" && pjax !== "0"
  const ajax = requestedWith === "XMLHttpRequest" && !isPjax
  return ajax && (first === undefined || first === "*/*" || first === "*")
}

// PCRE's `\s` without the `u` flag: ASCII white space only (Node reads headers as latin-1, and
// JavaScript's `\s` would also take U+00A0).
const WS = "[ \\t\\n\\x0b\\f\\r]"

interface HeaderToken {
  readonly text: string
  readonly separator: string | undefined
}

// Built once per set of separators: `Accept` is read on every request (`matchAll` copies the
// pattern, so sharing it is safe).
const tokenPatterns = new Map<string, RegExp>()
const tokenPattern = (separators: string): RegExp => {
  const quoted = separators.replace(/[\\\]^-]/g, "\\$&")
  const pattern = new RegExp(
    `(?!${WS})(?:"(?:[^"\\\\]|\\\\.)*(?:"|\\\\|$)|[^"${quoted}]+)+(?<!${WS})|${WS}*([${quoted}])${WS}*`,
    "g"
  )
  tokenPatterns.set(separators, pattern)
  return pattern
}

// symfony/http-foundation `HeaderUtils::split`'s tokens: quoted strings and runs of other
// characters, or a separator with the white space around it.
const splitTokens = (header: string, separators: string): Array<HeaderToken> => {
  const pattern = tokenPatterns.get(separators) ?? tokenPattern(separators)
  // PHP's `trim` (no NUL can reach a header).
  const trimmed = header.replace(/^[ \t\n\r\v]+|[ \t\n\r\v]+$/g, "")
  return [...trimmed.matchAll(pattern)].map((m) => ({ text: m[0], separator: m[1] }))
}

// `HeaderUtils::unquote`.
const unquote = (text: string): string => text.replace(/\\(.)|"/g, "$1")

type Grouped = string | ReadonlyArray<Grouped>

// `HeaderUtils::groupParts`, as written: the first separator splits, the rest recurse; a run of
// one separator after another inside a part is kept as text; the last level keeps each group's
// first token, and a name with more than one `=` keeps the rest joined.
const groupParts = (tokens: ReadonlyArray<HeaderToken>, separators: string, first = true): Array<Grouped> => {
  const separator = separators[0]
  const rest = separators.slice(1)
  const parts: Array<Array<HeaderToken>> = []
  let i = 0
  let previousWasSeparator = false
  const keep = (token: HeaderToken) => {
    const part = parts[i]
    if (part === undefined) parts[i] = [token]
    else part.push(token)
  }
  for (const token of tokens) {
    if (!first && previousWasSeparator && token.separator === separator) {
      previousWasSeparator = true
      keep(token)
    } else if (token.separator === separator) {
      previousWasSeparator = true
      i++
    } else {
      previousWasSeparator = false
      keep(token)
    }
  }
  const present = parts.filter((p) => p !== undefined)
  if (rest !== "") return present.map((p) => groupParts(p, rest, false))
  const texts = present.map((p) => unquote(p[0]!.text))
  return !first && texts.length > 2 ? [texts[0]!, texts.slice(1).join(separator)] : texts
}

// `AcceptHeader::fromString`: each item's value and its `q` (`HeaderUtils::combine`, lower-cased
// names, `true` for a name without a value).
const acceptItems = (header: string): Array<{ readonly value: string; readonly q: string | undefined }> =>
  groupParts(splitTokens(header, ",;="), ",;=").map((item) => {
    const [head, ...parameters] = item as ReadonlyArray<ReadonlyArray<string>>
    let q: string | undefined
    for (const [name = "", value] of parameters) if (name.toLowerCase() === "q") q = value ?? "1"
    return { value: head?.[0] ?? "", q }
  })

// PHP's `(float)` of a string: its leading number, else 0.
const phpFloat = (text: string): number => {
  const m = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(text)
  return m === null ? 0 : Number(m[0])
}

/**
 * `Request::getAcceptableContentTypes()`: symfony's `AcceptHeader`, one entry per distinct value
 * (a repeated value keeps its first place and takes the later quality), ordered by quality and
 * then position. A quality of 0 is kept, as symfony keeps it.
 *
 * @since 0.1.0
 * @category negotiation
 */
export const acceptableContentTypes = (accept: string): ReadonlyArray<string> => {
  const byValue = new Map<string, { readonly quality: number; readonly index: number }>()
  acceptItems(accept).forEach((item, index) => {
    byValue.set(item.value, { quality: item.q === undefined ? 1 : phpFloat(item.q), index })
  })
  return [...byValue.entries()]
    .sort(([, a], [, b]) => (a.quality === b.quality ? a.index - b.index : b.quality - a.quality))
    .map(([value]) => value)
}
