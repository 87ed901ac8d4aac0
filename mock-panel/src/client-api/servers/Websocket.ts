/**
 * `WebsocketController` (§8.1 `GET /servers/{server}/websocket`): the credentials for Wings'
 * console websocket, a JWT signed for the node and the socket URL.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as Effect from "effect/Effect"
import { stateConflict } from "../../http/Kernel.js"
import * as Jwt from "../../wings/Jwt.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RouteDefinition } from "../../http/Route.js"
import * as PhpArray from "../../laravel/PhpArray.js"
import * as Permissions from "../../state/Permissions.js"
import { daemonToken, randomString } from "../../state/Generate.js"
import * as S from "./ServerGroup.js"
import { now, read } from "../../state/Store.js"

/**
 * The node's Wings address, `scheme://fqdn:daemon_listen` (`Node::getConnectionAddress`).
 *
 * @since 0.1.0
 * @category helpers
 */
export const connectionAddress = (node: Fixture.Node | undefined): string =>
  node === undefined ? "" : `${node.scheme}://${node.fqdn}:${node.daemon_listen}`

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/websocket",
    name: "api:client:server.ws",
    // The state check runs in the handler: root admins are exempt while the server installs,
    // restores or transfers (§4.1).
    stateCheck: false,
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const server = S.serverOf(state, ctx)
        const user = ctx.auth!.user
        const node = state.nodes.find((n) => n.id === server.node_id)
        const conflict = stateConflict(server, node)
        const adminExempt =
          user.root_admin && server.status !== "suspended" && node?.maintenance_mode !== true && conflict !== undefined
        if (conflict !== undefined && !adminExempt) return yield* Effect.fail(Failure.serverStateConflict(conflict))
        const permissions = Permissions.serverPermissions(state, user, server)
        if (!Permissions.can(permissions, "websocket.connect")) {
          return yield* Effect.fail(
            Failure.forbidden("You do not have permission to connect to this server's websocket.")
          )
        }
        const granted = Permissions.userPermissionsMeta(state, user, server)
        if (server.transferring && !PhpArray.values(granted).includes("admin.websocket.transfer")) {
          return yield* Effect.fail(Failure.forbidden("You do not have permission to view server transfer logs."))
        }
        const seconds = Math.floor((yield* now) / 1000)
        const address = connectionAddress(node)
        const jti = Crypto.createHash("md5").update(`${user.id}${server.uuid}`).digest("hex")
        // NodeJWTService::handle, signed with the node's daemon token; `scope` is panel 1.12.3's,
        // which Wings 1.12.2 requires (§12.3).
        const token = Jwt.sign(
          {
            iss: ctx.baseUrl,
            aud: [address],
            jti,
            iat: seconds,
            nbf: seconds - 300,
            exp: seconds + 600,
            server_uuid: server.uuid,
            permissions: granted,
            scope: "websocket",
            user_uuid: user.uuid,
            user_id: user.id,
            unique_id: yield* randomString(16)
          },
          node === undefined ? "" : daemonToken(node).token,
          { jti }
        )
        // The mock is its nodes' Wings too: the socket is on the address this request came to,
        // where the node's would be `ws(s)://fqdn:daemon_listen` (§12.4).
        const socket = `ws://${ctx.headers.host ?? "127.0.0.1"}/api/servers/${server.uuid}/ws`
        return { status: 200, body: { data: { token, socket } } }
      })
  })
]
