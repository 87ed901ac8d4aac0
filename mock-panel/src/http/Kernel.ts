/**
 * The panel's middleware, in the order Laravel actually runs it for `/api/client` and
 * `/api/application` (§2.2). `steps` below is that order; reading the list top to bottom is
 * reading the table of §2.2. A step either passes (possibly filling in the request context)
 * or fails with the response of its row. Steps that only read the request and the state are
 * plain checks; those that write state, count a request or run route code are Effects. Every
 * request goes through all of them, so a check saves the fiber work an Effect per step costs.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Crypto from "node:crypto"
import * as Failure from "./Failure.js"
import type * as Fixture from "../state/Fixture.js"
import { isAllowed } from "./IpAccess.js"
import { type InputObject, isJsonContentType, normalizeInput } from "../laravel/Input.js"
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
      if (key.expires_at !== null && Date.parse(key.expires_at) <= now) return [undefined, state]
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
        body = normalizeInput(parsed.value) as InputObject
      }
    }
  } else if ((contentType ?? "").toLowerCase().startsWith("application/x-www-form-urlencoded")) {
    // A POST form is PHP's `$_POST`; Symfony reads a PUT, PATCH or DELETE form with `parse_str`
    // (`Symfony/Component/HttpFoundation/Request.php::createFromGlobals`), which counts as `$_GET`.
    const source = ctx.method.toUpperCase() === "POST" ? "post" : "query"
    body = normalizeInput(parseQuery(Buffer.from(ctx.body).toString("latin1"), source)) as InputObject
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

const throttle = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const { config } = yield* Store
    const limiter = yield* RateLimiter
    const user = ctx.auth?.user
    const limit = ctx.route.api === "client" ? config.clientRateLimit : config.applicationRateLimit
    const decision = yield* limiter.attempt(`api.${ctx.route.api}:${user?.uuid ?? ctx.peerIp}`, limit)
    if (decision._tag === "Limited") return yield* Effect.fail(Failure.tooManyAttempts(decision.headers))
    ctx.rateLimitHeaders = decision.headers
    const extra = ctx.route.throttle
    if (extra !== undefined) {
      // The inner limiter's 429 keeps its own headers; on success the outer one does not
      // overwrite a remaining count lower than its own (§5, files/pull).
      const inner = yield* limiter.attempt(extra.key(ctx), extra.limit, extra.periodSeconds)
      if (inner._tag === "Limited") return yield* Effect.fail(Failure.tooManyAttempts(inner.headers))
      const remaining = (h: Record<string, string>) => Number(h["X-RateLimit-Remaining"])
      if (remaining(inner.headers) <= remaining(decision.headers)) ctx.rateLimitHeaders = inner.headers
    }
    return undefined
  })

const bindings = (ctx: RequestContext) => {
  const all = ctx.route.bindings
  if (all === undefined || all.length === 0) return pass
  return Effect.forEach(all, (b) => b.bind(ctx.params[b.param] ?? "", ctx), { discard: true }).pipe(
    Effect.as(undefined)
  )
}

const apiGate = (ctx: RequestContext): Failure.PanelFailure | undefined => {
  const auth = ctx.auth
  if (auth === undefined) return Failure.unauthenticated()
  if (ctx.route.api === "application") return auth.user.root_admin ? undefined : Failure.notRootAdmin()
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
  if (!options.stateCheck) return undefined
  const conflict = stateConflict(
    server,
    state.nodes.find((n) => n.id === server.node_id)
  )
  return conflict === undefined ? undefined : Failure.serverStateConflict(conflict)
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
    yield* Validator.validateOrFail(
      request.input === undefined ? ctx.input : request.input(ctx),
      typeof request.rules === "function" ? request.rules(ctx, state) : request.rules,
      {
        ...(request.attributes === undefined ? {} : { attributes: request.attributes }),
        ...(request.messages === undefined ? {} : { messages: request.messages }),
        ...(after === undefined ? {} : { after: (failed) => after(ctx, state, failed) })
      }
    )
    return undefined
  })
}

const READ_METHODS = ["GET", "HEAD", "OPTIONS"]

/**
 * The ordered steps. Row numbers are those of §2.2.
 *
 * @since 0.1.0
 * @category steps
 */
export const steps: ReadonlyArray<Step> = [
  {
    row: 1,
    name: "EnsureStatefulRequests (CSRF for stateful non-read requests, §2.7)",
    check: (ctx) =>
      isStateful(ctx) && !READ_METHODS.includes(ctx.method)
        ? // No session can exist in the mock, so no CSRF token can match (§2.4 row 15).
          Failure.csrfMismatch()
        : undefined
  },
  { row: 2, name: "Authenticate (sanctum guard, §2.3): 401, writes last_used_at", run: authenticate },
  { row: 3, name: "IsValidJson: 400 malformed JSON (§2.4 row 6)", check: validJson },
  // last_used_at is written in row 2, as Sanctum does at authentication time (§2.3 step 6).
  { row: 4, name: "TrackAPIKey", check: () => undefined },
  { row: 5, name: "RequireTwoFactorAuthentication: 400 (§2.4 row 7)", check: twoFactor },
  { row: 6, name: "AuthenticateIPAccess: 403 (§2.6)", check: ipAccess },
  { row: 7, name: "Throttle api.client / api.application: 429 (§5)", run: throttle },
  { row: 8, name: "SubstituteBindings / SubstituteClientBindings: 404", run: bindings },
  { row: 9, name: "AuthenticateApplicationUser / RequireClientApiKey: 403", check: apiGate },
  { row: 10, name: "AuthenticateServerAccess: 404 / 409 (§4.1)", check: serverAccess },
  { row: 11, name: "FormRequest authorize: ACL (§3) or subuser permission (§4.3): 403", check: authorize },
  { row: 12, name: "FormRequest validation: 422", run: formRequest },
  { row: 13, name: "Controller", run: (ctx) => ctx.route.handle(ctx) }
]

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
    for (const step of steps) {
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
