/**
 * `ExternalServerController` (§8.2 `GET /servers/external/{external_id}`), looked up in the
 * controller, so after the ACL.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { read } from "../../state/Store.js"
import * as Mysql from "../../state/Mysql.js"
import { view } from "./Servers.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/servers/external/{external_id}",
    api: "application",
    name: "api:application.servers.external",
    acl: { resource: "servers", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        // Looked up in the controller (`firstOrFail`), so after the ACL.
        const state = yield* read
        const row = state.servers.find((s) => Mysql.sameText(s.external_id, ctx.params.external_id ?? ""))
        if (row === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: yield* view(ctx, row) }
      })
  })
]
