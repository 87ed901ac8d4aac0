/**
 * `ApiKeyController` (§8.1 `/account/api-keys`): the account's client API keys (§4.7).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import { IpToolsError, parseRangeOrThrow } from "../../http/IpAccess.js"
import { type InputValue, phpString } from "../../laravel/Input.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { iso, type KeyRow, type State, Store } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"

/**
 * Client keys a user may hold (§4.7).
 *
 * @since 0.1.0
 * @category constants
 */
export const KEY_LIMIT = 25

const ipList = (value: InputValue | undefined): ReadonlyArray<readonly [string, InputValue]> =>
  typeof value === "object" && value !== null ? Object.entries(value) : []

// `StoreApiKeyRequest::withValidator`: `Range::parse($ip)` on an entry as PHP hands it over (a
// scalar read as a string, a number as `IP::parseLong` reads it). Only iptools' "Invalid IP address
// format" is caught, as a message; any other exception (another iptools message, the `TypeError`
// of `strpos` given an array or of `long2ip` given a number beyond 64 bits) escapes the hook and
// the request is a 500 named for its class (`app/Exceptions/Handler.php::convertExceptionToArray`).
const checkEntry = (ip: InputValue): boolean | Failure.PanelFailure => {
  if (typeof ip === "object" && ip !== null) return Failure.unexpected("TypeError")
  if (typeof ip === "number")
    return Number.isFinite(ip) && Math.abs(ip) < 2 ** 63 ? true : Failure.unexpected("TypeError")
  // `true` is "1" and `false`/null "" to `filter_var`: never an address.
  if (typeof ip !== "string") return false
  try {
    parseRangeOrThrow(ip)
    return true
  } catch (error) {
    if (!(error instanceof IpToolsError)) throw error
    return error.message === "Invalid IP address format" ? false : Failure.unexpected(error.exception)
  }
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/client/account/api-keys",
    api: "client",
    name: "api:client.account.api-keys",
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* Ref.get((yield* Store).state)
        const mine = state.keys.filter((k) => k.user_id === ctx.auth!.user.id && k.key_type === 1)
        return { status: 200, body: list(mine.map(T.apiKey)) }
      })
  }),
  define({
    method: "POST",
    path: "/api/client/account/api-keys",
    api: "client",
    name: "api:client.account.api-keys.store",
    request: {
      // StoreApiKeyRequest::rules(): the `ApiKey` model's `memo` and `allowed_ips` rules.
      rules: {
        description: "required|nullable|string|max:500",
        allowed_ips: "nullable|array|max:50",
        "allowed_ips.*": "string"
      },
      // The request's after-validation hook: entries that do not parse as a range. It adds
      // messages without a rule, so `meta.rule` is empty (§7.3). Every entry is parsed, in order,
      // whatever the rules said; the first exception other than iptools' `IpException` ends it.
      after: (ctx) => {
        const messages: Array<{ field: string; detail: string }> = []
        for (const [i, ip] of ipList(ctx.input.allowed_ips)) {
          const checked = checkEntry(ip)
          if (typeof checked !== "boolean") return checked
          if (!checked) {
            messages.push({
              field: `allowed_ips.${i}`,
              detail: `"${phpString(ip)}" is not a valid IP address or CIDR range.`
            })
          }
        }
        return messages
      }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const user = ctx.auth!.user
        const at = yield* store.now
        const now = iso(at)
        const random = yield* G.randomString(11)
        const secret = yield* G.randomString(32)
        const allowed = ipList(ctx.input.allowed_ips).map(([, ip]) => String(ip))
        const created = yield* Ref.modify(store.state, (state): [KeyRow | undefined, State] => {
          if (state.keys.filter((k) => k.user_id === user.id && k.key_type === 1).length >= KEY_LIMIT) {
            return [undefined, state]
          }
          let identifier = `ptlc_${random}`
          while (state.keys.some((k) => k.identifier.toLowerCase() === identifier.toLowerCase())) {
            identifier = `ptlc_${random.slice(1)}${state.nextKeyId % 10}`
          }
          const key: KeyRow = {
            id: state.nextKeyId,
            user_id: user.id,
            key_type: 1,
            identifier,
            secret,
            memo: typeof ctx.input.description === "string" ? ctx.input.description : "",
            allowed_ips: allowed,
            r_servers: 0,
            r_nodes: 0,
            r_allocations: 0,
            r_users: 0,
            r_locations: 0,
            r_nests: 0,
            r_eggs: 0,
            r_database_hosts: 0,
            r_server_databases: 0,
            last_used_at: null,
            expires_at: null,
            created_at: now,
            updated_at: now
          }
          const added = { ...state, keys: [...state.keys, key], nextKeyId: state.nextKeyId + 1 }
          // §10.1: `user:api-key.create` is logged.
          return [
            key,
            Activity.log(added, ctx, at, "user:api-key.create", { subjectUser: user.id, properties: { identifier } })
          ]
        })
        if (created === undefined) {
          return yield* Effect.fail(Failure.display("You have reached the account limit for number of API keys."))
        }
        // The only response that ever carries a secret (§4.7).
        return { status: 200, body: { ...T.apiKey(created), meta: { secret_token: secret } } }
      })
  }),
  define({
    method: "DELETE",
    path: "/api/client/account/api-keys/{identifier}",
    api: "client",
    name: "api:client.account.api-keys.delete",
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const user = ctx.auth!.user
        const at = yield* store.now
        const wanted = (ctx.params.identifier ?? "").toLowerCase()
        const deleted = yield* Ref.modify(store.state, (state): [boolean, State] => {
          const key = state.keys.find(
            (k) => k.user_id === user.id && k.key_type === 1 && k.identifier.toLowerCase() === wanted
          )
          if (key === undefined) return [false, state]
          const removed = { ...state, keys: state.keys.filter((k) => k.id !== key.id) }
          return [
            true,
            Activity.log(removed, ctx, at, "user:api-key.delete", {
              subjectUser: user.id,
              properties: { identifier: key.identifier }
            })
          ]
        })
        if (!deleted) return yield* Effect.fail(Failure.notFound())
        return { status: 204 }
      })
  })
]
