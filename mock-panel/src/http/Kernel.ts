/**
 * The panel's middleware, in the order Laravel actually runs it for `/api/client` and
 * `/api/application` (§2.2). `applicationSteps` and `clientSteps` below are those orders; a
 * step either passes (possibly filling in the request context) or fails with the response of
 * its row. Steps that only read the request and the state are plain checks; those that write
 * state, count a request or run route code are Effects. Every request goes through all of
 * them, so a check saves the fiber work an Effect per step costs.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Crypto from "node:crypto"
import * as Failure from "./Failure.js"
import type * as Fixture from "../state/Fixture.js"
import { isAllowed } from "./IpAccess.js"
import { formSource, type InputObject, isJsonContentType, normalizeInput } from "../laravel/Input.js"
import { jsonError } from "../laravel/Json.js"
import { parseQuery } from "../laravel/QueryString.js"
import { RateLimiter } from "./RateLimiter.js"
import type { Reply, RequestContext } from "./Route.js"
import * as Validator from "../laravel/Validator.js"
import { iso, type KeyRow, read, type State, Store, type Service as StoreService } from "../state/Store.js"
import { serverPermissions } from "../state/Permissions.js"

/**
 * What a check reads: the store, and the state as the last effectful step left it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Env {
  readonly store: StoreService
  readonly state: State
}

/**
 * One middleware of §2.2: a synchronous `check` or an effectful `run`.
 *
 * @since 0.1.0
 * @category models
 */
export type Step = {
  /** The row number in the table of §2.2. */
  readonly row: number
  readonly name: string
} & (
  | { readonly check: (ctx: RequestContext, env: Env) => Failure.PanelFailure | undefined }
  | {
      readonly run: (ctx: RequestContext) => Effect.Effect<Reply | undefined, Failure.PanelFailure, Store | RateLimiter>
    }
)

const pass = Effect.succeed(undefined)

// Sanctum's default `SANCTUM_STATEFUL_DOMAINS` (§2.7); the panel's own host is added per request.
const STATEFUL_DOMAINS = ["localhost", "localhost:3000", "127.0.0.1", "127.0.0.1:8000", "::1"]

const wildcard = (pattern: string, value: string): boolean =>
  new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`
  ).test(value)

/**
 * Whether Sanctum treats the request as coming from the panel's own frontend (§2.7).
 *
 * @since 0.1.0
 * @category steps
 */
export const isStateful = (ctx: RequestContext): boolean => {
  const cookie = ctx.headers.cookie ?? ""
  if (/(?:^|;\s*)pterodactyl_session=/.test(cookie)) return true
  const source = ctx.headers.referer || ctx.headers.origin
  if (source === undefined || source === "") return false
  let domain = source.replace("https://", "").replace("http://", "")
  if (!domain.endsWith("/")) domain = `${domain}/`
  const own = ctx.baseUrl.replace(/^https?:\/\//, "")
  return [...STATEFUL_DOMAINS, own].some((d) => wildcard(`${d.trim()}/*`, domain))
}

/**
 * `Request::bearerToken()` (§2.3 step 2): after the last `Bearer `, up to the first comma.
 *
 * @since 0.1.0
 * @category steps
 */
export const bearerToken = (header: string | undefined): string | undefined => {
  if (header === undefined) return undefined
  const at = header.lastIndexOf("Bearer ")
  if (at === -1) return undefined
  const rest = header.slice(at + 7)
  const comma = rest.indexOf(",")
  return comma === -1 ? rest : rest.slice(0, comma)
}

/**
 * Sanctum's format pre-check (§1.3): empty is no token; a `|` form needs digits before it and
 * something after it.
 *
 * @since 0.1.0
 * @category steps
 */
export const isValidBearer = (token: string): boolean => {
  if (token === "") return false
  const pipe = token.indexOf("|")
  if (pipe === -1) return true
  return /^\d+$/.test(token.slice(0, pipe)) && token.slice(pipe + 1) !== ""
}

const digest = (value: string): Buffer => Crypto.createHash("sha256").update(value, "utf8").digest()

// Stored secrets are few and fixed per key, so each one is hashed once, not on every request.
const storedDigests = new Map<string, Buffer>()
const storedDigest = (secret: string): Buffer => {
  let hashed = storedDigests.get(secret)
  if (hashed === undefined) {
    if (storedDigests.size >= 10_000) storedDigests.clear()
    hashed = digest(secret)
    storedDigests.set(secret, hashed)
  }
  return hashed
}

/**
 * Compares secrets in constant time. Hashing first gives equal-length buffers, so every input
 * length goes through `timingSafeEqual` (the real panel uses plain equality, §1.3; we do not).
 *
 * @since 0.1.0
 * @category steps
 */
