/**
 * `routes/api-application.php`, `/servers` (§8.2): list, view, view by external id, update
 * details / build / startup, create with `allocation` or `deploy`, suspend, unsuspend,
 * reinstall, delete and force delete.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import * as R from "../../laravel/Validator.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, read } from "../../state/Store.js"
import * as A from "../Transformers.js"
import { noViableNode, viableNodes } from "../nodes/Nodes.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["uuid", "uuidShort", "name", "description", "image", "external_id"]
const SORTS = ["id", "uuid"]

const THREADS = /^[0-9-,]+$/

const view = (ctx: RequestContext, row: Fixture.Server) =>
  Effect.map(read, (state) => A.server(A.context(ctx, state), row, A.includes(ctx)))

const exists =
  <A extends { readonly id: number }>(rows: ReadonlyArray<A>, where: (row: A) => boolean = () => true) =>
  (v: unknown) =>
    rows.some((r) => Mysql.sameNumber(r.id, v) && where(r))

// The `Server` model rules the form requests reuse.
const featureLimitRules: R.Rules = [
  ["feature_limits", [R.required, R.array]],
  ["feature_limits.databases", [R.present, R.nullable, R.integer, R.min(0)]],
  ["feature_limits.allocations", [R.sometimes, R.nullable, R.integer, R.min(0)]],
  ["feature_limits.backups", [R.present, R.nullable, R.integer, R.min(0)]]
]

const externalIdRule = (state: State, self: number | undefined): readonly [string, ReadonlyArray<R.Rule>] => [
  "external_id",
  [
    R.sometimes,
    R.nullable,
    R.string,
    R.between(1, 191),
    R.unique((v) => state.servers.some((s) => s.id !== self && Mysql.sameText(s.external_id, v)))
  ]
]

/**
 * `VariableValidatorService` at admin level: every variable of the egg is validated with its
 * own rules, the attribute named `<variable name> variable`; a missing value is null.
 */
const validateVariables = (
  egg: Fixture.Egg,
  environment: unknown
): Effect.Effect<Record<string, string>, Failure.PanelFailure> => {
  const given = typeof environment === "object" && environment !== null ? (environment as Record<string, unknown>) : {}
  const data: Record<string, unknown> = {}
  const rules: Array<readonly [string, ReadonlyArray<R.Rule>]> = []
  const attributes: Record<string, string> = {}
  for (const variable of egg.variables) {
    data[variable.env_variable] = given[variable.env_variable] ?? null
    rules.push([`environment.${variable.env_variable}`, R.parse(variable.rules)])
    attributes[`environment.${variable.env_variable}`] = `${variable.name} variable`
  }
  const entries = R.validate({ environment: data }, rules, attributes)
  if (entries.length > 0) return Effect.fail(Failure.validation(entries))
  const values: Record<string, string> = {}
  for (const variable of egg.variables) {
    const value = given[variable.env_variable]
    values[variable.env_variable] = value === undefined || value === null ? "" : Input.phpString(value)
  }
  return Effect.succeed(values)
}

// --- create ----------------------------------------------------------------------------------

