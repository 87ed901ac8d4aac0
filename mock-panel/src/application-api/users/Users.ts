/**
 * `routes/api-application.php`, `/users` (§8.2).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Bindings from "../../http/Bindings.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { type State, Store } from "../../state/Store.js"
import { list, pageNumber, paginate } from "../../laravel/Fractal.js"
import * as A from "../Transformers.js"
import * as Responses from "../Responses.js"

const FILTERS = ["email", "uuid", "username", "external_id"]
const SORTS = ["id", "uuid"]

// The shared application transformer: nested includes (`servers.allocations`) included.
const userItem = (state: State, ctx: RequestContext, user: Fixture.User) =>
  A.user(A.context(ctx, state), user, A.includes(ctx))

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/users",
    api: "application",
    name: "api:application.users",
    acl: { resource: "users", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const sorts = yield* ListQuery.sorts(ctx.query, SORTS)
        const state = yield* Ref.get((yield* Store).state)
        let users = state.users
        for (const [name, alternatives] of filters) {
          users = users.filter((u) =>
            ListQuery.partial(name === "external_id" ? u.external_id : (u[name as "email"] ?? null), alternatives)
          )
        }
        users = ListQuery.applySorts(users, sorts)
        const page = paginate(users, {
          page: pageNumber(ctx.query.page),
          perPage: Responses.perPage(ctx.query.per_page),
          url: `${ctx.baseUrl}/api/application/users`,
          query: {}
        })
        return { status: 200, body: { ...list(page.items.map((u) => userItem(state, ctx, u))), meta: page.meta } }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/users/{user}",
    api: "application",
    name: "api:application.users.view",
    bindings: [Bindings.user],
    acl: { resource: "users", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* Ref.get((yield* Store).state)
        return { status: 200, body: userItem(state, ctx, ctx.models.user!) }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/users/external/{external_id}",
    api: "application",
    name: "api:application.users.external",
    acl: { resource: "users", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* Ref.get((yield* Store).state)
        const wanted = (ctx.params.external_id ?? "").toLowerCase()
        const user = state.users.find((u) => u.external_id !== null && u.external_id.toLowerCase() === wanted)
        if (user === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: userItem(state, ctx, user) }
      })
  })
]
