/**
 * Application API objects (§9.2) with their relationships (§3.4): each include is placed in
 * `attributes.relationships` in the order the panel's transformer lists it, re-checks READ on
 * the included resource, and is a `null_resource` when denied or absent. Includes nest to
 * depth 2 (`servers.allocations`).
 *
 * @since 0.1.0
 */
import { limitsOf, variableValue } from "../client-api/Transformers.js"
import type { AclResource, Auth, RequestContext } from "../http/Route.js"
import { type Includes, item, list, nullResource, parseIncludes } from "../laravel/Fractal.js"
import type * as Fixture from "../state/Fixture.js"
import { isoOf, type State } from "../state/Store.js"
import * as Failure from "../http/Failure.js"

const EMPTY: Includes = new Map()

// A 500 the panel answers from inside a transformer (Handler::convertExceptionToArray: the
// exception's class as code, the generic detail), thrown so that it ends the whole response.
const crash = (code: string): never => {
  throw Failure.http(500, code, "An unexpected error was encountered while processing this request, please try again.")
}

/**
 * What a transformer needs: the state and who asks (for include permissions).
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly state: State
  readonly auth: Auth
}

/**
 * The transformer context of a request (after authentication).
 *
 * @since 0.1.0
 * @category models
 */
export const context = (ctx: RequestContext, state: State): Context => ({ state, auth: ctx.auth! })

/**
 * The request's `?include=` as a tree.
 *
 * @since 0.1.0
 * @category includes
 */
export const includes = (ctx: RequestContext): Includes => parseIncludes(ctx.query.include)

/**
 * `BaseTransformer::authorize` (§3.4): a client key needs a root admin (always the case past
 * `AuthenticateApplicationUser`), an application key the READ bit of the resource; other key
 * types never load relationships.
 *
 * @since 0.1.0
 * @category includes
 */
export const canInclude = (auth: Auth, resource: AclResource): boolean => {
  if (auth.key.key_type === 1) return auth.user.root_admin
  if (auth.key.key_type === 2) return (auth.key[`r_${resource}`] & 1) !== 0
  return false
}

type Relation = readonly [name: string, render: (sub: Includes) => unknown]

const withRelationships = (
  object: string,
  attributes: Record<string, unknown>,
  includes: Includes,
  available: ReadonlyArray<Relation>
) => {
  const relationships: Record<string, unknown> = {}
  for (const [name, render] of available) {
    const sub = includes.get(name)
    if (sub !== undefined) relationships[name] = render(sub)
  }
  return item(object, Object.keys(relationships).length > 0 ? { ...attributes, relationships } : attributes)
}

const guarded = (ctx: Context, resource: AclResource, render: () => unknown): unknown =>
  canInclude(ctx.auth, resource) ? render() : nullResource

// An item built from a closure transformer: Fractal gives it no resource key.
const anonymous = (attributes: unknown) => ({ object: null, attributes })

const one = <A>(row: A | undefined, render: (row: A) => unknown): unknown =>
  row === undefined ? nullResource : render(row)

/**
 * Laravel's default JSON form of a date on a raw model (§7.1): UTC with microseconds.
 *
 * @since 0.1.0
 * @category formatting
 */
export const rawTimestamp = (stored: string | null): string | null => {
  if (stored === null) return null
  const millis = Date.parse(stored)
  if (Number.isNaN(millis)) return null
  return `${new Date(millis).toISOString().slice(0, 23)}000Z`
}

const decodeJson = (text: string | null): unknown => {
  if (text === null) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return null
  }
}

// `json_decode($text, true)`: JSON objects become PHP arrays, so an empty one encodes back as
// `[]`, at any depth.
const decodeAssoc = (text: string | null): unknown => {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk)
    if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value)
      return entries.length === 0 ? [] : Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]))
    }
    return value
  }
  return walk(decodeJson(text))
}

// --- attribute maps (§9.2) ---------------------------------------------------------------

