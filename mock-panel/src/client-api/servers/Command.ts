/**
 * `CommandController` (§8.1 `POST /servers/{server}/command`): a console command, refused by
 * Wings while the server is offline.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Failure from "../../http/Failure.js"
import type { RouteDefinition } from "../../http/Route.js"
import * as Activity from "../Activity.js"
import * as S from "./ServerGroup.js"
import { modify, now, read } from "../../state/Store.js"
import { Daemon } from "../../wings/websocket/Daemon.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/command",
    name: "api:client:server.command",
    permission: "control.console",
    // SendCommandRequest::rules()
    request: { rules: { command: "required|string|min:1" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const command = String(ctx.input.command)
        const reply = yield* modify((state) => {
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
        // The process reads it as if typed on the console (§12.10).
        const daemon = yield* Effect.serviceOption(Daemon)
        if (Option.isSome(daemon)) yield* daemon.value.command(S.serverOf(yield* read, ctx).uuid, command)
        return reply
      })
  })
]
