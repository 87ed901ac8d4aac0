/**
 * The request shapes every group repeats: a decoded item, a page, a plain list, a 201 with
 * `meta.resource`, and an empty (204) answer. Each runs in a span named `ApplicationApi.<group>.<method>`.
 */
import type * as HttpMethod from "@effect/platform/HttpMethod"
import * as Effect from "effect/Effect"
import type * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as Pagination from "@ptero-effect/core/Pagination"
import type * as PanelClient from "@ptero-effect/core/PanelClient"
import type * as PanelError from "@ptero-effect/core/PanelError"

/** The API prefix, as it appears in the paths of errors. */
export const PREFIX = "/api/application"

/** A created object with the absolute URL the panel gives for it (§7.1). */
export interface Created<A> {
  readonly value: A
  /** `meta.resource`: the URL of the new object. */
  readonly resource: string
}

type Query = PanelClient.Request["query"]

/** Request builders bound to one client and group. */
export const make = (panel: PanelClient.Service, group: string) => {
  const request = (
    name: string,
    method: HttpMethod.HttpMethod,
    path: string,
    query?: Query,
    body?: unknown
  ): PanelClient.Request => ({
    operation: `ApplicationApi.${group}.${name}`,
    method,
    path,
    ...(query !== undefined && Object.keys(query).length > 0 ? { query } : {}),
    ...(body !== undefined ? { body: { _tag: "Json" as const, value: body } } : {})
  })

  return {
    /** `{object: name, attributes}` decoded to the attributes. */
    item: <A, I>(
      object: string,
      schema: Schema.Schema<A, I>,
      name: string,
      method: HttpMethod.HttpMethod,
      path: string,
      query?: Query,
      body?: unknown
    ): Effect.Effect<A, PanelError.PanelError> =>
      Effect.map(
        panel.json(request(name, method, path, query, body), Envelope.Item(object, schema)),
        (envelope) => envelope.attributes
      ),

    /** A paginated list decoded to a page. */
    page: <A, I>(
      object: string,
      schema: Schema.Schema<A, I>,
      name: string,
      path: string,
      query?: Query
    ): Effect.Effect<Pagination.Page<A>, PanelError.PanelError> =>
      Effect.flatMap(
        panel.json(request(name, "GET", path, query), Envelope.PaginatedList(Envelope.Item(object, schema))),
        (list) =>
          Pagination.ensureAsked({ method: "GET", path: PREFIX + path, page: query?.page })(
            Pagination.fromEnvelope(list, (item) => item.attributes)
          )
      ),

    /** A list without pagination decoded to its items. */
    list: <A, I>(
      object: string,
      schema: Schema.Schema<A, I>,
      name: string,
      path: string,
      query?: Query
    ): Effect.Effect<ReadonlyArray<A>, PanelError.PanelError> =>
      Effect.map(panel.json(request(name, "GET", path, query), Envelope.List(Envelope.Item(object, schema))), (list) =>
        list.data.map((item) => item.attributes)
      ),

    /** A 201 with `meta.resource`. */
    created: <A, I>(
      object: string,
      schema: Schema.Schema<A, I>,
      name: string,
      path: string,
      body: unknown,
      query?: Query
    ): Effect.Effect<Created<A>, PanelError.PanelError> =>
      Effect.map(
        panel.json(request(name, "POST", path, query, body), Envelope.Created(object, schema)),
        (envelope) => ({ value: envelope.attributes, resource: envelope.meta.resource })
      ),

    /** A JSON body that is not an envelope (the node configuration). */
    raw: <A, I>(schema: Schema.Schema<A, I>, name: string, path: string): Effect.Effect<A, PanelError.PanelError> =>
      panel.json(request(name, "GET", path), schema),

    /** A 204. */
    empty: (
      name: string,
      method: HttpMethod.HttpMethod,
      path: string,
      body?: unknown
    ): Effect.Effect<void, PanelError.PanelError> => panel.empty(request(name, method, path, undefined, body))
  }
}

/** Request builders for one group. */
export type Requests = ReturnType<typeof make>