/**
 * Application `user` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const userAttributes = (user: Fixture.User) => ({
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
 * Application `server` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const serverAttributes = (state: State, server: Fixture.Server) => {
  const egg = state.eggs.find((e) => e.id === server.egg_id)
  const node = state.nodes.find((n) => n.id === server.node_id)
  const location = state.locations.find((l) => l.id === node?.location_id)
  const environment: Record<string, string | number | null> = {}
  for (const variable of egg?.variables ?? []) environment[variable.env_variable] = variableValue(server, variable)
  environment.STARTUP = server.startup
  environment.P_SERVER_LOCATION = location?.short ?? null
  environment.P_SERVER_UUID = server.uuid
  environment.P_SERVER_ALLOCATION_LIMIT = server.feature_limits.allocations
  return {
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
  }
}

/**
 * Application `node` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const nodeAttributes = (state: State, node: Fixture.Node) => {
  const servers = state.servers.filter((s) => s.node_id === node.id)
  return {
    id: node.id,
    uuid: node.uuid,
    public: node.public,
    name: node.name,
    description: node.description,
    location_id: node.location_id,
    fqdn: node.fqdn,
    scheme: node.scheme,
    behind_proxy: node.behind_proxy,
    maintenance_mode: node.maintenance_mode,
    memory: node.memory,
    memory_overallocate: node.memory_overallocate,
    disk: node.disk,
    disk_overallocate: node.disk_overallocate,
    upload_size: node.upload_size,
    daemon_listen: node.daemon_listen,
    daemon_sftp: node.daemon_sftp,
    daemon_base: node.daemon_base,
    created_at: isoOf(node.created_at),
    updated_at: isoOf(node.updated_at),
    allocated_resources: {
      memory: servers.reduce((sum, s) => sum + s.limits.memory, 0),
      disk: servers.reduce((sum, s) => sum + s.limits.disk, 0)
    }
  }
}

/**
 * A node as `FindViableNodesService::handle` selects it: `nodes.*` plus the memory and disk its
 * servers use, `IFNULL(SUM(…), 0)` sums that MySQL types as DECIMAL and PDO hands over as strings.
 *
 * @since 0.1.0
 * @category attributes
 */
export const deployableNodeAttributes = (state: State, node: Fixture.Node) => {
  const { allocated_resources, ...columns } = nodeAttributes(state, node)
  return {
    ...columns,
    sum_memory: String(allocated_resources.memory),
    sum_disk: String(allocated_resources.disk),
    allocated_resources
  }
}

/**
 * Application `location` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const locationAttributes = (location: Fixture.Location) => ({
  id: location.id,
  short: location.short,
  long: location.long,
  updated_at: isoOf(location.updated_at),
  created_at: isoOf(location.created_at)
})

/**
 * Application `allocation` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const allocationAttributes = (allocation: Fixture.Allocation) => ({
  id: allocation.id,
  ip: allocation.ip,
  alias: allocation.ip_alias,
  port: allocation.port,
  notes: allocation.notes,
  assigned: allocation.server_id !== null
})

/**
 * Application `nest` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const nestAttributes = (nest: Fixture.Nest) => ({
  id: nest.id,
  uuid: nest.uuid,
  author: nest.author,
  name: nest.name,
  description: nest.description,
  created_at: isoOf(nest.created_at),
  updated_at: isoOf(nest.updated_at)
})

/**
 * Application `egg` attributes. `config.files` is `{}` when empty.
 *
 * @since 0.1.0
 * @category attributes
 */
export const eggAttributes = (egg: Fixture.Egg) => {
  // EggTransformer::transform decodes config_files with JSON_THROW_ON_ERROR: a null column is a
  // JsonException (a panel bug, possible for an egg that takes its configuration from another).
  if (egg.config_files === null) crash("JsonException")
  const files = decodeAssoc(egg.config_files)
  // The transformer turns an empty `files` into an object (`{}`), unlike the other fields.
  const emptyFiles =
    files === null || files === false || (typeof files === "object" && Object.keys(files as object).length === 0)
  const images = Object.values(egg.docker_images)
  return {
    id: egg.id,
    uuid: egg.uuid,
    name: egg.name,
    nest: egg.nest_id,
    author: egg.author,
    description: egg.description,
    docker_image: images[0] ?? "",
    // An array cast in the model: with no images it encodes as [].
    docker_images: images.length === 0 ? [] : egg.docker_images,
    config: {
      files: emptyFiles ? {} : files,
      startup: decodeAssoc(egg.config_startup),
      stop: egg.config_stop,
      logs: decodeAssoc(egg.config_logs),
      file_denylist: egg.file_denylist,
      extends: egg.config_from
    },
    startup: egg.startup,
    script: {
      privileged: egg.script_is_privileged,
      install: egg.script_install,
      entry: egg.script_entry,
      container: egg.script_container,
      extends: egg.copy_script_from
    },
    created_at: isoOf(egg.created_at),
    updated_at: isoOf(egg.updated_at)
  }
}

