/**
 * `ServerController` (`routes/api-client.php`, `GET /servers/{server}`, §8.1): binds `{server}`
 * (step 8) and runs the server access check (step 10) of §4.1, but not the state check.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Bindings from "../../http/Bindings.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { Store } from "../../state/Store.js"
import { includes } from "../../laravel/Fractal.js"
import * as T from "../Transformers.js"
import * as Permissions from "../../state/Permissions.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/client/servers/{server}",
    api: "client",
    name: "api:client:server.view",
    bindings: [Bindings.clientServer],
    // The one server route allowed in every server state (§4.1).
    server: { stateCheck: false },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* Ref.get((yield* Store).state)
        const user = ctx.auth!.user
        const server = ctx.models.server!
        return {
          status: 200,
          body: {
            ...T.server(state, server, user, includes(ctx.query.include)),
            meta: {
              is_server_owner: server.owner_id === user.id,
              user_permissions: Permissions.userPermissionsMeta(state, user, server)
            }
          }
        }
      })
  })
]
