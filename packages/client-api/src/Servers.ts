/**
 * `GET /api/client` and `/servers/{server}` overview routes: the server list, one server with the
 * caller's permissions, websocket credentials, live resources, the activity log, console commands
 * and power actions (§8.1 "General" and "Server overview", §4.1, §4.6, §9.1 `server`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Redacted from "effect/Redacted"
import type * as Stream from "effect/Stream"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Activity from "./Activity.js"
import * as Php from "./internal/php.js"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import { Allocation } from "./Network.js"
import { EggVariable } from "./Startup.js"
import { Subuser } from "./Subusers.js"

/**
 * What any `/servers/{server}/…` route can fail with besides `PanelError.Common`: the server is
 * unknown or not visible to the user (404), or in a state that forbids the action (409, §4.1).
 *
 * @since 0.1.0
 * @category errors
 */
export type ServerError = PanelError.Common | PanelError.NotFound | PanelError.ServerStateConflict

/**
 * The client `egg` include (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Egg = Schema.Struct({ uuid: Schema.String, name: Schema.String })

/**
 * @since 0.1.0
 * @category models
 */
export interface Egg extends Schema.Schema.Type<typeof Egg> {}

/**
 * A server's `status` (§9.1); `null` when it is installed and usable.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.NullOr(
  Schema.Literal("installing", "install_failed", "reinstall_failed", "suspended", "restoring_backup")
)

/**
 * A client `server` (§9.1), with its relationships inside `relationships` as the panel sends
 * them: `allocations` and `variables` always, `egg` and `subusers` only when included.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Server = Schema.Struct({
  /** Whether the caller owns the server. */
  server_owner: Schema.Boolean,
  /** The 8-character short UUID, usable wherever a `server` argument is taken. */
  identifier: Schema.String,
  internal_id: Schema.Int,
  uuid: Schema.String,
  name: Schema.String,
  /** The node's name. */
  node: Schema.String,
  is_node_under_maintenance: Schema.Boolean,
  sftp_details: Schema.Struct({ ip: Schema.String, port: Schema.Int }),
  description: Schema.String,
  limits: Schema.Struct({
    memory: Schema.Int,
    swap: Schema.Int,
    disk: Schema.Int,
    io: Schema.Int,
    cpu: Schema.Int,
    threads: Schema.NullOr(Schema.String),
    oom_disabled: Schema.Boolean
  }),
  /** The startup command, `[hidden]` for variables the user may not read (§4.5). */
  invocation: Schema.String,
  docker_image: Schema.String,
  egg_features: Schema.NullOr(Schema.Array(Schema.String)),
  feature_limits: Schema.Struct({
    databases: Schema.NullOr(Schema.Int),
    allocations: Schema.NullOr(Schema.Int),
    backups: Schema.NullOr(Schema.Int)
  }),
  status: Status,
  /** Deprecated by the panel; use `status`. */
  is_suspended: Schema.Boolean,
  /** Deprecated by the panel; use `status`. */
  is_installing: Schema.Boolean,
  is_transferring: Schema.Boolean,
  relationships: Schema.Struct({
    /** Only the primary allocation, notes `null`, without `allocation.read` (§4.5). */
    allocations: Envelope.List(Envelope.Item("allocation", Allocation)),
    /** A null resource without `startup.read` (§4.5). */
    variables: Envelope.Relationship(Envelope.List(Envelope.Item("egg_variable", EggVariable))),
    egg: Schema.optional(Envelope.Item("egg", Egg)),
    /** A null resource without `user.read` (§4.5). */
    subusers: Schema.optional(Envelope.Relationship(Envelope.List(Envelope.Item("server_subuser", Subuser))))
  })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Server extends Schema.Schema.Type<typeof Server> {}

/**
 * `GET /servers/{server}`: the server and a top-level `meta` with the caller's standing.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerView = Schema.Struct({
  object: Schema.Literal("server"),
  attributes: Server,
  // app/Services/Servers/GetUserPermissionsService.php::handle: a subuser's stored array, which
  // is an object when it has gaps in its keys (docs/panel/client-api.md §4.2).
  meta: Schema.Struct({ is_server_owner: Schema.Boolean, user_permissions: Php.StringList })
})

/**
 * One server with what the caller may do on it.
 *
 * @since 0.1.0
 * @category models
 */