/**
 * Raw `egg_variable` columns (§9.2), with the raw-model timestamp form.
 *
 * @since 0.1.0
 * @category attributes
 */
export const eggVariableAttributes = (egg: Fixture.Egg, variable: Fixture.EggVariable) => ({
  id: variable.id,
  egg_id: egg.id,
  name: variable.name,
  description: variable.description,
  env_variable: variable.env_variable,
  default_value: variable.default_value,
  user_viewable: variable.user_viewable,
  user_editable: variable.user_editable,
  rules: variable.rules,
  created_at: rawTimestamp(variable.created_at),
  updated_at: rawTimestamp(variable.updated_at)
})

/**
 * Application `server_database` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const serverDatabaseAttributes = (database: Fixture.Database) => ({
  id: database.id,
  server: database.server_id,
  host: database.database_host_id,
  database: database.database,
  username: database.username,
  remote: database.remote,
  max_connections: database.max_connections,
  created_at: isoOf(database.created_at),
  updated_at: isoOf(database.updated_at)
})

/**
 * `database_host` attributes.
 *
 * @since 0.1.0
 * @category attributes
 */
export const databaseHostAttributes = (host: Fixture.DatabaseHost) => ({
  id: host.id,
  name: host.name,
  host: host.host,
  port: host.port,
  username: host.username,
  node: host.node_id,
  created_at: isoOf(host.created_at),
  updated_at: isoOf(host.updated_at)
})

/**
 * Application subuser attributes (`SubuserTransformer::transform`).
 *
 * @since 0.1.0
 * @category attributes
 */
export const subuserAttributes = (subuser: Fixture.Subuser) => ({
  id: subuser.id,
  user_id: subuser.user_id,
  server_id: subuser.server_id,
  permissions: subuser.permissions,
  created_at: isoOf(subuser.created_at),
  updated_at: isoOf(subuser.updated_at)
})

// --- items with relationships ------------------------------------------------------------

const find = <A extends { readonly id: number }>(rows: ReadonlyArray<A>, id: number | null | undefined) =>
  id === null || id === undefined ? undefined : rows.find((r) => r.id === id)

/**
 * Application `user` with `servers`.
 *
 * @since 0.1.0
 * @category items
 */
export const user = (ctx: Context, row: Fixture.User, includes: Includes = EMPTY): unknown =>
  withRelationships("user", userAttributes(row), includes, [
    [
      "servers",
      (sub) =>
        guarded(ctx, "servers", () =>
          list(ctx.state.servers.filter((s) => s.owner_id === row.id).map((s) => server(ctx, s, sub)))
        )
    ]
  ])

/**
 * Application `server` with `allocations, user, subusers, nest, egg, variables, location,
 * node, databases`.
 *
 * @since 0.1.0
 * @category items
 */
