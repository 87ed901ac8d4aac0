/**
 * Locations (§8.2.4, object `location` of §9.2.6).
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
 * The attributes of a `location` (§9.2), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocationFields = Schema.Struct({
  id: Schema.Int,
  short: Schema.String,
  long: Schema.NullOr(Schema.String),
  updated_at: Schema.String,
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface LocationFields extends Schema.Schema.Type<typeof LocationFields> {}

/**
 * The includes a location can carry; `null` is a null resource (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const LocationRelationships = Schema.Struct({
  nodes: Schema.optional(Related.many("node", () => Nodes.NodeFields)),
  servers: Schema.optional(Related.many("server", () => Servers.ServerFields))
})

/**
 * A `location` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Location = Schema.Struct({
  ...LocationFields.fields,
  relationships: Schema.optional(LocationRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Location extends Schema.Schema.Type<typeof Location> {}

/**
 * Includes of the location endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "nodes" | "servers"

/**
 * Filters of `GET /locations` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Filter = "short" | "long"

/**
 * Sorts of `GET /locations` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Sort = "id"

/**
 * Options of `locations.list` / `locations.stream`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Query.FilteredListOptions<Filter, Sort, Include> {}

/**
 * Options of `locations.get`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * The body of `POST /locations`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateInput {
  /** A unique short code, 1–60 characters. */
  readonly short: string
  readonly long?: string | null
}

/**
 * The body of `PATCH /locations/{id}`.
 *
 * @since 0.1.0
 * @category models
 */
export interface UpdateInput {
  readonly short?: string
  readonly long?: string | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of locations (`GET /locations`). */
  readonly list: (
    options?: ListOptions
  ) => Effect.Effect<Pagination.Page<Location>, PanelError.Common | PanelError.PanelRequestRejected>
  /** Every location, page after page, with the same query on each request. */
  readonly stream: (
    options?: ListOptions
  ) => Stream.Stream<Location, PanelError.Common | PanelError.PanelRequestRejected>
  /** `GET /locations/{id}`. */
  readonly get: (id: number, options?: GetOptions) => Effect.Effect<Location, PanelError.Common | PanelError.NotFound>
  /** `POST /locations`: 201 with the new location and `meta.resource`. */
  readonly create: (
    input: CreateInput
  ) => Effect.Effect<Request.Created<Location>, PanelError.Common | PanelError.ValidationFailed>
  /** `PATCH /locations/{id}`. */
  readonly update: (
    id: number,
    input: UpdateInput
  ) => Effect.Effect<Location, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /** `DELETE /locations/{id}`; a location with nodes is the panel's 400 (`PanelRequestRejected`, `HasActiveNodesException`). */
  readonly delete: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected>
}

/**
 * The location endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "locations")
  const list: Service["list"] = (options) =>
    requests.page("location", Location, "list", "/locations", Query.toQuery(options)).pipe(PanelError.narrow())
  return {
    list,
    stream: (options) => Pagination.paginate((page) => list({ ...options, page }), { startPage: options?.page ?? 1 }),
    get: (id, options) =>
      requests
        .item("location", Location, "get", "GET", PanelClient.path`/locations/${id}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound")),
    create: (input) =>
      Effect.zipRight(
        Check.validate("POST", `${Request.PREFIX}/locations`, [
          Check.required("short", input.short),
          Check.between("short", input.short, 1, 60)
        ]),
        requests
          .created("location", Location, "create", "/locations", input)
          .pipe(PanelError.narrow("ValidationFailed"))
      ),
    update: (id, input) => {
      const path = PanelClient.path`/locations/${id}`
      return Effect.zipRight(
        Check.validate("PATCH", Request.PREFIX + path, [
          input.short !== undefined ? Check.required("short", input.short) : undefined,
          Check.between("short", input.short, 1, 60)
        ]),
        // The panel validates an update with the creation rules (`short` required), so a partial
        // update is completed with the location's current values first.
        requests.item("location", Location, "get", "GET", path).pipe(
          Effect.flatMap((current) =>
            requests.item("location", Location, "update", "PATCH", path, undefined, {
              short: current.short,
              long: current.long,
              ...input
            })
          ),
          PanelError.narrow("NotFound", "ValidationFailed")
        )
      )
    },
    delete: (id) =>
      requests.empty("delete", "DELETE", PanelClient.path`/locations/${id}`).pipe(PanelError.narrow("NotFound"))
  }
}
