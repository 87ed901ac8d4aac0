/**
 * `routes/api-application.php`, `/locations` (§8.2): list, view, create, update, delete.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import * as Validator from "../../laravel/Validator.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, read } from "../../state/Store.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["short", "long"]
const SORTS = ["id"]

const ATTRIBUTES = { long: "Location Description", short: "Location Identifier" }

// `StoreLocationRequest::rules()`: the `Location` model rules; an update ignores the location's
// own row for `unique`.
const rules = (ctx: RequestContext, state: State): Validator.Rules => {
  const others = state.locations.filter((l) => l.id !== ctx.models.location?.id)
  return {
    short: [
      "required",
      "string",
      "between:1,60",
      Validator.unique((v) => others.some((l) => Mysql.sameText(l.short, v)))
    ],
    long: "string|nullable|between:1,191"
  }
}

const view = (ctx: RequestContext, row: Fixture.Location) =>
  Effect.map(read, (state) => A.location(A.context(ctx, state), row, A.includes(ctx)))

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/locations",
    api: "application",
    name: "api:application.locations",
    acl: { resource: "locations", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const sorts = yield* ListQuery.sorts(ctx.query, SORTS)
        const state = yield* read
        let rows = state.locations
        for (const [name, alternatives] of filters) {
          rows = rows.filter((l) => ListQuery.partial(name === "short" ? l.short : l.long, alternatives))
        }
        rows = ListQuery.applySorts(rows, sorts)
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        return Responses.page(ctx, rows, "/api/application/locations", (l) => A.location(context, l, includes))
      })
  }),
  define({
    method: "GET",
    path: "/api/application/locations/{location}",
    api: "application",
    name: "api:application.locations.view",
    bindings: [Bindings.location],
    acl: { resource: "locations", level: 1 },
    handle: (ctx) => Effect.map(view(ctx, ctx.models.location!), (body) => ({ status: 200, body }))
  }),
  define({
    method: "POST",
    path: "/api/application/locations",
    api: "application",
    name: "api:application.locations.store",
    acl: { resource: "locations", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const created = yield* Ref.modify(store.state, (state): [Fixture.Location, State] => {
          const [id, next] = G.nextId(state, "locations", state.locations)
          const row: Fixture.Location = {
            id,
            short: Input.phpString(ctx.input.short),
            long: ctx.input.long === undefined || ctx.input.long === null ? null : Input.phpString(ctx.input.long),
            created_at: now,
            updated_at: now
          }
          return [row, { ...next, locations: [...next.locations, row] }]
        })
        return Responses.created(ctx, yield* view(ctx, created), `/api/application/locations/${created.id}`)
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/locations/{location}",
    api: "application",
    name: "api:application.locations.update",
    bindings: [Bindings.location],
    acl: { resource: "locations", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const id = ctx.models.location!.id
        const updated = yield* Ref.modify(store.state, (state): [Fixture.Location | undefined, State] => {
          const current = state.locations.find((l) => l.id === id)
          if (current === undefined) return [undefined, state]
          const row: Fixture.Location = {
            ...current,
            short: Input.phpString(ctx.input.short),
            ...(ctx.input.long !== undefined
              ? { long: ctx.input.long === null ? null : Input.phpString(ctx.input.long) }
              : {}),
            updated_at: now
          }
          return [row, { ...state, locations: state.locations.map((l) => (l.id === id ? row : l)) }]
        })
        if (updated === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: yield* view(ctx, updated) }
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/locations/{location}",
    api: "application",
    name: "api:application.locations.delete",
    bindings: [Bindings.location],
    acl: { resource: "locations", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const id = ctx.models.location!.id
        const blocked = yield* Ref.modify(store.state, (state): [boolean, State] => {
          if (state.nodes.some((n) => n.location_id === id)) return [true, state]
          return [false, { ...state, locations: state.locations.filter((l) => l.id !== id) }]
        })
        if (blocked) {
          return yield* Effect.fail(
            Failure.display("Cannot delete a location that has active nodes attached to it.", "HasActiveNodesException")
          )
        }
        return Responses.noContent
      })
  })
]