export const server = (ctx: Context, row: Fixture.Server, includes: Includes = EMPTY): unknown => {
  // `transfer` is in ServerTransformer::$availableIncludes without an includeTransfer method:
  // fractal's call_user_func throws a TypeError (a panel bug).
  if (includes.has("transfer")) crash("TypeError")
  const { state } = ctx
  const base = serverAttributes(state, row)
  const egg = find(state.eggs, row.egg_id)
  const node = find(state.nodes, row.node_id)
  return withRelationships("server", base, includes, [
    [
      "allocations",
      (sub) =>
        guarded(ctx, "allocations", () =>
          list(state.allocations.filter((a) => a.server_id === row.id).map((a) => allocation(ctx, a, sub)))
        )
    ],
    ["user", (sub) => guarded(ctx, "users", () => one(find(state.users, row.owner_id), (u) => user(ctx, u, sub)))],
    [
      "subusers",
      (sub) =>
        guarded(ctx, "users", () =>
          list(state.subusers.filter((s) => s.server_id === row.id).map((s) => subuser(ctx, s, sub)))
        )
    ],
    ["nest", (sub) => guarded(ctx, "nests", () => one(find(state.nests, egg?.nest_id), (n) => nest(ctx, n, sub)))],
    ["egg", (sub) => guarded(ctx, "eggs", () => one(egg, (e) => eggItem(ctx, e, sub)))],
    [
      "variables",
      // ServerTransformer::includeVariables checks r_servers, not r_eggs; `server_value` is the
      // left-joined server_variables row (Server::variables), null when the server has none.
      () =>
        guarded(ctx, "servers", () =>
          list(
            (egg?.variables ?? []).map((v) =>
              item("server_variable", {
                ...eggVariableAttributes(egg!, v),
                server_value: row.environment[v.env_variable] ?? null
              })
            )
          )
        )
    ],
    [
      "location",
      (sub) =>
        guarded(ctx, "locations", () => one(find(state.locations, node?.location_id), (l) => location(ctx, l, sub)))
    ],
    ["node", (sub) => guarded(ctx, "nodes", () => one(node, (n) => nodeItem(ctx, n, sub)))],
    [
      "databases",
      (sub) =>
        guarded(ctx, "server_databases", () =>
          list(
            state.databases
              .filter((d) => d.server_id === row.id)
              // ServerTransformer::includeDatabases names the items `databases`.
              .map((d) => serverDatabase(ctx, d, sub, "databases"))
          )
        )
    ]
  ])
}

/**
 * A server's subuser with `user, server`, named `subuser` as `ServerTransformer::includeSubusers`
 * names it (the only place the Application API shows one).
 *
 * @since 0.1.0
 * @category items
 */
export const subuser = (ctx: Context, row: Fixture.Subuser, includes: Includes = EMPTY): unknown =>
  withRelationships("subuser", subuserAttributes(row), includes, [
    ["user", (sub) => guarded(ctx, "users", () => one(find(ctx.state.users, row.user_id), (u) => user(ctx, u, sub)))],
    [
      "server",
      (sub) => guarded(ctx, "servers", () => one(find(ctx.state.servers, row.server_id), (s) => server(ctx, s, sub)))
    ]
  ])

/**
 * Application `node` with `allocations, location, servers`.
 *
 * @since 0.1.0
 * @category items
 */
export const nodeItem = (
  ctx: Context,
  row: Fixture.Node,
  includes: Includes = EMPTY,
  attributes: Record<string, unknown> = nodeAttributes(ctx.state, row)
): unknown =>
  withRelationships("node", attributes, includes, [
    [
      "allocations",
      (sub) =>
        guarded(ctx, "allocations", () =>
          list(ctx.state.allocations.filter((a) => a.node_id === row.id).map((a) => allocation(ctx, a, sub)))
        )
    ],
    [
      "location",
      (sub) =>
        guarded(ctx, "locations", () => one(find(ctx.state.locations, row.location_id), (l) => location(ctx, l, sub)))
    ],
    [
      "servers",
      (sub) =>
        guarded(ctx, "servers", () =>
          list(ctx.state.servers.filter((s) => s.node_id === row.id).map((s) => server(ctx, s, sub)))
        )
    ]
  ])

/**
 * Application `location` with `nodes, servers`.
 *
 * @since 0.1.0
 * @category items
 */
export const location = (ctx: Context, row: Fixture.Location, includes: Includes = EMPTY): unknown => {
  const nodeIds = new Set(ctx.state.nodes.filter((n) => n.location_id === row.id).map((n) => n.id))
  return withRelationships("location", locationAttributes(row), includes, [
    [
      "nodes",
      (sub) =>
        guarded(ctx, "nodes", () =>
          list(ctx.state.nodes.filter((n) => n.location_id === row.id).map((n) => nodeItem(ctx, n, sub)))
        )
    ],
    [
      "servers",
      (sub) =>
        guarded(ctx, "servers", () =>
          list(ctx.state.servers.filter((s) => nodeIds.has(s.node_id)).map((s) => server(ctx, s, sub)))
        )
    ]
  ])
}

/**
 * Application `allocation` with `node, server`.
 *
 * @since 0.1.0
 * @category items
 */
export const allocation = (ctx: Context, row: Fixture.Allocation, includes: Includes = EMPTY): unknown =>
  withRelationships("allocation", allocationAttributes(row), includes, [
    [
      "node",
      (sub) => guarded(ctx, "nodes", () => one(find(ctx.state.nodes, row.node_id), (n) => nodeItem(ctx, n, sub)))
    ],
    [
      "server",
      (sub) => guarded(ctx, "servers", () => one(find(ctx.state.servers, row.server_id), (s) => server(ctx, s, sub)))
    ]
  ])

