/**
 * `NodeDeploymentController` (§8.2 `GET /nodes/deployable`) and `FindViableNodesService`,
 * which server creation with `deploy` uses too.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { type State, read } from "../../state/Store.js"
import * as Fractal from "../../laravel/Fractal.js"
import * as A from "../Transformers.js"
import * as Responses from "../Responses.js"
import * as Input from "../../laravel/Input.js"

/**
 * `FindViableNodesService`: public nodes (in the given locations) whose servers' memory and
 * disk plus the request still fit under the node's limits with over-allocation.
 *
 * @since 0.1.0
 * @category deployment
 */
export const viableNodes = (
  state: State,
  memory: number,
  disk: number,
  locations: ReadonlyArray<number>
): ReadonlyArray<Fixture.Node> =>
  state.nodes.filter((node) => {
    if (!node.public) return false
    if (locations.length > 0 && !locations.includes(node.location_id)) return false
    const servers = state.servers.filter((s) => s.node_id === node.id)
    const usedMemory = servers.reduce((sum, s) => sum + s.limits.memory, 0)
    const usedDisk = servers.reduce((sum, s) => sum + s.limits.disk, 0)
    return (
      usedMemory + memory <= node.memory * (1 + node.memory_overallocate / 100) &&
      usedDisk + disk <= node.disk * (1 + node.disk_overallocate / 100)
    )
  })

/**
 * `NoViableNodeException` (a `DisplayException`, 400).
 *
 * @since 0.1.0
 * @category deployment
 */
export const noViableNode = () =>
  Failure.display(
    "No nodes satisfying the requirements specified for automatic deployment could be found.",
    "NoViableNodeException"
  )

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nodes/deployable",
    api: "application",
    name: "api:application.nodes.deployable",
    acl: { resource: "nodes", level: 1 },
    // GetDeployableNodesRequest::rules() (the mock does not check `page`).
    request: {
      rules: {
        memory: "required|integer|min:0",
        disk: "required|integer|min:0",
        location_ids: "array",
        "location_ids.*": "integer"
      }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const locationIds = ctx.input.location_ids
        const locations =
          typeof locationIds === "object" && locationIds !== null ? Object.values(locationIds).map(Input.toInt) : []
        const rows = viableNodes(state, Input.toInt(ctx.input.memory), Input.toInt(ctx.input.disk), locations)
        if (rows.length === 0) return yield* Effect.fail(noViableNode())
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        const render = (n: Fixture.Node) => A.nodeItem(context, n, includes, A.deployableNodeAttributes(state, n))
        // Paginated only when a page is asked for (§7.2).
        if (ctx.query.page === undefined || ctx.query.page === null) {
          return { status: 200, body: Fractal.list(rows.map(render)) }
        }
        return Responses.page(ctx, rows, "/api/application/nodes/deployable", render)
      })
  })
]
