/**
 * The HTTP application: one catch-all handler that does its own routing. The panel's 404 and
 * 405 texts, the HEAD-on-GET rule, the global middleware that runs before routing (body size)
 * and the exact middleware order after it are easier to reproduce by hand than through a
 * router whose own 404/405 and middleware order differ from Laravel's.
 *
 * @since 0.1.0
 */
import * as NodeRequest from "@effect/platform-node/NodeHttpServerRequest"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Kernel from "./Kernel.js"
import * as Background from "../wings/Background.js"
import * as SignedUrls from "../wings/SignedUrls.js"
import { Daemon } from "../wings/websocket/Daemon.js"
import * as Control from "../Control.js"
import * as Cors from "./Cors.js"
import * as Failure from "./Failure.js"
import * as MethodOverride from "./MethodOverride.js"
import { normalizePeer } from "./IpAccess.js"
import { encodeCompact } from "../laravel/Json.js"
import { normalizeInput, type InputObject, trimsStrings } from "../laravel/Input.js"
import { parseQuery, rawUrlDecode } from "../laravel/QueryString.js"
import type { RateLimiter } from "./RateLimiter.js"
import * as Route from "./Route.js"
import * as Routes from "./Routes.js"
import { iso, Store } from "../state/Store.js"

const CONSOLE_SOCKET = /^\/api\/servers\/([^/]+)\/ws\/?$/

const routeTable = Route.table(Routes.all)

type Body =
  | { readonly _tag: "Body"; readonly bytes: Uint8Array }
  | { readonly _tag: "TooLarge" }
  | { readonly _tag: "Aborted" }

const EMPTY_BODY: Body = { _tag: "Body", bytes: new Uint8Array() }

// A 413 ends the connection: the rest of the body is not read (draining it would let a client
// keep the mock reading gigabytes), so the connection cannot carry another request. Node closes
// it once the response is out.
const TOO_LARGE_CLOSE = { Connection: "close" }

// Reads the body with a cap, from the Node stream, so an oversized or chunked body never sits in
// memory beyond the limit.
const readBody = (request: HttpServerRequest.HttpServerRequest, limit: number): Effect.Effect<Body> => {
  const incoming = NodeRequest.toIncomingMessage(request)
  const length = incoming.headers["content-length"]
  // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112 §6.3), so most
  // GETs need not wait for the stream's end event; Node drains the empty stream itself.
  if ((length === undefined || length === "0") && incoming.headers["transfer-encoding"] === undefined) {
    return Effect.succeed(EMPTY_BODY)
  }
  return Effect.async<Body>((resume) => {
    const declared = Number(length ?? "0")
    if (Number.isFinite(declared) && declared > limit) {
      // Not a byte of it is read: the 413 goes out with `Connection: close` (TOO_LARGE_CLOSE).
      incoming.pause()
      return resume(Effect.succeed({ _tag: "TooLarge" }))
    }
    const chunks: Array<Buffer> = []
    let size = 0
    let done = false
    const finish = (body: Body) => {
      if (done) return
      done = true
      resume(Effect.succeed(body))
    }
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        incoming.removeAllListeners("data")
        incoming.pause()
        finish({ _tag: "TooLarge" })
      } else {
        chunks.push(chunk)
      }
    })
    incoming.on("end", () => finish({ _tag: "Body", bytes: Buffer.concat(chunks) }))
    // A client that went away mid-body sent a truncated request: it must not be handled as whole.
    incoming.on("error", () => finish({ _tag: "Aborted" }))
    incoming.on("close", () => finish({ _tag: "Aborted" }))
    if (incoming.readableEnded) finish({ _tag: "Body", bytes: new Uint8Array() })
    // Destroyed before we listened: no event will ever come.
    else if (incoming.destroyed) finish({ _tag: "Aborted" })
  })
}

// `headOnly`: symfony's Response::prepare empties the body of an answer to HEAD and keeps its
// headers; Node does so itself for a request that was HEAD on the wire, not for an overridden one.
const toResponse = (wire: Failure.WireResponse, extra: Record<string, string> = {}, headOnly = false) => {
  const headers = { "Cache-Control": "no-cache, private", ...wire.headers, ...extra }
  if (wire.status === 204 || wire.body === "") return HttpServerResponse.empty({ status: wire.status, headers })
  if (headOnly) {
    return HttpServerResponse.empty({
      status: wire.status,
      headers: { ...headers, "Content-Type": wire.contentType ?? "application/json" }
    })
  }
  return HttpServerResponse.text(wire.body, {
    status: wire.status,
    headers,
    contentType: wire.contentType ?? "application/json"
  })
}

