/**
 * The Pterodactyl Client API (`/api/client`, §8.1) as one Effect service, its methods grouped
 * the way the panel's route file groups them.
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
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import type * as Scope from "effect/Scope"
import type * as WebSocketDialer from "@ptero-effect/core/WebSocketDialer"
import * as Account from "./Account.js"
import * as Backups from "./Backups.js"
import * as Console from "./Console.js"
import * as Databases from "./Databases.js"
import * as Files from "./Files.js"
import * as Network from "./Network.js"
import * as Permissions from "./Permissions.js"
import * as Schedules from "./Schedules.js"
import * as Servers from "./Servers.js"
import * as Settings from "./Settings.js"
import * as Startup from "./Startup.js"
import * as Subusers from "./Subusers.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The underlying panel client: its `credentials`, the last `rateLimit` quota seen, raw `send`. */
  readonly panel: PanelClient.Service
  readonly account: Account.Service
  /** `GET /api/client/permissions`: the subuser permission catalogue (§4.2). */
  readonly permissions: () => Effect.Effect<Permissions.Catalogue, PanelError.Common>
  readonly servers: Servers.Service
  readonly databases: Databases.Service
  readonly files: Files.Service
  readonly schedules: Schedules.Service
  readonly network: Network.Service
  readonly subusers: Subusers.Service
  readonly backups: Backups.Service
  readonly startup: Startup.Service
  readonly settings: Settings.Service
  /**
   * The server's live console over Wings' websocket (§12): connected and authenticated when this
   * succeeds, open until the scope closes. Needs a `WebSocketDialer` (`NodeSocket.layer` from
   * `@ptero-effect/node` on Node).
   */
  readonly console: (
    server: string,
    options?: Console.Options
  ) => Effect.Effect<Console.Console, Console.ConsoleError, WebSocketDialer.WebSocketDialer | Scope.Scope>
}

/**
 * The Client API in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class ClientApi extends Context.Tag("@ptero-effect/client-api/ClientApi")<ClientApi, Service>() {}

/**
 * Options of `make` and `layer`: those of `PanelClient.make` except the API, which is `client`.
 *
 * @since 0.1.0
 * @category models
 */
export type Options = Omit<PanelClient.Options, "api" | "guard">

/**
 * The panel's answer to an application key on the client API (§2.4 row 11), given before
 * anything is sent.
 *
 * @since 0.1.0
 * @category constants
 */
export const APPLICATION_KEY_DETAIL =
  "You are attempting to use an application API key on an endpoint that requires a client API key."

/**
 * Refuses an application key (`ptla_`) with the 403 the panel would answer, so no request goes out
 * with it. Client keys, and legacy keys (whose type cannot be told from the value), pass.
 *
 * @since 0.1.0
 * @category guards
 */
export const refuseApplicationKey = (
  key: ApiKey.ApiKey,
  request: { readonly method: string; readonly path: string }
): PanelError.PanelError | undefined =>
  key.kind !== "application"
    ? undefined
    : new PanelError.InsufficientPermissions({
        method: request.method,
        path: request.path,
        status: 403,
        code: "AccessDeniedHttpException",
        detail: APPLICATION_KEY_DETAIL,
        reason: "application-key-on-client-api",
        errors: [
          new PanelError.ErrorEntry({
            code: "AccessDeniedHttpException",
            status: "403",
            detail: APPLICATION_KEY_DETAIL
          })
        ]
      })

/**
 * The service over an existing panel client (which should use `refuseApplicationKey` as its guard).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromPanel = (panel: PanelClient.Service): Service => {
  const servers = Servers.make(panel)
  return {
    panel,
    account: Account.make(panel),
    permissions: Permissions.make(panel),
    servers,
    databases: Databases.make(panel),
    files: Files.make(panel),
    schedules: Schedules.make(panel),
    network: Network.make(panel),
    subusers: Subusers.make(panel),
    backups: Backups.make(panel),
    startup: Startup.make(panel),
    settings: Settings.make(panel),
    console: Console.make(panel, servers)
  }
}

/**
 * Creates the service. Requires an `HttpClient` (e.g. `FetchHttpClient.layer`).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Effect.map(PanelClient.make({ ...options, api: "client", guard: refuseApplicationKey }), fromPanel)

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<ClientApi, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Layer.effect(ClientApi, make(options))

/**
 * The service configured from the environment: `PTERODACTYL_URL` and `PTERODACTYL_CLIENT_KEY`
 * unless other configs are given. A missing or malformed variable is a `ConfigError` naming it.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "url" | "credentials"> & {
    readonly url?: Config.Config<string> | undefined
    readonly key?: Config.Config<ApiKey.ApiKey> | undefined
  } = {}
): Layer.Layer<ClientApi, ConfigError.ConfigError, HttpClient.HttpClient> => {
  const { key, url, ...rest } = options
  return Layer.effect(
    ClientApi,
    Effect.flatMap(
      PanelClient.optionsConfig("client", { ...(url ? { url } : {}), ...(key ? { key } : {}) }),
      // The config already validated the URL and parsed the key, so make cannot fail here.
      (config) => Effect.orDie(make({ ...rest, url: config.url, credentials: config.credentials }))
    )
  )
}
