/**
 * Nests (§8.2.7, object `nest` of §9.2.10).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Effect from "effect/Effect"
import type * as Stream from "effect/Stream"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Eggs from "./Eggs.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Servers from "./Servers.js"

/**
 * The attributes of a `nest` (§9.2), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NestFields = Schema.Struct({
  id: Schema.Int,
  uuid: Schema.String,
  author: Schema.String,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface NestFields extends Schema.Schema.Type<typeof NestFields> {}

/**
 * The includes a nest can carry; `null` is a null resource (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const NestRelationships = Schema.Struct({
  eggs: Schema.optional(Related.many("egg", () => Eggs.EggFields)),
  servers: Schema.optional(Related.many("server", () => Servers.ServerFields))
})

/**
 * A `nest` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Nest = Schema.Struct({
  ...NestFields.fields,
  relationships: Schema.optional(NestRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Nest extends Schema.Schema.Type<typeof Nest> {}

/**
 * Includes of the nest endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "eggs" | "servers"

/**
 * Options of `nests.list` / `nests.stream`; the nest list has no filters or sorts (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions {
  readonly include?: ReadonlyArray<Include>
  readonly page?: number
  readonly per_page?: number
}

/**
 * Options of `nests.get`.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of nests (`GET /nests`). */
  readonly list: (options?: ListOptions) => Effect.Effect<Pagination.Page<Nest>, PanelError.Common>
  /** Every nest, page after page. */
  readonly stream: (options?: ListOptions) => Stream.Stream<Nest, PanelError.Common>
  /** `GET /nests/{id}`. */
  readonly get: (id: number, options?: GetOptions) => Effect.Effect<Nest, PanelError.Common | PanelError.NotFound>
}

/**
 * The nest endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "nests")
  const list: Service["list"] = (options) =>
    requests.page("nest", Nest, "list", "/nests", Query.toQuery(options)).pipe(PanelError.narrow())
  return {
    list,
    stream: (options) => Pagination.paginate((page) => list({ ...options, page }), { startPage: options?.page ?? 1 }),
    get: (id, options) =>
      requests
        .item("nest", Nest, "get", "GET", PanelClient.path`/nests/${id}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound"))
  }
}
