/**
 * `EggController` (§8.2 `/nests/{nest}/eggs`): a nest's eggs, not paginated, scoped to the
 * nest, ACL `eggs` (§3.3).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { define, type RouteDefinition } from "../../http/Route.js"
import * as Fractal from "../../laravel/Fractal.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import { read } from "../../state/Store.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nests/{nest}/eggs",
    api: "application",
    name: "api:application.nests.eggs",
    bindings: [Bindings.nest],
    acl: { resource: "eggs", level: 1 },
    handle: (ctx) =>
      Effect.map(read, (state) => {
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        const eggs = state.eggs.filter((e) => e.nest_id === ctx.models.nest!.id)
        return { status: 200, body: Fractal.list(eggs.map((e) => A.eggItem(context, e, includes))) }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/nests/{nest}/eggs/{egg}",
    api: "application",
    name: "api:application.nests.eggs.view",
    bindings: [Bindings.nest, Bindings.egg],
    acl: { resource: "eggs", level: 1 },
    handle: (ctx) =>
      Effect.map(read, (state) => ({
        status: 200,
        body: A.eggItem(A.context(ctx, state), ctx.models.egg!, A.includes(ctx))
      }))
  })
]
