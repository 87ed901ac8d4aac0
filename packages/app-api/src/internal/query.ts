/**
 * Query parameters of list endpoints (§7.2), typed per endpoint by the group modules.
 */
import type * as PanelClient from "@ptero-effect/core/PanelClient"

/** A sort name, optionally prefixed with `-` for descending order. */
export type SortName<S extends string> = S | `-${S}`

/**
 * The options of a filtered, sortable list (§7.2): only the names the endpoint allows
 * type-check.
 *
 * @internal
 */
export interface FilteredListOptions<Filter extends string, Sort extends string, Include extends string> {
  readonly filter?: { readonly [K in Filter]?: string | ReadonlyArray<string> }
  readonly sort?: SortName<Sort> | ReadonlyArray<SortName<Sort>>
  readonly include?: ReadonlyArray<Include>
  readonly page?: number
  readonly per_page?: number
}

/** Everything `toQuery` knows how to write; the public option types are narrower. */
export interface AnyListOptions {
  readonly filter?:
    | { readonly [name: string]: string | number | ReadonlyArray<string | number> | undefined }
    | undefined
  readonly sort?: string | ReadonlyArray<string> | undefined
  readonly include?: ReadonlyArray<string> | undefined
  readonly page?: number | undefined
  readonly per_page?: number | undefined
}

/**
 * `filter[name]=value` (a list becomes the panel's comma-separated alternatives), `sort=a,-b`,
 * `include=a,b`, `page`, `per_page`.
 */
export const toQuery = (options: AnyListOptions | undefined): Record<string, PanelClient.QueryValue> => {
  const query: Record<string, PanelClient.QueryValue> = {}
  if (options === undefined) return query
  for (const [name, value] of Object.entries(options.filter ?? {})) {
    if (value === undefined) continue
    query[`filter[${name}]`] = typeof value === "object" ? value.join(",") : String(value)
  }
  if (options.sort !== undefined) {
    const sort = typeof options.sort === "string" ? options.sort : options.sort.join(",")
    if (sort !== "") query.sort = sort
  }
  if (options.include !== undefined && options.include.length > 0) query.include = options.include.join(",")
  if (options.page !== undefined) query.page = options.page
  if (options.per_page !== undefined) query.per_page = options.per_page
  return query
}
