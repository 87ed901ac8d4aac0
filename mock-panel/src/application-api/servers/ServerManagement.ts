/**
 * `ServerManagementController` (§8.2 `/servers/{server}/suspend`, `/unsuspend`, `/reinstall`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store } from "../../state/Store.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import { installUntil } from "./Servers.js"
import { reinstallRefused } from "../../wings/websocket/Daemon.js"

const setStatus = (ctx: RequestContext, next: (server: Fixture.Server) => Fixture.Server | Failure.PanelFailure) =>
  Effect.gen(function* () {
    const store = yield* Store
    const now = iso(yield* store.now)
    const id = ctx.models.server!.id
    const failure = yield* Ref.modify(store.state, (state): [Failure.PanelFailure | undefined, State] => {
      const current = state.servers.find((s) => s.id === id)
      if (current === undefined) return [Failure.notFound(), state]
      const row = next(current)
      if (row instanceof Failure.PanelFailure) return [row, state]
      if (row === current) return [undefined, state]
      return [
        undefined,
        { ...state, servers: state.servers.map((s) => (s.id === id ? { ...row, updated_at: now } : s)) }
      ]
    })
    if (failure !== undefined) return yield* Effect.fail(failure)
    return Responses.noContent
  })

const suspension = (suspend: boolean) => (server: Fixture.Server) => {
  if ((server.status === "suspended") === suspend) return server
  if (server.transferring) {
    return Failure.http(
      409,
      "ConflictHttpException",
      "Cannot toggle suspension status on a server that is currently being transferred."
    )
  }
  return { ...server, status: suspend ? ("suspended" as const) : null }
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "POST",
    path: "/api/application/servers/{server}/suspend",
    api: "application",
    name: "api:application.servers.suspend",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) => setStatus(ctx, suspension(true))
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/unsuspend",
    api: "application",
    name: "api:application.servers.unsuspend",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) => setStatus(ctx, suspension(false))
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/reinstall",
    api: "application",
    name: "api:application.servers.reinstall",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        yield* reinstallRefused(ctx.models.server!.uuid)
        const reply = yield* setStatus(ctx, (server) => ({ ...server, status: "installing" as const }))
        const now = yield* store.now
        yield* Ref.update(store.state, (state) =>
          installUntil(state, ctx.models.server!.id, now, store.fixture.settings.client.install_seconds)
        )
        return reply
      })
  })
]
