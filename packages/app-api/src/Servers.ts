/**
 * Servers (§8.2.5, object `server` of §9.2.7, and the `subuser` and `server_variable` includes).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Allocations from "./Allocations.js"
import * as Databases from "./Databases.js"
import * as Eggs from "./Eggs.js"
import * as Check from "./internal/check.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Variable from "./internal/variable.js"
import * as Locations from "./Locations.js"
import * as Nests from "./Nests.js"
import * as Nodes from "./Nodes.js"
import * as Users from "./Users.js"

/**
 * The status of a server; `null` once it is installed and running normally
 * (`app/Models/Server.php` `STATUS_*`, a nullable string column).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Status = Schema.NullOr(
  Schema.Literal("installing", "install_failed", "reinstall_failed", "suspended", "restoring_backup")
)

/**
 * Resource limits as the panel reports them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Limits = Schema.Struct({
  memory: Schema.Number,
  swap: Schema.Number,
  disk: Schema.Number,
  io: Schema.Number,
  cpu: Schema.Number,
  threads: Schema.NullOr(Schema.String),
  oom_disabled: Schema.Boolean
})

/**
 * How many databases, allocations and backups the server's users may create. `databases` and
 * `allocations` are nullable columns (`null`: no limit); `backups` is not null on a fresh install
 * (2020_04_26_111208_add_backup_limit_to_servers) but may be on an upgraded one.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FeatureLimits = Schema.Struct({
  databases: Schema.NullOr(Schema.Number),
  allocations: Schema.NullOr(Schema.Number),
  backups: Schema.NullOr(Schema.Number)
})

/**
 * The attributes of an application `server` (§9.2), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerFields = Schema.Struct({
  id: Schema.Int,
  external_id: Schema.NullOr(Schema.String),
  uuid: Schema.String,
  identifier: Schema.String,
  name: Schema.String,
  description: Schema.String,
  status: Status,
  /** Deprecated by the panel in favour of `status`. */
  suspended: Schema.Boolean,
  limits: Limits,
  feature_limits: FeatureLimits,
  /** The owner's user id. */
  user: Schema.Int,
  /** The node id. */
  node: Schema.Int,
  /** The primary allocation id. */
  allocation: Schema.Int,
  nest: Schema.Int,
  egg: Schema.Int,
  container: Schema.Struct({
    startup_command: Schema.String,
    image: Schema.String,
    /** `1` or `0`, an integer on the wire (`ServerTransformer::transform`); deprecated by the panel. */
    installed: Schema.Literal(0, 1),
    /**
     * Variables by name (the server's value, else the egg's default), plus `STARTUP`,
     * `P_SERVER_LOCATION`, `P_SERVER_UUID` and `P_SERVER_ALLOCATION_LIMIT` (a number or `null`)
     * (`app/Services/Servers/EnvironmentService.php::handle`).
     */
    environment: Schema.Record({ key: Schema.String, value: Schema.Unknown })
  }),
  updated_at: Schema.String,
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerFields extends Schema.Schema.Type<typeof ServerFields> {}

/**
 * An item of the server's `subusers` include (§9.2.8): `SubuserTransformer` output, named
 * `subuser` by `ServerTransformer::includeSubusers`. `permissions` is a nullable json column
 * (2020_03_22_163911_merge_permissions_table_into_subusers).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerSubuser = Schema.Struct({
  id: Schema.Int,
  user_id: Schema.Int,
  server_id: Schema.Int,
  permissions: Schema.NullOr(Schema.Array(Schema.String)),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerSubuser extends Schema.Schema.Type<typeof ServerSubuser> {}

/**
 * A `server_variable` include: the egg-variable columns plus the server's value (§9.2.9), `null`
 * when the server has no row for the variable (`Server::variables` left-joins them).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerVariable = Schema.Struct({
  ...Variable.fields,
  server_value: Schema.NullOr(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerVariable extends Schema.Schema.Type<typeof ServerVariable> {}

/**
 * The includes a server can carry; each is `null` when it is a null resource (§3.4). The
 * resource names are those passed in `app/Transformers/Api/Application/ServerTransformer.php`:
 * `subuser` for `subusers` and `databases` for `databases`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerRelationships = Schema.Struct({
  allocations: Schema.optional(Related.many("allocation", () => Allocations.AllocationFields)),
  user: Schema.optional(Related.one("user", () => Users.UserFields)),
  subusers: Schema.optional(Related.many("subuser", () => ServerSubuser)),
  nest: Schema.optional(Related.one("nest", () => Nests.NestFields)),
  egg: Schema.optional(Related.one("egg", () => Eggs.EggFields)),
  variables: Schema.optional(Related.many("server_variable", () => ServerVariable)),
  location: Schema.optional(Related.one("location", () => Locations.LocationFields)),
  node: Schema.optional(Related.one("node", () => Nodes.NodeFields)),
  databases: Schema.optional(Related.many("databases", () => Databases.ServerDatabaseFields))
})

/**
 * An application `server` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Server = Schema.Struct({
  ...ServerFields.fields,
  relationships: Schema.optional(ServerRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Server extends Schema.Schema.Type<typeof Server> {}

/**
 * Includes of the server endpoints. The panel also lists `transfer`, but `ServerTransformer` has
 * no `includeTransfer` method and answers a 500 for it (a panel bug), so it is left out.
 *
 * @since 0.1.0
 * @category models
 */
