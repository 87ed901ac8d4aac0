/**
 * State to wire JSON, written from §7.1 and §9: `{object, attributes}` items, `list`
 * collections, `null_resource` for denied includes, relationships inside `attributes`, and
 * pagination meta with links.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import type * as Fixture from "../state/Fixture.js"
import { buildQuery, type InputObject } from "../laravel/Php.js"
import { isoOf, type KeyRow, type State } from "../state/Store.js"

// Both APIs render a server's limits with these keys in this order (§9.1, §9.2).
const limitsOf = (server: Fixture.Server) => ({
  memory: server.limits.memory,
  swap: server.limits.swap,
  disk: server.limits.disk,
  io: server.limits.io,
  cpu: server.limits.cpu,
  threads: server.limits.threads,
  oom_disabled: server.limits.oom_disabled
})

/**
 * @since 0.1.0
 * @category envelopes
 */
export const item = (object: string, attributes: unknown) => ({ object, attributes })

/**
 * @since 0.1.0
 * @category envelopes
 */
export const list = (data: ReadonlyArray<unknown>) => ({ object: "list", data })

/**
 * A denied or absent include (§3.4).
 *
 * @since 0.1.0
 * @category envelopes
 */
export const nullResource = { object: "null_resource", attributes: null } as const

/**
 * What a user may do on a server (§4.3): `"*"` for owners and root admins, the subuser's
 * stored list otherwise, `undefined` when the server is not visible to them.
 *
 * @since 0.1.0
 * @category permissions
 */
export const serverPermissions = (
  state: State,
  user: Fixture.User,
  server: Fixture.Server
): "*" | ReadonlyArray<string> | undefined => {
  if (user.root_admin || server.owner_id === user.id) return "*"
  return state.subusers.find((s) => s.server_id === server.id && s.user_id === user.id)?.permissions
}

/**
 * Whether a permission check passes (§4.3: exact string match, no wildcard expansion).
 *
 * @since 0.1.0
 * @category permissions
 */
export const can = (permissions: "*" | ReadonlyArray<string> | undefined, permission: string): boolean =>
  permissions === "*" || (permissions?.includes(permission) ?? false)

/**
 * `meta.user_permissions` of `GET /servers/{server}` (§4.3).
 *
 * @since 0.1.0
 * @category permissions
 */
export const userPermissionsMeta = (
  user: Fixture.User,
  server: Fixture.Server,
  permissions: "*" | ReadonlyArray<string> | undefined
): ReadonlyArray<string> => {
  if (server.owner_id === user.id) return ["*"]
  if (user.root_admin) return ["*", "admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer"]
  return permissions === "*" ? ["*"] : (permissions ?? [])
}

const primaryAllocation = (state: State, server: Fixture.Server) =>
  state.allocations.find((a) => a.id === server.allocation_id)

const variableValue = (server: Fixture.Server, variable: Fixture.EggVariable): string =>
  server.environment[variable.env_variable] ?? variable.default_value

/**
 * The startup command with values substituted (`invocation`, §9.1).
 *
 * @since 0.1.0
 * @category client
 */
export const invocation = (state: State, server: Fixture.Server, hideAll: boolean): string => {
  const allocation = primaryAllocation(state, server)
  const egg = state.eggs.find((e) => e.id === server.egg_id)
  const pairs: Array<[string, string]> = [
    ["{{SERVER_MEMORY}}", String(server.limits.memory)],
    ["{{SERVER_IP}}", allocation?.ip ?? ""],
    ["{{SERVER_PORT}}", String(allocation?.port ?? "")]
  ]
  for (const variable of egg?.variables ?? []) {
    pairs.push([
      `{{${variable.env_variable}}}`,
      variable.user_viewable && !hideAll ? variableValue(server, variable) : "[hidden]"
    ])
  }
  // One replacement after another, as PHP's str_replace does with arrays; split/join because
  // replaceAll would read `$&` or `$$` in a value as a pattern.
  return pairs.reduce((acc, [find, replace]) => acc.split(find).join(replace), server.startup)
}

/**
 * Client `allocation` (§9.1).
 *
 * @since 0.1.0
 * @category client
 */
export const clientAllocation = (allocation: Fixture.Allocation, server: Fixture.Server, hideNotes = false) =>
  item("allocation", {
    id: allocation.id,
    ip: allocation.ip,
    ip_alias: allocation.ip_alias,
    port: allocation.port,
    notes: hideNotes ? null : allocation.notes,
    is_default: allocation.id === server.allocation_id
  })