export interface ServerDetails {
  readonly server: Server
  readonly is_server_owner: boolean
  /**
   * `["*"]` for the owner; `*` plus the three `admin.websocket.*` for every root admin, owner or
   * not; else the subuser's list (§4.3).
   */
  readonly user_permissions: ReadonlyArray<string>
}

/**
 * `stats` from `GET /servers/{server}/resources` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Stats = Schema.Struct({
  /** `running`, `starting`, `stopping` or `offline` as Wings reports it; `stopped` by default. */
  current_state: Schema.String,
  is_suspended: Schema.Boolean,
  resources: Schema.Struct({
    memory_bytes: Schema.Number,
    cpu_absolute: Schema.Number,
    disk_bytes: Schema.Number,
    network_rx_bytes: Schema.Number,
    network_tx_bytes: Schema.Number,
    uptime: Schema.Number
  })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Stats extends Schema.Schema.Type<typeof Stats> {}

/**
 * The websocket credentials `{data: {token, socket}}` (§8.1). The JWT is valid ten minutes.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Websocket = Schema.Struct({
  data: Schema.Struct({ token: Schema.Redacted(Schema.String), socket: Schema.String })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface WebsocketCredentials {
  readonly token: Redacted.Redacted<string>
  /** `wss://…/api/servers/<uuid>/ws` (or `ws://`). */
  readonly socket: string
}

/**
 * The query of the server list (§4.6): `type`, the filters (partial matches; `*` matches several
 * fields and `ip:port`), `include`, and pagination. The panel validates neither `page` nor
 * `per_page` (`app/Http/Controllers/Api/Client/ClientController.php::index`): `per_page` defaults
 * to 50 and is capped at 100, `0` means 15 and a negative value means every server on one page; a
 * `page` below 1 is page 1. The page's `perPage` says what was used.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListQuery {
  readonly type?: "owner" | "admin" | "admin-all" | undefined
  readonly filter?:
    | {
        readonly uuid?: string | undefined
        readonly name?: string | undefined
        readonly description?: string | undefined
        readonly external_id?: string | undefined
        readonly "*"?: string | undefined
      }
    | undefined
  readonly include?: ReadonlyArray<"egg" | "subusers"> | undefined
  readonly page?: number | undefined
  readonly per_page?: number | undefined
}

/**
 * A power signal (§8.1).
 *
 * @since 0.1.0
 * @category models
 */
export type Signal = "start" | "stop" | "restart" | "kill"

