/**
 * Shared request helpers: unwrapping the panel's envelopes (§7.1) and building the query of
 * list endpoints (§7.2).
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import type * as PanelError from "@ptero-effect/core/PanelError"

type Panel = PanelClient.Service
type Req = PanelClient.Request

/** `{object: name, attributes}` → the attributes. */
export const item = <const Name extends string, A, I>(
  panel: Panel,
  request: Req,
  name: Name,
  attributes: Schema.Schema<A, I>
): Effect.Effect<A, PanelError.PanelError> =>
  Effect.map(panel.json(request, Envelope.Item(name, attributes)), (body) => body.attributes)

/** `{object: "list", data: [{object: name, attributes}]}` → the attributes, in order. */
export const list = <const Name extends string, A, I>(
  panel: Panel,
  request: Req,
  name: Name,
  attributes: Schema.Schema<A, I>
): Effect.Effect<ReadonlyArray<A>, PanelError.PanelError> =>
  Effect.map(panel.json(request, Envelope.List(Envelope.Item(name, attributes))), (body) =>
    body.data.map((entry) => entry.attributes)
  )

/** A paginated list → one `Page` of attributes. */
export const page = <const Name extends string, A, I>(
  panel: Panel,
  request: Req,
  name: Name,
  attributes: Schema.Schema<A, I>
): Effect.Effect<Pagination.Page<A>, PanelError.PanelError> =>
  Effect.flatMap(panel.json(request, Envelope.PaginatedList(Envelope.Item(name, attributes))), (body) =>
    checkPage(panel, request)(Pagination.fromEnvelope(body, (entry) => entry.attributes))
  )

/** Refuses a page other than the one `request` asked for (`Pagination.ensureAsked`). */
export const checkPage = (panel: Panel, request: Req) =>
  Pagination.ensureAsked({
    method: request.method,
    path: PanelClient.apiPrefix(panel.api) + request.path,
    page: request.query?.page
  })

/** `{object:"signed_url", attributes:{url}}` (§9.1) → the URL. */
export const SignedUrl = Schema.Struct({ url: Schema.String })

/** The query of a paginated list: `page`, `per_page`, `filter[name]`, `sort`, `include` (comma-joined). */
export const listQuery = (options: {
  readonly page?: number | undefined
  readonly per_page?: number | undefined
  readonly filter?: Readonly<Record<string, string | undefined>> | undefined
  readonly sort?: string | undefined
  readonly include?: ReadonlyArray<string> | undefined
}): Record<string, string | number | undefined> => {
  const query: Record<string, string | number | undefined> = {
    page: options.page,
    per_page: options.per_page,
    sort: options.sort,
    include: options.include && options.include.length > 0 ? options.include.join(",") : undefined
  }
  for (const [name, value] of Object.entries(options.filter ?? {})) {
    if (value !== undefined) query[`filter[${name}]`] = value
  }
  return query
}

/** A JSON body. */
export const json = (value: unknown): PanelClient.Body => ({ _tag: "Json", value })

/** Drops `undefined` members so that optional inputs are left out of a body. */
export const defined = <A extends Record<string, unknown>>(value: A): A =>
  Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as A
