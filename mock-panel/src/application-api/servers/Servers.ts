/**
 * `ServerController` (§8.2 `/servers`): list, view, create with `allocation` or `deploy`,
 * delete and force delete; and what the other server controllers share (the `Server` model's
 * rules, the egg-variable validator, writing a server row).
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
import { noViableNode, viableNodes } from "../nodes/NodeDeployment.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["uuid", "uuidShort", "name", "description", "image", "external_id"]
const SORTS = ["id", "uuid"]

/**
 * The `threads` rule of the `Server` model.
 *
 * @since 0.1.0
 * @category rules
 */
export const THREADS = "nullable|regex:/^[0-9-,]+$/"

/**
 * The `image` and `startup` rules of the `Server` model (`app/Models/Server.php::$validationRules`),
 * required by both `StoreServerRequest` (as `docker_image`, `startup`) and
 * `UpdateServerStartupRequest` (as `image`, `startup`).
 *
 * @since 0.1.0
 * @category rules
 */
export const IMAGE = "required|string|max:191|regex:/^[\\w\\.\\/\\-:@ ]*$/"

/**
 * @since 0.1.0
 * @category rules
 */
export const STARTUP = "required|string"

/**
 * A server as `ServerTransformer` renders it, with the request's includes.
 *
 * @since 0.1.0
 * @category helpers
 */
export const view = (ctx: RequestContext, row: Fixture.Server) =>
  Effect.map(read, (state) => A.server(A.context(ctx, state), row, A.includes(ctx)))

/**
 * An `exists` check against rows, optionally narrowed.
 *
 * @since 0.1.0
 * @category rules
 */
export const exists =
  <A extends { readonly id: number }>(rows: ReadonlyArray<A>, where: (row: A) => boolean = () => true) =>
  (v: unknown) =>
    rows.some((r) => Mysql.sameNumber(r.id, v) && where(r))

/**
 * The `Server` model's feature-limit rules the form requests reuse.
 *
 * @since 0.1.0
 * @category rules
 */
export const featureLimitRules: Validator.Rules = {
  feature_limits: "required|array",
  "feature_limits.databases": "present|nullable|integer|min:0",
  "feature_limits.allocations": "sometimes|nullable|integer|min:0",
  "feature_limits.backups": "present|nullable|integer|min:0"
}

/**
 * The `Server` model's `external_id` rule; an update ignores the server's own row.
 *
 * @since 0.1.0
 * @category rules
 */
export const externalIdRule = (state: State, self: number | undefined): Validator.Spec => [
  "sometimes",
  "nullable",
  "string",
  "between:1,191",
  Validator.unique((v) => state.servers.some((s) => s.id !== self && Mysql.sameText(s.external_id, v)))
]

/**
 * `VariableValidatorService` at admin level: every variable of the egg is validated with its
 * own rules, the attribute named `<variable name> variable`; a missing value is null.
 *
 * @since 0.1.0
 * @category rules
 */
export const validateVariables = (
  egg: Fixture.Egg,
  environment: unknown
): Effect.Effect<Record<string, string>, Failure.PanelFailure> => {
  const given = typeof environment === "object" && environment !== null ? (environment as Record<string, unknown>) : {}
  const data: Record<string, unknown> = {}
  const rules: Record<string, string> = {}
  const attributes: Record<string, string> = {}
  for (const variable of egg.variables) {
    data[variable.env_variable] = given[variable.env_variable] ?? null
    rules[`environment.${variable.env_variable}`] = variable.rules
    attributes[`environment.${variable.env_variable}`] = `${variable.name} variable`
  }
  const values: Record<string, string> = {}
  for (const variable of egg.variables) {
    const value = given[variable.env_variable]
    values[variable.env_variable] = value === undefined || value === null ? "" : Input.phpString(value)
  }
  return Effect.as(Validator.validateOrFail({ environment: data }, rules, { attributes }), values)
}

// --- create ----------------------------------------------------------------------------------