/**
 * Client `egg_variable` (§9.1).
 *
 * @since 0.1.0
 * @category client
 */
export const clientEggVariable = (server: Fixture.Server, variable: Fixture.EggVariable) =>
  item("egg_variable", {
    name: variable.name,
    description: variable.description,
    env_variable: variable.env_variable,
    default_value: variable.default_value,
    server_value: server.environment[variable.env_variable] ?? null,
    is_editable: variable.user_editable,
    rules: variable.rules
  })

const gravatar = (email: string) =>
  `https://gravatar.com/avatar/${Crypto.createHash("md5").update(email.toLowerCase()).digest("hex")}`

/**
 * Client `server_subuser` (§9.1).
 *
 * @since 0.1.0
 * @category client
 */
export const clientSubuser = (user: Fixture.User, subuser: Fixture.Subuser) =>
  item("server_subuser", {
    uuid: user.uuid,
    username: user.username,
    email: user.email,
    image: gravatar(user.email),
    "2fa_enabled": user.use_totp,
    created_at: isoOf(user.created_at),
    permissions: subuser.permissions
  })

/**
 * Client `server` (§9.1, §4.5): allocations limited to the primary one without
 * `allocation.read`, variables a `null_resource` without `startup.read`, subusers a
 * `null_resource` without `user.read`.
 *
 * @since 0.1.0
 * @category client
 */
export const clientServer = (
  state: State,
  server: Fixture.Server,
  user: Fixture.User,
  includes: ReadonlySet<string>
) => {
  const permissions = serverPermissions(state, user, server)
  const node = state.nodes.find((n) => n.id === server.node_id)
  const egg = state.eggs.find((e) => e.id === server.egg_id)
  const readAllocations = can(permissions, "allocation.read")
  const readStartup = can(permissions, "startup.read")
  const allocations = readAllocations
    ? state.allocations.filter((a) => a.server_id === server.id).map((a) => clientAllocation(a, server))
    : state.allocations.filter((a) => a.id === server.allocation_id).map((a) => clientAllocation(a, server, true))
  const relationships: Record<string, unknown> = {
    allocations: list(allocations),
    variables: readStartup
      ? list((egg?.variables ?? []).filter((v) => v.user_viewable).map((v) => clientEggVariable(server, v)))
      : nullResource
  }
  if (includes.has("egg")) {
    relationships.egg = egg === undefined ? nullResource : item("egg", { uuid: egg.uuid, name: egg.name })
  }
  if (includes.has("subusers")) {
    relationships.subusers = can(permissions, "user.read")
      ? list(
          state.subusers
            .filter((s) => s.server_id === server.id)
            .flatMap((s) => {
              const u = state.users.find((x) => x.id === s.user_id)
              return u === undefined ? [] : [clientSubuser(u, s)]
            })
        )
      : nullResource
  }
  return item("server", {
    server_owner: server.owner_id === user.id,
    identifier: server.uuid.slice(0, 8),
    internal_id: server.id,
    uuid: server.uuid,
    name: server.name,
    node: node?.name ?? "",
    is_node_under_maintenance: node?.maintenance_mode ?? false,
    sftp_details: { ip: node?.fqdn ?? "", port: node?.daemon_sftp ?? 2022 },
    description: server.description,
    limits: limitsOf(server),
    invocation: invocation(state, server, !readStartup),
    docker_image: server.image,
    egg_features: egg?.features ?? null,
    feature_limits: server.feature_limits,
    status: server.status,
    is_suspended: server.status === "suspended",
    is_installing: server.status === "installing" || server.status === "install_failed",
    is_transferring: server.transferring,
    relationships
  })
}

/**
 * Client `api_key` (§4.7).
 *
 * @since 0.1.0
 * @category client
 */
export const apiKey = (key: KeyRow) =>
  item("api_key", {
    identifier: key.identifier,
    description: key.memo,
    allowed_ips: key.allowed_ips,
    last_used_at: isoOf(key.last_used_at),
    created_at: isoOf(key.created_at)
  })

/**
 * Client `user` of `GET /account` (§9.1).
 *
 * @since 0.1.0
 * @category client
 */