const headerRecord = (request: HttpServerRequest.HttpServerRequest): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(request.headers)) out[k.toLowerCase()] = v
  return out
}

// The path of a request target as symfony's `Request::prepareRequestUri` takes it: an
// absolute-form target (`GET http://host/path`) keeps only its path.
const requestPath = (target: string): string =>
  target.startsWith("/") ? target : target.replace(/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/]*/, "")

// `UrlGenerator::previous()` for a request without a session: the `Referer` through `to()` (kept
// as it is when it is a URL, else a path under the root), or the root.
const previousUrl = (referer: string | undefined, root: string): string => {
  if (referer === undefined || referer === "" || referer === "0") return root
  if (/^(#|\/\/|https?:\/\/|(mailto|tel|sms):)/.test(referer) || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/./.test(referer)) {
    return referer
  }
  const q = referer.indexOf("?")
  const path = q === -1 ? referer : referer.slice(0, q)
  return `${`${root}/${path.replace(/^\/+|\/+$/g, "")}`.replace(/\/+$/, "")}${q === -1 ? "" : referer.slice(q)}`
}

const LOGIN_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pterodactyl</title></head>
<body><div id="app">Login</div></body></html>
`

/**
 * The whole application, requiring the store, the rate limiter and the control service.
 *
 * @since 0.1.0
 * @category app
 */
export const app: Effect.Effect<
  HttpServerResponse.HttpServerResponse,
  never,
  HttpServerRequest.HttpServerRequest | Store | RateLimiter | Control.Control | Daemon
> = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const store = yield* Store
  const control = yield* Control.Control
  const daemon = yield* Daemon
  const started = yield* store.now
  const realMethod = request.method.toUpperCase()
  // The fragment is cut off first (symfony `Request::prepareRequestUri`).
  const url = request.url.replace(/#.*$/s, "")
  const q = url.indexOf("?")
  const rawPath = requestPath(q === -1 ? url : url.slice(0, q))
  const queryString = q === -1 ? "" : url.slice(q + 1)
  const headers = headerRecord(request)
  const peerIp = normalizePeer(Option.getOrUndefined(request.remoteAddress))
  const baseUrl = (store.config.appUrl ?? `http://${headers.host ?? "127.0.0.1"}`).replace(/\/+$/, "")
  // `url()` builds on the request's own host (`UrlGenerator::formatRoot`), https when `APP_URL`
  // is (`app/Providers/AppServiceProvider.php::boot`, `URL::forceScheme`).
  const requestRoot = `${(store.config.appUrl ?? "").startsWith("https://") ? "https" : "http"}://${headers.host ?? "127.0.0.1"}`
  const renderContext: Failure.RenderContext = {
    expectsJson: Failure.expectsJson(headers.accept, headers["x-requested-with"], headers["x-pjax"]),
    profile: store.config.profile,
    loginUrl: `${requestRoot}/auth/login`,
    backUrl: previousUrl(headers.referer, requestRoot)
  }
  // `$request->path()`: no leading or trailing slash, still encoded (used in 404/405 texts).
  const laravelPath = rawPath.replace(/^\/+|\/+$/g, "") || "/"

  if (rawPath === Control.PREFIX || rawPath.startsWith(`${Control.PREFIX}/`)) {
    if (!Control.authorized(store.config.controlToken, headers[Control.TOKEN_HEADER])) {
      return toResponse(
        {
          status: 401,
          headers: {},
          contentType: "application/json",
          body: encodeCompact({ error: `the control API needs the panel's control token in ${Control.TOKEN_HEADER}` })
        },
        { Connection: "close" }
      )
    }
    const body = yield* readBody(request, store.config.maxBodyBytes)
    if (body._tag === "Aborted") return yield* Effect.interrupt
    if (body._tag === "TooLarge") return toResponse({ status: 413, headers: {}, body: "" }, TOO_LARGE_CLOSE)
    return toResponse(yield* Control.handle(realMethod, rawPath, body.bytes))
  }

  // Wings' signed-URL endpoints, which the mock serves itself (no Authorization, a token).
  if (SignedUrls.handles(rawPath)) return yield* SignedUrls.serve(request, realMethod, rawPath, queryString)
  // Wings' console websocket, on the mock's own address for every node; the Origin it expects is
  // the panel's URL (§12.4).
  const socket = CONSOLE_SOCKET.exec(rawPath)
  if (socket !== null) return yield* daemon.serve(request, socket[1]!, baseUrl)
  // Time-based transitions (backups finishing, reinstalls ending) before anything reads state.
  yield* Background.settle

  let routeName: string | null = null
  let keyIdentifier: string | null = null
  const fault = yield* control.takeFault(realMethod, rawPath)
  // HandleCors, global middleware before everything else the panel runs (§6.4): its headers go
  // on every answer for an API path.
  const decodedPath = rawUrlDecode(laravelPath)
  const corsPath = decodedPath !== undefined && Cors.handles(decodedPath)
  // The method the router sees; a POST may stand for another one (below).
  let method = realMethod
  let cors = corsPath ? Cors.actualHeaders(method) : {}
  const respond = (wire: Failure.WireResponse, extra: Record<string, string> = {}) =>
    Effect.zipRight(
      // What the request changed reaches the console sockets (a deletion, a suspension, a
      // reinstall, a finished backup) before its response does.
      Effect.zipRight(
        daemon.sync,
        control.record({
          time: iso(started),
          method: realMethod,
          path: rawPath,
          query: queryString,
          status: wire.status,
          key: keyIdentifier,
          route: routeName
        })
      ),
      fault?.kind === "drop-after"
        ? // The request was handled and its changes kept; the client never hears about it.
          Effect.zipRight(
            Effect.sync(() => NodeRequest.toIncomingMessage(request).socket.destroy()),
            Effect.interrupt
          )
        : Effect.succeed(toResponse(wire, { ...cors, ...extra }, method === "HEAD" && realMethod !== "HEAD"))
    )

  if (fault !== undefined) {
    // Handlers run uninterruptibly (the platform's default outside HttpRouter); the injected wait
    // must not be, or a client that gave up leaves the handler sleeping for the whole delay.
    if (fault.delay_ms !== undefined && fault.delay_ms > 0) yield* Effect.interruptible(Effect.sleep(fault.delay_ms))
    if (fault.kind === "drop") {
      NodeRequest.toIncomingMessage(request).socket.destroy()
      yield* control.record({
        time: iso(started),
        method: realMethod,
        path: rawPath,
        query: queryString,
        status: 0,
        key: null,
        route: null
      })
      return yield* Effect.interrupt
    }
    if (fault.kind === "rate-limit") {
      const now = Math.floor((yield* store.now) / 1000)
      const retryAfter = fault.retry_after ?? 60
      // The limit of the API the path belongs to, as the throttle of §5 would report it.
      const limit = rawPath.startsWith("/api/application")
        ? store.config.applicationRateLimit
        : store.config.clientRateLimit
      return yield* respond(
        Failure.render(
          Failure.tooManyAttempts({
            "X-RateLimit-Limit": String(limit),
            "X-RateLimit-Remaining": "0",
            "Retry-After": String(retryAfter),
            "X-RateLimit-Reset": String(now + retryAfter)
          }),
          renderContext
        )
      )
    }
    if (fault.kind === "status") {
      return yield* respond(Failure.render(Failure.http(fault.status ?? 500, fault.code, fault.detail), renderContext))
    }
  }

  // `Request::getMethod()` is first asked by HandleCors, before anything reads or trims the body
  // (MethodOverride.ts); an override it refuses answers without CORS headers.
  let body: Body | undefined
  if (realMethod === "POST") {
    body = yield* readBody(request, store.config.maxBodyBytes)
    if (body._tag === "Aborted") return yield* Effect.interrupt
    const resolved = MethodOverride.resolve({
      contentType: headers["content-type"],
      // Past `post_max_size` PHP fills no `$_POST` (ValidatePostSize answers next).
      body: body._tag === "Body" ? body.bytes : new Uint8Array(),
      queryString,
      overrideHeader: headers["x-http-method-override"]
    })
    if (resolved instanceof Failure.PanelFailure) {
      cors = {}
      return yield* respond(Failure.render(resolved, renderContext))
    }
    method = resolved
    cors = corsPath ? Cors.actualHeaders(method) : {}
  }

  if (corsPath && Cors.isPreflight(method, headers)) {
    cors = {}
    return yield* respond({ status: 204, headers: Cors.preflightHeaders(headers), body: "" })
  }

  // ValidatePostSize is global middleware: it runs before routing and authentication.
  body ??= yield* readBody(request, store.config.maxBodyBytes)
  if (body._tag === "Aborted") return yield* Effect.interrupt
  if (body._tag === "TooLarge") {
    return yield* respond(Failure.render(Failure.postTooLarge(), renderContext), TOO_LARGE_CLOSE)
  }

  // `UriValidator::matches`: `rtrim($request->getPathInfo(), '/') ?: '/'`, decoded. Trailing
  // slashes go; a doubled leading slash stays and matches no route.
  const path = rawUrlDecode(rawPath.replace(/\/+$/, "") || "/")
  if (path === "/auth/login" && (method === "GET" || method === "HEAD")) {
    return yield* respond({ status: 200, headers: {}, contentType: "text/html; charset=UTF-8", body: LOGIN_PAGE })
  }
  const match: Route.Match = path === undefined ? { _tag: "NotFound" } : routeTable.match(method, path)
  if (match._tag === "NotFound")
    return yield* respond(Failure.render(Failure.routeNotFound(laravelPath), renderContext))
  if (match._tag === "MethodNotAllowed") {
    if (method === "OPTIONS")
      return yield* respond({ status: 200, headers: { Allow: match.allowed.join(",") }, body: "" })
    return yield* respond(Failure.render(Failure.methodNotAllowed(method, laravelPath, match.allowed), renderContext))
  }
  routeName = match.route.name

  const trimStrings = trimsStrings(rawPath)
  const query = normalizeInput(parseQuery(queryString), trimStrings) as InputObject
  const ctx: Route.RequestContext = {
    method,
    realMethod,
    path: path!,
    queryString,
    query,
    trimStrings,
    headers,
    peerIp,
    body: body.bytes,
    baseUrl,
    route: match.route,
    params: Object.fromEntries(Object.entries(match.params).map(([k, v]) => [k, v])),
    auth: undefined,
    models: {},
    input: query,
    rateLimitHeaders: undefined
  }
  const result = yield* Effect.either(Kernel.run(ctx))
  keyIdentifier = ctx.auth?.key.identifier ?? (yield* knownIdentifier(headers.authorization))
  // Every response that passed a throttle on its way in leaves with its quota (§5), whatever
  // its status; `Kernel.withQuota` keeps a lower count a 429 or an inner throttle set.
  const quoted = (wire: Failure.WireResponse): Failure.WireResponse => ({
    ...wire,
    headers: Kernel.withQuota(ctx, wire.headers)
  })
  if (result._tag === "Left") return yield* respond(quoted(Failure.render(result.left, renderContext)))
  const reply = result.right
  const wire: Failure.WireResponse =
    reply.raw !== undefined
      ? { status: reply.status, headers: reply.headers ?? {}, contentType: reply.raw.contentType, body: reply.raw.text }
      : reply.body === undefined
        ? { status: reply.status, headers: reply.headers ?? {}, body: "" }
        : {
            status: reply.status,
            headers: reply.headers ?? {},
            contentType: "application/json",
            body: encodeCompact(reply.body)
          }
  return yield* respond(quoted(wire))
}).pipe(
  Effect.catchAllDefect((defect) =>
    // An unexpected failure still answers the panel's 500 rather than dropping the request; a
    // PanelFailure thrown where the panel throws (a transformer's 500) is answered as it is.
    Effect.succeed(
      toResponse(
        Failure.render(
          defect instanceof Failure.PanelFailure
            ? defect
            : Failure.http(
                500,
                "Exception",
                "An unexpected error was encountered while processing this request, please try again."
              ),
          { expectsJson: true, profile: "panel", loginUrl: "/auth/login", backUrl: "/" }
        )
      )
    )
  )
)

// For the journal: the identifier of a stored key named by the bearer value, and only then, so a
// secret pasted in the wrong place never reaches the journal.
const knownIdentifier = (authorization: string | undefined) =>
  Effect.gen(function* () {
    const token = Kernel.bearerToken(authorization)
    if (token === undefined) return null
    const state = yield* Ref.get((yield* Store).state)
    const identifier = token.slice(0, 16).toLowerCase()
    return state.keys.find((k) => k.identifier.toLowerCase() === identifier)?.identifier ?? null
  })