// StoreServerRequest::rules(), with the rules its `withValidator` adds when not deploying.
const storeRules = (ctx: RequestContext, state: State): Validator.Rules => {
  const deploy = ctx.input.deploy
  // `!$input->deploy`: absent, null, false or an empty array.
  const deploying =
    deploy !== undefined &&
    deploy !== null &&
    deploy !== false &&
    deploy !== "0" &&
    !(typeof deploy === "object" && Object.keys(deploy).length === 0)
  const unassigned = exists(state.allocations, (a) => a.server_id === null)
  return {
    external_id: externalIdRule(state, undefined),
    name: "required|string|min:1|max:191",
    description: "nullable|string",
    user: ["required", "integer", Validator.exists(exists(state.users))],
    egg: ["required", Validator.exists(exists(state.eggs))],
    docker_image: IMAGE,
    startup: STARTUP,
    environment: "present|array",
    skip_scripts: "sometimes|boolean",
    oom_disabled: "sometimes|boolean",
    limits: "required|array",
    "limits.memory": "required|numeric|min:0",
    "limits.swap": "required|numeric|min:-1",
    "limits.disk": "required|numeric|min:0",
    "limits.io": "required|numeric|between:10,1000",
    "limits.threads": THREADS,
    "limits.cpu": "required|numeric|min:0",
    ...featureLimitRules,
    "allocation.default": deploying ? [] : ["required", "integer", "bail", Validator.exists(unassigned)],
    "allocation.additional.*": deploying ? [] : ["integer", Validator.exists(unassigned)],
    deploy: "sometimes|required|array",
    "deploy.locations": deploying ? "array|present" : "array",
    "deploy.locations.*": "integer|min:1",
    // One rule with two "other fields", `deploy` and `boolean`, as the panel writes it.
    "deploy.dedicated_ip": "required_with:deploy,boolean",
    "deploy.port_range": deploying ? "array|present" : "array",
    "deploy.port_range.*": "string",
    start_on_completion: "sometimes|boolean"
  }
}

const PORT_RANGE = /^(\d{4,5})-(\d{4,5})$/

/** `AllocationSelectionService`: a free allocation on the nodes, within the ports. */
const selectAllocation = (
  state: State,
  nodes: ReadonlyArray<number>,
  ports: ReadonlyArray<unknown>,
  dedicated: boolean
): Fixture.Allocation | Failure.PanelFailure | undefined => {
  const singles: Array<number> = []
  const ranges: Array<readonly [number, number]> = []
  for (const raw of ports) {
    const port = Input.phpString(raw)
    if (/^\d+$/.test(port)) singles.push(Number(port))
    const m = PORT_RANGE.exec(port)
    if (m !== null) {
      if (Math.abs(Number(m[2]) - Number(m[1])) > 1000) {
        return Failure.display("Adding more than 1000 ports in a single range at once is not supported.")
      }
      ranges.push([Number(m[1]), Number(m[2])])
    }
  }
  const taken = new Set(
    state.allocations
      .filter((a) => a.server_id !== null && nodes.includes(a.node_id))
      .map((a) => `${a.node_id}-${a.ip}`)
  )
  // The panel picks at random among the candidates; the mock takes the lowest id.
  return state.allocations.find((a) => {
    if (a.server_id !== null) return false
    if (nodes.length > 0 && !nodes.includes(a.node_id)) return false
    if (singles.length + ranges.length > 0) {
      const inRange = ranges.some(([lo, hi]) => a.port >= lo && a.port <= hi)
      if (!inRange && !singles.includes(a.port)) return false
    }
    if (dedicated && taken.has(`${a.node_id}-${a.ip}`)) return false
    return true
  })
}

const newUuid = (state: State, id: number): string => {
  for (let attempt = 0; ; attempt++) {
    const candidate = G.uuid(`server:${id}:${attempt}`)
    if (!state.servers.some((s) => s.uuid.slice(0, 8) === candidate.slice(0, 8))) return candidate
  }
}

/**
 * A number a rule accepted, rounded as MySQL stores it in an INT column.
 *
 * @since 0.1.0
 * @category helpers
 */
