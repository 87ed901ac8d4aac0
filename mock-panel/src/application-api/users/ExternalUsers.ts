/**
 * `ExternalUserController` (§8.2 `GET /users/external/{external_id}`), looked up in the
 * controller, so after the ACL.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { Store } from "../../state/Store.js"
import { userItem } from "./Users.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
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