/**
 * Application `nest` with `eggs, servers`.
 *
 * @since 0.1.0
 * @category items
 */
export const nest = (ctx: Context, row: Fixture.Nest, includes: Includes = EMPTY): unknown => {
  const eggIds = new Set(ctx.state.eggs.filter((e) => e.nest_id === row.id).map((e) => e.id))
  return withRelationships("nest", nestAttributes(row), includes, [
    [
      "eggs",
      (sub) =>
        guarded(ctx, "eggs", () =>
          list(ctx.state.eggs.filter((e) => e.nest_id === row.id).map((e) => eggItem(ctx, e, sub)))
        )
    ],
    [
      "servers",
      (sub) =>
        guarded(ctx, "servers", () =>
          list(ctx.state.servers.filter((s) => eggIds.has(s.egg_id)).map((s) => server(ctx, s, sub)))
        )
    ]
  ])
}

// The egg's own value, or its parent's when it has none and extends one (the panel's
// `inherit_*` / `copy_script_*` accessors).
const inherited = <K extends keyof Fixture.Egg>(
  state: State,
  egg: Fixture.Egg,
  key: K,
  parentId: number | null
): Fixture.Egg[K] => {
  if (egg[key] !== null || parentId === null) return egg[key]
  const parent = find(state.eggs, parentId)
  return parent === undefined ? egg[key] : parent[key]
}

/**
 * Application `egg` with `nest, servers, config, script, variables`. `config` and `script`
 * are not permission-checked (§3.4); they are closures in the panel's transformer, so their
 * items carry no resource name.
 *
 * @since 0.1.0
 * @category items
 */
export const eggItem = (ctx: Context, row: Fixture.Egg, includes: Includes = EMPTY): unknown =>
  withRelationships("egg", eggAttributes(row), includes, [
    ["nest", (sub) => guarded(ctx, "nests", () => one(find(ctx.state.nests, row.nest_id), (n) => nest(ctx, n, sub)))],
    [
      "servers",
      (sub) =>
        guarded(ctx, "servers", () =>
          list(ctx.state.servers.filter((s) => s.egg_id === row.id).map((s) => server(ctx, s, sub)))
        )
    ],
    [
      "config",
      () =>
        row.config_from === null
          ? nullResource
          : anonymous({
              files: decodeJson(inherited(ctx.state, row, "config_files", row.config_from)),
              startup: decodeJson(inherited(ctx.state, row, "config_startup", row.config_from)),
              stop: inherited(ctx.state, row, "config_stop", row.config_from),
              logs: decodeJson(inherited(ctx.state, row, "config_logs", row.config_from))
            })
    ],
    [
      "script",
      // EggTransformer::includeScript: a null resource unless the egg copies its script.
      () =>
        row.copy_script_from === null
          ? nullResource
          : anonymous({
              privileged: row.script_is_privileged,
              install: inherited(ctx.state, row, "script_install", row.copy_script_from),
              entry: inherited(ctx.state, row, "script_entry", row.copy_script_from),
              container: inherited(ctx.state, row, "script_container", row.copy_script_from)
            })
    ],
    [
      "variables",
      () =>
        guarded(ctx, "eggs", () => list(row.variables.map((v) => item("egg_variable", eggVariableAttributes(row, v)))))
    ]
  ])

/**
 * Application `server_database` with `password, host`. `password` is not permission-checked
 * (§3.4). `object` is `databases` inside a server's include (`ServerTransformer::includeDatabases`).
 *
 * @since 0.1.0
 * @category items
 */
export const serverDatabase = (
  ctx: Context,
  row: Fixture.Database,
  includes: Includes = EMPTY,
  object = "server_database"
): unknown =>
  withRelationships(object, serverDatabaseAttributes(row), includes, [
    ["password", () => item("database_password", { password: row.password })],
    [
      "host",
      () =>
        guarded(ctx, "database_hosts", () =>
          one(find(ctx.state.databaseHosts, row.database_host_id), (h) =>
            item("database_host", databaseHostAttributes(h))
          )
        )
    ]
  ])
