/**
 * The Application API (`/api/application`, §8.2) as one service, grouped as the panel's
 * route file: users, nodes, allocations, locations, servers, databases, nests, eggs.
 *
 * It takes an application key (`ptla_`) or a client key (`ptlc_`): a root admin's client key has
 * full access (§2.4 row 13); anyone else's is refused by the panel with a 403 that arrives as
 * `InsufficientPermissions` with reason `not-root-admin` (rows 10 and 14).
 *
 * @since 0.1.0
 */
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as ApiKey from "@ptero-effect/core/ApiKey"
import type * as Credentials from "@ptero-effect/core/Credentials"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import type * as PanelError from "@ptero-effect/core/PanelError"
import type * as RateLimit from "@ptero-effect/core/RateLimit"
import * as Allocations from "./Allocations.js"
import * as Databases from "./Databases.js"
import * as Eggs from "./Eggs.js"
import * as Locations from "./Locations.js"
import * as Nests from "./Nests.js"
import type * as Request from "./internal/request.js"
import * as Nodes from "./Nodes.js"
import * as Servers from "./Servers.js"
import * as Users from "./Users.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `/users` */
  readonly users: Users.Service
  /** `/nodes` */
  readonly nodes: Nodes.Service
  /** `/nodes/{id}/allocations` */
  readonly allocations: Allocations.Service
  /** `/locations` */
  readonly locations: Locations.Service
  /** `/servers` */
  readonly servers: Servers.Service
  /** `/servers/{id}/databases` */
  readonly databases: Databases.Service
  /** `/nests` */
  readonly nests: Nests.Service
  /** `/nests/{id}/eggs` */
  readonly eggs: Eggs.Service
  /** The key used for requests, rotatable. */
  readonly credentials: Credentials.Service
  /** The last rate-limit quota the panel reported (240 a minute by default, §5). */
  readonly rateLimit: RateLimit.Tracker
}

/**
 * What a create answers (201): the new object and `meta.resource`, its absolute URL (§7.1).
 *
 * @since 0.1.0
 * @category models
 */
export type Created<A> = Request.Created<A>

/**
 * The Application API in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class ApplicationApi extends Context.Tag("@ptero-effect/app-api/ApplicationApi")<ApplicationApi, Service>() {}

/**
 * Options of `make` and `layer`: those of `PanelClient.make` without `api`.
 *
 * @since 0.1.0
 * @category models
 */
export type Options = Omit<PanelClient.Options, "api">

/**
 * The service over an existing panel client, which must have been made for `api: "application"`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPanelClient = (panel: PanelClient.Service): Service => ({
  users: Users.make(panel),
  nodes: Nodes.make(panel),
  allocations: Allocations.make(panel),
  locations: Locations.make(panel),
  servers: Servers.make(panel),
  databases: Databases.make(panel),
  nests: Nests.make(panel),
  eggs: Eggs.make(panel),
  credentials: panel.credentials,
  rateLimit: panel.rateLimit
})

/**
 * Creates the service. Requires an `HttpClient` (for example `FetchHttpClient.layer`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Effect.map(PanelClient.make({ ...options, api: "application" }), fromPanelClient)

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<ApplicationApi, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Layer.effect(ApplicationApi, make(options))

/**
 * Options of `layerConfig`: everything but the URL and key, which come from configuration.
 *
 * @since 0.1.0
 * @category models
 */
export type ConfigOptions = Omit<Options, "url" | "credentials"> & {
  /** Default: `PTERODACTYL_URL`. */
  readonly url?: Config.Config<string>
  /** Default: `PTERODACTYL_APPLICATION_KEY`. */
  readonly key?: Config.Config<ApiKey.ApiKey>
}

/**
 * The service configured from `PTERODACTYL_URL` and `PTERODACTYL_APPLICATION_KEY` (or the given
 * configs). A missing or malformed value is a `ConfigError` naming the variable, never its value.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: ConfigOptions = {}
): Layer.Layer<ApplicationApi, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(ApplicationApi, Effect.map(PanelClient.PanelClient, fromPanelClient)).pipe(
    Layer.provide(PanelClient.layerConfig({ ...options, api: "application" }))
  )
