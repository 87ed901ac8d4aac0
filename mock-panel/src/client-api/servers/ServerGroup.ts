/**
 * The `/servers/{server}` group of `routes/api-client.php` (§8.1): every route in it binds
 * `{server}` (`SubstituteClientBindings`) and runs `AuthenticateServerAccess` (§4.1); the
 * controllers read the bound server afresh and check permissions the way the panel's do.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Bindings from "../../http/Bindings.js"
import * as Failure from "../../http/Failure.js"
import { type Binding, define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import type * as Fixture from "../../state/Fixture.js"
import { can, serverPermissions } from "../../state/Permissions.js"
import { read, type State, type Store } from "../../state/Store.js"

/**
 * The permission check a controller does itself, after validation (§4.4: backups and server
 * activity), failing with `AccessDeniedHttpException`.
 *
 * @since 0.1.0
 * @category permissions
 */
export const authorizeInController = (
  ctx: RequestContext,
  permission: string
): Effect.Effect<void, Failure.PanelFailure, Store> =>
  Effect.flatMap(read, (state) =>
    can(serverPermissions(state, ctx.auth!.user, ctx.models.server!), permission)
      ? Effect.void
      : Effect.fail(Failure.accessDenied())
  )

/**
 * Whether the caller holds a permission on the bound server (§4.3).
 *
 * @since 0.1.0
 * @category permissions
 */
export const holds = (state: State, ctx: RequestContext, permission: string): boolean =>
  can(serverPermissions(state, ctx.auth!.user, ctx.models.server!), permission)

/**
 * The bound server, whose fresh row is read from the state.
 *
 * @since 0.1.0
 * @category models
 */
export const serverOf = (state: State, ctx: RequestContext): Fixture.Server =>
  state.servers.find((s) => s.id === ctx.models.server!.id) ?? ctx.models.server!

/**
 * A `/servers/{server}/…` client route (§8.1): binds `{server}` (then the given bindings) and
 * runs the access and state checks of §4.1.
 *
 * @since 0.1.0
 * @category routes
 */
export const serverRoute = (
  route: Omit<RouteDefinition, "api" | "bindings" | "server"> & {
    readonly bindings?: ReadonlyArray<Binding>
    readonly stateCheck?: boolean
  }
): RouteDefinition => {
  const { bindings, stateCheck, ...rest } = route
  return define({
    ...rest,
    api: "client",
    bindings: [Bindings.clientServer, ...(bindings ?? [])],
    server: { stateCheck: stateCheck ?? true }
  })
}