export const secretMatches = (stored: string, given: string): boolean =>
  Crypto.timingSafeEqual(storedDigest(stored), digest(given))

// MySQL's default collation for the panel's tables is case-insensitive, so the identifier lookup
// is too; the secret comparison is exact.
const findKey = (keys: ReadonlyArray<KeyRow>, identifier: string): KeyRow | undefined => {
  const wanted = identifier.toLowerCase()
  return keys.find((k) => k.identifier.toLowerCase() === wanted)
}

const authenticate = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const store = yield* Store
    const token = bearerToken(ctx.headers.authorization)
    if (token === undefined || !isValidBearer(token)) return yield* Effect.fail(Failure.unauthenticated())
    const identifier = token.slice(0, 16)
    const secret = token.slice(16)
    const now = yield* store.now
    const found = yield* Ref.modify(store.state, (state): [{ key: KeyRow; user: Fixture.User } | undefined, State] => {
      const key = findKey(state.keys, identifier)
      if (key === undefined || !secretMatches(key.secret, secret)) return [undefined, state]
      // laravel/sanctum `Guard::isValidAccessToken`: `expires_at->isPast()`, strictly before now.
      if (key.expires_at !== null && Date.parse(key.expires_at) < now) return [undefined, state]
      const user = state.users.find((u) => u.id === key.user_id)
      if (user === undefined) return [undefined, state]
      // §2.3 step 6: written at authentication, before any later step can reject the request.
      const at = iso(now)
      const touched: KeyRow = { ...key, last_used_at: at, updated_at: at }
      return [
        { key: touched, user },
        { ...state, keys: state.keys.map((k) => (k.id === key.id ? touched : k)) }
      ]
    })
    if (found === undefined) return yield* Effect.fail(Failure.unauthenticated())
    ctx.auth = found
    return undefined
  })

const validJson = (ctx: RequestContext): Failure.PanelFailure | undefined => {
  let body: InputObject = {}
  const contentType = ctx.headers["content-type"]
  if (isJsonContentType(contentType)) {
    if (ctx.body.length > 0) {
      const parsed = jsonError(ctx.body)
      if ("message" in parsed) return Failure.malformedJson(parsed.message)
      // A JSON scalar or list is not a field map; the fields are then simply absent.
      if (typeof parsed.value === "object" && parsed.value !== null && !Array.isArray(parsed.value)) {
        body = normalizeInput(parsed.value, ctx.trimStrings) as InputObject
      }
    }
  } else {
    const source = formSource(ctx.realMethod, contentType)
    if (source !== undefined) {
      body = normalizeInput(
        parseQuery(Buffer.from(ctx.body).toString("latin1"), source),
        ctx.trimStrings
      ) as InputObject
    }
  }
  // Laravel's `input()` is the body over the query string.
  ctx.input = { ...ctx.query, ...body }
  return undefined
}

const twoFactor = (ctx: RequestContext, { store }: Env): Failure.PanelFailure | undefined => {
  const user = ctx.auth?.user
  if (user === undefined || ctx.route.twoFactorExempt === true || user.use_totp) return undefined
  const level = store.config.twoFactorRequired
  return level === 2 || (level === 1 && user.root_admin) ? Failure.twoFactorRequired() : undefined
}

const ipAccess = (ctx: RequestContext): Failure.PanelFailure | undefined => {
  const key = ctx.auth?.key
  return key === undefined || isAllowed(key.allowed_ips, ctx.peerIp) ? undefined : Failure.ipBlocked(ctx.peerIp)
}

// `ThrottleRequests::getHeaders` with a response: a throttle adds its `X-RateLimit-Limit` and
// `-Remaining` unless the response already reports a remaining count no higher than its own (an
// inner throttle's, a 429's). Throttles wrap the rest of the pipeline, so the innermost one
// writes first and each outer one then merges onto the response.
const mergeQuota = (
  response: Readonly<Record<string, string>>,
  quota: Readonly<Record<string, string>> | undefined
): Readonly<Record<string, string>> => {
  if (quota === undefined) return response
  const own = response["X-RateLimit-Remaining"]
  if (own !== undefined && Number.parseInt(own, 10) <= Number.parseInt(quota["X-RateLimit-Remaining"] ?? "0", 10)) {
    return response
  }
  return {
    ...response,
    "X-RateLimit-Limit": quota["X-RateLimit-Limit"] ?? "",
    "X-RateLimit-Remaining": quota["X-RateLimit-Remaining"] ?? ""
  }
}

