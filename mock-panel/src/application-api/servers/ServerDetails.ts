/**
 * `ServerDetailsController` (§8.2 `PATCH /servers/{server}/details` and `/build`): details, and
 * the build with `BuildModificationService`'s rules.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as Validator from "../../laravel/Validator.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import type { State } from "../../state/Store.js"
import * as Bindings from "../../http/Bindings.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"
import { revokeUser } from "../../wings/websocket/Daemon.js"
import { exists, externalIdRule, featureLimitRules, list, nullableInt, num, THREADS, update } from "./Servers.js"

// `requiredToOptional`: a limit is required with `limits` (nested) or without it (the legacy
// top-level fields).
const requiredWithLimits = (rules: string, nested: boolean) =>
  `${nested ? "required_with:limits" : "required_without:limits"}|${rules}`

// UpdateServerBuildConfigurationRequest::rules()
const buildRules = (state: State, server: Fixture.Server): Validator.Rules => {
  const limit = (nested: boolean): Validator.Rules => {
    const p = nested ? "limits." : ""
    return {
      [`${p}memory`]: requiredWithLimits("numeric|min:0", nested),
      [`${p}swap`]: requiredWithLimits("numeric|min:-1", nested),
      [`${p}io`]: requiredWithLimits("numeric|between:10,1000", nested),
      [`${p}cpu`]: requiredWithLimits("numeric|min:0", nested),
      [`${p}threads`]: THREADS,
      [`${p}disk`]: requiredWithLimits("numeric|min:0", nested)
    }
  }
  return {
    allocation: [
      "required",
      "bail",
      Validator.unique((v) => state.servers.some((s) => s.id !== server.id && Mysql.sameNumber(s.allocation_id, v))),
      Validator.exists(exists(state.allocations))
    ],
    oom_disabled: "sometimes|boolean",
    limits: "sometimes|array",
    ...limit(true),
    ...limit(false),
    add_allocations: "bail|array",
    "add_allocations.*": "integer",
    remove_allocations: "bail|array",
    "remove_allocations.*": "integer",
    ...featureLimitRules
  }
}

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

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/details",
    api: "application",
    name: "api:application.servers.details",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    request: {
      // UpdateServerDetailsRequest::rules()
      rules: (ctx, state) => ({
        external_id: externalIdRule(state, ctx.models.server?.id),
        name: "required|string|min:1|max:191",
        user: ["required", "integer", Validator.exists(exists(state.users))],
        description: "nullable|string"
      })
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const before = ctx.models.server!
        const reply = yield* update(ctx, (state, server, now) => {
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
        // DetailsModificationService::handle revokes the old owner's console tokens.
        if (Input.toInt(ctx.input.user) !== before.owner_id) yield* revokeUser(before.owner_id, before.uuid)
        return reply
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/build",
    api: "application",
    name: "api:application.servers.build",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    request: { rules: (ctx, state) => buildRules(state, ctx.models.server!) },
    handle: (ctx) => update(ctx, (state, server, now) => applyBuild(state, server, ctx.input, now))
  })
]
