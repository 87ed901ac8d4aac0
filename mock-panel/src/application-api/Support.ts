/**
 * What the Application API route groups share: numeric-id route-model bindings (§2.2 step
 * 8, scoped where the panel scopes them), list pages with `meta.pagination` whose links carry
 * only `page` (§7.1), validation to a 422 (§7.3), and the 201 with `meta.resource`.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { mysqlNumber } from "../http/Bindings.js"
import { decodeHashid } from "../client-api/Support.js"
import * as Failure from "../http/Failure.js"
import type * as Fixture from "../state/Fixture.js"
import * as ListQuery from "../http/ListQuery.js"
import type { Binding, RequestContext } from "../http/Route.js"
import { type State, Store } from "../state/Store.js"
import * as T from "../client-api/Transformers.js"
import * as A from "./Transformers.js"
import * as Rules from "../laravel/Validator.js"

declare module "../http/Route.js" {
  interface Models {
    node?: Fixture.Node
    location?: Fixture.Location
    allocation?: Fixture.Allocation
    nest?: Fixture.Nest
    egg?: Fixture.Egg
    database?: Fixture.Database
  }
}

/** The current state. */
export const state: Effect.Effect<State, never, Store> = Effect.flatMap(Store, (s) => Ref.get(s.state))

/** The transformer context of a request (after authentication). */
export const context = (ctx: RequestContext, current: State): A.Context => ({ state: current, auth: ctx.auth! })

/** `?include=` of the request. */
export const includes = (ctx: RequestContext): A.Includes => A.parseIncludes(ctx.query.include)

const byId = <K extends "user" | "server" | "node" | "location" | "allocation" | "nest" | "egg" | "database">(
  param: string,
  model: K,
  rows: (state: State, ctx: RequestContext) => ReadonlyArray<{ readonly id: number }>
): Binding => ({
  param,
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const current = yield* state
      // Route keys are digits in the panel's URLs; MySQL compares the rest by numeric prefix.
      const id = mysqlNumber(value)
      const row = rows(current, ctx).find((r) => r.id === id)
      if (row === undefined) return yield* Effect.fail(Failure.notFound())
      ;(ctx.models as Record<string, unknown>)[model] = row
    })
})

/** `{user:id}`. */
export const user = byId("user", "user", (s) => s.users)
/** `{server:id}`. */
export const server = byId("server", "server", (s) => s.servers)
/** `{node:id}`. */
export const node = byId("node", "node", (s) => s.nodes)
/** `{location:id}`. */
export const location = byId("location", "location", (s) => s.locations)
/** `{allocation:id}`, scoped to the bound node. */
export const allocation = byId("allocation", "allocation", (s, ctx) =>
  s.allocations.filter((a) => a.node_id === ctx.models.node?.id)
)
/** `{nest:id}`. */
export const nest = byId("nest", "nest", (s) => s.nests)
/** `{egg:id}`, scoped to the bound nest. */
export const egg = byId("egg", "egg", (s, ctx) => s.eggs.filter((e) => e.nest_id === ctx.models.nest?.id))
/**
 * `{database:id}`: a numeric id or the hashid the Client API shows, bound globally, not scoped
 * to the server (§8.2).
 */
export const database: Binding = {
  param: "database",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const current = yield* state
      const id = /^\d+$/.test(value) ? Number(value) : decodeHashid(value)
      const row = current.databases.find((d) => d.id === id)
      if (row === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.database = row
    })
}

/**
 * `paginate($request->query('per_page') ?? 50)`: absent → 50; `0` is falsy in PHP, so the
 * model's default of 15; otherwise as given, no maximum (§7.2). Values the panel cannot use
 * (negative, not a number) fall back to 50 instead of the panel's 500.
 */
export const perPage = (value: unknown): number => (value === "0" ? 15 : ListQuery.applicationPerPage(value))

/**
 * One page of an application list: `per_page` defaults to 50 with no maximum, links carry
 * only `page` (§7.1, §7.2).
 */
export const page = <A>(
  ctx: RequestContext,
  rows: ReadonlyArray<A>,
  path: string,
  render: (row: A) => unknown
): { readonly status: 200; readonly body: unknown } => {
  const result = T.paginate(rows, {
    page: T.pageNumber(ctx.query.page),
    perPage: perPage(ctx.query.per_page),
    url: `${ctx.baseUrl}${path}`,
    query: {}
  })
  return { status: 200, body: { ...T.list(result.items.map(render)), meta: result.meta } }
}

/** Runs form-request rules against the request input; any message is a 422. */
export const validate = (
  ctx: RequestContext,
  rules: Rules.Rules,
  attributes: Readonly<Record<string, string>> = {}
): Effect.Effect<void, Failure.PanelFailure> => {
  const entries = Rules.validate(ctx.input, rules, attributes)
  return entries.length > 0 ? Effect.fail(Failure.validation(entries)) : Effect.void
}

/** A 201 with `meta.resource`, the absolute URL of the new object (§7.1). */
export const created = (ctx: RequestContext, item: unknown, path: string) => ({
  status: 201,
  body: { ...(item as object), meta: { resource: `${ctx.baseUrl}${path}` } }
})

/** 204, no body. */
export const noContent = { status: 204 } as const

/** The request input value at a dotted path. */
export const input = (ctx: RequestContext, path: string): unknown => Rules.get(ctx.input, path)

/** MySQL's loose `=` between a string column and a value: case-insensitive. */
export const sameText = (column: string | null, value: unknown): boolean =>
  column !== null &&
  (typeof value === "string" || typeof value === "number") &&
  column.toLowerCase() === String(value).toLowerCase()

/** MySQL's `=` between an integer column and a value. */
export const sameNumber = (column: number | null, value: unknown): boolean =>
  column !== null &&
  (typeof value === "number" ? column === value : typeof value === "string" ? column === mysqlNumber(value) : false)

/** A value a rule accepted as an integer, as a number. */
export const toInt = (value: unknown): number =>
  typeof value === "boolean"
    ? value
      ? 1
      : 0
    : typeof value === "number"
      ? Math.trunc(value)
      : Number.parseInt(String(value), 10) || 0

/** A value a rule accepted as numeric, as a number. */
export const toNumber = (value: unknown): number =>
  typeof value === "number" ? value : Number(String(value).trim()) || 0

/** A value a rule accepted as boolean. */
export const toBool = (value: unknown): boolean => value === true || value === 1 || value === "1"

/** Sorts and filters shared by the lists (§7.2). */
export { ListQuery }