export type Include =
  | "allocations"
  | "user"
  | "subusers"
  | "nest"
  | "egg"
  | "variables"
  | "location"
  | "node"
  | "databases"

/**
 * Filters of `GET /servers` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Filter = "uuid" | "uuidShort" | "name" | "description" | "image" | "external_id"

/**
 * Sorts of `GET /servers` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Sort = "id" | "uuid"

/**
 * Options of `servers.list` / `servers.stream`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Query.FilteredListOptions<Filter, Sort, Include> {}

/**
 * Options of the single-server reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * Limits sent when creating a server or changing its build (`StoreServerRequest::rules`).
 *
 * @since 0.1.0
 * @category models
 */
export interface LimitsInput {
  readonly memory: number
  /** `-1` for unlimited swap. */
  readonly swap: number
  readonly disk: number
  /** 10–1000. */
  readonly io: number
  readonly cpu: number
  /** CPU pinning such as `"0-1,3"`; absent or `null` for none. */
  readonly threads?: string | null
}

/**
 * Feature limits sent when creating a server or changing its build.
 *
 * @since 0.1.0
 * @category models
 */
export interface FeatureLimitsInput {
  /** `null` means no limit on a build update, but 0 on a create (`ServerCreationService::createModel`). */
  readonly databases: number | null
  /** Optional for the panel (`sometimes`): absent is 0 on a create and `null` on a build update. */
  readonly allocations?: number | null
  /** `null` is stored as 0, on a create and on a build update. */
  readonly backups: number | null
}

/**
 * The fields of `POST /servers` besides where it is placed (§8.2.5).
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateBase {
  readonly name: string
  /** The owner's user id. */
  readonly user: number
  readonly egg: number
  readonly docker_image: string
  readonly startup: string
  /**
   * The egg's variables, each validated with the variable's rules. A variable left out is validated
   * as `null` and, if that passes, stored as `""`, not as the egg's default
   * (`ServerCreationService::storeEggVariables`): pass every variable you want set.
   */
  readonly environment: { readonly [variable: string]: string | number | boolean | null }
  readonly limits: LimitsInput
  readonly feature_limits: FeatureLimitsInput
  readonly external_id?: string | null
  /** Absent or `null` is stored as `""`. */
  readonly description?: string | null
  readonly skip_scripts?: boolean
  /** Absent means `true`: the panel disables the OOM killer by default (`createModel`). */
  readonly oom_disabled?: boolean
  readonly start_on_completion?: boolean
}

/**
 * A server placed on given allocations.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateWithAllocation extends CreateBase {
  readonly allocation: { readonly default: number; readonly additional?: ReadonlyArray<number> }
  readonly deploy?: never
}

/**
 * A server the panel places itself: a free allocation on a public node in one of `locations`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateWithDeploy extends CreateBase {
  readonly deploy: {
    /** Location ids; empty means every location (`FindViableNodesService::handle`). */
    readonly locations: ReadonlyArray<number>
    // StoreServerRequest::rules wants both whenever `deploy` is given (a 422 otherwise).
    readonly dedicated_ip: boolean
    /**
     * Ports (`"25565"`) or ascending ranges of at most 1001 ports (`"25565-25570"`, 4–5 digit
     * ends) the allocation must come from; empty means any port.
     */
    readonly port_range: ReadonlyArray<string | number>
  }
  readonly allocation?: never
}

