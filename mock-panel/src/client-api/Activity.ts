/**
 * The activity log of the Client API: writing an entry as the panel's `Activity` facade does
 * when a controller acts, and the list both `ActivityLogController`s answer (the account's and
 * a server's).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { RequestContext } from "../http/Route.js"
import * as ListQuery from "../http/ListQuery.js"
import { includes, list, pageNumber, paginate } from "../laravel/Fractal.js"
import type * as Fixture from "../state/Fixture.js"
import { nextId } from "../state/Generate.js"
import { iso, type State, withClient } from "../state/Store.js"
import { activity } from "./Transformers.js"

/**
 * Appends an activity log entry (§9.1 `activity_log`).
 *
 * @since 0.1.0
 * @category activity
 */
export const log = (
  state: State,
  ctx: RequestContext,
  at: number,
  event: string,
  options: {
    readonly server?: Fixture.Server
    readonly subjectUser?: number
    readonly properties?: Record<string, unknown>
  } = {}
): State => {
  const [id, next] = nextId(state, "activity_logs", state.client.activity)
  const auth = ctx.auth
  const entry: Fixture.ActivityLog = {
    id,
    batch: null,
    event,
    ip: ctx.peerIp,
    description: null,
    actor_id: auth?.user.id ?? null,
    api_key_id: auth?.key.id ?? null,
    server_id: options.server?.id ?? null,
    subject_user_id: options.subjectUser ?? null,
    properties: options.properties ?? {},
    timestamp: iso(at)
  }
  return withClient(next, { activity: [...next.client.activity, entry] })
}

/**
 * The activity list of §7.2: `filter[event]` (partial), `sort=timestamp` (newest first by
 * default), 25 per page up to 100, `include=actor`, links repeating the query.
 *
 * @since 0.1.0
 * @category helpers
 */
export const page = (state: State, ctx: RequestContext, rows: ReadonlyArray<Fixture.ActivityLog>, url: string) =>
  Effect.gen(function* () {
    const filters = yield* ListQuery.filters(ctx.query, ["event"])
    const sorts = yield* ListQuery.sorts(ctx.query, ["timestamp"])
    let selected = [...rows]
    const events = filters.get("event")
    if (events !== undefined) selected = selected.filter((r) => ListQuery.partial(r.event, events))
    const descending = sorts.length === 0 ? true : sorts[0]!.descending
    selected.sort((a, b) => {
      const order = Date.parse(a.timestamp) - Date.parse(b.timestamp) || a.id - b.id
      return descending ? -order : order
    })
    const withActor = includes(ctx.query.include).has("actor")
    const page = paginate(selected, {
      page: pageNumber(ctx.query.page),
      perPage: yield* ListQuery.clientPerPage(ctx.query.per_page, 25, 100),
      url,
      query: ctx.query
    })
    return {
      status: 200,
      body: {
        ...list(page.items.map((r) => activity(state, r, ctx.auth!.user, withActor))),
        meta: page.meta
      }
    }
  })