const signals: ReadonlyArray<Signal> = ["start", "stop", "restart", "kill"]

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /api/client`: one page of the servers the user can access. */
  readonly list: (query?: ListQuery) => Effect.Effect<Pagination.Page<Server>, PanelError.Common>
  /** Every server on every page, with the same query on each request. */
  readonly stream: (query?: Omit<ListQuery, "page">) => Stream.Stream<Server, PanelError.Common>
  /** `GET /servers/{server}`: allowed in any server state, so no 409 (§4.1). */
  readonly get: (server: string) => Effect.Effect<ServerDetails, PanelError.Common | PanelError.NotFound>
  /**
   * `GET /servers/{server}/websocket` (`websocket.connect`, else a 403 `HttpForbiddenException`;
   * during a transfer `admin.websocket.transfer` too).
   */
  readonly websocket: (server: string) => Effect.Effect<WebsocketCredentials, ServerError>
  /**
   * `GET /servers/{server}/resources`: live usage from Wings, cached 20 s. Any Wings failure is a
   * 504 `DaemonConnectionException` (`PanelServerError`), whatever Wings answered
   * (`app/Repositories/Wings/DaemonServerRepository.php::getDetails`).
   */
  readonly resources: (server: string) => Effect.Effect<Stats, ServerError>
  readonly activity: {
    /** `GET /servers/{server}/activity` (`activity.read`): one page. */
    readonly list: (
      server: string,
      query?: Activity.Query
    ) => Effect.Effect<Pagination.Page<Activity.ActivityLog>, ServerError>
    /** Every entry of every page. */
    readonly stream: (
      server: string,
      query?: Omit<Activity.Query, "page">
    ) => Stream.Stream<Activity.ActivityLog, ServerError>
  }
  /**
   * `POST /servers/{server}/command` (`control.console`). An offline server is a 502
   * `HttpException` (`PanelServerError`, "Server must be online in order to send commands.");
   * other Wings failures are `DaemonConnectionException` with Wings' status.
   */
  readonly command: (server: string, command: string) => Effect.Effect<void, ServerError | PanelError.ValidationFailed>
  /** `POST /servers/{server}/power`; the signal's permission is `control.<signal>`, `kill` needs `control.stop`. */
  readonly power: (server: string, signal: Signal) => Effect.Effect<void, ServerError | PanelError.ValidationFailed>
}

/**
 * The servers group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const list = (query: ListQuery = {}) =>
    Request.page(
      panel,
      {
        operation: "ClientApi.servers.list",
        method: "GET",
        path: "",
        query: { type: query.type, ...Request.listQuery(query) }
      },
      "server",
      Server
    ).pipe(PanelError.narrow())

  const activity = (server: string, query: Activity.Query = {}) =>
    Request.page(
      panel,
      {
        operation: "ClientApi.servers.activity",
        method: "GET",
        path: PanelClient.path`/servers/${server}/activity`,
        query: Request.listQuery(query)
      },
      "activity_log",
      Activity.ActivityLog
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict"))

  return {
    list,
    stream: (query = {}) => Pagination.paginate((page) => list({ ...query, page })),
    get: (server) =>
      panel
        .json(
          { operation: "ClientApi.servers.get", method: "GET", path: PanelClient.path`/servers/${server}` },
          ServerView
        )
        .pipe(
          Effect.map(
            (body): ServerDetails => ({
              server: body.attributes,
              is_server_owner: body.meta.is_server_owner,
              user_permissions: body.meta.user_permissions
            })
          ),
          PanelError.narrow("NotFound")
        ),
    websocket: (server) =>
      panel
        .json(
          {
            operation: "ClientApi.servers.websocket",
            method: "GET",
            path: PanelClient.path`/servers/${server}/websocket`
          },
          Websocket
        )
        .pipe(
          Effect.map((body) => body.data),
          PanelError.narrow("NotFound", "ServerStateConflict")
        ),
    resources: (server) =>
      Request.item(
        panel,
        {
          operation: "ClientApi.servers.resources",
          method: "GET",
          path: PanelClient.path`/servers/${server}/resources`
        },
        "stats",
        Stats
      ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
    activity: {
      list: activity,
      stream: (server, query = {}) => Pagination.paginate((page) => activity(server, { ...query, page }))
    },
    command: (server, command) => {
      const path = PanelClient.path`/servers/${server}/command`
      // app/Http/Requests/Api/Client/Servers/SendCommandRequest.php::rules: required|string|min:1
      // (min:1 cannot fail once required passed).
      return Validate.refuse("POST", path, [Validate.required("command", command)]).pipe(
        Effect.zipRight(
          panel.empty({ operation: "ClientApi.servers.command", method: "POST", path, body: Request.json({ command }) })
        ),
        PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
      )
    },
    power: (server, signal) => {
      const path = PanelClient.path`/servers/${server}/power`
      // The panel trims input, so " restart" is a valid signal; the trimmed value is sent. Rules:
      // app/Http/Requests/Api/Client/Servers/SendPowerRequest.php::rules (required|string|in). For
      // a subuser the panel answers an unknown signal with a 403 (the permission is `__invalid`),
      // for an owner with this 422; the typed input makes it reachable only from untyped callers.
      const trimmed = typeof signal === "string" ? Validate.trim(signal) : signal
      return Validate.refuse("POST", path, [
        Validate.field(Validate.required("signal", trimmed), Validate.oneOf("signal", trimmed, signals))
      ]).pipe(
        Effect.zipRight(
          panel.empty({
            operation: "ClientApi.servers.power",
            method: "POST",
            path,
            body: Request.json({ signal: trimmed })
          })
        ),
        PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
      )
    }
  }
}