/**
 * The body of `POST /servers`: with `allocation` or with `deploy`.
 *
 * @since 0.1.0
 * @category models
 */
export type CreateInput = CreateWithAllocation | CreateWithDeploy

/**
 * The body of `PATCH /servers/{id}/details`: the fields to change. The panel stores an omitted
 * `external_id` as `null` and an omitted `description` as `""`
 * (`UpdateServerDetailsRequest::validated`), and requires `name` and `user`, so
 * `servers.updateDetails` reads the server first and sends its current values for the rest.
 *
 * @since 0.1.0
 * @category models
 */
export interface DetailsInput {
  readonly name?: string
  /** The owner's user id. */
  readonly user?: number
  /** `null` clears it. */
  readonly external_id?: string | null
  /** `null` is stored as `""`. */
  readonly description?: string | null
}

/**
 * The body of `PATCH /servers/{id}/build`: the fields to change. The panel requires the primary
 * allocation, every limit and the database and backup feature limits on each update, and stores
 * an omitted `feature_limits.allocations` as `null` (`UpdateServerBuildConfigurationRequest`), so
 * `servers.updateBuild` reads the server first and completes the body with its current values.
 *
 * @since 0.1.0
 * @category models
 */
export interface BuildInput {
  /** The primary allocation id; it must already be assigned to the server (a 400 otherwise). */
  readonly allocation?: number
  readonly limits?: Partial<LimitsInput>
  readonly oom_disabled?: boolean
  readonly add_allocations?: ReadonlyArray<number>
  /** Removing the primary allocation needs a replacement in `add_allocations` (a 400 otherwise). */
  readonly remove_allocations?: ReadonlyArray<number>
  readonly feature_limits?: Partial<FeatureLimitsInput>
}

/**
 * The body of `PATCH /servers/{id}/startup`. The panel requires `startup`, `image` and `egg`
 * (`UpdateServerStartupRequest::rules`), so `servers.updateStartup` fills the ones left out with
 * the server's current values.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartupInput {
  readonly startup?: string
  /**
   * Variables to change. The panel validates and rewrites every variable of the egg whenever one
   * is given, storing a left-out one as `""` (`StartupModificationService::handle`); with the egg
   * unchanged, `servers.updateStartup` sends the others' current values along. With a new `egg`,
   * pass every variable of that egg you want set.
   */
  readonly environment?: { readonly [variable: string]: string | number | boolean | null }
  readonly egg?: number
  readonly image?: string
  /** Required: the panel needs it (`present|boolean`) and does not report the current value. */
  readonly skip_scripts: boolean
}

