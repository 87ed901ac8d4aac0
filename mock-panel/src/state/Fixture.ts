/**
 * The fixture file, one schema: the panel state the mock starts from (users, API keys, servers,
 * subusers, nodes, locations, allocations, nests, eggs, database hosts and databases), the rows
 * behind the Client API's server sub-resources (backups, schedules with their tasks, server
 * files, SSH keys, the activity log, power states) and the settings. Field names follow the
 * panel's database columns (§1.1, §9) so a fixture reads like a panel database dump. The
 * sub-resource rows are optional with defaults, so fixtures written before they existed still
 * load.
 *
 * @since 0.1.0
 */
import * as ApiKey from "@ptero-effect/core/ApiKey"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as JSONSchema from "effect/JSONSchema"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Fs from "node:fs/promises"
import { fileURLToPath } from "node:url"
import { parseRange } from "../http/IpAccess.js"

const Timestamp = Schema.String.pipe(
  Schema.filter((s) => !Number.isNaN(Date.parse(s)), {
    message: () => "an ISO-8601 timestamp such as 2024-10-24T12:00:00+00:00",
    jsonSchema: { format: "date-time" }
  })
)
const NullableString = Schema.NullOr(Schema.String)
const Id = Schema.Int.pipe(Schema.positive())
const Uuid = Schema.String.pipe(
  Schema.pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
    message: () => "a lower-case UUID (36 characters)"
  })
)
const Level = Schema.Int.pipe(Schema.between(0, 3, { message: () => "an ACL bitmask between 0 and 3 (§3.1)" }))
const opt = <S extends Schema.Schema.Any>(schema: S, value: () => Schema.Schema.Type<S>) =>
  Schema.optionalWith(schema, { default: value as any, exact: true })

/**
 * A panel user (`users` table).
 *
 * @since 0.1.0
 * @category schemas
 */