/**
 * The headers a response leaves with once the throttles it passed have added theirs
 * (`ThrottleRequests::handleRequest`, `::addHeaders`): the failures that never reached a
 * throttle carry none.
 *
 * @since 0.1.0
 * @category steps
 */
export const withQuota = (ctx: RequestContext, headers: Readonly<Record<string, string>>) =>
  mergeQuota(headers, ctx.rateLimitHeaders)

// `throttle:api.client` / `throttle:api.application`: the named limiters of
// `app/Providers/RouteServiceProvider.php::configureRateLimiting`, keyed on the user's UUID (the
// address only without a user, which the API never has after `auth:sanctum`), one bucket per
// limiter, `config/http.php`'s limit per minute. The alias `throttle` is
// `Illuminate\Routing\Middleware\ThrottleRequests` (`app/Http/Kernel.php::$middlewareAliases`):
// the cache-backed limiter, not `ThrottleRequestsWithRedis`.
const groupThrottle = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const { config } = yield* Store
    const limiter = yield* RateLimiter
    const user = ctx.auth?.user
    const limit = ctx.route.api === "client" ? config.clientRateLimit : config.applicationRateLimit
    const decision = yield* limiter.attempt(`api.${ctx.route.api}:${user?.uuid ?? ctx.peerIp}`, limit)
    if (decision._tag === "Limited") return yield* Effect.fail(Failure.tooManyAttempts(decision.headers))
    ctx.rateLimitHeaders = decision.headers
    return undefined
  })

// A route's own `->middleware('throttle:10,5')` (§5, `files/pull`), keyed as
// `ThrottleRequests::resolveRequestSignature` keys it (the user id). Its 429 keeps its own
// headers; on success its quota and the group's merge as the two middleware would.
const routeThrottle = (ctx: RequestContext) => {
  const extra = ctx.route.throttle
  if (extra === undefined) return pass
  return Effect.gen(function* () {
    const limiter = yield* RateLimiter
    const inner = yield* limiter.attempt(extra.key(ctx), extra.limit, extra.periodSeconds)
    if (inner._tag === "Limited") return yield* Effect.fail(Failure.tooManyAttempts(inner.headers))
    ctx.rateLimitHeaders = { ...mergeQuota(inner.headers, ctx.rateLimitHeaders) }
    return undefined
  })
}

const bindings = (ctx: RequestContext) => {
  const all = ctx.route.bindings
  if (all === undefined || all.length === 0) return pass
  return Effect.forEach(all, (b) => b.bind(ctx.params[b.param] ?? "", ctx), { discard: true }).pipe(
    Effect.as(undefined)
  )
}

// `app/Http/Middleware/Api/Application/AuthenticateApplicationUser.php`.
const applicationUser = (ctx: RequestContext): Failure.PanelFailure | undefined => {
  const auth = ctx.auth
  if (auth === undefined) return Failure.unauthenticated()
  return auth.user.root_admin ? undefined : Failure.notRootAdmin()
}

// `app/Http/Middleware/Api/Client/RequireClientApiKey.php`: only application keys are refused.
const clientApiKey = (ctx: RequestContext): Failure.PanelFailure | undefined => {
  const auth = ctx.auth
  if (auth === undefined) return Failure.unauthenticated()
  return auth.key.key_type === 2 ? Failure.applicationKeyOnClientApi() : undefined
}

/**
 * The server state failures of §4.1, in the panel's order, or `undefined` when the server is
 * usable.
 *
 * @since 0.1.0
 * @category steps
 */
export const stateConflict = (server: Fixture.Server, node: Fixture.Node | undefined): string | undefined => {
  if (server.status === "suspended")
    return "This server is currently suspended and the functionality requested is unavailable."
  if (node?.maintenance_mode === true)
    return "The node of this server is currently under maintenance and the functionality requested is unavailable."
  if (server.status === "installing" || server.status === "install_failed")
    return "This server has not yet completed its installation process, please try again later."
  if (server.status === "restoring_backup")
    return "This server is currently restoring from a backup, please try again later."
  if (server.transferring) return "This server is currently being transferred to a new machine, please try again later."
  return undefined
}

const serverAccess = (ctx: RequestContext, { state }: Env): Failure.PanelFailure | undefined => {
  const options = ctx.route.server
  const server = ctx.models.server
  const user = ctx.auth?.user
  if (options === undefined || server === undefined || user === undefined) return undefined
  if (serverPermissions(state, user, server) === undefined) return Failure.serverNotVisible()
  if (options.stateCheck) {
    const conflict = stateConflict(
      server,
      state.nodes.find((n) => n.id === server.node_id)
    )
    if (conflict !== undefined) return Failure.serverStateConflict(conflict)
  }
  // `ResourceBelongsToServer::handle`: only `{database}` reaches it unscoped (its binding is the
  // explicit `Route::model('database', …)` of `RouteServiceProvider::boot`); the other children
  // are bound through the server already (step 8).
  const database = ctx.models.database
  if (database !== undefined && database.server_id !== server.id) {
    return Failure.notFound("The requested resource was not found for this server.")
  }
  return undefined
}

