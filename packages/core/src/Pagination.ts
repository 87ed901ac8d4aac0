/**
 * Paginated lists (spec §7.1, §7.2) as a page value and as a `Stream` over every page.
 *
 * @since 0.1.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type * as Envelope from "./Envelope.js"

/**
 * One page of a list, with the panel's pagination meta.
 *
 * @since 0.1.0
 * @category models
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly total: number
  readonly count: number
  readonly perPage: number
  readonly currentPage: number
  readonly totalPages: number
}

/**
 * A page from a decoded paginated list, its items mapped by `f`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromEnvelope = <T, A>(
  list: { readonly data: ReadonlyArray<T>; readonly meta: { readonly pagination: Envelope.Pagination } },
  f: (item: T) => A
): Page<A> => ({
  items: list.data.map(f),
  total: list.meta.pagination.total,
  count: list.meta.pagination.count,
  perPage: list.meta.pagination.per_page,
  currentPage: list.meta.pagination.current_page,
  totalPages: list.meta.pagination.total_pages
})

/**
 * Streams every item of every page, asking for pages 1, 2, … until `totalPages`.
 *
 * `fetchPage` receives only the page number: the caller's query (`per_page`, `include`,
 * `filter[…]`, `sort`) is closed over, so every follow-up request repeats it and no item shifts
 * between pages. One page is held at a time.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paginate = <A, E, R>(
  fetchPage: (page: number) => Effect.Effect<Page<A>, E, R>,
  options: { readonly startPage?: number } = {}
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(options.startPage ?? 1, (page) =>
    Effect.map(fetchPage(page), (result) => [
      Chunk.unsafeFromArray(result.items),
      // An empty page ends the stream even if the meta promises more, so a shrinking list cannot loop.
      result.currentPage < result.totalPages && result.items.length > 0
        ? Option.some(result.currentPage + 1)
        : Option.none()
    ])
  )
