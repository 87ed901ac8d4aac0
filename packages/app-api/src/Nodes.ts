/**
 * Nodes (§8.2.2, object `node` of §9.2.3) and the Wings configuration of a node (§9.2.4).
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
import * as Check from "./internal/check.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Locations from "./Locations.js"
import * as Servers from "./Servers.js"

/**
 * The attributes of a `node` (§9.2.3), without relationships: every column of the node
 * (`NodeTransformer::transform` answers `$node->toArray()`), the daemon token excepted.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NodeFields = Schema.Struct({
  id: Schema.Int,
  uuid: Schema.String,
  public: Schema.Boolean,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  location_id: Schema.Int,
  fqdn: Schema.String,
  scheme: Schema.String,
  behind_proxy: Schema.Boolean,
  maintenance_mode: Schema.Boolean,
  memory: Schema.Number,
  memory_overallocate: Schema.Number,
  disk: Schema.Number,
  disk_overallocate: Schema.Number,
  upload_size: Schema.Number,
  daemon_listen: Schema.Int,
  daemon_sftp: Schema.Int,
  daemon_base: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String,
  /** Sums over the node's servers. */
  allocated_resources: Schema.Struct({ memory: Schema.Number, disk: Schema.Number })
})

// MySQL sums integers as DECIMAL, which PDO hands over as a string.
const Sum = Schema.Union(Schema.Number, Schema.NumberFromString)

/**
 * A node as `GET /nodes/deployable` answers it: `FindViableNodesService::handle` selects
 * `nodes.*` plus the memory and disk its servers already use, as `sum_memory` and `sum_disk`
 * (strings on the wire, numbers here).
 *
 * @since 0.1.0
 * @category schemas
 */
export const DeployableNode = Schema.Struct({
  ...NodeFields.fields,
  sum_memory: Sum,
  sum_disk: Sum,
  relationships: Schema.optional(Schema.suspend(() => NodeRelationships))
})

/**
 * @since 0.1.0
 * @category models
 */
export interface DeployableNode extends Schema.Schema.Type<typeof DeployableNode> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface NodeFields extends Schema.Schema.Type<typeof NodeFields> {}

/**
 * The includes a node can carry; `null` is a null resource (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NodeRelationships = Schema.Struct({
  allocations: Schema.optional(Related.many("allocation", () => Allocations.AllocationFields)),
  location: Schema.optional(Related.one("location", () => Locations.LocationFields)),
  servers: Schema.optional(Related.many("server", () => Servers.ServerFields))
})

/**
 * A `node` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Node = Schema.Struct({
  ...NodeFields.fields,
  relationships: Schema.optional(NodeRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Node extends Schema.Schema.Type<typeof Node> {}

/**
 * The Wings configuration of a node, served as raw JSON without an envelope (§8.2). The daemon
 * `token` is a secret and stays `Redacted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NodeConfiguration = Schema.Struct({
  debug: Schema.Boolean,
  uuid: Schema.String,
  token_id: Schema.String,
  token: Schema.Redacted(Schema.String),
  api: Schema.Struct({
    host: Schema.String,
    port: Schema.Int,
    ssl: Schema.Struct({ enabled: Schema.Boolean, cert: Schema.String, key: Schema.String }),
    upload_limit: Schema.Number
  }),
  system: Schema.Struct({
    data: Schema.String,
    sftp: Schema.Struct({ bind_port: Schema.Int })
  }),
  allowed_mounts: Schema.Array(Schema.String),
  remote: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface NodeConfiguration extends Schema.Schema.Type<typeof NodeConfiguration> {}

/**
 * Includes of the node endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "allocations" | "location" | "servers"

/**
 * Filters of `GET /nodes` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Filter = "uuid" | "name" | "fqdn" | "daemon_token_id"

/**
 * Sorts of `GET /nodes` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Sort = "id" | "uuid" | "memory" | "disk"

/**
 * Options of `nodes.list` / `nodes.stream`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Query.FilteredListOptions<Filter, Sort, Include> {}

/**
 * Options of `nodes.get`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * The query of `GET /nodes/deployable`.
 *
 * @since 0.1.0
 * @category models
 */
export interface DeployableInput {
  /** Memory (MiB) the node must still have room for; an integer ≥ 0. */
  readonly memory: number
  /** Disk (MiB) the node must still have room for; an integer ≥ 0. */
  readonly disk: number
  /** Only nodes in these locations. */
  readonly location_ids?: ReadonlyArray<number>
  readonly include?: ReadonlyArray<Include>
}

/**
 * The body of `POST /nodes` (`StoreNodeRequest::rules`). There is no `description`: the panel
 * drops it (`StoreNodeRequest::rules` keeps a fixed list of fields without it), so a node's
 * description can only be set in the admin area.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateInput {
  readonly name: string
  readonly location_id: number
  readonly fqdn: string
  readonly scheme: "http" | "https"
  readonly memory: number
  /** A percentage; `-1` turns the check off. */
  readonly memory_overallocate: number
  readonly disk: number
  readonly disk_overallocate: number
  /** 1–65535. */
  readonly daemon_listen: number
  /** 1–65535. */
  readonly daemon_sftp: number
  /** Absent: `true`. Only public nodes are deployable. */
  readonly public?: boolean
  readonly behind_proxy?: boolean
  readonly maintenance_mode?: boolean
  /** MiB, 1–1024; absent: 100. */
  readonly upload_size?: number
  /** Absent: `/var/lib/pterodactyl/volumes`. */
  readonly daemon_base?: string
}