const authorize = (ctx: RequestContext, { state }: Env): Failure.PanelFailure | undefined => {
  const auth = ctx.auth
  if (auth === undefined) return undefined
  const acl = ctx.route.acl
  if (ctx.route.api === "application" && acl !== undefined) {
    // §3.2: client keys (of root admins, already checked) skip the ACL.
    if (auth.key.key_type === 1) return undefined
    const level = auth.key[`r_${acl.resource}`]
    return (level & acl.level) !== 0 ? undefined : Failure.accessDenied()
  }
  const permission = ctx.route.permission
  if (ctx.route.api === "client" && permission !== undefined) {
    const server = ctx.models.server
    if (server === undefined) return Failure.accessDenied()
    const permissions = serverPermissions(state, auth.user, server)
    const needed = typeof permission === "string" ? permission : permission(ctx)
    const ok = permissions === "*" || (permissions?.includes(needed) ?? false)
    return ok ? undefined : Failure.accessDenied()
  }
  return undefined
}

// `FormRequest::validateResolved`: the request's own authorization, then its rules, then its
// after hook; any message is the 422.
const formRequest = (ctx: RequestContext): Effect.Effect<undefined, Failure.PanelFailure, Store> => {
  const request = ctx.route.request
  if (request === undefined) return pass
  return Effect.gen(function* () {
    if (request.authorize !== undefined) yield* request.authorize(ctx)
    const state = yield* read
    const after = request.after
    // An exception thrown by the after hook leaves `Validator::passes` before any 422 is built.
    let thrown: Failure.PanelFailure | undefined
    const failures = yield* Validator.validateInSlices(
      ctx.input,
      typeof request.rules === "function" ? request.rules(ctx, state) : request.rules,
      {
        ...(request.attributes === undefined ? {} : { attributes: request.attributes }),
        ...(request.messages === undefined ? {} : { messages: request.messages }),
        ...(after === undefined
          ? {}
          : {
              after: (failed) => {
                const out = after(ctx, state, failed)
                if (Array.isArray(out)) return out
                thrown = out as Failure.PanelFailure
                return []
              }
            })
      }
    )
    if (thrown !== undefined) return yield* Effect.fail(thrown)
    if (failures.length > 0) return yield* Effect.fail(Failure.validation(failures))
    return undefined
  })
}

const READ_METHODS = ["GET", "HEAD", "OPTIONS"]

const ensureStateful: Step = {
  row: 1,
  name: "EnsureStatefulRequests (CSRF for stateful non-read requests, §2.7)",
  check: (ctx) =>
    isStateful(ctx) && !READ_METHODS.includes(ctx.method)
      ? // No session can exist in the mock, so no CSRF token can match (§2.4 row 15).
        Failure.csrfMismatch()
      : undefined
}
const authenticateStep: Step = {
  row: 2,
  name: "Authenticate (sanctum guard, §2.3): 401, writes last_used_at",
  run: authenticate
}
const isValidJson: Step = { row: 3, name: "IsValidJson: 400 malformed JSON (§2.4 row 6)", check: validJson }
// last_used_at is written in row 2, as Sanctum does at authentication time (§2.3 step 6).
const trackApiKey: Step = { row: 4, name: "TrackAPIKey", check: () => undefined }
const requireTwoFactor: Step = { row: 5, name: "RequireTwoFactorAuthentication: 400 (§2.4 row 7)", check: twoFactor }
const authenticateIp: Step = { row: 6, name: "AuthenticateIPAccess: 403 (§2.6)", check: ipAccess }
const throttleGroup: Step = { row: 7, name: "throttle:api.client / api.application: 429 (§5)", run: groupThrottle }
const throttleRoute: Step = { row: 7, name: "the route's own throttle (throttle:10,5): 429 (§5)", run: routeThrottle }
const substituteBindings: Step = { row: 8, name: "SubstituteBindings / SubstituteClientBindings: 404", run: bindings }
const authenticateApplicationUser: Step = { row: 9, name: "AuthenticateApplicationUser: 403", check: applicationUser }
const requireClientApiKey: Step = { row: 9, name: "RequireClientApiKey: 403", check: clientApiKey }
// ServerSubject, AuthenticateServerAccess (§4.1), ResourceBelongsToServer.
const serverMiddleware: Step = { row: 10, name: "server route middleware: 404 / 409 (§4.1)", check: serverAccess }
// The ACL of §3 or the subuser permission of §4.3.
const formAuthorize: Step = { row: 11, name: "FormRequest authorize: 403", check: authorize }
const formValidate: Step = { row: 12, name: "FormRequest validation: 422", run: formRequest }
const controller: Step = { row: 13, name: "Controller", run: (ctx) => ctx.route.handle(ctx) }