export const num = (v: unknown) => Math.round(Input.toNumber(v))
/**
 * A nullable integer a rule accepted.
 *
 * @since 0.1.0
 * @category helpers
 */
export const nullableInt = (v: unknown) => (v === undefined || v === null ? null : Input.toInt(v))

/**
 * The values of a PHP array, `[]` for anything else.
 *
 * @since 0.1.0
 * @category helpers
 */
export const list = (v: unknown): Array<unknown> => (typeof v === "object" && v !== null ? Object.values(v) : [])

// --- routes ---------------------------------------------------------------------------------

/**
 * Writes the bound server's row through `change` and answers its view, or the failure.
 *
 * @since 0.1.0
 * @category helpers
 */
export const update = (
  ctx: RequestContext,
  change: (state: State, server: Fixture.Server, now: string) => [Fixture.Server, State] | Failure.PanelFailure
) =>
  Effect.gen(function* () {
    const store = yield* Store
    const now = iso(yield* store.now)
    const id = ctx.models.server!.id
    const result = yield* Ref.modify(store.state, (state): [Fixture.Server | Failure.PanelFailure, State] => {
      const current = state.servers.find((s) => s.id === id)
      if (current === undefined) return [Failure.notFound(), state]
      const changed = change(state, current, now)
      return changed instanceof Failure.PanelFailure ? [changed, state] : changed
    })
    if (result instanceof Failure.PanelFailure) return yield* Effect.fail(result)
    return { status: 200, body: yield* view(ctx, result) }
  })

// Wings installs in the background: the server leaves `installing` after the fixture's
// `install_seconds` on the mock clock (settled before each request).
/**
 * @since 0.1.0
 * @category helpers
 */
export const installUntil = (state: State, id: number, now: number, seconds: number): State => ({
  ...state,
  client: { ...state.client, installing: { ...state.client.installing, [id]: now + seconds * 1000 } }
})

