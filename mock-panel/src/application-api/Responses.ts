/**
 * What the Application API's controllers answer besides a single object: one page of a list
 * (`per_page` as given, 50 by default, no maximum; links carry only `page`, §7.1, §7.2), a 201
 * with `meta.resource`, and the bodiless 204.
 *
 * @since 0.1.0
 */
import * as ListQuery from "../http/ListQuery.js"
import type { RequestContext } from "../http/Route.js"
import { list, pageNumber, paginate } from "../laravel/Fractal.js"

/**
 * `paginate($request->query('per_page') ?? 50)`: absent → 50; `0` is falsy in PHP, so the
 * model's default of 15; otherwise as given, no maximum (§7.2). Values the panel cannot use
 * (negative, not a number) fall back to 50 instead of the panel's 500.
 *
 * @since 0.1.0
 * @category pagination
 */
export const perPage = (value: unknown): number => (value === "0" ? 15 : ListQuery.applicationPerPage(value))

/**
 * One page of an application list: `per_page` defaults to 50 with no maximum, links carry
 * only `page` (§7.1, §7.2).
 *
 * @since 0.1.0
 * @category pagination
 */
export const page = <A>(
  ctx: RequestContext,
  rows: ReadonlyArray<A>,
  path: string,
  render: (row: A) => unknown
): { readonly status: 200; readonly body: unknown } => {
  const result = paginate(rows, {
    page: pageNumber(ctx.query.page),
    perPage: perPage(ctx.query.per_page),
    url: `${ctx.baseUrl}${path}`,
    query: {}
  })
  return { status: 200, body: { ...list(result.items.map(render)), meta: result.meta } }
}

/**
 * A 201 with `meta.resource`, the absolute URL of the new object (§7.1).
 *
 * @since 0.1.0
 * @category responses
 */
export const created = (ctx: RequestContext, item: unknown, path: string) => ({
  status: 201,
  body: { ...(item as object), meta: { resource: `${ctx.baseUrl}${path}` } }
})

/**
 * 204, no body.
 *
 * @since 0.1.0
 * @category responses
 */
export const noContent = { status: 204 } as const
