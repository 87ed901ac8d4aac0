/**
 * Allocations of a node (§8.2.3, object `allocation` of §9.2.5).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Check from "./internal/check.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Nodes from "./Nodes.js"
import * as Servers from "./Servers.js"

/**
 * The attributes of an application `allocation` (§9.2), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllocationFields = Schema.Struct({
  id: Schema.Int,
  ip: Schema.String,
  alias: Schema.NullOr(Schema.String),
  port: Schema.Int,
  notes: Schema.NullOr(Schema.String),
  assigned: Schema.Boolean
})

/**
 * @since 0.1.0
 * @category models
 */
export interface AllocationFields extends Schema.Schema.Type<typeof AllocationFields> {}

/**
 * The includes an allocation can carry; `null` is a null resource: not readable by the key, or
 * (for `server`) an unassigned allocation (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const AllocationRelationships = Schema.Struct({
  node: Schema.optional(Related.one("node", () => Nodes.NodeFields)),
  server: Schema.optional(Related.one("server", () => Servers.ServerFields))
})

/**
 * An `allocation` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Allocation = Schema.Struct({
  ...AllocationFields.fields,
  relationships: Schema.optional(AllocationRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Allocation extends Schema.Schema.Type<typeof Allocation> {}

/**
 * Includes of the allocation list.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "node" | "server"

/**
 * Filters of `GET /nodes/{id}/allocations` (§7.2). `ip` and `port` match exactly; `server_id`
 * with a server's id lists that server's allocations, while `0`, `false` or an empty value lists
 * only the unassigned ones.
 *
 * @since 0.1.0
 * @category models
 */
export interface Filter {
  readonly ip?: string
  readonly port?: number | string
  readonly ip_alias?: string
  readonly server_id?: number | string | boolean
}

/**
 * Options of `allocations.list` / `allocations.stream`; this list has no sorts (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  readonly filter?: Filter
  readonly include?: ReadonlyArray<Include>
  readonly page?: number
  readonly per_page?: number
}

/**
 * The body of `POST /nodes/{id}/allocations`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateInput {
  /**
   * An IP, a hostname the panel resolves, or a CIDR block with a mask from /27 to /32 (every
   * address of the block gets the ports).
   */
  readonly ip: string
  /**
   * Ports greater than 1024 and at most 65535 (`25565`), or ranges of at most 1000 ports with
   * 4–5 digit ends (`"25565-25570"`), as `AssignmentService::handle` takes them.
   */
  readonly ports: ReadonlyArray<string | number>
  /** At most 191 characters. */
  readonly alias?: string | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of a node's allocations. */
  readonly list: (
    nodeId: number,
    options?: ListOptions
  ) => Effect.Effect<
    Pagination.Page<Allocation>,
    PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected
  >
  /** Every allocation of a node, page after page, with the same filters on each request. */
  readonly stream: (
    nodeId: number,
    options?: ListOptions
  ) => Stream.Stream<Allocation, PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected>
  /**
   * `POST /nodes/{id}/allocations`: adds every port of every range on `ip` (204); ports that exist
   * already are skipped. The mask and the ports are checked here as the panel checks them (a
   * client-side `ValidationFailed` naming the panel's rule, e.g. `port_out_of_range`); an IP the
   * panel cannot parse or resolve is its 400 (`PanelRequestRejected`).
   */
  readonly create: (
    nodeId: number,
    input: CreateInput
  ) => Effect.Effect<
    void,
    PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed | PanelError.PanelRequestRejected
  >
  /**
   * `DELETE /nodes/{id}/allocations/{allocation_id}`; an allocation of another node is a 404, one
   * assigned to a server the panel's 400 (`PanelRequestRejected`, `ServerUsingAllocationException`).
   */
  readonly delete: (
    nodeId: number,
    allocationId: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected>
}

const filterQuery = (filter: Filter | undefined) =>
  filter === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(filter).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]]))
      )

/**
 * The allocation endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "allocations")
  const list: Service["list"] = (nodeId, options) =>
    requests
      .page(
        "allocation",
        Allocation,
        "list",
        PanelClient.path`/nodes/${nodeId}/allocations`,
        Query.toQuery({ ...options, filter: filterQuery(options?.filter) })
      )
      .pipe(PanelError.narrow("NotFound"))
  return {
    list,
    stream: (nodeId, options) =>
      Pagination.paginate((page) => list(nodeId, { ...options, page }), { startPage: options?.page ?? 1 }),
    create: (nodeId, input) => {
      const path = PanelClient.path`/nodes/${nodeId}/allocations`
      return Effect.zipRight(
        // StoreAllocationRequest::rules, then AssignmentService::handle.
        Check.validate("POST", Request.PREFIX + path, [
          Check.required("ip", input.ip),
          input.ip === undefined || input.ip === null ? undefined : Check.allocationIp("ip", input.ip),
          Check.required("ports", input.ports),
          Check.nonEmpty("ports", input.ports),
          Check.each("ports", input.ports, Check.allocationPort)
        ]),
        requests
          .empty("create", "POST", path, {
            ip: input.ip,
            // StoreAllocationRequest::rules: `ports.*` must be strings.
            ports: input.ports.map((port) => String(port).trim()),
            ...(input.alias !== undefined ? { alias: input.alias } : {})
          })
          .pipe(PanelError.narrow("NotFound", "ValidationFailed"))
      )
    },
    delete: (nodeId, allocationId) =>
      requests
        .empty("delete", "DELETE", PanelClient.path`/nodes/${nodeId}/allocations/${allocationId}`)
        .pipe(PanelError.narrow("NotFound"))
  }
}
