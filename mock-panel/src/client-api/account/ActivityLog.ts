/**
 * The account's `ActivityLogController` (§8.1 `GET /account/activity`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { define, type RouteDefinition } from "../../http/Route.js"
import { read } from "../../state/Store.js"
import * as Activity from "../Activity.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/client/account/activity",
    api: "client",
    name: "api:client.account.activity",
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const user = ctx.auth!.user
        return yield* Activity.page(
          state,
          ctx,
          state.client.activity.filter((a) => a.subject_user_id === user.id),
          `${ctx.baseUrl}/api/client/account/activity`
        )
      })
  })
]
