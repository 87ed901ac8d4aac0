/**
 * Helpers shared by the Client API route groups of §8.1: state updates, ids that behave like
 * MySQL auto-increment, the activity log, hashids for databases, random strings, the Wings
 * error shape and the permission check controllers do themselves (§4.4).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Ref from "effect/Ref"
import * as Failure from "../http/Failure.js"
import type * as Fixture from "../state/Fixture.js"
import type * as ClientState from "../state/ClientState.js"
import * as Bindings from "../http/Bindings.js"
import { type InputObject, type InputValue, isJsonContentType, parseQuery } from "../laravel/Php.js"
import { type Binding, define, type RequestContext, type RouteDefinition } from "../http/Route.js"
import { iso, type State, Store } from "../state/Store.js"
import { can, serverPermissions } from "./Transformers.js"

/**
 * Reads the state.
 *
 * @since 0.1.0
 * @category state
 */
export const read: Effect.Effect<State, never, Store> = Effect.flatMap(Store, (store) => Ref.get(store.state))

/**
 * The panel's current time (epoch ms).
 *
 * @since 0.1.0
 * @category state
 */
export const now: Effect.Effect<number, never, Store> = Effect.flatMap(Store, (store) => store.now)

/**
 * Atomically computes a result and the next state; a `PanelFailure` result leaves the state as
 * it was and fails.
 *
 * @since 0.1.0
 * @category state
 */
export const modify = <A>(
  f: (state: State) => readonly [A, State] | Failure.PanelFailure
): Effect.Effect<A, Failure.PanelFailure, Store> =>
  Effect.flatMap(Store, (store) =>
    Effect.flatten(
      Ref.modify(store.state, (state): [Effect.Effect<A, Failure.PanelFailure>, State] => {
        const out = f(state)
        if (out instanceof Failure.PanelFailure) return [Effect.fail(out), state]
        return [Effect.succeed(out[0]), out[1]]
      })
    )
  )

/**
 * Replaces the client part of the state.
 *
 * @since 0.1.0
 * @category state
 */
export const withClient = (state: State, client: Partial<ClientState.State>): State => ({
  ...state,
  client: { ...state.client, ...client }
})

/**
 * The next id for a table, never reusing a deleted row's id (MySQL auto-increment), and the
 * state with the table's sequence advanced.
 *
 * @since 0.1.0
 * @category ids
 */
export const nextId = (
  state: State,
  table: string,
  existing: ReadonlyArray<{ readonly id: number }>
): readonly [number, State] => {
  const top = existing.reduce((m, r) => Math.max(m, r.id), 0)
  const id = Math.max(state.sequences[table] ?? 0, top) + 1
  return [id, { ...state, sequences: { ...state.sequences, [table]: id } }]
}

/**
 * Appends an activity log entry (§9.1 `activity_log`).
 *
 * @since 0.1.0
 * @category activity
 */
