/**
 * Wire JSON for the Client API objects of §9.1 that the server sub-resource routes return:
 * `server_database`, `file_object`, `server_schedule` / `schedule_task`, `backup`, `ssh_key`,
 * `activity_log`, `stats`, `signed_url`. Written from the spec's attribute tables, never from
 * the client library's schemas.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import type * as Fixture from "../state/Fixture.js"
import type * as ClientState from "../state/ClientState.js"
import { iso, isoOf, type State } from "../state/Store.js"
import { item, list, nullResource } from "./Transformers.js"
import { encodeHashid } from "./Support.js"

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

const rwx = (bits: number) => `${bits & 4 ? "r" : "-"}${bits & 2 ? "w" : "-"}${bits & 1 ? "x" : "-"}`

/**
 * `ls -l` style mode (`-rw-r--r--`, `drwxr-xr-x`).
 *
 * @since 0.1.0
 * @category files
 */
export const modeString = (node: ClientState.FileNode): string =>
  `${node.directory ? "d" : "-"}${rwx(node.mode >> 6)}${rwx(node.mode >> 3)}${rwx(node.mode)}`

const MIME: Record<string, string> = {
  txt: "text/plain; charset=utf-8",
  log: "text/plain; charset=utf-8",
  properties: "text/plain; charset=utf-8",
  yml: "text/plain; charset=utf-8",
  yaml: "text/plain; charset=utf-8",
  json: "application/json",
  jar: "application/java-archive",
  zip: "application/zip",
  gz: "application/gzip",
  png: "image/png",
  sh: "text/x-shellscript; charset=utf-8"
}

/**
 * The MIME type Wings reports: `inode/directory` for directories, a guess by extension and
 * content otherwise.
 *
 * @since 0.1.0
 * @category files
 */
export const mimetype = (node: ClientState.FileNode): string => {
  if (node.directory) return "inode/directory"
  const ext = node.path.split("/").pop()?.split(".").slice(1).pop()?.toLowerCase() ?? ""
  const known = MIME[ext]
  if (known !== undefined) return known
  if (node.content.length === 0) return "inode/x-empty"
  const sample = node.content.subarray(0, 512)
  return sample.includes(0) ? "application/octet-stream" : "text/plain; charset=utf-8"
}

/**
 * Client `file_object` (§9.1).
 *
 * @since 0.1.0
 * @category files
 */
export const fileObject = (node: ClientState.FileNode) =>
  item("file_object", {
    name: node.path.split("/").pop() ?? "",
    mode: modeString(node),
    mode_bits: (node.mode & 0o777).toString(8),
    size: node.directory ? 4096 : node.content.length,
    is_file: !node.directory,
    is_symlink: false,
    mimetype: mimetype(node),
    created_at: iso(node.created),
    modified_at: iso(node.modified)
  })

/**
 * Client `schedule_task` (§9.1).
 *
 * @since 0.1.0
 * @category schedules
 */
export const task = (row: ClientState.Task) =>
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
export const schedule = (row: ClientState.Schedule) =>
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
export const backup = (row: ClientState.Backup) =>
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
export const sshKey = (row: ClientState.SshKey) =>
  item("ssh_key", {
    name: row.name,
    fingerprint: row.fingerprint,
    public_key: row.public_key,
    created_at: isoOf(row.created_at)
  })

const gravatar = (email: string) =>
  `https://gravatar.com/avatar/${Crypto.createHash("md5").update(email.toLowerCase()).digest("hex")}`

/**
 * Client `user` as an activity `actor` (§9.1).
 *
 * @since 0.1.0
 * @category activity
 */
export const actor = (user: Fixture.User) =>
  item("user", {
    uuid: user.uuid,
    username: user.username,
    email: user.email,
    image: gravatar(user.email),
    "2fa_enabled": user.use_totp,
    created_at: isoOf(user.created_at)
  })

/**
 * Client `activity_log` (§9.1). `ip` is shown only to the actor or a root admin; `include=actor`
 * adds the acting user (a `null_resource` for system events).
 *
 * @since 0.1.0
 * @category activity
 */
export const activity = (state: State, row: ClientState.ActivityLog, viewer: Fixture.User, withActor: boolean) => {
  const actorRow = row.actor_id === null ? undefined : state.users.find((u) => u.id === row.actor_id)
  const properties = row.properties
  const attributes: Record<string, unknown> = {
    id: Crypto.createHash("sha1").update(String(row.id)).digest("hex"),
    batch: row.batch,
    event: row.event,
    is_api: row.api_key_id !== null,
    ip: viewer.root_admin || viewer.id === row.actor_id ? row.ip : null,
    description: row.description,
    properties,
    // Properties beyond the request metadata the panel always records.
    has_additional_metadata: Object.keys(properties).some((k) => !["ip", "useragent", "using_sftp"].includes(k)),
    timestamp: isoOf(row.timestamp)
  }
  if (withActor) {
    attributes.relationships = { actor: actorRow === undefined ? nullResource : actor(actorRow) }
  }
  return item("activity_log", attributes)
}

/**
 * `stats` of `/resources` (§9.1): live figures Wings would report for the power state.
 *
 * @since 0.1.0
 * @category overview
 */
export const stats = (server: Fixture.Server, power: ClientState.PowerState, disk: number, uptimeMs: number) => {
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