/**
 * Options of `servers.delete`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeleteOptions {
  /** `DELETE /servers/{id}/force`: delete even if Wings or a database host cannot be reached. */
  readonly force?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of servers (`GET /servers`). */
  readonly list: (
    options?: ListOptions
  ) => Effect.Effect<Pagination.Page<Server>, PanelError.Common | PanelError.PanelRequestRejected>
  /** Every server, page after page, with the same query on each request. */
  readonly stream: (options?: ListOptions) => Stream.Stream<Server, PanelError.Common | PanelError.PanelRequestRejected>
  /** `GET /servers/{id}`. */
  readonly get: (id: number, options?: GetOptions) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound>
  /** `GET /servers/external/{external_id}`. */
  readonly getByExternalId: (
    externalId: string,
    options?: GetOptions
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound>
  /**
   * `POST /servers`: 201 with the new server (this create has no `meta.resource`, §8.2.5). No
   * node or allocation for `deploy` is the panel's 400 (`PanelRequestRejected` with code
   * `NoViableNodeException` or `NoViableAllocationException`); a Wings failure arrives with the
   * status Wings answered (`DaemonConnectionException`), the server being deleted again.
   */
  readonly create: (
    input: CreateInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /** `PATCH /servers/{id}/details`, completed with the current values (see `DetailsInput`). */
  readonly updateDetails: (
    id: number,
    input: DetailsInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /**
   * `PATCH /servers/{id}/build`, completed with the current values (see `BuildInput`). A primary
   * allocation not assigned to the server, or removing it without a replacement, is the panel's
   * 400 (`PanelRequestRejected`).
   */
  readonly updateBuild: (
    id: number,
    input: BuildInput
  ) => Effect.Effect<
    Server,
    PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed | PanelError.PanelRequestRejected
  >
  /** `PATCH /servers/{id}/startup`, completed with the current values (see `StartupInput`). */
  readonly updateStartup: (
    id: number,
    input: StartupInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /**
   * `POST /servers/{id}/suspend`; nothing happens when it already is. A server being transferred
   * is the panel's 409 (`ServerStateConflict`, `SuspensionService::toggle`).
   */
  readonly suspend: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.ServerStateConflict>
  /** `POST /servers/{id}/unsuspend`; as `suspend`. */
  readonly unsuspend: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.ServerStateConflict>
  /**
   * `POST /servers/{id}/reinstall`. Wings' answer is passed on with its status
   * (`DaemonConnectionException`): a 409 (`ServerStateConflict`) while a power action runs.
   */
  readonly reinstall: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.ServerStateConflict>
  /** `DELETE /servers/{id}`, or `/servers/{id}/force` with `force: true`. */
  readonly delete: (id: number, options?: DeleteOptions) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
}

// StoreServerRequest::rules and ::withValidator, as far as they can be checked without the
// database; `deploy.port_range` as AllocationSelectionService::setPorts reads it.
const checkCreate = (input: CreateInput) => {
  // With `deploy`, StoreServerRequest::withValidator gives `allocation.default` no rules and
  // ServerCreationService::handle takes the deployed allocation: `allocation` would be ignored.
  const placement =
    input.allocation !== undefined && input.deploy !== undefined
      ? new PanelError.FieldIssue({
          field: "deploy",
          rule: "prohibited_with",
          detail: "Give either allocation or deploy, not both: the panel ignores allocation when deploy is given."
        })
      : input.allocation === undefined && input.deploy === undefined
        ? new PanelError.FieldIssue({
            field: "allocation",
            rule: "required_without",
            detail: "The allocation field is required when deploy is not present."
          })
        : undefined
  return Check.validate("POST", `${Request.PREFIX}/servers`, [
    Check.required("name", input.name),
    Check.required("docker_image", input.docker_image),
    Check.required("startup", input.startup),
    Check.integerAtLeast("user", input.user, 1),
    Check.integerAtLeast("egg", input.egg, 1),
    placement,
    input.allocation !== undefined
      ? Check.integerAtLeast("allocation.default", input.allocation.default, 1)
      : undefined,
    Check.each("deploy.locations", input.deploy?.locations, (field, id) => Check.integerAtLeast(field, id, 1)),
    Check.each("deploy.port_range", input.deploy?.port_range, Check.deployPort)
  ])
}

// The server's current values for every field a partial update leaves out; `complete*` says
// when there is none, so that a full update needs no read (nor the servers READ permission).
const completeDetails = (input: DetailsInput) =>
  input.name !== undefined &&
  input.user !== undefined &&
  input.external_id !== undefined &&
  input.description !== undefined

const details = (current: ServerFields, input: DetailsInput) => ({
  name: input.name ?? current.name,
  user: input.user ?? current.user,
  external_id: input.external_id !== undefined ? input.external_id : current.external_id,
  description: input.description !== undefined ? input.description : current.description
})

const completeBuild = (input: BuildInput) =>
  input.allocation !== undefined &&
  (["memory", "swap", "disk", "io", "cpu"] as const).every((key) => input.limits?.[key] !== undefined) &&
  (["databases", "allocations", "backups"] as const).every((key) => input.feature_limits?.[key] !== undefined)

const build = (current: ServerFields, input: BuildInput) => {
  const { oom_disabled: _, ...limits } = current.limits
  return {
    ...input,
    allocation: input.allocation ?? current.allocation,
    limits: { ...limits, ...input.limits },
    feature_limits: { ...current.feature_limits, ...input.feature_limits }
  }
}

// EnvironmentService::handle: a variable's effective value is the server's, else the egg's default.
const environment = (current: Server, input: StartupInput) => {
  if (input.environment === undefined || Object.keys(input.environment).length === 0) return {}
  if (input.egg !== undefined && input.egg !== current.egg) return input.environment
  const values = Object.fromEntries(
    (current.relationships?.variables ?? []).map((variable) => [
      variable.env_variable,
      variable.server_value ?? variable.default_value
    ])
  )
  return { ...values, ...input.environment }
}

const completeStartup = (input: StartupInput) =>
  input.startup !== undefined &&
  input.image !== undefined &&
  input.egg !== undefined &&
  (input.environment === undefined || Object.keys(input.environment).length === 0)

const startup = (current: Server, input: StartupInput) => ({
  startup: input.startup ?? current.container.startup_command,
  environment: environment(current, input),
  egg: input.egg ?? current.egg,
  image: input.image ?? current.container.image,
  skip_scripts: input.skip_scripts
})

/**
 * The server endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "servers")
  const list: Service["list"] = (options) =>
    requests.page("server", Server, "list", "/servers", Query.toQuery(options)).pipe(PanelError.narrow())
  // The body of a partial update: the input as it is when complete, else completed from the server.
  const completed = (
    id: number,
    complete: object | undefined,
    fill: (server: Server) => object,
    query?: Record<string, string>
  ): Effect.Effect<object, PanelError.PanelError> =>
    complete !== undefined
      ? Effect.succeed(complete)
      : Effect.map(requests.item("server", Server, "get", "GET", PanelClient.path`/servers/${id}`, query), fill)
  // A partial update: read the server when `complete` needs it, then send the completed body.
  const patch = (
    name: string,
    id: number,
    segment: string,
    body: Effect.Effect<object, PanelError.PanelError>,
    check: Effect.Effect<void, PanelError.ValidationFailed> = Effect.void
  ) =>
    Effect.zipRight(
      check,
      Effect.flatMap(body, (payload) =>
        requests.item(
          "server",
          Server,
          name,
          "PATCH",
          `${PanelClient.path`/servers/${id}`}/${segment}`,
          undefined,
          payload
        )
      ).pipe(PanelError.narrow("NotFound", "ValidationFailed"))
    )
  const action = (name: "suspend" | "unsuspend" | "reinstall") => (id: number) =>
    requests
      .empty(name, "POST", `${PanelClient.path`/servers/${id}`}/${name}`)
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict"))
  return {
    list,
    stream: (options) => Pagination.paginate((page) => list({ ...options, page }), { startPage: options?.page ?? 1 }),
    get: (id, options) =>
      requests
        .item("server", Server, "get", "GET", PanelClient.path`/servers/${id}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound")),
    getByExternalId: (externalId, options) =>
      requests
        .item(
          "server",
          Server,
          "getByExternalId",
          "GET",
          PanelClient.path`/servers/external/${externalId}`,
          Query.toQuery(options)
        )
        .pipe(PanelError.narrow("NotFound")),
    create: (input) =>
      Effect.zipRight(
        checkCreate(input),
        requests
          .item("server", Server, "create", "POST", "/servers", undefined, {
            ...input,
            // StoreServerRequest::rules: `deploy.port_range.*` must be strings.
            ...(input.deploy !== undefined
              ? { deploy: { ...input.deploy, port_range: input.deploy.port_range.map((port) => String(port).trim()) } }
              : {})
          })
          .pipe(PanelError.narrow("ValidationFailed"))
      ),
    updateDetails: (id, input) =>
      patch(
        "updateDetails",
        id,
        "details",
        completed(id, completeDetails(input) ? input : undefined, (current) => details(current, input)),
        Check.validate("PATCH", `${Request.PREFIX}${PanelClient.path`/servers/${id}`}/details`, [
          input.name !== undefined ? Check.required("name", input.name) : undefined,
          Check.integerAtLeast("user", input.user, 1)
        ])
      ),
    updateBuild: (id, input) =>
      patch(
        "updateBuild",
        id,
        "build",
        completed(id, completeBuild(input) ? input : undefined, (current) => build(current, input))
      ),
    updateStartup: (id, input) =>
      patch(
        "updateStartup",
        id,
        "startup",
        completed(
          id,
          completeStartup(input) ? { ...input, environment: {} } : undefined,
          (current) => startup(current, input),
          input.environment !== undefined ? { include: "variables" } : undefined
        )
      ),
    suspend: action("suspend"),
    unsuspend: action("unsuspend"),
    reinstall: action("reinstall"),
    delete: (id, options) =>
      requests
        .empty("delete", "DELETE", `${PanelClient.path`/servers/${id}`}${options?.force === true ? "/force" : ""}`)
        .pipe(PanelError.narrow("NotFound"))
  }
}
