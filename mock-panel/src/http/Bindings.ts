/**
 * Route-model bindings (§2.2 step 8): `SubstituteClientBindings` for the Client API's
 * `{server}`, the implicit `{model:id}` bindings of the Application API's routes, and the
 * children the client routes bind through their server. A miss is the binding 404 of §7.3.
 * Lookups follow MySQL's comparison rules, as the panel's queries do (`state/Mysql.ts`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { decodeHashid } from "../client-api/Hashids.js"
import { mysqlNumber } from "../state/Mysql.js"
import { read, type State } from "../state/Store.js"
import * as Failure from "./Failure.js"
import type { Binding, Models, RequestContext } from "./Route.js"

/**
 * Client `{server}`: 8 bytes match `uuidShort`, anything else the full `uuid` (§4.1,
 * `SubstituteClientBindings::handle`: `strlen($value) === 8`). MySQL's `utf8mb4_unicode_ci`
 * compares case-insensitively and ignores trailing spaces (PAD SPACE).
 *
 * @since 0.1.0
 * @category bindings
 */
export const clientServer: Binding = {
  param: "server",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* read
      const wanted = value.toLowerCase().replace(/ +$/, "")
      const short = Buffer.byteLength(value, "utf8") === 8
      const server = state.servers.find((s) => (short ? s.uuid.slice(0, 8) : s.uuid) === wanted)
      if (server === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.server = server
    })
}

const byId = <K extends keyof Models>(
  param: string,
  model: K,
  rows: (state: State, ctx: RequestContext) => ReadonlyArray<NonNullable<Models[K]>>
): Binding => ({
  param,
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* read
      // Route keys are digits in the panel's URLs; MySQL compares the rest by numeric prefix.
      const id = mysqlNumber(value)
      const row = rows(state, ctx).find((r) => r.id === id)
      if (row === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models[model] = row
    })
})

/**
 * Application `{user:id}`.
 *
 * @since 0.1.0
 * @category bindings
 */
export const user = byId("user", "user", (s) => s.users)

/**
 * Application `{server:id}`.
 *
 * @since 0.1.0
 * @category bindings
 */
export const server = byId("server", "server", (s) => s.servers)

/**
 * Application `{node:id}`.
 *
 * @since 0.1.0
 * @category bindings
 */
export const node = byId("node", "node", (s) => s.nodes)

/**
 * Application `{location:id}`.
 *
 * @since 0.1.0
 * @category bindings
 */
export const location = byId("location", "location", (s) => s.locations)

/**
 * Application `{allocation:id}`, scoped to the bound node.
 *
 * @since 0.1.0
 * @category bindings
 */
export const allocation = byId("allocation", "allocation", (s, ctx) =>
  s.allocations.filter((a) => a.node_id === ctx.models.node?.id)
)

/**
 * Application `{nest:id}`.
 *
 * @since 0.1.0
 * @category bindings
 */
export const nest = byId("nest", "nest", (s) => s.nests)

/**
 * Application `{egg:id}`, scoped to the bound nest.
 *
 * @since 0.1.0
 * @category bindings
 */
export const egg = byId("egg", "egg", (s, ctx) => s.eggs.filter((e) => e.nest_id === ctx.models.nest?.id))

/**
 * Application `{database:id}`: a numeric id or the hashid the Client API shows, bound globally,
 * not scoped to the server (§8.2).
 *
 * @since 0.1.0
 * @category bindings
 */
export const database: Binding = {
  param: "database",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* read
      const id = /^\d+$/.test(value) ? Number(value) : decodeHashid(value)
      const row = state.databases.find((d) => d.id === id)
      if (row === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.database = row
    })
}

/**
 * A child bound through its server's relationship (§4.1): a miss, including a row of another
 * server, is the plain binding 404 of step 8.
 *
 * @since 0.1.0
 * @category bindings
 */
export const scoped = (
  param: string,
  exists: (state: State, ctx: RequestContext, value: string) => boolean
): Binding => ({
  param,
  bind: (value, ctx) =>
    Effect.flatMap(read, (state) => (exists(state, ctx, value) ? Effect.void : Effect.fail(Failure.notFound())))
})
