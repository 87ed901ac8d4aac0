/**
 * `/servers/{server}/network/allocations`: the server's IP/port allocations (§8.1
 * "Network", §4.6 for the 400 business rules).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * A client `allocation` (§9.1), from `app/Transformers/Api/Client/AllocationTransformer.php::transform`.
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
   * `POST /servers/{server}/network/allocations` (`allocation.create`): auto-assigns one. 400
   * (`PanelRequestRejected`) when the server is at its limit (`DisplayException`; a server without
   * a limit is always "at" it, the panel compares the count with null),
   * `AutoAllocationNotEnabledException`, `NoAutoAllocationSpaceAvailableException` (§4.6).
   */
  readonly assign: (server: string) => Effect.Effect<Allocation, ServerError | PanelError.PanelRequestRejected>
  /**
   * `POST /servers/{server}/network/allocations/{allocation}` (`allocation.update`); `null`
   * clears. The panel accepts 256 characters but stores 191: with MySQL's default non-strict mode
   * longer notes are cut silently while this answer still shows them whole (a panel bug, §8.1).
   */
  readonly setNotes: (
    server: string,
    allocation: number,
    notes: string | null
  ) => Effect.Effect<Allocation, ServerError | PanelError.ValidationFailed>
  /** `POST …/allocations/{allocation}/primary` (`allocation.update`). */
  readonly setPrimary: (server: string, allocation: number) => Effect.Effect<Allocation, ServerError>
  /**
   * `DELETE …/allocations/{allocation}` (`allocation.delete`). 400 `DisplayException`
   * (`PanelRequestRejected`) for the primary allocation or when no allocation limit is set (§4.6).
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
  setNotes: (server, allocation, notes) => {
    const path = PanelClient.path`/servers/${server}/network/allocations/${allocation}`
    // app/Http/Requests/Api/Client/Servers/Network/UpdateAllocationRequest.php::rules:
    // nullable|string|max:256|present, so `notes` is always sent, null included.
    return Validate.refuse("POST", path, [Validate.maxLength("notes", notes, 256)]).pipe(
      Effect.zipRight(
        Request.item(
          panel,
          { operation: "ClientApi.network.setNotes", method: "POST", path, body: Request.json({ notes }) },
          "allocation",
          Allocation
        )
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  },
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