export const logActivity = (
  state: State,
  ctx: RequestContext,
  at: number,
  event: string,
  options: {
    readonly server?: Fixture.Server
    readonly subjectUser?: number
    readonly properties?: Record<string, unknown>
  } = {}
): State => {
  const [id, next] = nextId(state, "activity_logs", state.client.activity)
  const auth = ctx.auth
  const entry: ClientState.ActivityLog = {
    id,
    batch: null,
    event,
    ip: ctx.peerIp,
    description: null,
    actor_id: auth?.user.id ?? null,
    api_key_id: auth?.key.id ?? null,
    server_id: options.server?.id ?? null,
    subject_user_id: options.subjectUser ?? null,
    properties: options.properties ?? {},
    timestamp: iso(at)
  }
  return withClient(next, { activity: [...next.client.activity, entry] })
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/**
 * A random string over an alphabet (Laravel's `Str::random` uses `[A-Za-z0-9]`).
 *
 * @since 0.1.0
 * @category random
 */
export const randomString = (length: number, alphabet = ALPHANUMERIC): Effect.Effect<string> =>
  Effect.map(Effect.all(Array.from({ length }, () => Random.nextIntBetween(0, alphabet.length))), (indexes) =>
    indexes.map((i) => alphabet[i]).join("")
  )

/**
 * A random v4 UUID.
 *
 * @since 0.1.0
 * @category random
 */
export const randomUuid: Effect.Effect<string> = Effect.map(randomString(32, "0123456789abcdef"), (hex) => {
  const variant = "89ab"[Number.parseInt(hex[16]!, 16) % 4]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
})

// Hashids stand-in: an opaque, fixed-length, reversible form of a database id. Only the mock's
// own output decodes; anything else is a binding miss (§4.1).
const HASH_ALPHABET = "gR7kQ2vXbN9mJ4tW8cYpL3hZ6fD5sK1a"
const HASH_MULTIPLIER = 7919
const HASH_OFFSET = 104_729

/**
 * Encodes a database id as the panel's hashid-like public id.
 *
 * @since 0.1.0
 * @category ids
 */
export const encodeHashid = (id: number): string => {
  let n = id * HASH_MULTIPLIER + HASH_OFFSET
  let out = ""
  while (n > 0) {
    out = HASH_ALPHABET[n % 32] + out
    n = Math.floor(n / 32)
  }
  return out.padStart(8, HASH_ALPHABET[0])
}

/**
 * Decodes a public database id, or `undefined` when it is not one the mock issued.
 *
 * @since 0.1.0
 * @category ids
 */
export const decodeHashid = (value: string): number | undefined => {
  if (!/^[A-Za-z0-9]{8,12}$/.test(value)) return undefined
  let n = 0
  for (const c of value) {
    const digit = HASH_ALPHABET.indexOf(c)
    if (digit === -1) return undefined
    n = n * 32 + digit
  }
  const raw = n - HASH_OFFSET
  if (raw <= 0 || raw % HASH_MULTIPLIER !== 0) return undefined
  const id = raw / HASH_MULTIPLIER
  return encodeHashid(id) === value ? id : undefined
}

/**
 * The permission check a controller does itself, after validation (§4.4: backups and server
 * activity), failing with `AccessDeniedHttpException`.
 *
 * @since 0.1.0
 * @category permissions
 */
export const authorizeInController = (
  ctx: RequestContext,
  permission: string
): Effect.Effect<void, Failure.PanelFailure, Store> =>
  Effect.flatMap(read, (state) =>
    can(serverPermissions(state, ctx.auth!.user, ctx.models.server!), permission)
      ? Effect.void
      : Effect.fail(Failure.accessDenied())
  )

/**
 * Whether the caller holds a permission on the bound server (§4.3).
 *
 * @since 0.1.0
 * @category permissions
 */
export const holds = (state: State, ctx: RequestContext, permission: string): boolean =>
  can(serverPermissions(state, ctx.auth!.user, ctx.models.server!), permission)

/**
 * A Wings failure relayed by the panel (§7.3): the daemon's status and its error text.
 *
 * @since 0.1.0
 * @category failures
 */
export const daemonError = (status: number, error: string): Failure.PanelFailure =>
  // A `DisplayException` subclass, so it renders compact (and redirects back without JSON).
  Failure.display(
    `An error occurred on the remote host: ${error}. (request id: <nil>)`,
    "DaemonConnectionException",
    status
  )

/**
 * Wings' answer for a path that does not exist.
 *
 * @since 0.1.0
 * @category failures
 */
export const fileNotFound = (): Failure.PanelFailure =>
  daemonError(404, "The requested resource was not found on the system")

/**
 * `BadRequestHttpException` with a detail.
 *
 * @since 0.1.0
 * @category failures
 */
export const badRequest = (detail: string): Failure.PanelFailure => Failure.http(400, "BadRequestHttpException", detail)

/**
 * PHP's `(bool)` cast of an input value.
 *
 * @since 0.1.0
 * @category input
 */
export const bool = (value: InputValue | undefined): boolean => {
  if (value === undefined || value === null) return false
  if (typeof value === "boolean") return value
  if (typeof value === "number") return value !== 0
  if (typeof value === "string") return value !== "" && value !== "0"
  return Object.keys(value).length > 0
}

/**
 * An input value as text, or `undefined` when it is not a scalar.
 *
 * @since 0.1.0
 * @category input
 */
export const text = (value: InputValue | undefined): string | undefined =>
  typeof value === "string"
    ? value
    : typeof value === "number"
      ? String(value)
      : typeof value === "boolean"
        ? value
          ? "1"
          : ""
        : undefined

/**
 * The bound server, whose fresh row is read from the state.
 *
 * @since 0.1.0
 * @category models
 */
export const serverOf = (state: State, ctx: RequestContext): Fixture.Server =>
  state.servers.find((s) => s.id === ctx.models.server!.id) ?? ctx.models.server!

/**
 * Replaces one server row.
 *
 * @since 0.1.0
 * @category state
 */
export const updateServer = (state: State, server: Fixture.Server): State => ({
  ...state,
  servers: state.servers.map((s) => (s.id === server.id ? server : s))
})

/**
 * A `/servers/{server}/…` client route (§8.1): binds `{server}` (then the given bindings) and
 * runs the access and state checks of §4.1.
 *
 * @since 0.1.0
 * @category routes
 */
export const serverRoute = (
  route: Omit<RouteDefinition, "api" | "bindings" | "server"> & {
    readonly bindings?: ReadonlyArray<Binding>
    readonly stateCheck?: boolean
  }
): RouteDefinition => {
  const { bindings, stateCheck, ...rest } = route
  return define({
    ...rest,
    api: "client",
    bindings: [Bindings.clientServer, ...(bindings ?? [])],
    server: { stateCheck: stateCheck ?? true }
  })
}

const FULL_UUID_FILES = /^\/?api\/client\/servers\/([a-z0-9-]{36})\/files/

const emptyToNull = (value: unknown): InputValue => {
  if (typeof value === "string") return value === "" ? null : value
  if (Array.isArray(value)) return value.map(emptyToNull)
  if (typeof value === "object" && value !== null) {
    const out: InputObject = Object.create(null)
    for (const [k, v] of Object.entries(value)) out[k] = emptyToNull(v)
    return out
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value
  return null
}

/**
 * The input of a files route. `TrimStrings` skips paths matching
 * `api/client/servers/<36-character uuid>/files` (§6.3), so there strings keep their spaces; a
 * path with the 8-character identifier is trimmed like any other.
 *
 * @since 0.1.0
 * @category input
 */
export const filesInput = (ctx: RequestContext): InputObject => {
  if (!FULL_UUID_FILES.test(ctx.path.replace(/^\//, ""))) return ctx.input
  const query = emptyToNull(parseQuery(ctx.queryString)) as InputObject
  let body: InputObject = {}
  if (isJsonContentType(ctx.headers["content-type"]) && ctx.body.length > 0) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(ctx.body))
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
        body = emptyToNull(parsed) as InputObject
    } catch {
      // IsValidJson already answered malformed bodies; nothing to do here.
    }
  }
  return { ...query, ...body }
}

/**
 * An activity row.
 *
 * @since 0.1.0
 * @category activity
 */
export type ActivityRow = ClientState.ActivityLog

/**
 * A child bound through its server's relationship (§4.1): a miss, including a row of another
 * server, is the plain binding 404 of step 8.
 *
 * @since 0.1.0
 * @category bindings
 */
export const scopedBinding = (
  param: string,
  exists: (state: State, ctx: RequestContext, value: string) => boolean
): Binding => ({
  param,
  bind: (value, ctx) =>
    Effect.flatMap(read, (state) => (exists(state, ctx, value) ? Effect.void : Effect.fail(Failure.notFound())))
})

/**
 * A numeric path value as MySQL compares it with an integer column.
 *
 * @since 0.1.0
 * @category bindings
 */
export const numericParam = (value: string | undefined): number => Bindings.mysqlNumber(value ?? "")
