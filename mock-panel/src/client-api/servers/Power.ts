/**
 * `PowerController` (§8.1 `POST /servers/{server}/power`): the signal's own permission (§4.5)
 * and the power state it leaves.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { RouteDefinition } from "../../http/Route.js"
import * as Activity from "../Activity.js"
import * as S from "./ServerGroup.js"
import { modify, now, read, withClient } from "../../state/Store.js"
import { Daemon } from "../../wings/websocket/Daemon.js"

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
    method: "POST",
    path: "/api/client/servers/{server}/power",
    name: "api:client:server.power",
    // An unknown signal needs the impossible `__invalid`, so subusers get 403, not 422 (§4.5).
    permission: (ctx) => POWER_PERMISSION[String(ctx.input.signal ?? "")] ?? "__invalid",
    // SendPowerRequest::rules()
    request: { rules: { signal: "required|string|in:start,stop,restart,kill" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const signal = String(ctx.input.signal)
        const daemon = yield* Effect.serviceOption(Daemon)
        if (Option.isSome(daemon)) {
          // Wings takes the action in the background and answers 202 whatever comes of it
          // (`router/router_server.go::postServerPower`); the same process the console drives.
          yield* daemon.value.power(S.serverOf(yield* read, ctx).uuid, signal)
          return yield* modify((state) => [
            { status: 204 },
            Activity.log(state, ctx, at, `server:power.${signal}`, { server: S.serverOf(state, ctx) })
          ])
        }
        return yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          const power = signal === "stop" || signal === "kill" ? "offline" : "running"
          const next = withClient(state, { power: { ...state.client.power, [server.id]: power } })
          return [{ status: 204 }, Activity.log(next, ctx, at, `server:power.${signal}`, { server })]
        })
      })
  })
]
