/**
 * List query parameters of §7.2: `filter[...]` and `sort` as spatie/laravel-query-builder
 * reads them (unknown names are a 400), and `per_page` per endpoint.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Failure from "./Failure.js"
import type { InputObject } from "../laravel/Input.js"
import { isNumeric } from "../laravel/Validator.js"

/**
 * Requested filters: name → alternatives (a comma makes a list). Fails on a name not allowed.
 *
 * @since 0.1.0
 * @category parsing
 */
export const filters = (
  query: InputObject,
  allowed: ReadonlyArray<string>
): Either.Either<ReadonlyMap<string, ReadonlyArray<string>>, Failure.PanelFailure> => {
  const raw = query.filter
  const out = new Map<string, ReadonlyArray<string>>()
  if (typeof raw !== "object" || raw === null) return Either.right(out)
  const unknown: Array<string> = []
  for (const [name, value] of Object.entries(raw)) {
    if (!allowed.includes(name)) {
      unknown.push(name)
      continue
    }
    if (value === null || value === undefined) continue
    const text = typeof value === "object" ? Object.values(value).map(String) : String(value).split(",")
    out.set(name, text)
  }
  return unknown.length > 0 ? Either.left(Failure.invalidFilter(unknown, allowed)) : Either.right(out)
}

/**
 * A partial, case-insensitive `LIKE %value%` match against any alternative.
 *
 * @since 0.1.0
 * @category matching
 */
export const partial = (field: string | null, alternatives: ReadonlyArray<string>): boolean =>
  field !== null && alternatives.some((alt) => field.toLowerCase().includes(alt.toLowerCase()))

/**
 * Requested sorts in order. Fails on a name not allowed; ignored when `allowed` is empty
 * (endpoints without sorts, §7.2).
 *
 * @since 0.1.0
 * @category parsing
 */
export const sorts = (
  query: InputObject,
  allowed: ReadonlyArray<string>
): Either.Either<ReadonlyArray<{ readonly field: string; readonly descending: boolean }>, Failure.PanelFailure> => {
  const raw = query.sort
  if (typeof raw !== "string" || allowed.length === 0) return Either.right([])
  const requested = raw
    .split(",")
    .filter((s) => s !== "")
    .map((s) => (s.startsWith("-") ? { field: s.slice(1), descending: true } : { field: s, descending: false }))
  const unknown = requested.filter((s) => !allowed.includes(s.field)).map((s) => s.field)
  return unknown.length > 0 ? Either.left(Failure.invalidSort(unknown, allowed)) : Either.right(requested)
}

/**
 * Sorts rows by the requested fields; rows keep their id order otherwise.
 *
 * @since 0.1.0
 * @category matching
 */
export const applySorts = <A extends Record<string, unknown>>(
  rows: ReadonlyArray<A>,
  requested: ReadonlyArray<{ readonly field: string; readonly descending: boolean }>
): ReadonlyArray<A> =>
  requested.length === 0
    ? rows
    : [...rows].sort((a, b) => {
        for (const { field, descending } of requested) {
          const x = a[field]
          const y = b[field]
          const order = x === y ? 0 : (x as any) < (y as any) ? -1 : 1
          if (order !== 0) return descending ? -order : order
        }
        return 0
      })

const integer = (value: unknown): number | undefined =>
  typeof value === "string" && /^\s*[+-]?\d+\s*$/.test(value) ? Number.parseInt(value, 10) : undefined

/**
 * Application lists: `per_page` as given, 50 by default, no maximum (§7.2).
 *
 * @since 0.1.0
 * @category pagination
 */
export const applicationPerPage = (value: unknown): number => {
  const n = integer(value)
  return n === undefined || n < 1 ? 50 : n
}

/**
 * Client lists' page size, never validated (docs/panel/client-api.md §4.6): the controllers take
 * `min($request->query('per_page', default), max)` with PHP 8's comparison and hand it to
 * Eloquent's `paginate()`, which reads a falsy size (`0`, `null`) as the model's 15. So a number
 * above `max` is `max`, a negative one is kept (`paginate` then has no limit), a string that is
 * not numeric compares as a string with `max`: above it, it is `max`; below it, the paginator's
 * arithmetic fails with a `TypeError`, a 500. An empty `per_page` (null after
 * `ConvertEmptyStringsToNull`) is 15, or the default where the controller writes
 * `query('per_page') ?? default` (`nullIsDefault`, the backup list).
 *
 * @since 0.1.0
 * @category pagination
 */
export const clientPerPage = (
  value: unknown,
  fallback: number,
  max: number,
  options: { readonly nullIsDefault?: boolean } = {}
): Either.Either<number, Failure.PanelFailure> => {
  if (value === undefined || (value === null && options.nullIsDefault === true)) return Either.right(fallback)
  // An array compares above any number in PHP 8.
  if (typeof value === "object" && value !== null) return Either.right(max)
  if (typeof value === "string" && !isNumeric(value)) {
    return value > String(max) ? Either.right(max) : Either.left(Failure.unexpected("TypeError"))
  }
  const n = value === null ? 0 : Number(value)
  return Either.right(n === 0 || Number.isNaN(n) ? 15 : Math.min(n, max))
}
