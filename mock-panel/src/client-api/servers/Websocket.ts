/**
 * `routes/api-client.php`, `/servers/{server}` overview (§8.1): websocket credentials, live
 * resources, the server activity log, console commands and power actions.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as Effect from "effect/Effect"
import { stateConflict } from "../../http/Kernel.js"
import * as Files from "../../wings/Volume.js"
import * as Jwt from "../../wings/Jwt.js"
import * as Rules from "../../laravel/StringRules.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RouteDefinition } from "../../http/Route.js"
import * as T from "../Transformers.js"
import * as Activity from "../Activity.js"
import * as Permissions from "../../state/Permissions.js"
import * as S from "./ServerGroup.js"
import { modify, now, read, withClient } from "../../state/Store.js"

/**
 * The node's Wings address, `scheme://fqdn:daemon_listen` (`Node::getConnectionAddress`).
 *
 * @since 0.1.0
 * @category helpers
 */
export const connectionAddress = (node: Fixture.Node | undefined): string =>
  node === undefined ? "" : `${node.scheme}://${node.fqdn}:${node.daemon_listen}`

const POWER_PERMISSION: Record<string, string> = {
  start: "control.start",
  stop: "control.stop",
  kill: "control.stop",
  restart: "control.restart"
}

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
        const granted = Permissions.userPermissionsMeta(user, server, permissions)
        if (server.transferring && !granted.includes("admin.websocket.transfer")) {
          return yield* Effect.fail(Failure.forbidden("You do not have permission to view server transfer logs."))
        }
        const seconds = Math.floor((yield* now) / 1000)
        const address = connectionAddress(node)
        const token = Jwt.sign({
          iss: ctx.baseUrl,
          aud: [address],
          jti: Crypto.createHash("md5").update(`${user.id}${server.uuid}`).digest("hex"),
          iat: seconds,
          nbf: seconds - 300,
          exp: seconds + 600,
          user_id: user.id,
          user_uuid: user.uuid,
          server_uuid: server.uuid,
          permissions: granted
        })
        const socket = `${address.replace(/^https:\/\//, "wss://").replace(/^http:\/\//, "ws://")}/api/servers/${server.uuid}/ws`
        return { status: 200, body: { data: { token, socket } } }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/resources",
    name: "api:client:server.resources",
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const server = S.serverOf(state, ctx)
        const power = state.client.power[server.id] ?? "offline"
        const disk = Files.size(state.client.files[server.id] ?? [])
        const started = [...state.client.activity]
          .reverse()
          .find((a) => a.server_id === server.id && /^server:power\.(start|restart)$/.test(a.event))
        const uptime = started === undefined ? 0 : Math.max(0, (yield* now) - Date.parse(started.timestamp))
        return { status: 200, body: T.stats(server, power, disk, uptime) }
      })
  }),
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
          `${ctx.baseUrl}/api/client/servers/${server.uuid.slice(0, 8)}/activity`
        )
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/command",
    name: "api:client:server.command",
    permission: "control.console",
    validate: (ctx) => Rules.validate(ctx.input, { command: "required|string|min:1" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const command = String(ctx.input.command)
        return yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          // Wings refuses commands for a stopped server with a 502, which the panel relays.
          if ((state.client.power[server.id] ?? "offline") === "offline") {
            return Failure.http(502, "HttpException", "Server must be online in order to send commands.")
          }
          return [
            { status: 204 },
            Activity.log(state, ctx, at, "server:console.command", { server, properties: { command } })
          ]
        })
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/power",
    name: "api:client:server.power",
    // An unknown signal needs the impossible `__invalid`, so subusers get 403, not 422 (§4.5).
    permission: (ctx) => POWER_PERMISSION[String(ctx.input.signal ?? "")] ?? "__invalid",
    validate: (ctx) => Rules.validate(ctx.input, { signal: "required|string|in:start,stop,restart,kill" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const signal = String(ctx.input.signal)
        return yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          const power = signal === "stop" || signal === "kill" ? "offline" : "running"
          const next = withClient(state, { power: { ...state.client.power, [server.id]: power } })
          return [{ status: 204 }, Activity.log(next, ctx, at, `server:power.${signal}`, { server })]
        })
      })
  })
]
