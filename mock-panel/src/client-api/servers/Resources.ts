/**
 * `ResourceUtilizationController` (§8.1 `GET /servers/{server}/resources`): the live figures
 * Wings would report for the server's power state.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Files from "../../wings/Volume.js"
import type { RouteDefinition } from "../../http/Route.js"
import * as T from "../Transformers.js"
import * as S from "./ServerGroup.js"
import { now, read } from "../../state/Store.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
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
  })
]
