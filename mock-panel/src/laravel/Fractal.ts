/**
 * What Fractal and the panel's serializer make of a transformer's output (§7.1): `{object,
 * attributes}` items, `list` collections, `null_resource` for a denied or absent include,
 * `meta.pagination` with its links, and the `?include=` names (§3.4).
 *
 * @since 0.1.0
 */
import type { InputObject } from "./Input.js"
import { buildQuery } from "./QueryString.js"

/**
 * @since 0.1.0
 * @category envelopes
 */
export const item = (object: string, attributes: unknown) => ({ object, attributes })

/**
 * @since 0.1.0
 * @category envelopes
 */
export const list = (data: ReadonlyArray<unknown>) => ({ object: "list", data })

/**
 * A denied or absent include (§3.4).
 *
 * @since 0.1.0
 * @category envelopes
 */
export const nullResource = { object: "null_resource", attributes: null } as const

/**
 * One page of a list (§7.1).
 *
 * @since 0.1.0
 * @category pagination
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly meta: {
    readonly pagination: {
      readonly total: number
      readonly count: number
      readonly per_page: number
      readonly current_page: number
      readonly total_pages: number
      readonly links: { readonly previous?: string; readonly next?: string }
    }
  }
}

/**
 * Slices a page and builds `meta.pagination`. `query` is the query the links repeat: the whole
 * request query on client lists, nothing on application lists (§7.1).
 *
 * @since 0.1.0
 * @category pagination
 */
export const paginate = <A>(
  all: ReadonlyArray<A>,
  options: { readonly page: number; readonly perPage: number; readonly url: string; readonly query: InputObject }
): Page<A> => {
  const { page, perPage } = options
  const total = all.length
  // Eloquent's paginate() with a page size as the controller passes it: forPage() truncates the
  // offset and the limit, ignores a negative limit (every row), and the paginator keeps
  // (int) per_page but computes the last page from the size as given.
  const lastPage = Math.max(Math.ceil(total / perPage), 1)
  const offset = Math.max(0, Math.trunc((page - 1) * perPage))
  const items = all.slice(offset, perPage < 0 ? undefined : offset + Math.trunc(perPage))
  const link = (n: number) => {
    const query: InputObject = { ...options.query, page: String(n) }
    return `${options.url}?${buildQuery(query)}`
  }
  const links: { previous?: string; next?: string } = {}
  if (page > 1) links.previous = link(page - 1)
  if (page < lastPage) links.next = link(page + 1)
  return {
    items,
    meta: {
      pagination: {
        total,
        count: items.length,
        per_page: Math.trunc(perPage),
        current_page: page,
        total_pages: lastPage,
        links
      }
    }
  }
}

/**
 * Laravel's current-page rule: a positive integer, otherwise 1.
 *
 * @since 0.1.0
 * @category pagination
 */
export const pageNumber = (value: unknown): number => {
  // filter_var(FILTER_VALIDATE_INT): a sign, no leading zero, surrounding whitespace allowed.
  const text = typeof value === "string" ? value.trim() : ""
  return /^[+-]?(0|[1-9]\d*)$/.test(text) && Number(text) >= 1 ? Number(text) : 1
}

/**
 * The `?include=` names (§3.4), a comma string.
 *
 * @since 0.1.0
 * @category parsing
 */
export const includes = (value: unknown): ReadonlySet<string> => {
  const parts =
    typeof value === "string"
      ? value.split(",")
      : typeof value === "object" && value !== null
        ? Object.values(value).filter((v): v is string => typeof v === "string")
        : []
  return new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))
}

/**
 * Requested includes as a tree: name → the includes requested below it.
 *
 * @since 0.1.0
 * @category includes
 */
export type Includes = ReadonlyMap<string, Includes>

/**
 * Parses `?include=` (a comma string or an array, §3.4) into a tree, two levels deep at most.
 * A `name:modifier` keeps only the name; unknown names are kept and simply never match.
 *
 * @since 0.1.0
 * @category includes
 */
export const parseIncludes = (value: unknown): Includes => {
  const parts =
    typeof value === "string"
      ? value.split(",")
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap((v) => (typeof v === "string" ? v.split(",") : []))
        : []
  const root = new Map<string, Map<string, any>>()
  for (const part of parts) {
    const path = part
      .trim()
      .split(".")
      .map((segment) => segment.split(":")[0]?.trim() ?? "")
      .slice(0, 2)
    if (path.some((segment) => segment === "")) continue
    let node = root
    for (const segment of path) {
      let next = node.get(segment)
      if (next === undefined) {
        next = new Map()
        node.set(segment, next)
      }
      node = next
    }
  }
  return root
}
