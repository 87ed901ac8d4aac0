/**
 * The server's `ActivityLogController` (§8.1 `GET /servers/{server}/activity`), which checks
 * `activity.read` itself (§4.4).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { RouteDefinition } from "../../http/Route.js"
import * as Activity from "../Activity.js"
import * as S from "./ServerGroup.js"
import { read } from "../../state/Store.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/activity",
    name: "api:client:server.activity",
    handle: (ctx) =>
      Effect.gen(function* () {
        // Checked in the controller (§4.4).
        yield* S.authorizeInController(ctx, "activity.read")
        const state = yield* read
        const server = S.serverOf(state, ctx)
        return yield* Activity.page(
          state,
          ctx,
          state.client.activity.filter((a) => a.server_id === server.id),
          `${ctx.baseUrl}/api/client/servers/${ctx.params.server}/activity`
        )
      })
  })
]