// How the orders below come about (laravel/framework v10.1.4, §2.2): `Route::gatherMiddleware`
// joins the groups of `app/Providers/RouteServiceProvider.php::boot` outer to inner (`api` from
// `app/Http/Kernel.php::$middlewareGroups`, `RequireTwoFactorAuthentication` again, then
// `application-api` + `throttle:api.application` or `client-api` + `throttle:api.client`), then
// the route's own (`routes/api-client.php`: the `/servers/{server}` group's `ServerSubject`,
// `AuthenticateServerAccess`, `ResourceBelongsToServer`; `files/pull`'s `throttle:10,5`).
// `Router::sortMiddleware` hands that list to `Illuminate/Routing/SortedMiddleware.php`, which
// moves only the entries found in `Illuminate/Foundation/Http/Kernel.php::$middlewarePriority`
// (`AuthenticatesRequests`, `ThrottleRequests`, …, `SubstituteBindings`, `Authorize`) into that
// list's relative order, looking each up by its own class name and the interfaces it implements
// (`SortedMiddleware::middlewareNames`), never its parent classes; `Router::uniqueMiddleware`
// then drops the repeated `RequireTwoFactorAuthentication`. The form request is resolved with
// the controller's arguments, after every middleware.

// The `api` group, which neither sort moves (only `Authenticate` is in the priority list, first).
const apiGroup: ReadonlyArray<Step> = [
  ensureStateful,
  authenticateStep,
  isValidJson,
  trackApiKey,
  requireTwoFactor,
  authenticateIp
]

/**
 * `/api/application`: `SubstituteBindings` (priority 9) stands before `throttle:api.application`
 * (priority 6) in the joined list, so the sort moves the throttle in front of it; the 404 of a
 * missing model and `AuthenticateApplicationUser`'s 403 are counted.
 *
 * @since 0.1.0
 * @category steps
 */
export const applicationSteps: ReadonlyArray<Step> = [
  ...apiGroup,
  throttleGroup,
  // A route-level throttle would be moved in front of `SubstituteBindings` too.
  throttleRoute,
  substituteBindings,
  authenticateApplicationUser,
  formAuthorize,
  formValidate,
  controller
]

/**
 * `/api/client`: `SubstituteClientBindings` extends `SubstituteBindings` but is not itself in the
 * priority list, so nothing moves it: the bindings' 404s (an unknown `{server}`, `{backup}`, …)
 * and `RequireClientApiKey`'s 403 for an application key run before `throttle:api.client`, are
 * not counted and carry no `X-RateLimit-*`. The `/servers/{server}` middleware and a route's own
 * `throttle:10,5` come after the group's throttle, in the order declared.
 *
 * @since 0.1.0
 * @category steps
 */
export const clientSteps: ReadonlyArray<Step> = [
  ...apiGroup,
  substituteBindings,
  requireClientApiKey,
  throttleGroup,
  serverMiddleware,
  throttleRoute,
  formAuthorize,
  formValidate,
  controller
]

/**
 * The steps a route runs through.
 *
 * @since 0.1.0
 * @category steps
 */
export const stepsFor = (route: RequestContext["route"]): ReadonlyArray<Step> =>
  route.api === "client" ? clientSteps : applicationSteps

/**
 * Runs the steps in order and returns the controller's reply.
 *
 * @since 0.1.0
 * @category running
 */
export const run = (ctx: RequestContext): Effect.Effect<Reply, Failure.PanelFailure, Store | RateLimiter> =>
  Effect.gen(function* () {
    const store = yield* Store
    let env: Env | undefined
    for (const step of stepsFor(ctx.route)) {
      if ("check" in step) {
        env ??= { store, state: yield* Ref.get(store.state) }
        const failure = step.check(ctx, env)
        if (failure !== undefined) return yield* Effect.fail(failure)
        continue
      }
      const reply = yield* step.run(ctx)
      if (reply !== undefined) return reply
      // The step may have written state (row 2 writes last_used_at); later checks read it afresh.
      env = undefined
    }
    return yield* Effect.die(new Error("route produced no reply"))
  })
