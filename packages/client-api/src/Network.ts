/**
 * `/servers/{server}/network/allocations`: the server's IP/port allocations (§8.1 "Server:
 * network", §4.6 for the 400 business rules).
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import type { ServerError } from "./Servers.js"

/**
 * A client `allocation` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Allocation = Schema.Struct({
  id: Schema.Int,
  ip: Schema.String,
  ip_alias: Schema.NullOr(Schema.String),
  port: Schema.Int,
  /** Forced to `null` for users without `allocation.read` (§4.5). */
  notes: Schema.NullOr(Schema.String),
  is_default: Schema.Boolean
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Allocation extends Schema.Schema.Type<typeof Allocation> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /servers/{server}/network/allocations` (`allocation.read`). */
  readonly list: (server: string) => Effect.Effect<ReadonlyArray<Allocation>, ServerError>
  /**
   * `POST /servers/{server}/network/allocations` (`allocation.create`): auto-assigns one. 400 when
   * the server is at its limit or auto-allocation is disabled (§4.6).
   */
  readonly assign: (server: string) => Effect.Effect<Allocation, ServerError | PanelError.PanelRequestRejected>
  /** `POST /servers/{server}/network/allocations/{allocation}` (`allocation.update`); `null` clears. */
  readonly setNotes: (
    server: string,
    allocation: number,
    notes: string | null
  ) => Effect.Effect<Allocation, ServerError | PanelError.ValidationFailed>
  /** `POST …/allocations/{allocation}/primary` (`allocation.update`). */
  readonly setPrimary: (server: string, allocation: number) => Effect.Effect<Allocation, ServerError>
  /**
   * `DELETE …/allocations/{allocation}` (`allocation.delete`). 400 for the primary allocation or
   * when no allocation limit is set (§4.6).
   */
  readonly unassign: (
    server: string,
    allocation: number
  ) => Effect.Effect<void, ServerError | PanelError.PanelRequestRejected>
}

/**
 * The network group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => ({
  list: (server) =>
    Request.list(
      panel,
      {
        operation: "ClientApi.network.list",
        method: "GET",
        path: PanelClient.path`/servers/${server}/network/allocations`
      },
      "allocation",
      Allocation
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  assign: (server) =>
    Request.item(
      panel,
      {
        operation: "ClientApi.network.assign",
        method: "POST",
        path: PanelClient.path`/servers/${server}/network/allocations`
      },
      "allocation",
      Allocation
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  setNotes: (server, allocation, notes) =>
    Request.item(
      panel,
      {
        operation: "ClientApi.network.setNotes",
        method: "POST",
        path: PanelClient.path`/servers/${server}/network/allocations/${allocation}`,
        // `notes` must be present even when null (§8.1).
        body: Request.json({ notes })
      },
      "allocation",
      Allocation
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")),
  setPrimary: (server, allocation) =>
    Request.item(
      panel,
      {
        operation: "ClientApi.network.setPrimary",
        method: "POST",
        path: PanelClient.path`/servers/${server}/network/allocations/${allocation}/primary`
      },
      "allocation",
      Allocation
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  unassign: (server, allocation) =>
    panel
      .empty({
        operation: "ClientApi.network.unassign",
        method: "DELETE",
        path: PanelClient.path`/servers/${server}/network/allocations/${allocation}`
      })
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict"))
})
