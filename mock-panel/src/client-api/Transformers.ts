/**
 * Every Client API object (§9.1), from the state to wire JSON, one function per transformer of
 * `app/Transformers/Api/Client`: the envelopes come from `laravel/Fractal.ts`, relationships
 * sit inside `attributes`, and what a subuser may not see is left out or a `null_resource`
 * (§4.5). Written from the panel's transformers, never from the client library's schemas.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import { item, list, nullResource } from "../laravel/Fractal.js"
import { can, serverPermissions } from "../state/Permissions.js"
import type * as Fixture from "../state/Fixture.js"
import { iso, isoOf, type KeyRow, type State } from "../state/Store.js"
import { type FileNode, mimetype, modeString } from "../wings/Volume.js"
import { encodeHashid } from "./Hashids.js"

/**
 * A server's limits, with the keys in the order both APIs' server transformers list them (§9.1,
 * §9.2).
 *
 * @since 0.1.0
 * @category server
 */
export const limitsOf = (server: Fixture.Server) => ({
  memory: server.limits.memory,
  swap: server.limits.swap,
  disk: server.limits.disk,
  io: server.limits.io,
  cpu: server.limits.cpu,
  threads: server.limits.threads,
  oom_disabled: server.limits.oom_disabled
})

const primaryAllocation = (state: State, server: Fixture.Server) =>
  state.allocations.find((a) => a.id === server.allocation_id)

/**
 * A variable's value on a server: the server's own, or the egg's default.
 *
 * @since 0.1.0
 * @category server
 */
export const variableValue = (server: Fixture.Server, variable: Fixture.EggVariable): string =>
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
export const allocation = (allocation: Fixture.Allocation, server: Fixture.Server, hideNotes = false) =>
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
export const eggVariable = (server: Fixture.Server, variable: Fixture.EggVariable) =>
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
export const subuser = (user: Fixture.User, row: Fixture.Subuser) =>
  // SubuserTransformer::transform: the user's attributes plus the permissions.
  item("server_subuser", { ...userAttributes(user), permissions: row.permissions })

/**
 * Client `server` (§9.1, §4.5): allocations limited to the primary one without
 * `allocation.read`, variables a `null_resource` without `startup.read`, subusers a
 * `null_resource` without `user.read`.
 *
 * @since 0.1.0
 * @category client
 */
