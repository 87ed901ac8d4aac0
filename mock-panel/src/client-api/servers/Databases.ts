/**
 * `routes/api-client.php`, `/servers/{server}/databases` (§8.1). `{database}` is the hashid,
 * bound globally and then checked against the server by `ResourceBelongsToServer` (§4.1).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { phpString } from "../../laravel/Input.js"
import * as Validator from "../../laravel/Validator.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { Binding, RequestContext, RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, modify, now, read } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { includes, list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Hashids from "../Hashids.js"
import * as S from "./ServerGroup.js"

/**
 * `{database}`: a hashid bound globally (`Route::model('database', …)`, not scoped to the
 * server; a miss is the binding 404). A database of another server passes here and is refused
 * after the server's own checks by `ResourceBelongsToServer` (`http/Kernel.ts`, §2.2 step 10).
 *
 * @since 0.1.0
 * @category bindings
 */
export const databaseBinding: Binding = {
  param: "database",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* read
      const id = Hashids.decodeHashid(value)
      const row = id === undefined ? undefined : state.databases.find((d) => d.id === id)
      if (row === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.database = row
    })
}

const rowOf = (state: State, ctx: RequestContext): Fixture.Database | undefined =>
  state.databases.find((d) => d.id === Hashids.decodeHashid(ctx.params.database ?? ""))

const passwordMode = (state: State, ctx: RequestContext) =>
  S.holds(state, ctx, "database.view_password") ? ("show" as const) : ("deny" as const)

// DatabaseManagementService::generateUniqueDatabaseName: `s<id>_` and the name cut so that the
// whole is at most 48 bytes (substr counts bytes).
const uniqueName = (name: string, serverId: number): string => {
  const prefix = `s${serverId}_`
  return (
    prefix +
    Buffer.from(name, "utf8")
      .subarray(0, 48 - prefix.length)
      .toString("utf8")
  )
}

const PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()-_=+"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/databases",
    name: "api:client:server.databases",
    permission: "database.read",
    handle: (ctx) =>
      Effect.map(read, (state) => {
        const server = S.serverOf(state, ctx)
        const withPassword = includes(ctx.query.include).has("password")
        const mode = withPassword ? passwordMode(state, ctx) : "omit"
        return {
          status: 200,
          body: list(state.databases.filter((d) => d.server_id === server.id).map((d) => T.database(state, d, mode)))
        }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/databases",
    name: "api:client:server.databases.create",
    permission: "database.create",
    request: {
      // StoreDatabaseRequest::rules(): unique among the server's databases, by the name the
      // panel will give it; `remote` is the `Database` model's rule (app/Models/Database.php:
      // hostnames, netmasks and ::1 pass), not the Application API's [0-9%.]{1,15}.
      rules: (ctx, state) => {
        const server = S.serverOf(state, ctx)
        return {
          database: [
            "required",
            "alpha_dash",
            "min:3",
            "max:48",
            Validator.unique((v) =>
              state.databases.some(
                (d) => d.server_id === server.id && d.database === uniqueName(phpString(v), server.id)
              )
            )
          ],
          remote: "required|string|regex:/^[\\w\\-\\/.%:]+$/"
        }
      },
      // StoreDatabaseRequest::messages()
      messages: { "database.unique": "The database name you have selected is already in use by this server." }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const suffix = yield* G.randomString(10)
        const password = yield* G.randomString(24, PASSWORD_ALPHABET)
        const { database_allow_random: allowRandom, databases_enabled: enabled } = (yield* Store).fixture.settings
          .client
        const row = yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          // A host linked to the server's node first, any host when random placement is allowed.
          const host =
            state.databaseHosts.find((h) => h.node_id === server.node_id) ??
            (allowRandom ? state.databaseHosts[0] : undefined)
          if (host === undefined) {
            return Failure.display(
              "No database host was found that meets the requirements for this server.",
              "NoSuitableDatabaseHostException"
            )
          }
          // DatabaseManagementService::create, after the host is chosen: the feature switch, then the
          // limit. DatabaseClientFeatureNotEnabledException is no DisplayException: a 500.
          if (!enabled) return Failure.unexpected("DatabaseClientFeatureNotEnabledException")
          const limit = server.feature_limits.databases
          if (limit !== null && state.databases.filter((d) => d.server_id === server.id).length >= limit) {
            return Failure.display(
              "Operation aborted: creating a new database would put this server over the defined limit.",
              "TooManyDatabasesException"
            )
          }
          const [id, next] = G.nextId(state, "databases", state.databases)
          const created: Fixture.Database = {
            id,
            server_id: server.id,
            database_host_id: host.id,
            database: uniqueName(String(ctx.input.database), server.id),
            username: `u${server.id}_${suffix}`,
            remote: String(ctx.input.remote),
            password,
            // The column defaults to 0, but the panel saves the model and never re-reads it, so the
            // create answer shows null (DatabaseManagementService::createModel); the row keeps 0.
            max_connections: 0,
            created_at: iso(at),
            updated_at: iso(at)
          }
          const added = { ...next, databases: [...next.databases, created] }
          return [
            created,
            Activity.log(added, ctx, at, "server:database.create", { server, properties: { name: created.database } })
          ]
        })
        const state = yield* read
        return { status: 200, body: T.database(state, { ...row, max_connections: null }, passwordMode(state, ctx)) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/databases/{database}/rotate-password",
    name: "api:client:server.databases.rotate-password",
    bindings: [databaseBinding],
    permission: "database.update",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const password = yield* G.randomString(24, PASSWORD_ALPHABET)
        const row = yield* modify((state) => {
          const current = rowOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const updated = { ...current, password, updated_at: iso(at) }
          const next = { ...state, databases: state.databases.map((d) => (d.id === updated.id ? updated : d)) }
          return [
            updated,
            Activity.log(next, ctx, at, "server:database.rotate-password", {
              server: S.serverOf(state, ctx),
              properties: { name: updated.database }
            })
          ]
        })
        const state = yield* read
        return { status: 200, body: T.database(state, row, passwordMode(state, ctx)) }
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/databases/{database}",
    name: "api:client:server.databases.delete",
    bindings: [databaseBinding],
    permission: "database.delete",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = rowOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const next = { ...state, databases: state.databases.filter((d) => d.id !== current.id) }
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "server:database.delete", {
              server: S.serverOf(state, ctx),
              properties: { name: current.database }
            })
          ]
        })
      })
  })
]
