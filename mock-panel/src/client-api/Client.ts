/**
 * `ClientController` (`routes/api-client.php`, top level): the server list and the permission
 * catalogue (§8.1).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Fixture from "../state/Fixture.js"
import * as ListQuery from "../http/ListQuery.js"
import * as Permissions from "../state/Permissions.js"
import { define, type RouteDefinition } from "../http/Route.js"
import { type State, Store } from "../state/Store.js"
import * as T from "./Transformers.js"
import { includes, item, list, pageNumber, paginate } from "../laravel/Fractal.js"

const FILTERS = ["uuid", "name", "description", "external_id", "*"]

const ADDRESS = /^(\d{1,3}(?:\.\d{1,3}){3})?(?::(\d*))?$/

// `filter[*]` (§7.2, MultiFieldServerFilter): an address form matches allocations, anything else
// the identifiers and the name.
const multiField = (state: State, server: Fixture.Server, value: string): boolean => {
  const address = ADDRESS.exec(value)
  if (address !== null && value !== "" && (address[1] !== undefined || value.startsWith(":"))) {
    const [, ip, port] = address
    return state.allocations.some(
      (a) =>
        a.server_id === server.id &&
        (ip === undefined || a.ip === ip) &&
        (port === undefined || String(a.port).startsWith(port))
    )
  }
  const lower = value.toLowerCase()
  return (
    server.uuid.startsWith(lower) ||
    server.uuid.slice(0, 8) === lower ||
    server.external_id === value ||
    server.name.toLowerCase().includes(lower)
  )
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/client",
    api: "client",
    name: "api:client.index",
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const state = yield* Ref.get((yield* Store).state)
        const user = ctx.auth!.user
        const accessible = (s: Fixture.Server) =>
          s.owner_id === user.id || state.subusers.some((x) => x.server_id === s.id && x.user_id === user.id)
        const type = ctx.query.type
        let servers: ReadonlyArray<Fixture.Server>
        if (type === "admin" || type === "admin-all") {
          servers = !user.root_admin
            ? []
            : type === "admin-all"
              ? state.servers
              : state.servers.filter((s) => !accessible(s))
        } else if (type === "owner") {
          servers = state.servers.filter((s) => s.owner_id === user.id)
        } else {
          servers = state.servers.filter(accessible)
        }
        for (const [name, alternatives] of filters) {
          servers = servers.filter((s) => {
            switch (name) {
              case "*":
                return alternatives.some((v) => multiField(state, s, v))
              case "uuid":
                return ListQuery.partial(s.uuid, alternatives)
              case "name":
                return ListQuery.partial(s.name, alternatives)
              case "description":
                return ListQuery.partial(s.description, alternatives)
              default:
                return ListQuery.partial(s.external_id, alternatives)
            }
          })
        }
        const included = includes(ctx.query.include)
        const page = paginate(servers, {
          page: pageNumber(ctx.query.page),
          perPage: yield* ListQuery.clientPerPage(ctx.query.per_page, 50, 100),
          url: `${ctx.baseUrl}/api/client`,
          query: ctx.query
        })
        return {
          status: 200,
          body: { ...list(page.items.map((s) => T.server(state, s, user, included))), meta: page.meta }
        }
      })
  }),
  define({
    method: "GET",
    path: "/api/client/permissions",
    api: "client",
    name: "api:client.permissions",
    handle: () =>
      Effect.succeed({
        status: 200,
        body: item("system_permissions", { permissions: Permissions.catalogue })
      })
  })
]