export const account = (user: Fixture.User) =>
  item("user", {
    id: user.id,
    admin: user.root_admin,
    username: user.username,
    email: user.email,
    first_name: user.first_name,
    last_name: user.last_name,
    language: user.language
  })

/**
 * Application `user` (§9.2).
 *
 * @since 0.1.0
 * @category application
 */
export const applicationUser = (user: Fixture.User) => ({
  id: user.id,
  external_id: user.external_id,
  uuid: user.uuid,
  username: user.username,
  email: user.email,
  first_name: user.first_name,
  last_name: user.last_name,
  language: user.language,
  root_admin: user.root_admin,
  "2fa": user.use_totp,
  created_at: isoOf(user.created_at),
  updated_at: isoOf(user.updated_at)
})

/**
 * Application `server` (§9.2).
 *
 * @since 0.1.0
 * @category application
 */
export const applicationServer = (state: State, server: Fixture.Server) => {
  const egg = state.eggs.find((e) => e.id === server.egg_id)
  const node = state.nodes.find((n) => n.id === server.node_id)
  const location = state.locations.find((l) => l.id === node?.location_id)
  const environment: Record<string, string | number | null> = {}
  for (const variable of egg?.variables ?? []) environment[variable.env_variable] = variableValue(server, variable)
  environment.STARTUP = server.startup
  environment.P_SERVER_LOCATION = location?.short ?? null
  environment.P_SERVER_UUID = server.uuid
  environment.P_SERVER_ALLOCATION_LIMIT = server.feature_limits.allocations
  return item("server", {
    id: server.id,
    external_id: server.external_id,
    uuid: server.uuid,
    identifier: server.uuid.slice(0, 8),
    name: server.name,
    description: server.description,
    status: server.status,
    suspended: server.status === "suspended",
    limits: limitsOf(server),
    feature_limits: server.feature_limits,
    user: server.owner_id,
    node: server.node_id,
    allocation: server.allocation_id,
    nest: egg?.nest_id ?? null,
    egg: server.egg_id,
    container: {
      startup_command: server.startup,
      image: server.image,
      installed: server.status === "installing" || server.status === "install_failed" ? 0 : 1,
      environment
    },
    updated_at: isoOf(server.updated_at),
    created_at: isoOf(server.created_at)
  })
}

/**
 * One page of a list (§7.1).
 *
 * @since 0.1.0
 * @category pagination
 */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly meta: {
    readonly pagination: {
      readonly total: number
      readonly count: number
      readonly per_page: number
      readonly current_page: number
      readonly total_pages: number
      readonly links: { readonly previous?: string; readonly next?: string }
    }
  }
}

/**
 * Slices a page and builds `meta.pagination`. `query` is the query the links repeat: the whole
 * request query on client lists, nothing on application lists (§7.1).
 *
 * @since 0.1.0
 * @category pagination
 */
export const paginate = <A>(
  all: ReadonlyArray<A>,
  options: { readonly page: number; readonly perPage: number; readonly url: string; readonly query: InputObject }
): Page<A> => {
  const { page, perPage } = options
  const total = all.length
  const lastPage = Math.max(Math.ceil(total / perPage), 1)
  const items = all.slice((page - 1) * perPage, page * perPage)
  const link = (n: number) => {
    const query: InputObject = { ...options.query, page: String(n) }
    return `${options.url}?${buildQuery(query)}`
  }
  const links: { previous?: string; next?: string } = {}
  if (page > 1) links.previous = link(page - 1)
  if (page < lastPage) links.next = link(page + 1)
  return {
    items,
    meta: {
      pagination: { total, count: items.length, per_page: perPage, current_page: page, total_pages: lastPage, links }
    }
  }
}

/**
 * Laravel's current-page rule: a positive integer, otherwise 1.
 *
 * @since 0.1.0
 * @category pagination
 */
export const pageNumber = (value: unknown): number => {
  const text = typeof value === "string" ? value : ""
  return /^[+]?\d+$/.test(text) && Number(text) >= 1 ? Number(text) : 1
}

/**
 * The `?include=` names (§3.4), a comma string.
 *
 * @since 0.1.0
 * @category parsing
 */
export const includes = (value: unknown): ReadonlySet<string> => {
  const parts =
    typeof value === "string"
      ? value.split(",")
      : typeof value === "object" && value !== null
        ? Object.values(value).filter((v): v is string => typeof v === "string")
        : []
  return new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))
}
