/**
 * `NodeController` (§8.2 `/nodes`): list, view, create, update (with `reset_secret`), delete.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import * as Validator from "../../laravel/Validator.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, read } from "../../state/Store.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["uuid", "name", "fqdn", "daemon_token_id"]
const SORTS = ["id", "uuid", "memory", "disk"]

const ATTRIBUTES = {
  daemon_base: "Daemon Base Path",
  upload_size: "File Upload Size Limit",
  location_id: "Location",
  public: "Node Visibility"
}

// `StoreNodeRequest::rules`: the `Node` model rules it keeps, in the model's order, keys in
// snake_case. `description` is not among them, so it is neither validated nor stored. The update
// request uses the same rules (they stay required).
const rules = (_: RequestContext, state: State): Validator.Rules => ({
  name: "required|regex:/^([\\w .-]{1,100})$/",
  location_id: ["required", Validator.exists((v) => state.locations.some((l) => Mysql.sameNumber(l.id, v)))],
  public: "boolean",
  fqdn: "required|string",
  scheme: "required",
  behind_proxy: "boolean",
  memory: "required|numeric|min:1",
  memory_overallocate: "required|numeric|min:-1",
  disk: "required|numeric|min:1",
  disk_overallocate: "required|numeric|min:-1",
  daemon_base: "sometimes|required|regex:/^([\\/][\\d\\w.\\-\\/]+)$/",
  daemon_sftp: "required|numeric|between:1,65535",
  daemon_listen: "required|numeric|between:1,65535",
  maintenance_mode: "boolean",
  upload_size: "int|between:1,1024"
})

const DEFAULT_DAEMON_BASE = "/var/lib/pterodactyl/volumes"

// MySQL stores numbers given to INT columns rounded.
const int = (v: unknown) => Math.round(Input.toNumber(v))

const fields = (input: RequestContext["input"]) => {
  const has = (k: string) => input[k] !== undefined
  return {
    name: Input.phpString(input.name),
    location_id: int(input.location_id),
    fqdn: Input.phpString(input.fqdn),
    scheme: Input.phpString(input.scheme) as Fixture.Node["scheme"],
    memory: int(input.memory),
    memory_overallocate: int(input.memory_overallocate),
    disk: int(input.disk),
    disk_overallocate: int(input.disk_overallocate),
    daemon_sftp: int(input.daemon_sftp),
    daemon_listen: int(input.daemon_listen),
    ...(has("public") ? { public: Input.toBool(input.public) } : {}),
    ...(has("behind_proxy") ? { behind_proxy: Input.toBool(input.behind_proxy) } : {}),
    ...(has("maintenance_mode") ? { maintenance_mode: Input.toBool(input.maintenance_mode) } : {}),
    ...(has("upload_size") && input.upload_size !== null ? { upload_size: int(input.upload_size) } : {}),
    // StoreNodeRequest::validated: `daemon_base ?? (new Node())->daemonBase`, on an update too.
    daemon_base: has("daemon_base") ? Input.phpString(input.daemon_base) : DEFAULT_DAEMON_BASE
  }
}

/**
 * A node as `NodeTransformer` renders it, with the request's includes.
 *
 * @since 0.1.0
 * @category helpers
 */
export const nodeView = (ctx: RequestContext, node: Fixture.Node) =>
  Effect.map(read, (state) => A.nodeItem(A.context(ctx, state), node, A.includes(ctx)))

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nodes",
    api: "application",
    name: "api:application.nodes",
    acl: { resource: "nodes", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const sorts = yield* ListQuery.sorts(ctx.query, SORTS)
        const state = yield* read
        let rows = state.nodes
        for (const [name, alternatives] of filters) {
          rows = rows.filter((n) =>
            ListQuery.partial(
              name === "daemon_token_id" ? G.daemonToken(n).id : (n[name as "uuid" | "name" | "fqdn"] ?? null),
              alternatives
            )
          )
        }
        rows = ListQuery.applySorts(rows, sorts)
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        return Responses.page(ctx, rows, "/api/application/nodes", (n) => A.nodeItem(context, n, includes))
      })
  }),
  define({
    method: "GET",
    path: "/api/application/nodes/{node}",
    api: "application",
    name: "api:application.nodes.view",
    bindings: [Bindings.node],
    acl: { resource: "nodes", level: 1 },
    handle: (ctx) => Effect.map(nodeView(ctx, ctx.models.node!), (body) => ({ status: 200, body }))
  }),
  define({
    method: "POST",
    path: "/api/application/nodes",
    api: "application",
    name: "api:application.nodes.store",
    acl: { resource: "nodes", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const created = yield* Ref.modify(store.state, (state): [Fixture.Node, State] => {
          const [id, next] = G.nextId(state, "nodes", state.nodes)
          const uuid = G.uuid(`node:${id}`)
          const row: Fixture.Node = {
            id,
            uuid,
            public: true,
            description: null,
            behind_proxy: false,
            maintenance_mode: false,
            upload_size: 100,
            ...fields(ctx.input),
            daemon_token_id: G.random(`daemon-token-id:${uuid}:0`, 16),
            daemon_token: G.random(`daemon-token:${uuid}:0`, 64),
            created_at: now,
            updated_at: now
          }
          return [row, { ...next, nodes: [...next.nodes, row] }]
        })
        const body = yield* nodeView(ctx, created)
        return Responses.created(ctx, body, `/api/application/nodes/${created.id}`)
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/nodes/{node}",
    api: "application",
    name: "api:application.nodes.update",
    bindings: [Bindings.node],
    acl: { resource: "nodes", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const id = ctx.models.node!.id
        // `reset_secret` must be the JSON boolean true.
        const reset = ctx.input.reset_secret === true
        const updated = yield* Ref.modify(store.state, (state): [Fixture.Node | undefined, State] => {
          const current = state.nodes.find((n) => n.id === id)
          if (current === undefined) return [undefined, state]
          const generation = `${current.uuid}:${now}:${current.daemon_token_id ?? ""}`
          const row: Fixture.Node = {
            ...current,
            ...fields(ctx.input),
            ...(reset
              ? {
                  daemon_token_id: G.random(`daemon-token-id:${generation}`, 16),
                  daemon_token: G.random(`daemon-token:${generation}`, 64)
                }
              : {}),
            updated_at: now
          }
          return [row, { ...state, nodes: state.nodes.map((n) => (n.id === id ? row : n)) }]
        })
        if (updated === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: yield* nodeView(ctx, updated) }
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/nodes/{node}",
    api: "application",
    name: "api:application.nodes.delete",
    bindings: [Bindings.node],
    acl: { resource: "nodes", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const id = ctx.models.node!.id
        const blocked = yield* Ref.modify(store.state, (state): [boolean, State] => {
          if (state.servers.some((s) => s.node_id === id)) return [true, state]
          return [
            false,
            {
              ...state,
              nodes: state.nodes.filter((n) => n.id !== id),
              // Foreign keys: allocations go with the node, database hosts lose the link.
              allocations: state.allocations.filter((a) => a.node_id !== id),
              databaseHosts: state.databaseHosts.map((h) => (h.node_id === id ? { ...h, node_id: null } : h))
            }
          ]
        })
        if (blocked) {
          return yield* Effect.fail(
            Failure.display(
              "A node must have no servers linked to it in order to be deleted.",
              "HasActiveServersException"
            )
          )
        }
        return Responses.noContent
      })
  })
]
