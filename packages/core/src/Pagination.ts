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
import * as PanelError from "./PanelError.js"

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
 * The page number the panel reads from a `page` query value: a positive integer, anything else
 * (absent, 0, negative, not a number) being page 1, as Laravel's `LengthAwarePaginator` does
 * (`Illuminate/Pagination/AbstractPaginator.php::isValidPageNumber`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const pageNumber = (value: unknown): number => {
  const page = typeof value === "string" && /^\d{1,15}$/.test(value) ? Number(value) : value
  return typeof page === "number" && Number.isSafeInteger(page) && page >= 1 ? page : 1
}

/**
 * Fails with `UnexpectedResponse` when a page is not the one that was asked for: the panel always
 * answers the page in the query, so another `current_page` comes from something between (a cache
 * that ignores the query string, a proxy) and its items are not that page's.
 *
 * @since 0.1.0
 * @category combinators
 */
export const ensureAsked =
  (request: { readonly method: string; readonly path: string; readonly page: unknown }) =>
  <A>(page: Page<A>): Effect.Effect<Page<A>, PanelError.UnexpectedResponse> => {
    const asked = pageNumber(request.page)
    return page.currentPage === asked
      ? Effect.succeed(page)
      : Effect.fail(
          new PanelError.UnexpectedResponse({
            method: request.method,
            path: request.path,
            status: 200,
            issue: `asked for page ${asked}, the answer is page ${page.currentPage} of ${page.totalPages}`,
            excerpt: ""
          })
        )
  }

/**
 * Streams every item of every page, asking for pages `startPage`, `startPage + 1`, … until
 * `totalPages`.
 *
 * `fetchPage` receives only the page number: the caller's query (`per_page`, `include`,
 * `filter[…]`, `sort`) is closed over, so every follow-up request repeats it and no item shifts
 * between pages. One page is held at a time. The next page is the one after the page asked for,
 * never one computed from the answer, so an answer that repeats a page cannot hold the stream in
 * place; `fetchPage` should refuse such an answer (`ensureAsked`), as every list of this library's
 * APIs does.
 *
 * @since 0.1.0
 * @category constructors
 */
export const paginate = <A, E, R>(
  fetchPage: (page: number) => Effect.Effect<Page<A>, E, R>,
  options: { readonly startPage?: number } = {}
): Stream.Stream<A, E, R> =>
  Stream.paginateChunkEffect(pageNumber(options.startPage), (page) =>
    Effect.map(fetchPage(page), (result) => [
      Chunk.unsafeFromArray(result.items),
      // An empty page ends the stream even if the meta promises more, so a shrinking list cannot loop.
      page < result.totalPages && result.items.length > 0 ? Option.some(page + 1) : Option.none()
    ])
  )
