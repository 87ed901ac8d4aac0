/**
 * `routes/api-client.php`, `/servers/{server}/network/allocations` (§8.1) with the allocation
 * rules of §4.6. `{allocation}` is bound through the server, so another server's allocation is
 * a 404 (§4.1, §10.4 AllocationAuthorizationTest).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RequestContext, RouteDefinition } from "../../http/Route.js"
import { type State, Store, modify, now, read, updateServer } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Input from "../../laravel/Input.js"
import * as Bindings from "../../http/Bindings.js"
import * as S from "./ServerGroup.js"
import { mysqlNumber } from "../../state/Mysql.js"

const allocationOf = (state: State, ctx: RequestContext): Fixture.Allocation | undefined => {
  const id = mysqlNumber(ctx.params.allocation ?? "")
  return state.allocations.find((a) => a.id === id && a.server_id === ctx.models.server!.id)
}

const allocationBinding = Bindings.scoped("allocation", (state, ctx) => allocationOf(state, ctx) !== undefined)

const replaceAllocation = (state: State, allocation: Fixture.Allocation): State => ({
  ...state,
  allocations: state.allocations.map((a) => (a.id === allocation.id ? allocation : a))
})

const NO_SPACE = "Cannot assign additional allocation: no more space available on node."

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/network/allocations",
    name: "api:client:server.network.allocations",
    permission: "allocation.read",
    handle: (ctx) =>
      Effect.map(read, (state) => {
        const server = S.serverOf(state, ctx)
        return {
          status: 200,
          body: list(state.allocations.filter((a) => a.server_id === server.id).map((a) => T.allocation(a, server)))
        }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/network/allocations",
    name: "api:client:server.network.allocations.create",
    permission: "allocation.create",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const settings = (yield* Store).fixture.settings.client.allocations
        const [allocation, server] = yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          const limit = server.feature_limits.allocations
          const count = state.allocations.filter((a) => a.server_id === server.id).length
          // PHP compares `count >= null` as booleans, which always holds: no limit, no new ones.
          if (limit === null || count >= limit) {
            return Failure.display("Cannot assign additional allocations to this server: limit has been reached.")
          }
          if (!settings.enabled) {
            return Failure.display(
              "Server auto-allocation is not enabled for this instance.",
              "AutoAllocationNotEnabledException"
            )
          }
          const primary = state.allocations.find((a) => a.id === server.allocation_id)
          const start = settings.range_start
          const end = settings.range_end
          if (primary === undefined || start === null || end === null) {
            return Failure.display(NO_SPACE, "NoAutoAllocationSpaceAvailableException")
          }
          const inRange = (a: Fixture.Allocation) =>
            a.node_id === server.node_id && a.ip === primary.ip && a.port >= start && a.port <= end
          const free = state.allocations.find((a) => inRange(a) && a.server_id === null)
          let next = state
          let chosen: Fixture.Allocation
          if (free !== undefined) {
            chosen = { ...free, server_id: server.id }
            next = replaceAllocation(state, chosen)
          } else {
            const used = new Set(state.allocations.filter(inRange).map((a) => a.port))
            let port: number | undefined
            for (let p = start; p <= end; p++) {
              if (!used.has(p)) {
                port = p
                break
              }
            }
            if (port === undefined) return Failure.display(NO_SPACE, "NoAutoAllocationSpaceAvailableException")
            const [id, s1] = G.nextId(state, "allocations", state.allocations)
            chosen = {
              id,
              node_id: server.node_id,
              ip: primary.ip,
              ip_alias: null,
              port,
              server_id: server.id,
              notes: null
            }
            next = { ...s1, allocations: [...s1.allocations, chosen] }
          }
          return [
            [chosen, server] as const,
            Activity.log(next, ctx, at, "server:allocation.create", {
              server,
              properties: { allocation: `${chosen.ip}:${chosen.port}` }
            })
          ]
        })
        return { status: 200, body: T.allocation(allocation, server) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/network/allocations/{allocation}",
    name: "api:client:server.network.allocations.update",
    bindings: [allocationBinding],
    permission: "allocation.update",
    // UpdateAllocationRequest::rules(): the `Allocation` model's `notes` rules plus `present`.
    request: { rules: { notes: ["nullable", "string", "max:256", "present"] } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const [allocation, server] = yield* modify((state) => {
          const current = allocationOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const updated = { ...current, notes: Input.text(ctx.input.notes) ?? null }
          // The rule allows 256 characters, the column holds 191 (VARCHAR with Laravel's default
          // length of 191): MySQL's default non-strict mode cuts the rest silently, while the
          // answer shows the model as it was filled (a panel bug).
          const kept = updated.notes === null ? null : [...updated.notes].slice(0, 191).join("")
          const server = S.serverOf(state, ctx)
          return [
            [updated, server] as const,
            Activity.log(replaceAllocation(state, { ...updated, notes: kept }), ctx, at, "server:allocation.notes", {
              server,
              properties: { allocation: `${updated.ip}:${updated.port}`, old: current.notes, new: updated.notes }
            })
          ]
        })
        return { status: 200, body: T.allocation(allocation, server) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/network/allocations/{allocation}/primary",
    name: "api:client:server.network.allocations.primary",
    bindings: [allocationBinding],
    permission: "allocation.update",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const [allocation, server] = yield* modify((state) => {
          const current = allocationOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const server = { ...S.serverOf(state, ctx), allocation_id: current.id }
          return [
            [current, server] as const,
            Activity.log(updateServer(state, server), ctx, at, "server:allocation.primary", {
              server,
              properties: { allocation: `${current.ip}:${current.port}` }
            })
          ]
        })
        return { status: 200, body: T.allocation(allocation, server) }
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/network/allocations/{allocation}",
    name: "api:client:server.network.allocations.delete",
    bindings: [allocationBinding],
    permission: "allocation.delete",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = allocationOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const server = S.serverOf(state, ctx)
          // `empty()`: no limit and a limit of 0 alike (§4.6).
          if (!server.feature_limits.allocations) {
            return Failure.display("You cannot delete allocations for this server: no allocation limit is set.")
          }
          if (current.id === server.allocation_id) {
            return Failure.display("You cannot delete the primary allocation for this server.")
          }
          const next = replaceAllocation(state, { ...current, server_id: null, notes: null })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "server:allocation.delete", {
              server,
              properties: { allocation: `${current.ip}:${current.port}` }
            })
          ]
        })
      })
  })
]
