/**
 * `routes/api-application.php`, `/nests` (§8.2): nests (paginated, ACL `nests`) and their eggs
 * (not paginated, scoped to the nest, ACL `eggs`, §3.3).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as App from "../Support.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import * as T from "../../client-api/Transformers.js"
import * as A from "../Transformers.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nests",
    api: "application",
    name: "api:application.nests",
    acl: { resource: "nests", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        // No query builder here: `filter` and `sort` are ignored.
        const state = yield* App.state
        const context = App.context(ctx, state)
        const includes = App.includes(ctx)
        return App.page(ctx, state.nests, "/api/application/nests", (n) => A.nest(context, n, includes))
      })
  }),
  define({
    method: "GET",
    path: "/api/application/nests/{nest}",
    api: "application",
    name: "api:application.nests.view",
    bindings: [App.nest],
    acl: { resource: "nests", level: 1 },
    handle: (ctx) =>
      Effect.map(App.state, (state) => ({
        status: 200,
        body: A.nest(App.context(ctx, state), ctx.models.nest!, App.includes(ctx))
      }))
  }),
  define({
    method: "GET",
    path: "/api/application/nests/{nest}/eggs",
    api: "application",
    name: "api:application.nests.eggs",
    bindings: [App.nest],
    acl: { resource: "eggs", level: 1 },
    handle: (ctx) =>
      Effect.map(App.state, (state) => {
        const context = App.context(ctx, state)
        const includes = App.includes(ctx)
        const eggs = state.eggs.filter((e) => e.nest_id === ctx.models.nest!.id)
        return { status: 200, body: T.list(eggs.map((e) => A.eggItem(context, e, includes))) }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/nests/{nest}/eggs/{egg}",
    api: "application",
    name: "api:application.nests.eggs.view",
    bindings: [App.nest, App.egg],
    acl: { resource: "eggs", level: 1 },
    handle: (ctx) =>
      Effect.map(App.state, (state) => ({
        status: 200,
        body: A.eggItem(App.context(ctx, state), ctx.models.egg!, App.includes(ctx))
      }))
  })
]
