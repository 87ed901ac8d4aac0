/**
 * `routes/api-application.php`, `/servers/{server}/databases` (§8.2): list (not paginated),
 * view, create, reset password, delete. ACL `server_databases` (§3.3); `include=password,host`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import * as Ref from "effect/Ref"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import * as Validator from "../../laravel/Validator.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, read } from "../../state/Store.js"
import * as Fractal from "../../laravel/Fractal.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

/**
 * `DatabaseManagementService::generateUniqueDatabaseName`: `s<server id>_` plus the name, cut to
 * 48 characters in all.
 *
 * @since 0.1.0
 * @category naming
 */
export const databaseName = (name: string, serverId: number): string => {
  const prefix = `s${serverId}_`
  return `${prefix}${[...name].slice(0, 48 - prefix.length).join("")}`
}

const view = (ctx: RequestContext, row: Fixture.Database) =>
  Effect.map(read, (state) => A.serverDatabase(A.context(ctx, state), row, A.includes(ctx)))

const rotate = (state: State, id: number, now: string): State => ({
  ...state,
  databases: state.databases.map((d) =>
    d.id === id ? { ...d, password: G.password(`database-password:${d.id}:${now}:${d.password}`), updated_at: now } : d
  )
})

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/servers/{server}/databases",
    api: "application",
    name: "api:application.servers.databases",
    bindings: [Bindings.server],
    acl: { resource: "server_databases", level: 1 },
    handle: (ctx) =>
      Effect.map(read, (state) => {
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        const rows = state.databases.filter((d) => d.server_id === ctx.models.server!.id)
        return { status: 200, body: Fractal.list(rows.map((d) => A.serverDatabase(context, d, includes))) }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/servers/{server}/databases/{database}",
    api: "application",
    name: "api:application.servers.databases.view",
    bindings: [Bindings.server, Bindings.database],
    acl: { resource: "server_databases", level: 1 },
    handle: (ctx) => Effect.map(view(ctx, ctx.models.database!), (body) => ({ status: 200, body }))
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/databases",
    api: "application",
    name: "api:application.servers.databases.store",
    bindings: [Bindings.server],
    acl: { resource: "server_databases", level: 2 },
    request: {
      // StoreServerDatabaseRequest::rules(). Its `unique` rule compares the column with the raw
      // and the prefixed name at once, so it never fails: a duplicate reaches the service.
      rules: (_, state) => {
        return {
          database: "required|alpha_dash|min:1|max:48",
          remote: "required|string|regex:/^[0-9%.]{1,15}$/",
          host: [
            "required",
            "integer",
            Validator.exists((v) => state.databaseHosts.some((h) => Mysql.sameNumber(h.id, v)))
          ]
        }
      }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const server = ctx.models.server!
        const name = databaseName(Input.phpString(ctx.input.database), server.id)
        const enabled = store.fixture.settings.client.databases_enabled
        const created = yield* Ref.modify(store.state, (state): [Fixture.Database | Failure.PanelFailure, State] => {
          // DatabaseManagementService::create checks `client_features.databases.enabled` for this
          // API too; DatabaseClientFeatureNotEnabledException is no DisplayException: a 500.
          if (!enabled) return [Failure.unexpected("DatabaseClientFeatureNotEnabledException"), state]
          const existing = state.databases.filter((d) => d.server_id === server.id)
          const limit = (state.servers.find((s) => s.id === server.id) ?? server).feature_limits.databases
          // …then a limit that is not null (0 allows none)…
          if (limit !== null && existing.length >= limit) {
            return [
              Failure.display(
                "Operation aborted: creating a new database would put this server over the defined limit.",
                "TooManyDatabasesException"
              ),
              state
            ]
          }
          // …then ::createModel refuses a name the server already has.
          if (existing.some((d) => Mysql.sameText(d.database, name))) {
            return [
              Failure.display(
                "A database with that name already exists for this server.",
                "DuplicateDatabaseNameException"
              ),
              state
            ]
          }
          const [id, next] = G.nextId(state, "databases", state.databases)
          const row: Fixture.Database = {
            id,
            server_id: server.id,
            database_host_id: Input.toInt(ctx.input.host),
            database: name,
            username: `u${server.id}_${G.random(`database-username:${id}`, 10)}`,
            remote: Input.phpString(ctx.input.remote),
            password: G.password(`database-password:${id}`),
            max_connections: 0,
            created_at: now,
            updated_at: now
          }
          return [row, { ...next, databases: [...next.databases, row] }]
        })
        if (created instanceof Failure.PanelFailure) return yield* Effect.fail(created)
        // The created model is not re-read, so the column default of max_connections is not in it.
        return Responses.created(
          ctx,
          yield* view(ctx, { ...created, max_connections: null }),
          `/api/application/servers/${server.id}/databases/${created.id}`
        )
      })
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/databases/{database}/reset-password",
    api: "application",
    name: "api:application.servers.databases.reset-password",
    bindings: [Bindings.server, Bindings.database],
    acl: { resource: "server_databases", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        yield* Ref.update(store.state, (state) => rotate(state, ctx.models.database!.id, now))
        return Responses.noContent
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/servers/{server}/databases/{database}",
    api: "application",
    name: "api:application.servers.databases.delete",
    bindings: [Bindings.server, Bindings.database],
    acl: { resource: "server_databases", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const id = ctx.models.database!.id
        yield* Ref.update(store.state, (state) => ({ ...state, databases: state.databases.filter((d) => d.id !== id) }))
        return Responses.noContent
      })
  })
]