export const server = (state: State, server: Fixture.Server, user: Fixture.User, includes: ReadonlySet<string>) => {
  const permissions = serverPermissions(state, user, server)
  const node = state.nodes.find((n) => n.id === server.node_id)
  const egg = state.eggs.find((e) => e.id === server.egg_id)
  const readAllocations = can(permissions, "allocation.read")
  const readStartup = can(permissions, "startup.read")
  const allocations = readAllocations
    ? state.allocations.filter((a) => a.server_id === server.id).map((a) => allocation(a, server))
    : state.allocations.filter((a) => a.id === server.allocation_id).map((a) => allocation(a, server, true))
  const relationships: Record<string, unknown> = {
    allocations: list(allocations),
    variables: readStartup
      ? list((egg?.variables ?? []).filter((v) => v.user_viewable).map((v) => eggVariable(server, v)))
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
              return u === undefined ? [] : [subuser(u, s)]
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
 * Client `server_database`; `password` adds `relationships.password` (a `database_password`
 * item, or a `null_resource` when the caller lacks `database.view_password`, §4.5).
 *
 * @since 0.1.0
 * @category client
 */
export const database = (state: State, row: Fixture.Database, password: "omit" | "show" | "deny" = "omit") => {
  const host = state.databaseHosts.find((h) => h.id === row.database_host_id)
  const attributes: Record<string, unknown> = {
    id: encodeHashid(row.id),
    host: { address: host?.host ?? "", port: host?.port ?? 3306 },
    name: row.database,
    username: row.username,
    connections_from: row.remote,
    max_connections: row.max_connections
  }
  if (password !== "omit") {
    attributes.relationships = {
      password: password === "show" ? item("database_password", { password: row.password }) : nullResource
    }
  }
  return item("server_database", attributes)
}

/**
 * Client `file_object` (§9.1).
 *
 * @since 0.1.0
 * @category files
 */
export const fileObject = (node: FileNode, mime: string = mimetype(node)) =>
  item("file_object", {
    name: node.path.split("/").pop() ?? "",
    mode: modeString(node),
    mode_bits: (node.mode & 0o777).toString(8),
    size: node.directory ? 4096 : node.content.length,
    is_file: !node.directory,
    is_symlink: false,
    mimetype: mime,
    created_at: iso(node.created),
    modified_at: iso(node.modified)
  })

/**
 * Client `schedule_task` (§9.1).
 *
 * @since 0.1.0
 * @category schedules
 */
export const task = (row: Fixture.Task) =>
  item("schedule_task", {
    id: row.id,
    sequence_id: row.sequence_id,
    action: row.action,
    payload: row.payload,
    time_offset: row.time_offset,
    is_queued: row.is_queued,
    continue_on_failure: row.continue_on_failure,
    created_at: isoOf(row.created_at),
    updated_at: isoOf(row.updated_at)
  })

/**
 * Client `server_schedule`, with `relationships.tasks` always included (§9.1).
 *
 * @since 0.1.0
 * @category schedules
 */
export const schedule = (row: Fixture.Schedule) =>
  item("server_schedule", {
    id: row.id,
    name: row.name,
    cron: {
      day_of_week: row.cron_day_of_week,
      day_of_month: row.cron_day_of_month,
      month: row.cron_month,
      hour: row.cron_hour,
      minute: row.cron_minute
    },
    is_active: row.is_active,
    is_processing: row.is_processing,
    only_when_online: row.only_when_online,
    last_run_at: isoOf(row.last_run_at),
    next_run_at: isoOf(row.next_run_at),
    created_at: isoOf(row.created_at),
    updated_at: isoOf(row.updated_at),
    relationships: { tasks: list([...row.tasks].sort((a, b) => a.sequence_id - b.sequence_id).map(task)) }
  })

/**
 * Client `backup` (§9.1).
 *
 * @since 0.1.0
 * @category backups
 */
export const backup = (row: Fixture.Backup) =>
  item("backup", {
    uuid: row.uuid,
    is_successful: row.is_successful,
    is_locked: row.is_locked,
    name: row.name,
    ignored_files: row.ignored_files,
    checksum: row.checksum,
    bytes: row.bytes,
    created_at: isoOf(row.created_at),
    completed_at: isoOf(row.completed_at)
  })

/**
 * Client `ssh_key` (§9.1).
 *
 * @since 0.1.0
 * @category account
 */
export const sshKey = (row: Fixture.SshKey) =>
  item("ssh_key", {
    name: row.name,
    fingerprint: row.fingerprint,
    public_key: row.public_key,
    created_at: isoOf(row.created_at)
  })

/**
 * Client `user` as an activity `actor` (§9.1).
 *
 * @since 0.1.0
 * @category activity
 */
export const user = (row: Fixture.User) => item("user", userAttributes(row))

const userAttributes = (user: Fixture.User) => ({
  uuid: user.uuid,
  username: user.username,
  email: user.email,
  image: gravatar(user.email),
  "2fa_enabled": user.use_totp,
  created_at: isoOf(user.created_at)
})

// ActivityLogTransformer::properties: an `ip` property is hidden from all but the actor, a
// `directory` is written `/…/`, each array gains `<key>_count`, renamed `count` when it is the
// only one; always an object, `{}` when empty.
const activityProperties = (row: Fixture.ActivityLog, viewer: Fixture.User): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  const counts: Array<string> = []
  for (const [key, value] of Object.entries(row.properties)) {
    if (key === "ip" && row.actor_id !== viewer.id) {
      out[key] = "[hidden]"
    } else if (Array.isArray(value) || (typeof value === "object" && value !== null)) {
      out[key] = value
      out[`${key}_count`] = Object.keys(value).length
      counts.push(`${key}_count`)
    } else {
      out[key] =
        key === "directory" && typeof value === "string"
          ? `/${value.replace(/^\/+|\/+$/g, "")}/`.replaceAll("//", "/")
          : value
    }
  }
  if (counts.length === 1) {
    const [only] = counts as [string]
    const count = out[only]
    delete out[only]
    out.count = count
  }
  return out
}

// The placeholders of each event's line in the panel's resources/lang/en/activity.php (the
// event with ':' read as '.'); an event without a line of its own (e.g. server:file.delete, whose
// lines are delete_one and delete_other) has none.
const EVENT_PLACEHOLDERS: ReadonlyMap<string, ReadonlyArray<string>> = new Map(
  (
    [
      [["identifier"], ["auth.ip-blocked", "user.api-key.create", "user.api-key.delete"]],
      [
        ["old", "new"],
        ["user.account.email-changed", "server.settings.rename", "server.settings.description", "server.startup.image"]
      ],
      [["fingerprint"], ["user.ssh-key.create", "user.ssh-key.delete"]],
      [["command"], ["server.console.command"]],
      [
        ["name"],
        [
          "server.backup.download",
          "server.backup.delete",
          "server.backup.restore-complete",
          "server.backup.restore-failed",
          "server.backup.start",
          "server.backup.complete",
          "server.backup.fail",
          "server.backup.lock",
          "server.backup.unlock",
          "server.database.create",
          "server.database.rotate-password",
          "server.database.delete",
          "server.schedule.create",
          "server.schedule.update",
          "server.schedule.execute",
          "server.schedule.delete",
          "server.task.delete"
        ]
      ],
      [["name", "truncate"], ["server.backup.restore"]],
      [["file"], ["server.file.read", "server.file.copy", "server.file.download", "server.file.write"]],
      [["directory", "name"], ["server.file.create-directory"]],
      [["files", "directory"], ["server.file.decompress"]],
      [["url", "directory"], ["server.file.pull"]],
      [["directory", "file"], ["server.file.uploaded"]],
      [["allocation"], ["server.allocation.create", "server.allocation.primary", "server.allocation.delete"]],
      [["allocation", "old", "new"], ["server.allocation.notes"]],
      [
        ["action", "name"],
        ["server.task.create", "server.task.update"]
      ],
      [["variable", "old", "new"], ["server.startup.edit"]],
      [["email"], ["server.subuser.create", "server.subuser.update", "server.subuser.delete"]]
    ] as const
  ).flatMap(([keys, events]) => events.map((event) => [event, keys] as const))
)

// ActivityLogTransformer::hasAdditionalMetadata: a stored property that the event's line does not
// show and that is not request metadata.
const hasAdditionalMetadata = (row: Fixture.ActivityLog): boolean => {
  const shown = EVENT_PLACEHOLDERS.get(row.event.replaceAll(":", ".")) ?? []
  return Object.keys(row.properties).some((key) => ![...shown, "ip", "useragent", "using_sftp"].includes(key))
}

/**
 * Client `activity_log` (§9.1). `ip` is shown only to the actor or a root admin; `include=actor`
 * adds the acting user (a `null_resource` for system events).
 *
 * @since 0.1.0
 * @category activity
 */
export const activity = (state: State, row: Fixture.ActivityLog, viewer: Fixture.User, withActor: boolean) => {
  const actorRow = row.actor_id === null ? undefined : state.users.find((u) => u.id === row.actor_id)
  const attributes: Record<string, unknown> = {
    id: Crypto.createHash("sha1").update(String(row.id)).digest("hex"),
    batch: row.batch,
    event: row.event,
    is_api: row.api_key_id !== null,
    ip: viewer.root_admin || viewer.id === row.actor_id ? row.ip : null,
    description: row.description,
    properties: activityProperties(row, viewer),
    has_additional_metadata: hasAdditionalMetadata(row),
    timestamp: isoOf(row.timestamp)
  }
  if (withActor) {
    attributes.relationships = { actor: actorRow === undefined ? nullResource : user(actorRow) }
  }
  return item("activity_log", attributes)
}

/**
 * `stats` of `/resources` (§9.1): live figures Wings would report for the power state.
 *
 * @since 0.1.0
 * @category overview
 */
export const stats = (server: Fixture.Server, power: Fixture.PowerState, disk: number, uptimeMs: number) => {
  const running = power === "running" || power === "starting" || power === "stopping"
  return item("stats", {
    current_state: power,
    is_suspended: server.status === "suspended",
    resources: {
      memory_bytes: running ? Math.round(server.limits.memory * 1024 * 1024 * 0.4) : 0,
      cpu_absolute: running ? 12.5 : 0,
      disk_bytes: disk,
      network_rx_bytes: running ? 2048 : 0,
      network_tx_bytes: running ? 1024 : 0,
      uptime: running ? uptimeMs : 0
    }
  })
}

/**
 * `signed_url` (§9.1), built by hand in the panel.
 *
 * @since 0.1.0
 * @category files
 */
export const signedUrl = (url: string) => ({ object: "signed_url", attributes: { url } })
