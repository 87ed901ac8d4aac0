/**
 * Servers (spec §8.2 "Servers", object `server` of §9.2, and the `server_subuser` and
 * `server_variable` includes).
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
 * The status of a server; `null` once it is installed and running normally.
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
 * How many databases, allocations and backups the server's users may create.
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
    /** `1` or `0`, an integer on the wire; deprecated by the panel. */
    installed: Schema.Number,
    /** Variables by name, plus `STARTUP`, `P_SERVER_LOCATION`, `P_SERVER_UUID`, `P_SERVER_ALLOCATION_LIMIT`. */
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
 * A `server_subuser` include (§9.2).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerSubuser = Schema.Struct({
  id: Schema.Int,
  user_id: Schema.Int,
  server_id: Schema.Int,
  permissions: Schema.Array(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerSubuser extends Schema.Schema.Type<typeof ServerSubuser> {}

/**
 * A `server_variable` include: the raw egg-variable columns plus the server's value (§9.2).
 * Its timestamps use Laravel's default form with microseconds (§7.1).
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
 * The includes a server can carry; each is `null` when it is a null resource (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerRelationships = Schema.Struct({
  allocations: Schema.optional(Related.many("allocation", () => Allocations.AllocationFields)),
  user: Schema.optional(Related.one("user", () => Users.UserFields)),
  subusers: Schema.optional(Related.many("server_subuser", () => ServerSubuser)),
  nest: Schema.optional(Related.one("nest", () => Nests.NestFields)),
  egg: Schema.optional(Related.one("egg", () => Eggs.EggFields)),
  variables: Schema.optional(Related.many("server_variable", () => ServerVariable)),
  location: Schema.optional(Related.one("location", () => Locations.LocationFields)),
  node: Schema.optional(Related.one("node", () => Nodes.NodeFields)),
  databases: Schema.optional(Related.many("server_database", () => Databases.ServerDatabaseFields))
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
 * Includes of the server endpoints.
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
 * Limits sent when creating a server or changing its build.
 *
 * @since 0.1.0
 * @category models
 */
export interface LimitsInput {
  readonly memory: number
  readonly swap: number
  readonly disk: number
  readonly io: number
  readonly cpu: number
  readonly threads?: string | null
}

/**
 * Feature limits sent when creating a server or changing its build.
 *
 * @since 0.1.0
 * @category models
 */
export interface FeatureLimitsInput {
  readonly databases: number | null
  readonly allocations: number | null
  readonly backups: number | null
}

/**
 * The fields of `POST /servers` besides where it is placed.
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
  readonly environment: { readonly [variable: string]: string | number | boolean | null }
  readonly limits: LimitsInput
  readonly feature_limits: FeatureLimitsInput
  readonly external_id?: string | null
  readonly description?: string | null
  readonly skip_scripts?: boolean
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
 * A server the panel places itself: a free allocation on a node in one of `locations`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateWithDeploy extends CreateBase {
  readonly deploy: {
    readonly locations: ReadonlyArray<number>
    // The panel's form request wants both whenever `deploy` is given (a 422 otherwise).
    readonly dedicated_ip: boolean
    /** Ports or ranges (`"25565"`, `"25565-25570"`) the allocation must come from. */
    readonly port_range: ReadonlyArray<string>
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
 * The body of `PATCH /servers/{id}/details`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DetailsInput {
  readonly name: string
  /** The owner's user id. */
  readonly user: number
  readonly external_id?: string | null
  readonly description?: string | null
}

/**
 * The body of `PATCH /servers/{id}/build`.
 *
 * @since 0.1.0
 * @category models
 */
export interface BuildInput {
  /** The primary allocation id; the panel requires it on every build update. */
  readonly allocation: number
  readonly limits?: LimitsInput
  readonly oom_disabled?: boolean
  readonly add_allocations?: ReadonlyArray<number>
  readonly remove_allocations?: ReadonlyArray<number>
  readonly feature_limits: FeatureLimitsInput
}

/**
 * The body of `PATCH /servers/{id}/startup`.
 *
 * @since 0.1.0
 * @category models
 */
export interface StartupInput {
  readonly startup?: string
  /** The egg's variables; the panel requires the field, and validates each variable with its rules. */
  readonly environment: { readonly [variable: string]: string | number | boolean | null }
  readonly egg: number
  readonly image?: string
  readonly skip_scripts: boolean
}

/**
 * Options of `servers.delete`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeleteOptions {
  /** `DELETE /servers/{id}/force`: delete even if Wings cannot be reached. */
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
  /** `POST /servers`: 201 with the new server (this create has no `meta.resource`, §7.1). */
  readonly create: (
    input: CreateInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /** `PATCH /servers/{id}/details`. */
  readonly updateDetails: (
    id: number,
    input: DetailsInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /** `PATCH /servers/{id}/build`. */
  readonly updateBuild: (
    id: number,
    input: BuildInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /** `PATCH /servers/{id}/startup`. */
  readonly updateStartup: (
    id: number,
    input: StartupInput
  ) => Effect.Effect<Server, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /** `POST /servers/{id}/suspend`. */
  readonly suspend: (id: number) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
  /** `POST /servers/{id}/unsuspend`. */
  readonly unsuspend: (id: number) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
  /** `POST /servers/{id}/reinstall`. */
  readonly reinstall: (id: number) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
  /** `DELETE /servers/{id}`, or `/servers/{id}/force` with `force: true`. */
  readonly delete: (id: number, options?: DeleteOptions) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
}

const checkCreate = (input: CreateInput) => {
  const placement =
    input.allocation !== undefined && input.deploy !== undefined
      ? new PanelError.FieldIssue({
          field: "deploy",
          rule: "prohibited_with",
          detail: "Give either allocation or deploy, not both."
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
    input.deploy !== undefined ? Check.nonEmpty("deploy.locations", input.deploy.locations) : undefined,
    Check.ports("deploy.port_range", input.deploy?.port_range)
  ])
}

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
  const patch = (name: string, id: number, segment: string, input: object) =>
    requests
      .item("server", Server, name, "PATCH", `${PanelClient.path`/servers/${id}`}/${segment}`, undefined, input)
      .pipe(PanelError.narrow("NotFound", "ValidationFailed"))
  const action = (name: "suspend" | "unsuspend" | "reinstall") => (id: number) =>
    requests.empty(name, "POST", `${PanelClient.path`/servers/${id}`}/${name}`).pipe(PanelError.narrow("NotFound"))
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
          .item("server", Server, "create", "POST", "/servers", undefined, input)
          .pipe(PanelError.narrow("ValidationFailed"))
      ),
    updateDetails: (id, input) =>
      Effect.zipRight(
        Check.validate("PATCH", `${Request.PREFIX}${PanelClient.path`/servers/${id}`}/details`, [
          Check.required("name", input.name),
          Check.integerAtLeast("user", input.user, 1)
        ]),
        patch("updateDetails", id, "details", input)
      ),
    updateBuild: (id, input) => patch("updateBuild", id, "build", input),
    updateStartup: (id, input) => patch("updateStartup", id, "startup", input),
    suspend: action("suspend"),
    unsuspend: action("unsuspend"),
    reinstall: action("reinstall"),
    delete: (id, options) =>
      requests
        .empty("delete", "DELETE", `${PanelClient.path`/servers/${id}`}${options?.force === true ? "/force" : ""}`)
        .pipe(PanelError.narrow("NotFound"))
  }
}