const storeRules = (ctx: RequestContext, state: State): R.Rules => {
  const deploy = ctx.input.deploy
  // `!$input->deploy`: absent, null, false or an empty array.
  const deploying =
    deploy !== undefined &&
    deploy !== null &&
    deploy !== false &&
    deploy !== "0" &&
    !(typeof deploy === "object" && Object.keys(deploy).length === 0)
  const unassigned = exists(state.allocations, (a) => a.server_id === null)
  return [
    externalIdRule(state, undefined),
    ["name", [R.required, R.string, R.min(1), R.max(191)]],
    ["description", [R.nullable, R.string]],
    ["user", [R.required, R.integer, R.exists(exists(state.users))]],
    ["egg", [R.required, R.exists(exists(state.eggs))]],
    ["docker_image", [R.sometimes, R.string]],
    ["startup", [R.sometimes, R.string]],
    ["environment", [R.present, R.array]],
    ["skip_scripts", [R.sometimes, R.boolean]],
    ["oom_disabled", [R.sometimes, R.boolean]],
    ["limits", [R.required, R.array]],
    ["limits.memory", [R.required, R.numeric, R.min(0)]],
    ["limits.swap", [R.required, R.numeric, R.min(-1)]],
    ["limits.disk", [R.required, R.numeric, R.min(0)]],
    ["limits.io", [R.required, R.numeric, R.between(10, 1000)]],
    ["limits.threads", [R.nullable, R.regex(THREADS)]],
    ["limits.cpu", [R.required, R.numeric, R.min(0)]],
    ...featureLimitRules,
    ["allocation.default", deploying ? [] : [R.required, R.integer, R.bail, R.exists(unassigned)]],
    ["allocation.additional.*", deploying ? [] : [R.integer, R.exists(unassigned)]],
    ["deploy", [R.sometimes, R.required, R.array]],
    ["deploy.locations", deploying ? [R.array, R.present] : [R.array]],
    ["deploy.locations.*", [R.integer, R.min(1)]],
    // The panel's rule string is `required_with:deploy,boolean`: two "other fields".
    ["deploy.dedicated_ip", [R.requiredWith("deploy", "boolean")]],
    ["deploy.port_range", deploying ? [R.array, R.present] : [R.array]],
    ["deploy.port_range.*", [R.string]],
    ["start_on_completion", [R.sometimes, R.boolean]]
  ]
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

const num = (v: unknown) => Math.round(Input.toNumber(v))
const nullableInt = (v: unknown) => (v === undefined || v === null ? null : Input.toInt(v))

// --- build -----------------------------------------------------------------------------------

const requiredWithLimits = (rules: ReadonlyArray<R.Rule>, nested: boolean) => [
  nested ? R.requiredWith("limits") : R.requiredWithout("limits"),
  ...rules
]

const buildRules = (state: State, server: Fixture.Server): R.Rules => {
  const limit = (nested: boolean): R.Rules => {
    const p = nested ? "limits." : ""
    return [
      [`${p}memory`, requiredWithLimits([R.numeric, R.min(0)], nested)],
      [`${p}swap`, requiredWithLimits([R.numeric, R.min(-1)], nested)],
      [`${p}io`, requiredWithLimits([R.numeric, R.between(10, 1000)], nested)],
      [`${p}cpu`, requiredWithLimits([R.numeric, R.min(0)], nested)],
      [`${p}threads`, [R.nullable, R.regex(THREADS)]],
      [`${p}disk`, requiredWithLimits([R.numeric, R.min(0)], nested)]
    ]
  }
  return [
    [
      "allocation",
      [
        R.required,
        R.bail,
        R.unique((v) => state.servers.some((s) => s.id !== server.id && Mysql.sameNumber(s.allocation_id, v))),
        R.exists(exists(state.allocations))
      ]
    ],
    ["oom_disabled", [R.sometimes, R.boolean]],
    ["limits", [R.sometimes, R.array]],
    ...limit(true),
    ...limit(false),
    ["add_allocations", [R.bail, R.array]],
    ["add_allocations.*", [R.integer]],
    ["remove_allocations", [R.bail, R.array]],
    ["remove_allocations.*", [R.integer]],
    ...featureLimitRules
  ]
}

const list = (v: unknown): Array<unknown> => (typeof v === "object" && v !== null ? Object.values(v) : [])

/** `BuildModificationService`: the new state, or its business-rule failure. */
const applyBuild = (
  state: State,
  server: Fixture.Server,
  input: RequestContext["input"],
  now: string
): [Fixture.Server, State] | Failure.PanelFailure => {
  // The request's `limits` win over the legacy top-level fields.
  const flat: Record<string, unknown> = {}
  for (const key of ["memory", "swap", "io", "cpu", "threads", "disk"]) {
    if (input[key] !== undefined) flat[key] = input[key]
  }
  const limits = input.limits
  if (typeof limits === "object" && limits !== null) Object.assign(flat, limits)
  let defaultAllocation: unknown = input.allocation
  let allocations = state.allocations
  const add = list(input.add_allocations)
  const remove = list(input.remove_allocations)
  if (add.length > 0 || remove.length > 0) {
    const fresh = allocations
      .filter((a) => a.node_id === server.node_id && a.server_id === null && add.some((v) => Mysql.sameNumber(a.id, v)))
      .map((a) => a.id)
    allocations = allocations.map((a) => (fresh.includes(a.id) ? { ...a, server_id: server.id, notes: null } : a))
    if (remove.length > 0) {
      for (const id of remove) {
        if (id === (defaultAllocation ?? server.allocation_id)) {
          if (fresh.length === 0) {
            return Failure.display(
              "You are attempting to delete the default allocation for this server but there is no fallback allocation to use."
            )
          }
          defaultAllocation = fresh[0]
        }
      }
      allocations = allocations.map((a) =>
        a.node_id === server.node_id &&
        a.server_id === server.id &&
        !fresh.includes(a.id) &&
        remove.some((v) => Mysql.sameNumber(a.id, v))
          ? { ...a, server_id: null, notes: null }
          : a
      )
    }
  }
  const allocationId = Input.toInt(defaultAllocation)
  if (
    allocationId !== server.allocation_id &&
    !allocations.some((a) => a.id === allocationId && a.server_id === server.id)
  ) {
    return Failure.display("The requested default allocation is not currently assigned to this server.")
  }
  const features = (input.feature_limits ?? {}) as Record<string, unknown>
  const row: Fixture.Server = {
    ...server,
    allocation_id: allocationId,
    limits: {
      memory: flat.memory === undefined ? server.limits.memory : num(flat.memory),
      swap: flat.swap === undefined ? server.limits.swap : num(flat.swap),
      io: flat.io === undefined ? server.limits.io : num(flat.io),
      cpu: flat.cpu === undefined ? server.limits.cpu : num(flat.cpu),
      disk: flat.disk === undefined ? server.limits.disk : num(flat.disk),
      threads:
        flat.threads === undefined
          ? server.limits.threads
          : flat.threads === null
            ? null
            : Input.phpString(flat.threads),
      oom_disabled: input.oom_disabled === undefined ? server.limits.oom_disabled : Input.toBool(input.oom_disabled)
    },
    feature_limits: {
      databases: nullableInt(features.databases),
      allocations: nullableInt(features.allocations),
      backups: features.backups === undefined || features.backups === null ? 0 : Input.toInt(features.backups)
    },
    updated_at: now
  }
  return [row, { ...state, allocations, servers: state.servers.map((s) => (s.id === server.id ? row : s)) }]
}

// --- routes ----------------------------------------------------------------------------------

const update = (
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

const setStatus = (ctx: RequestContext, next: (server: Fixture.Server) => Fixture.Server | Failure.PanelFailure) =>
  Effect.gen(function* () {
    const store = yield* Store
    const now = iso(yield* store.now)
    const id = ctx.models.server!.id
    const failure = yield* Ref.modify(store.state, (state): [Failure.PanelFailure | undefined, State] => {
      const current = state.servers.find((s) => s.id === id)
      if (current === undefined) return [Failure.notFound(), state]
      const row = next(current)
      if (row instanceof Failure.PanelFailure) return [row, state]
      if (row === current) return [undefined, state]
      return [
        undefined,
        { ...state, servers: state.servers.map((s) => (s.id === id ? { ...row, updated_at: now } : s)) }
      ]
    })
    if (failure !== undefined) return yield* Effect.fail(failure)
    return Responses.noContent
  })

const suspension = (suspend: boolean) => (server: Fixture.Server) => {
  if ((server.status === "suspended") === suspend) return server
  if (server.transferring) {
    return Failure.http(
      409,
      "ConflictHttpException",
      "Cannot toggle suspension status on a server that is currently being transferred."
    )
  }
  return { ...server, status: suspend ? ("suspended" as const) : null }
}

// Wings installs in the background: the server leaves `installing` after the fixture's
// `install_seconds` on the mock clock (settled before each request).
const installUntil = (state: State, id: number, now: number, seconds: number): State => ({
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
    validate: (ctx) => R.validateInput(ctx.input, [["search", [R.string, R.max(100)]]]),
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
    method: "GET",
    path: "/api/application/servers/external/{external_id}",
    api: "application",
    name: "api:application.servers.external",
    acl: { resource: "servers", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        // Looked up in the controller (`firstOrFail`), so after the ACL.
        const state = yield* read
        const row = state.servers.find((s) => Mysql.sameText(s.external_id, ctx.params.external_id ?? ""))
        if (row === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: yield* view(ctx, row) }
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/details",
    api: "application",
    name: "api:application.servers.details",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    validate: (ctx) =>
      Effect.flatMap(read, (state) =>
        R.validateInput(ctx.input, [
          externalIdRule(state, ctx.models.server?.id),
          ["name", [R.required, R.string, R.min(1), R.max(191)]],
          ["user", [R.required, R.integer, R.exists(exists(state.users))]],
          ["description", [R.nullable, R.string]]
        ])
      ),
    handle: (ctx) =>
      update(ctx, (state, server, now) => {
        const input = ctx.input
        const row: Fixture.Server = {
          ...server,
          // `DetailsModificationService` writes `external_id` as given: absent clears it.
          external_id:
            input.external_id === undefined || input.external_id === null ? null : Input.phpString(input.external_id),
          owner_id: Input.toInt(input.user),
          name: Input.phpString(input.name),
          description:
            input.description === undefined || input.description === null ? "" : Input.phpString(input.description),
          updated_at: now
        }
        return [row, { ...state, servers: state.servers.map((s) => (s.id === server.id ? row : s)) }]
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/build",
    api: "application",
    name: "api:application.servers.build",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    validate: (ctx) =>
      Effect.flatMap(read, (state) => R.validateInput(ctx.input, buildRules(state, ctx.models.server!))),
    handle: (ctx) => update(ctx, (state, server, now) => applyBuild(state, server, ctx.input, now))
  }),
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/startup",
    api: "application",
    name: "api:application.servers.startup",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    validate: (ctx) =>
      Effect.flatMap(read, (state) =>
        R.validateInput(ctx.input, [
          ["startup", [R.sometimes, R.string]],
          ["environment", [R.present, R.array]],
          ["egg", [R.required, R.exists(exists(state.eggs))]],
          ["image", [R.sometimes, R.string]],
          ["skip_scripts", [R.present, R.boolean]]
        ])
      ),
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const input = ctx.input
        const server = ctx.models.server!
        const egg =
          state.eggs.find((e) => Mysql.sameNumber(e.id, input.egg)) ?? state.eggs.find((e) => e.id === server.egg_id)
        const environment = input.environment
        const values =
          egg !== undefined &&
          typeof environment === "object" &&
          environment !== null &&
          Object.keys(environment).length > 0
            ? yield* validateVariables(egg, environment)
            : undefined
        return yield* update(ctx, (current, row, now) => {
          const next: Fixture.Server = {
            ...row,
            ...(egg !== undefined ? { egg_id: egg.id } : {}),
            environment: values === undefined ? row.environment : { ...row.environment, ...values },
            startup: typeof input.startup === "string" ? input.startup : row.startup,
            image: typeof input.image === "string" ? input.image : row.image,
            skip_scripts: Input.toBool(input.skip_scripts),
            updated_at: now
          }
          return [next, { ...current, servers: current.servers.map((s) => (s.id === row.id ? next : s)) }]
        })
      })
  }),
  define({
    method: "POST",
    path: "/api/application/servers",
    api: "application",
    name: "api:application.servers.store",
    acl: { resource: "servers", level: 2 },
    validate: (ctx) => Effect.flatMap(read, (state) => R.validateInput(ctx.input, storeRules(ctx, state))),
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
            // The panel takes these from the request; without them the mock falls back to the egg's.
            startup: typeof input.startup === "string" ? input.startup : egg.startup,
            image:
              typeof input.docker_image === "string" ? input.docker_image : (Object.values(egg.docker_images)[0] ?? ""),
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
    method: "POST",
    path: "/api/application/servers/{server}/suspend",
    api: "application",
    name: "api:application.servers.suspend",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) => setStatus(ctx, suspension(true))
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/unsuspend",
    api: "application",
    name: "api:application.servers.unsuspend",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) => setStatus(ctx, suspension(false))
  }),
  define({
    method: "POST",
    path: "/api/application/servers/{server}/reinstall",
    api: "application",
    name: "api:application.servers.reinstall",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const reply = yield* setStatus(ctx, (server) => ({ ...server, status: "installing" as const }))
        const now = yield* store.now
        yield* Ref.update(store.state, (state) =>
          installUntil(state, ctx.models.server!.id, now, store.fixture.settings.client.install_seconds)
        )
        return reply
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
