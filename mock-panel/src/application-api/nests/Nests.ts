/**
 * `NestController` (§8.2 `/nests`): nests, paginated, ACL `nests` (§3.3).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { define, type RouteDefinition } from "../../http/Route.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import { read } from "../../state/Store.js"

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
        const state = yield* read
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        return Responses.page(ctx, state.nests, "/api/application/nests", (n) => A.nest(context, n, includes))
      })
  }),
  define({
    method: "GET",
    path: "/api/application/nests/{nest}",
    api: "application",
    name: "api:application.nests.view",
    bindings: [Bindings.nest],
    acl: { resource: "nests", level: 1 },
    handle: (ctx) =>
      Effect.map(read, (state) => ({
        status: 200,
        body: A.nest(A.context(ctx, state), ctx.models.nest!, A.includes(ctx))
      }))
  })
]