const destroy = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const store = yield* Store
    const id = ctx.models.server!.id
    // The mock's daemon never fails, so a forced and a normal delete do the same.
    yield* Ref.update(store.state, (state) => ({
      ...state,
      servers: state.servers.filter((s) => s.id !== id),
      subusers: state.subusers.filter((s) => s.server_id !== id),
      databases: state.databases.filter((d) => d.server_id !== id),
      allocations: state.allocations.map((a) => (a.server_id === id ? { ...a, server_id: null } : a))
    }))
    return Responses.noContent
  })

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/servers",
    api: "application",
    name: "api:application.servers",
    acl: { resource: "servers", level: 1 },
    // GetServersRequest::rules()
    request: { rules: { search: "string|max:100" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const sorts = yield* ListQuery.sorts(ctx.query, SORTS)
        const state = yield* read
        let rows = state.servers
        for (const [name, alternatives] of filters) {
          rows = rows.filter((s) => {
            const column =
              name === "uuidShort"
                ? s.uuid.slice(0, 8)
                : name === "image"
                  ? s.image
                  : name === "external_id"
                    ? s.external_id
                    : s[name as "uuid" | "name" | "description"]
            return ListQuery.partial(column, alternatives)
          })
        }
        rows = ListQuery.applySorts(rows, sorts)
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        return Responses.page(ctx, rows, "/api/application/servers", (s) => A.server(context, s, includes))
      })
  }),
  define({
    method: "GET",
    path: "/api/application/servers/{server}",
    api: "application",
    name: "api:application.servers.view",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 1 },
    handle: (ctx) => Effect.map(view(ctx, ctx.models.server!), (body) => ({ status: 200, body }))
  }),
  define({
    method: "POST",
    path: "/api/application/servers",
    api: "application",
    name: "api:application.servers.store",
    acl: { resource: "servers", level: 2 },
    request: { rules: storeRules },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const millis = yield* store.now
        const now = iso(millis)
        const input = ctx.input
        const limits = (input.limits ?? {}) as Record<string, unknown>
        const features = (input.feature_limits ?? {}) as Record<string, unknown>
        const state0 = yield* read
        const egg = state0.eggs.find((e) => Mysql.sameNumber(e.id, input.egg))
        if (egg === undefined) return yield* Effect.fail(Failure.notFound())
        const deploy = input.deploy
        const memory = num(limits.memory)
        const disk = num(limits.disk)
        // Deployment first (node, then allocation), then the egg variables (§8.2).
        let chosen: Fixture.Allocation | undefined
        if (deploy !== undefined && deploy !== null) {
          const d = (typeof deploy === "object" ? deploy : {}) as Record<string, unknown>
          const nodes = viableNodes(state0, memory, disk, list(d.locations).map(Input.toInt))
          if (nodes.length === 0) return yield* Effect.fail(noViableNode())
          const picked = selectAllocation(
            state0,
            nodes.map((n) => n.id),
            list(d.port_range),
            Input.toBool(d.dedicated_ip)
          )
          if (picked instanceof Failure.PanelFailure) return yield* Effect.fail(picked)
          if (picked === undefined) {
            return yield* Effect.fail(
              Failure.display(
                "No allocations satisfying the requirements for automatic deployment were found.",
                "NoViableAllocationException"
              )
            )
          }
          chosen = picked
        } else {
          const allocation = input.allocation as Record<string, unknown> | undefined
          chosen = state0.allocations.find((a) => Mysql.sameNumber(a.id, allocation?.default))
          if (chosen === undefined) return yield* Effect.fail(Failure.notFound())
        }
        const allocation = chosen
        const values = yield* validateVariables(egg, input.environment)
        const additional =
          deploy !== undefined && deploy !== null
            ? []
            : list((input.allocation as Record<string, unknown> | undefined)?.additional).map(Input.toInt)
        const created = yield* Ref.modify(store.state, (state): [Fixture.Server, State] => {
          const [id, next] = G.nextId(state, "servers", state.servers)
          const row: Fixture.Server = {
            id,
            uuid: newUuid(state, id),
            external_id:
              input.external_id === undefined || input.external_id === null ? null : Input.phpString(input.external_id),
            name: Input.phpString(input.name),
            description:
              input.description === undefined || input.description === null ? "" : Input.phpString(input.description),
            status: "installing",
            transferring: false,
            owner_id: Input.toInt(input.user),
            node_id: allocation.node_id,
            egg_id: egg.id,
            allocation_id: allocation.id,
            limits: {
              memory,
              swap: num(limits.swap),
              disk,
              io: num(limits.io),
              cpu: num(limits.cpu),
              threads: limits.threads === undefined || limits.threads === null ? null : Input.phpString(limits.threads),
              oom_disabled:
                input.oom_disabled === undefined || input.oom_disabled === null
                  ? true
                  : Input.toBool(input.oom_disabled)
            },
            feature_limits: {
              databases:
                features.databases === undefined || features.databases === null ? 0 : Input.toInt(features.databases),
              allocations:
                features.allocations === undefined || features.allocations === null
                  ? 0
                  : Input.toInt(features.allocations),
              backups: features.backups === undefined || features.backups === null ? 0 : Input.toInt(features.backups)
            },
            startup: Input.phpString(input.startup),
            image: Input.phpString(input.docker_image),
            environment: values,
            skip_scripts: Input.toBool(input.skip_scripts),
            created_at: now,
            updated_at: now
          }
          const assigned = new Set([allocation.id, ...additional])
          return [
            row,
            {
              ...installUntil(next, id, millis, store.fixture.settings.client.install_seconds),
              servers: [...next.servers, row],
              allocations: next.allocations.map((a) => (assigned.has(a.id) ? { ...a, server_id: id } : a))
            }
          ]
        })
        // 201 without `meta.resource` (§7.1).
        return { status: 201, body: yield* view(ctx, created) }
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/servers/{server}",
    api: "application",
    name: "api:application.servers.delete",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: destroy
  }),
  define({
    method: "DELETE",
    path: "/api/application/servers/{server}/{force}",
    api: "application",
    name: "api:application.servers.delete.force",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    // Only the exact segment `force` forces; anything else deletes normally (§8.2).
    handle: destroy
  })
]