/**
 * The body of `PATCH /nodes/{id}`: the fields to change. The panel wants every required creation
 * field on an update and resets an omitted `daemon_base` to its default
 * (`StoreNodeRequest::validated`), so `nodes.update` reads the node first and sends its current
 * values for the rest.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateInput extends Partial<CreateInput> {
  /** Regenerates the daemon token (only a JSON `true` does); Wings needs the new configuration afterwards. */
  readonly reset_secret?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of nodes (`GET /nodes`). */
  readonly list: (
    options?: ListOptions
  ) => Effect.Effect<Pagination.Page<Node>, PanelError.Common | PanelError.PanelRequestRejected>
  /** Every node, page after page, with the same query on each request. */
  readonly stream: (options?: ListOptions) => Stream.Stream<Node, PanelError.Common | PanelError.PanelRequestRejected>
  /**
   * `GET /nodes/deployable`: nodes with room for `memory` and `disk`. No such node is the
   * panel's 400 (`PanelRequestRejected`).
   */
  readonly deployable: (
    input: DeployableInput
  ) => Effect.Effect<
    ReadonlyArray<DeployableNode>,
    PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected
  >
  /** `GET /nodes/{id}`. */
  readonly get: (id: number, options?: GetOptions) => Effect.Effect<Node, PanelError.Common | PanelError.NotFound>
  /** `GET /nodes/{id}/configuration`: the Wings configuration file's content. */
  readonly configuration: (id: number) => Effect.Effect<NodeConfiguration, PanelError.Common | PanelError.NotFound>
  /** `POST /nodes`: 201 with the new node and `meta.resource`. */
  readonly create: (
    input: CreateInput
  ) => Effect.Effect<Request.Created<Node>, PanelError.Common | PanelError.ValidationFailed>
  /**
   * `PATCH /nodes/{id}`. When Wings cannot be told, the panel answers a 400
   * (`PanelRequestRejected` with code `ConfigurationNotPersistedException`) although it **saved**
   * the change (`NodeUpdateService::handle`).
   */
  readonly update: (
    id: number,
    input: UpdateInput
  ) => Effect.Effect<
    Node,
    PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed | PanelError.PanelRequestRejected
  >
  /** `DELETE /nodes/{id}`; a node with servers is the panel's 400 (`PanelRequestRejected`). */
  readonly delete: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected>
}

// The attributes of a node that its update accepts (the creation fields).
const editableFields = (node: typeof Node.Type): CreateInput => ({
  name: node.name,
  location_id: node.location_id,
  fqdn: node.fqdn,
  scheme: node.scheme as CreateInput["scheme"],
  memory: node.memory,
  memory_overallocate: node.memory_overallocate,
  disk: node.disk,
  disk_overallocate: node.disk_overallocate,
  daemon_listen: node.daemon_listen,
  daemon_sftp: node.daemon_sftp,
  public: node.public,
  behind_proxy: node.behind_proxy,
  maintenance_mode: node.maintenance_mode,
  upload_size: node.upload_size,
  daemon_base: node.daemon_base
})

const checkNode = (method: string, path: string, input: Partial<CreateInput>, creating: boolean) =>
  Check.validate(method, Request.PREFIX + path, [
    creating || input.name !== undefined ? Check.required("name", input.name) : undefined,
    creating || input.fqdn !== undefined ? Check.required("fqdn", input.fqdn) : undefined,
    // app/Models/Node.php::$validationRules: `numeric|between:1,65535`.
    Check.numberBetween("daemon_listen", input.daemon_listen, 1, 65535),
    Check.numberBetween("daemon_sftp", input.daemon_sftp, 1, 65535)
  ])

/**
 * The node endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "nodes")
  const list: Service["list"] = (options) =>
    requests.page("node", Node, "list", "/nodes", Query.toQuery(options)).pipe(PanelError.narrow())
  return {
    list,
    stream: (options) => Pagination.paginate((page) => list({ ...options, page }), { startPage: options?.page ?? 1 }),
    deployable: (input) =>
      Effect.zipRight(
        Check.validate("GET", `${Request.PREFIX}/nodes/deployable`, [
          Check.integerAtLeast("memory", input.memory, 0),
          Check.integerAtLeast("disk", input.disk, 0)
        ]),
        requests
          .list("node", DeployableNode, "deployable", "/nodes/deployable", {
            ...Query.toQuery({ include: input.include }),
            memory: input.memory,
            disk: input.disk,
            location_ids: input.location_ids
          })
          .pipe(PanelError.narrow("ValidationFailed"))
      ),
    get: (id, options) =>
      requests
        .item("node", Node, "get", "GET", PanelClient.path`/nodes/${id}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound")),
    configuration: (id) =>
      requests
        .raw(NodeConfiguration, "configuration", PanelClient.path`/nodes/${id}/configuration`)
        .pipe(PanelError.narrow("NotFound")),
    create: (input) =>
      Effect.zipRight(
        checkNode("POST", "/nodes", input, true),
        requests.created("node", Node, "create", "/nodes", input).pipe(PanelError.narrow("ValidationFailed"))
      ),
    update: (id, input) => {
      const path = PanelClient.path`/nodes/${id}`
      // The panel validates an update with the creation rules, every required field included,
      // so a partial update is completed with the node's current values first.
      return Effect.zipRight(
        checkNode("PATCH", path, input, false),
        requests.item("node", Node, "get", "GET", path).pipe(
          Effect.flatMap((current) =>
            requests.item("node", Node, "update", "PATCH", path, undefined, { ...editableFields(current), ...input })
          ),
          PanelError.narrow("NotFound", "ValidationFailed")
        )
      )
    },
    delete: (id) =>
      requests.empty("delete", "DELETE", PanelClient.path`/nodes/${id}`).pipe(PanelError.narrow("NotFound"))
  }
}
