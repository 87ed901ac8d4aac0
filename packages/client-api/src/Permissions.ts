/**
 * `GET /api/client/permissions`: the catalogue of subuser permissions (§4.2, §9.1
 * `system_permissions`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"

/**
 * One permission group: its description and `key → description` (the permission string is
 * `group.key`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PermissionGroup = Schema.Struct({
  description: Schema.String,
  keys: Schema.Record({ key: Schema.String, value: Schema.String })
})

/**
 * `system_permissions` attributes: `permissions` keyed by group.
 *
 * @since 0.1.0
 * @category schemas
 */
export const SystemPermissions = Schema.Struct({
  permissions: Schema.Record({ key: Schema.String, value: PermissionGroup })
})

/**
 * Groups keyed by name, e.g. `control` → `{description, keys: {start: "…", …}}`.
 *
 * @since 0.1.0
 * @category models
 */
export type Catalogue = Schema.Schema.Type<typeof SystemPermissions>["permissions"]

/**
 * Every permission string of a catalogue, `group.key`.
 *
 * @since 0.1.0
 * @category accessors
 */
export const flatten = (catalogue: Catalogue): ReadonlyArray<string> =>
  Object.entries(catalogue).flatMap(([group, { keys }]) => Object.keys(keys).map((key) => `${group}.${key}`))

/**
 * `GET /api/client/permissions`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service) => (): Effect.Effect<Catalogue, PanelError.Common> =>
  Request.item(
    panel,
    { operation: "ClientApi.permissions", method: "GET", path: "/permissions" },
    "system_permissions",
    SystemPermissions
  ).pipe(
    Effect.map((attributes) => attributes.permissions),
    PanelError.narrow()
  )