export const User = Schema.Struct({
  id: Id,
  uuid: Uuid,
  external_id: opt(NullableString, () => null),
  username: Schema.String,
  email: Schema.String,
  /**
   * `name_first` / `name_last`: nullable columns (`2017_01_12_135449_add_more_user_data.php`), null
   * for accounts made before they existed; both transformers pass the null through.
   */
  first_name: NullableString,
  last_name: NullableString,
  language: opt(Schema.String, () => "en"),
  root_admin: opt(Schema.Boolean, () => false),
  use_totp: opt(Schema.Boolean, () => false),
  /** Plain-text password for the account routes that check it (§8.1); absent: nothing matches. */
  password: Schema.optionalWith(Schema.String, { exact: true }),
  /** Base32 TOTP secret, set once two-factor setup has started or finished. */
  totp_secret: Schema.optionalWith(Schema.NullOr(Schema.String), { exact: true }),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type User = typeof User.Type

/**
 * An API key row (`api_keys`, §1.1). `secret` is the plain 32-character secret; the bearer
 * value is `identifier + secret`. `name` is the stable name under which the mock exposes it.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Key = Schema.Struct({
  name: Schema.optionalWith(Schema.String, { exact: true }),
  user_id: Id,
  key_type: Schema.Int.pipe(Schema.between(0, 4, { message: () => "a key_type between 0 and 4 (§1.2)" })),
  identifier: Schema.String.pipe(Schema.length(16, { message: () => "exactly 16 characters (§1.1)" })),
  secret: Schema.String.pipe(Schema.minLength(1)),
  memo: opt(Schema.String, () => ""),
  allowed_ips: opt(Schema.NullOr(Schema.Array(Schema.String)), () => []),
  r_servers: opt(Level, () => 0),
  r_nodes: opt(Level, () => 0),
  r_allocations: opt(Level, () => 0),
  r_users: opt(Level, () => 0),
  r_locations: opt(Level, () => 0),
  r_nests: opt(Level, () => 0),
  r_eggs: opt(Level, () => 0),
  r_database_hosts: opt(Level, () => 0),
  r_server_databases: opt(Level, () => 0),
  last_used_at: opt(Schema.NullOr(Timestamp), () => null),
  expires_at: opt(Schema.NullOr(Timestamp), () => null),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Key = typeof Key.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Location = Schema.Struct({
  id: Id,
  short: Schema.String,
  long: opt(NullableString, () => null),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Location = typeof Location.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Node = Schema.Struct({
  id: Id,
  uuid: Uuid,
  public: opt(Schema.Boolean, () => true),
  name: Schema.String,
  description: opt(NullableString, () => null),
  location_id: Id,
  fqdn: Schema.String,
  scheme: opt(Schema.Literal("http", "https"), () => "https" as const),
  behind_proxy: opt(Schema.Boolean, () => false),
  maintenance_mode: opt(Schema.Boolean, () => false),
  memory: Schema.Int,
  memory_overallocate: opt(Schema.Int, () => 0),
  disk: Schema.Int,
  disk_overallocate: opt(Schema.Int, () => 0),
  upload_size: opt(Schema.Int, () => 100),
  daemon_listen: opt(Schema.Int, () => 8080),
  daemon_sftp: opt(Schema.Int, () => 2022),
  daemon_base: opt(Schema.String, () => "/var/lib/pterodactyl/volumes"),
  /** `daemon_token_id` (16 characters); derived from the uuid when absent. */
  daemon_token_id: Schema.optionalWith(Schema.String.pipe(Schema.length(16)), { exact: true }),
  /** The plain `daemon_token` (64 characters); derived from the uuid when absent. */
  daemon_token: Schema.optionalWith(Schema.String.pipe(Schema.minLength(1)), { exact: true }),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Node = typeof Node.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Nest = Schema.Struct({
  id: Id,
  uuid: Uuid,
  author: Schema.String,
  name: Schema.String,
  description: opt(NullableString, () => null),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Nest = typeof Nest.Type

/**
 * An egg variable (`egg_variables`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggVariable = Schema.Struct({
  id: Id,
  name: Schema.String,
  description: opt(Schema.String, () => ""),
  env_variable: Schema.String,
  default_value: opt(Schema.String, () => ""),
  user_viewable: opt(Schema.Boolean, () => true),
  user_editable: opt(Schema.Boolean, () => true),
  rules: opt(Schema.String, () => "nullable|string"),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type EggVariable = typeof EggVariable.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Egg = Schema.Struct({
  id: Id,
  uuid: Uuid,
  nest_id: Id,
  author: Schema.String,
  name: Schema.String,
  description: opt(NullableString, () => null),
  features: opt(Schema.NullOr(Schema.Array(Schema.String)), () => null),
  /**
   * Display name → image. A plain list is what an egg has that was imported in the PTDL_v2 format
   * with a list (`EggParserService.php::handle` stores it as given, only PTDL_v1 is converted);
   * the panel renders it as a list.
   */
  docker_images: Schema.Union(Schema.Record({ key: Schema.String, value: Schema.String }), Schema.Array(Schema.String)),
  startup: Schema.String,
  /** JSON text, as the `config_files` column stores it. */
  config_files: opt(NullableString, () => "{}"),
  /** JSON text (`config_startup`). */
  config_startup: opt(NullableString, () => "{}"),
  config_stop: opt(NullableString, () => null),
  /** JSON text (`config_logs`). */
  config_logs: opt(NullableString, () => "{}"),
  config_from: opt(Schema.NullOr(Id), () => null),
  file_denylist: opt(Schema.Array(Schema.String), () => []),
  script_is_privileged: opt(Schema.Boolean, () => true),
  script_install: opt(NullableString, () => null),
  script_entry: opt(Schema.String, () => "ash"),
  script_container: opt(Schema.String, () => "alpine:3.4"),
  copy_script_from: opt(Schema.NullOr(Id), () => null),
  variables: opt(Schema.Array(EggVariable), () => []),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Egg = typeof Egg.Type

/**
 * @since 0.1.0
 * @category schemas
 */
export const Allocation = Schema.Struct({
  id: Id,
  node_id: Id,
  ip: Schema.String,
  ip_alias: opt(NullableString, () => null),
  port: Schema.Int.pipe(Schema.between(1, 65535)),
  server_id: opt(Schema.NullOr(Id), () => null),
  notes: opt(NullableString, () => null)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Allocation = typeof Allocation.Type

/**
 * The `status` column of a server (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerStatus = Schema.NullOr(
  Schema.Literal("installing", "install_failed", "reinstall_failed", "suspended", "restoring_backup")
)

/**
 * @since 0.1.0
 * @category schemas
 */
export const Server = Schema.Struct({
  id: Id,
  uuid: Uuid,
  external_id: opt(NullableString, () => null),
  name: Schema.String,
  description: opt(Schema.String, () => ""),
  status: opt(ServerStatus, () => null),
  transferring: opt(Schema.Boolean, () => false),
  owner_id: Id,
  node_id: Id,
  egg_id: Id,
  allocation_id: Id,
  limits: Schema.Struct({
    memory: Schema.Int,
    swap: Schema.Int,
    disk: Schema.Int,
    io: Schema.Int,
    cpu: Schema.Int,
    threads: opt(NullableString, () => null),
    oom_disabled: opt(Schema.Boolean, () => true)
  }),
  feature_limits: Schema.Struct({
    databases: Schema.NullOr(Schema.Int),
    allocations: Schema.NullOr(Schema.Int),
    backups: Schema.NullOr(Schema.Int)
  }),
  startup: Schema.String,
  image: Schema.String,
  environment: opt(Schema.Record({ key: Schema.String, value: Schema.String }), () => ({})),
  skip_scripts: opt(Schema.Boolean, () => false),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Server = typeof Server.Type

/**
 * A subuser row: a user's permission strings on one server (§4.2).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Subuser = Schema.Struct({
  id: Id,
  user_id: Id,
  server_id: Id,
  /**
   * The stored JSON array: a list, or an object when the panel kept keys with gaps
   * (`SubuserController::getDefaultPermissions`, docs/panel/client-api.md §4.2).
   */
  permissions: Schema.Union(Schema.Array(Schema.String), Schema.Record({ key: Schema.String, value: Schema.String })),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Subuser = typeof Subuser.Type

/**
 * A database host (`database_hosts`). `password` is the plain password.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DatabaseHost = Schema.Struct({
  id: Id,
  name: Schema.String,
  host: Schema.String,
  port: opt(Schema.Int.pipe(Schema.between(1, 65535)), () => 3306),
  username: Schema.String,
  password: opt(Schema.String, () => ""),
  max_databases: opt(Schema.NullOr(Schema.Int), () => null),
  node_id: opt(Schema.NullOr(Id), () => null),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type DatabaseHost = typeof DatabaseHost.Type

/**
 * A server database (`databases`). `password` is the plain password.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Database = Schema.Struct({
  id: Id,
  server_id: Id,
  database_host_id: Id,
  database: Schema.String,
  username: Schema.String,
  remote: opt(Schema.String, () => "%"),
  password: Schema.String,
  max_connections: opt(Schema.NullOr(Schema.Int), () => 0),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Database = typeof Database.Type

/**
 * Panel configuration the client routes depend on (`config/pterodactyl.php`,
 * `config/backups.php`), and how long the mock lets asynchronous Wings work take.
 *
 * - `allocations`: `client_features.allocations` — auto-assignment switch and port range (§4.6).
 * - `schedule_task_limit`: `per_schedule_task_limit` (default 10, §8.1).
 * - `backup_throttle_limit` / `backup_throttle_period`: §5 (2 per 600 s).
 * - `backup_seconds`: mock clock seconds until a started backup completes (0: on the next request).
 * - `install_seconds`: mock clock seconds a reinstall keeps the server `installing`.
 * - `database_allow_random`: a database may go to a host not linked to the server's node.
 * - `databases_enabled`: `client_features.databases.enabled`; off, no database can be created,
 *   through either API (`DatabaseManagementService::create`).
 * - `file_max_edit_size`: `files.max_edit_size` in bytes (default 4 MiB), the largest file
 *   `files/contents` returns; 0 for no limit (`DaemonFileRepository::getContent`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ClientSettings = Schema.Struct({
  allocations: opt(
    Schema.Struct({
      enabled: opt(Schema.Boolean, () => true),
      range_start: opt(Schema.NullOr(Schema.Int.pipe(Schema.between(1, 65535))), () => 25500),
      range_end: opt(Schema.NullOr(Schema.Int.pipe(Schema.between(1, 65535))), () => 25600)
    }),
    () => ({ enabled: true, range_start: 25500, range_end: 25600 })
  ),
  schedule_task_limit: opt(Schema.Int.pipe(Schema.nonNegative()), () => 10),
  backup_throttle_limit: opt(Schema.Int.pipe(Schema.nonNegative()), () => 2),
  backup_throttle_period: opt(Schema.Int.pipe(Schema.nonNegative()), () => 600),
  backup_seconds: opt(Schema.Int.pipe(Schema.nonNegative()), () => 0),
  install_seconds: opt(Schema.Int.pipe(Schema.nonNegative()), () => 10),
  database_allow_random: opt(Schema.Boolean, () => true),
  databases_enabled: opt(Schema.Boolean, () => true),
  file_max_edit_size: opt(Schema.Int.pipe(Schema.nonNegative()), () => 4 * 1024 * 1024)
})

/**
 * @since 0.1.0
 * @category models
 */
export type ClientSettings = typeof ClientSettings.Type

/**
 * A backup (`backups`). `deleted_at` keeps soft-deleted rows, which still count for the
 * creation throttle (§5).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Backup = Schema.Struct({
  id: Id,
  uuid: Uuid,
  server_id: Id,
  name: Schema.String,
  ignored_files: opt(Schema.Array(Schema.String), () => []),
  disk: opt(Schema.Literal("wings", "s3"), () => "wings" as const),
  is_successful: opt(Schema.Boolean, () => true),
  is_locked: opt(Schema.Boolean, () => false),
  checksum: opt(Schema.NullOr(Schema.String), () => null),
  bytes: opt(Schema.Int.pipe(Schema.nonNegative()), () => 0),
  created_at: Timestamp,
  completed_at: opt(Schema.NullOr(Timestamp), () => null),
  deleted_at: opt(Schema.NullOr(Timestamp), () => null)
})

/**
 * @since 0.1.0
 * @category models
 */
export type Backup = typeof Backup.Type

/**
 * A schedule task (`tasks`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Task = Schema.Struct({
  id: Id,
  sequence_id: Schema.Int.pipe(Schema.positive()),
  action: Schema.Literal("command", "power", "backup"),
  payload: opt(Schema.String, () => ""),
  time_offset: opt(Schema.Int.pipe(Schema.between(0, 900)), () => 0),
  is_queued: opt(Schema.Boolean, () => false),
  continue_on_failure: opt(Schema.Boolean, () => false),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Task = typeof Task.Type

/**
 * A schedule (`schedules`) with its tasks.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Schedule = Schema.Struct({
  id: Id,
  server_id: Id,
  name: Schema.String,
  cron_minute: opt(Schema.String, () => "*"),
  cron_hour: opt(Schema.String, () => "*"),
  cron_day_of_month: opt(Schema.String, () => "*"),
  cron_month: opt(Schema.String, () => "*"),
  cron_day_of_week: opt(Schema.String, () => "*"),
  is_active: opt(Schema.Boolean, () => true),
  is_processing: opt(Schema.Boolean, () => false),
  only_when_online: opt(Schema.Boolean, () => false),
  last_run_at: opt(Schema.NullOr(Timestamp), () => null),
  next_run_at: opt(Schema.NullOr(Timestamp), () => null),
  tasks: opt(Schema.Array(Task), () => []),
  created_at: Timestamp,
  updated_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type Schedule = typeof Schedule.Type

/**
 * A file or directory on a server's volume, as Wings would hold it. `path` is absolute
 * (`/server.properties`); parent directories are implied. `content` is UTF-8 text,
 * `content_base64` binary content.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FileEntry = Schema.Struct({
  server_id: Id,
  path: Schema.String.pipe(Schema.startsWith("/")),
  directory: opt(Schema.Boolean, () => false),
  content: Schema.optionalWith(Schema.String, { exact: true }),
  content_base64: Schema.optionalWith(Schema.String, { exact: true }),
  mode: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 0o7777)), { exact: true }),
  modified_at: Schema.optionalWith(Timestamp, { exact: true })
})

/**
 * @since 0.1.0
 * @category models
 */
export type FileEntry = typeof FileEntry.Type

/**
 * An SSH key of a user (`user_ssh_keys`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SshKey = Schema.Struct({
  id: Id,
  user_id: Id,
  name: Schema.String,
  fingerprint: Schema.String,
  public_key: Schema.String,
  created_at: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type SshKey = typeof SshKey.Type

/**
 * An activity log entry. `server_id` makes it part of that server's log, `subject_user_id` part
 * of that user's account log; `actor_id` is the user who acted (null for the system).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActivityLog = Schema.Struct({
  id: Id,
  batch: opt(Schema.NullOr(Schema.String), () => null),
  event: Schema.String,
  ip: opt(Schema.NullOr(Schema.String), () => null),
  description: opt(Schema.NullOr(Schema.String), () => null),
  actor_id: opt(Schema.NullOr(Id), () => null),
  api_key_id: opt(Schema.NullOr(Id), () => null),
  server_id: opt(Schema.NullOr(Id), () => null),
  subject_user_id: opt(Schema.NullOr(Id), () => null),
  properties: opt(Schema.Record({ key: Schema.String, value: Schema.Unknown }), () => ({})),
  timestamp: Timestamp
})

/**
 * @since 0.1.0
 * @category models
 */
export type ActivityLog = typeof ActivityLog.Type

/**
 * The power state Wings reports for a server.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PowerState = Schema.Literal("offline", "starting", "running", "stopping")

/**
 * @since 0.1.0
 * @category models
 */
export type PowerState = typeof PowerState.Type

/**
 * Panel settings the mock honours.
 *
 * - `two_factor_required`: `APP_2FA_REQUIRED` (0 none, 1 admins, 2 everyone; §2.4 row 7).
 * - `client_rate_limit` / `application_rate_limit`: requests per minute (§5).
 * - `app_url`: `APP_URL` for login redirects and links; defaults to the listening URL.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Settings = Schema.Struct({
  app_url: opt(NullableString, () => null),
  two_factor_required: opt(Schema.Literal(0, 1, 2), () => 0 as const),
  client_rate_limit: opt(Schema.Int.pipe(Schema.positive()), () => 720),
  application_rate_limit: opt(Schema.Int.pipe(Schema.positive()), () => 240),
  client: opt(ClientSettings, () => ClientSettings.make({}))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Settings = typeof Settings.Type

/**
 * The whole fixture file.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Fixture = Schema.Struct({
  $schema: Schema.optionalWith(Schema.String, { exact: true }),
  settings: opt(Settings, () => Settings.make({})),
  users: Schema.Array(User),
  api_keys: Schema.Array(Key),
  locations: opt(Schema.Array(Location), () => []),
  nodes: opt(Schema.Array(Node), () => []),
  nests: opt(Schema.Array(Nest), () => []),
  eggs: opt(Schema.Array(Egg), () => []),
  allocations: opt(Schema.Array(Allocation), () => []),
  servers: opt(Schema.Array(Server), () => []),
  subusers: opt(Schema.Array(Subuser), () => []),
  database_hosts: opt(Schema.Array(DatabaseHost), () => []),
  databases: opt(Schema.Array(Database), () => []),
  backups: opt(Schema.Array(Backup), () => []),
  schedules: opt(Schema.Array(Schedule), () => []),
  files: opt(Schema.Array(FileEntry), () => []),
  ssh_keys: opt(Schema.Array(SshKey), () => []),
  activity_logs: opt(Schema.Array(ActivityLog), () => []),
  /** Server UUID → power state; servers not listed are `offline`. */
  power_states: opt(Schema.Record({ key: Schema.String, value: PowerState }), () => ({}))
}).annotations({ identifier: "MockPanelFixture", title: "mock-panel fixture" })

/**
 * @since 0.1.0
 * @category models
 */
export type Fixture = typeof Fixture.Type

/**
 * A fixture that cannot be used. `message` gives the JSON path of the first bad field and
 * what was expected there.
 *
 * @since 0.1.0
 * @category errors
 */
export class FixtureError extends Data.TaggedError("FixtureError")<{
  readonly source: string
  readonly path: string
  readonly expected: string
}> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.source}: ${this.path}: ${this.expected}`
  }
}

const jsonPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((acc, k) => (typeof k === "number" ? `${acc}[${k}]` : `${acc}.${String(k)}`), "$")

interface Problem {
  readonly path: string
  readonly expected: string
}

const unique = <A>(items: ReadonlyArray<A>, key: (a: A) => unknown, at: string, field: string): Problem | undefined => {
  const seen = new Set<unknown>()
  for (const [i, item] of items.entries()) {
    if (seen.has(key(item))) return { path: `$.${at}[${i}].${field}`, expected: `a ${field} not used by another entry` }
    seen.add(key(item))
  }
  return undefined
}

const refers = <A>(
  items: ReadonlyArray<A>,
  at: string,
  field: keyof A & string,
  ids: Set<number>,
  what: string
): Problem | undefined => {
  for (const [i, item] of items.entries()) {
    const v = item[field]
    if (typeof v === "number" && !ids.has(v))
      return { path: `$.${at}[${i}].${field}`, expected: `the id of an existing ${what}` }
  }
  return undefined
}

const crossCheck = (fixture: Fixture): Problem | undefined => {
  const ids = <A extends { id: number }>(items: ReadonlyArray<A>) => new Set(items.map((a) => a.id))
  const userIds = ids(fixture.users)
  const serverIds = ids(fixture.servers)
  for (const [i, key] of fixture.api_keys.entries()) {
    const parsed = ApiKey.decode(key.identifier + key.secret)
    if (Either.isLeft(parsed)) {
      return { path: `$.api_keys[${i}].secret`, expected: `a well-formed key: ${parsed.left.message}` }
    }
    const kind = parsed.right.kind
    if ((kind === "client" && key.key_type !== 1) || (kind === "application" && key.key_type !== 2)) {
      return { path: `$.api_keys[${i}].key_type`, expected: `${kind === "client" ? 1 : 2} for a ${kind} key prefix` }
    }
    for (const [j, ip] of (key.allowed_ips ?? []).entries()) {
      if (parseRange(ip) === undefined) {
        return { path: `$.api_keys[${i}].allowed_ips[${j}]`, expected: "an IP address or CIDR range (§2.6)" }
      }
    }
  }
  return (
    unique(fixture.users, (u) => u.id, "users", "id") ??
    unique(fixture.users, (u) => u.uuid, "users", "uuid") ??
    unique(fixture.users, (u) => u.email.toLowerCase(), "users", "email") ??
    unique(fixture.users, (u) => u.username.toLowerCase(), "users", "username") ??
    unique(fixture.api_keys, (k) => k.identifier, "api_keys", "identifier") ??
    unique(
      fixture.api_keys.filter((k) => k.name !== undefined),
      (k) => k.name,
      "api_keys",
      "name"
    ) ??
    unique(fixture.servers, (s) => s.id, "servers", "id") ??
    unique(fixture.servers, (s) => s.uuid.slice(0, 8), "servers", "uuid") ??
    unique(fixture.allocations, (a) => a.id, "allocations", "id") ??
    unique(fixture.subusers, (s) => s.id, "subusers", "id") ??
    refers(fixture.api_keys, "api_keys", "user_id", userIds, "user") ??
    refers(fixture.servers, "servers", "owner_id", userIds, "user") ??
    refers(fixture.servers, "servers", "node_id", ids(fixture.nodes), "node") ??
    refers(fixture.servers, "servers", "egg_id", ids(fixture.eggs), "egg") ??
    refers(fixture.servers, "servers", "allocation_id", ids(fixture.allocations), "allocation") ??
    refers(fixture.nodes, "nodes", "location_id", ids(fixture.locations), "location") ??
    refers(fixture.eggs, "eggs", "nest_id", ids(fixture.nests), "nest") ??
    refers(fixture.allocations, "allocations", "node_id", ids(fixture.nodes), "node") ??
    refers(fixture.allocations, "allocations", "server_id", serverIds, "server") ??
    refers(fixture.subusers, "subusers", "user_id", userIds, "user") ??
    refers(fixture.subusers, "subusers", "server_id", serverIds, "server") ??
    unique(fixture.database_hosts, (h) => h.id, "database_hosts", "id") ??
    unique(fixture.databases, (d) => d.id, "databases", "id") ??
    refers(fixture.database_hosts, "database_hosts", "node_id", ids(fixture.nodes), "node") ??
    refers(fixture.databases, "databases", "server_id", serverIds, "server") ??
    refers(fixture.databases, "databases", "database_host_id", ids(fixture.database_hosts), "database host") ??
    subResourceCheck(fixture, userIds, serverIds)
  )
}

// The rows behind the Client API's server sub-resources, checked after the panel's own tables.
const subResourceCheck = (fixture: Fixture, users: Set<number>, servers: Set<number>): Problem | undefined => {
  for (const [i, file] of fixture.files.entries()) {
    if (file.content !== undefined && file.content_base64 !== undefined) {
      return { path: `$.files[${i}].content_base64`, expected: "either content or content_base64, not both" }
    }
  }
  for (const uuid of Object.keys(fixture.power_states)) {
    if (!fixture.servers.some((s) => s.uuid === uuid)) {
      return { path: `$.power_states.${uuid}`, expected: "the uuid of an existing server" }
    }
  }
  const tasks = fixture.schedules.flatMap((s) => s.tasks)
  return (
    unique(fixture.backups, (b) => b.id, "backups", "id") ??
    unique(fixture.backups, (b) => b.uuid, "backups", "uuid") ??
    unique(fixture.schedules, (s) => s.id, "schedules", "id") ??
    unique(tasks, (t) => t.id, "schedules[*].tasks", "id") ??
    unique(fixture.ssh_keys, (k) => k.id, "ssh_keys", "id") ??
    unique(fixture.activity_logs, (a) => a.id, "activity_logs", "id") ??
    refers(fixture.backups, "backups", "server_id", servers, "server") ??
    refers(fixture.schedules, "schedules", "server_id", servers, "server") ??
    refers(fixture.files, "files", "server_id", servers, "server") ??
    refers(fixture.ssh_keys, "ssh_keys", "user_id", users, "user") ??
    refers(fixture.activity_logs, "activity_logs", "server_id", servers, "server") ??
    refers(fixture.activity_logs, "activity_logs", "actor_id", users, "user") ??
    refers(fixture.activity_logs, "activity_logs", "subject_user_id", users, "user")
  )
}

/**
 * The `source` of a `FixtureError` for a fixture given as a value rather than a file.
 *
 * @since 0.1.0
 * @category errors
 */
export const INLINE_SOURCE = "fixture"

const shown = (value: unknown): string => {
  const json = JSON.stringify(value) ?? String(value)
  return json.length > 40 ? `${json.slice(0, 40)}…` : json
}

// Schema names a table or a row of the wrong type by its internal form ("Expected
// ReadonlyArray<(Struct (Encoded side) <-> …)>"); a reader wants to hear "an array", "an object".
const readable = (message: string): string => {
  const actual = /, actual (.*)$/s.exec(message)?.[1]
  const kind = /^Expected (ReadonlyArray|Array)</.test(message)
    ? "an array"
    : /^Expected (Struct|\{)/.test(message)
      ? "an object"
      : undefined
  return kind === undefined ? message : actual === undefined ? kind : `${kind}, actual ${actual}`
}

/**
 * Validates unknown JSON as a fixture, with cross-references checked (key owners, server
 * owners, nodes, eggs, allocations) and fixture keys parsed with the core key parser.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: unknown, source = INLINE_SOURCE): Either.Either<Fixture, FixtureError> => {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return Either.left(new FixtureError({ source, path: "$", expected: `an object of tables, actual ${shown(input)}` }))
  }
  const result = Schema.decodeUnknownEither(Fixture, { errors: "first", onExcessProperty: "error" })(input)
  if (Either.isLeft(result)) {
    const issues = ParseResult.ArrayFormatter.formatErrorSync(result.left)
    const first = issues[0]
    return Either.left(
      new FixtureError({
        source,
        path: first === undefined ? "$" : jsonPath(first.path),
        expected: first === undefined ? "a valid fixture" : readable(first.message)
      })
    )
  }
  const bad = crossCheck(result.right)
  return bad === undefined ? Either.right(result.right) : Either.left(new FixtureError({ source, ...bad }))
}

/**
 * Reads and validates a fixture file.
 *
 * @since 0.1.0
 * @category constructors
 */
export const load = (file: string): Effect.Effect<Fixture, FixtureError> =>
  Effect.gen(function* () {
    const text = yield* Effect.tryPromise({
      try: () => Fs.readFile(file, "utf8"),
      catch: (e) =>
        new FixtureError({
          source: file,
          path: "$",
          expected: `a readable file (${(e as NodeJS.ErrnoException).code ?? "unreadable"})`
        })
    })
    const json = yield* Effect.try({
      try: () => JSON.parse(text) as unknown,
      catch: (e) => new FixtureError({ source: file, path: "$", expected: `valid JSON (${where(text, e)})` })
    })
    return yield* decode(json, file)
  })

/**
 * Where the parser stopped, as line and column, without the text there: the parser's own message
 * quotes the file, which may be anything (a key file given by mistake).
 */
const where = (text: string, error: unknown): string => {
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1]
  if (position === undefined) return text.trim() === "" ? "the file is empty" : "it ends too early or is not JSON"
  const before = text.slice(0, Number(position))
  const line = before.split("\n").length
  return `not JSON at line ${line}, column ${before.length - before.lastIndexOf("\n")}`
}

/**
 * Path of the default fixture shipped with the package (`fixtures/default.json`).
 *
 * @since 0.1.0
 * @category constants
 */
export const defaultPath: string = fileURLToPath(new URL("../../fixtures/default.json", import.meta.url))

/**
 * The default fixture (documented in the README).
 *
 * @since 0.1.0
 * @category constructors
 */
export const loadDefault: Effect.Effect<Fixture, FixtureError> = load(defaultPath)

/**
 * The JSON Schema of the fixture file, for editors (`fixture.schema.json`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const jsonSchema = (): object => JSONSchema.make(Schema.encodedSchema(Fixture))
