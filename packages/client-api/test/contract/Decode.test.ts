// Every payload of contract/client decoded through the public API (ClientApi over a canned
// transport that answers with the payload as the panel writes it). The assertions compare the
// decoded values with what the panel's transformers put there (docs/panel/client-api.md §9.1).
import { describe, expect, it } from "@effect/vitest"
import { Databases, Permissions } from "@ptero-effect/client-api"
import { ApiKey } from "@ptero-effect/core"
import { Effect, Option, Redacted } from "effect"
import { body, load, names, serve } from "./payloads.js"

const decoded = new Set<string>()

/** Registers a test decoding `name`; the last test checks that every payload has one. */
const decodes = (name: string, test: () => Effect.Effect<void, unknown>) => {
  decoded.add(name)
  it.effect(`${name} (${load(name).route})`, () => Effect.orDie(test()))
}

const S = "1a7ce997"

describe("contract/client: servers", () => {
  decodes("server_list", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* serve("server_list")
      const page = yield* api.servers.list({ include: ["egg", "subusers"], per_page: 2 })
      expect(requests[0]!.url.searchParams.get("include")).toBe("egg,subusers")
      expect([page.total, page.count, page.perPage, page.currentPage, page.totalPages]).toEqual([3, 2, 2, 1, 2])
      const [owned, shared] = page.items
      expect(owned!.relationships.egg?.attributes.name).toBe("Paper")
      const subusers = owned!.relationships.subusers
      expect(subusers?.object === "list" && subusers.data[0]!.attributes.permissions).toEqual([
        "control.console",
        "websocket.connect"
      ])
      expect(shared!.name).toBe("Créative ☃")
      expect(shared!.relationships.variables).toEqual({ object: "null_resource", attributes: null })
      expect(shared!.relationships.subusers).toEqual({ object: "null_resource", attributes: null })
      expect(shared!.relationships.allocations.data.map((a) => a.attributes.notes)).toEqual([null])
      expect(shared!.feature_limits).toEqual({ databases: null, allocations: null, backups: 0 })
      expect([shared!.egg_features, shared!.limits.threads, shared!.status]).toEqual([null, "0-1", "installing"])
    })
  )

  decodes("server_list_last_page", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("server_list_last_page")
      const page = yield* api.servers.list({ page: 2, per_page: 2 })
      expect([page.currentPage, page.totalPages, page.items.length]).toEqual([2, 2, 1])
    })
  )

  decodes("server_list_empty", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("server_list_empty")
      const page = yield* api.servers.list({ type: "admin-all" })
      expect([page.items, page.total, page.totalPages]).toEqual([[], 0, 1])
    })
  )

  decodes("server_view_owner", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("server_view_owner")
      const view = yield* api.servers.get(S)
      expect([view.is_server_owner, view.user_permissions]).toEqual([true, ["*"]])
      expect(view.server.relationships.variables).toEqual(body("server_view_owner").attributes.relationships.variables)
      expect(view.server.relationships.allocations.data.map((a) => a.attributes)).toEqual([
        { id: 12, ip: "10.0.0.5", ip_alias: null, port: 25565, notes: "Game port", is_default: true },
        { id: 13, ip: "10.0.0.5", ip_alias: "mc.example.com", port: 25566, notes: null, is_default: false }
      ])
    })
  )

  decodes("server_view_admin_owner", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("server_view_admin_owner")
      const view = yield* api.servers.get(S)
      expect(view.user_permissions).toEqual([
        "*",
        "admin.websocket.errors",
        "admin.websocket.install",
        "admin.websocket.transfer"
      ])
    })
  )

  decodes("server_view_subuser_gapped", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("server_view_subuser_gapped")
      const view = yield* api.servers.get("5b8d3c0f")
      // A PHP array with gaps in its keys arrives as an object; its values, in order, are the list.
      expect(view.user_permissions).toEqual(["control.console", "control.start", "websocket.connect"])
      expect(view.server.relationships.subusers).toEqual({ object: "null_resource", attributes: null })
    })
  )

  decodes("stats", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("stats")
      const stats = yield* api.servers.resources(S)
      expect(stats).toEqual(body("stats").attributes)
      expect(stats.resources.cpu_absolute).toBe(12.481)
    })
  )

  decodes("stats_defaults", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("stats_defaults")
      const stats = yield* api.servers.resources(S)
      expect([stats.current_state, stats.resources.uptime]).toEqual(["stopped", 0])
    })
  )

  decodes("websocket", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("websocket")
      const ws = yield* api.servers.websocket(S)
      expect(ws.socket).toBe("wss://node1.example.com:8080/api/servers/1a7ce997-259b-452e-8b4e-cecc464142ca/ws")
      expect(Redacted.value(ws.token)).toBe(body("websocket").data.token)
      expect(String(ws.token)).not.toContain("eyJ")
    })
  )

  decodes("activity_list_server", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("activity_list_server")
      const page = yield* api.servers.activity.list(S)
      const [entry] = page.items
      expect([entry!.ip, entry!.properties, entry!.relationships]).toEqual([null, { command: "say hi" }, undefined])
    })
  )
})

describe("contract/client: account", () => {
  decodes("account", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("account")
      expect(yield* api.account.details()).toEqual(body("account").attributes)
    })
  )

  decodes("account_legacy", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("account_legacy")
      const user = yield* api.account.details()
      expect([user.first_name, user.last_name, user.admin]).toEqual([null, null, true])
    })
  )

  decodes("api_key_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("api_key_list")
      const [current, legacy] = yield* api.account.apiKeys.list()
      expect(current!.allowed_ips).toEqual(["10.0.0.0/24", "2001:db8::1"])
      expect([legacy!.description, legacy!.allowed_ips, legacy!.last_used_at]).toEqual([null, null, null])
    })
  )

  decodes("api_key_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("api_key_created")
      const created = yield* api.account.apiKeys.create({ description: "ci runner" })
      expect(created.info.allowed_ips).toEqual([])
      expect(created.key.identifier).toBe("ptlc_N4fW8sK1pQz")
      expect(Redacted.value(created.key.value)).toBe(`ptlc_N4fW8sK1pQz${body("api_key_created").meta.secret_token}`)
      expect(ApiKey.isApiKey(created.key)).toBe(true)
    })
  )

  decodes("ssh_key_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("ssh_key_list")
      const [key] = yield* api.account.sshKeys.list()
      expect(key!.public_key.split("\r\n")[0]).toBe("-----BEGIN PUBLIC KEY-----")
      expect(key!.fingerprint).toContain("/")
    })
  )

  decodes("ssh_key_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("ssh_key_created")
      const key = yield* api.account.sshKeys.add({ name: "laptop", public_key: "ssh-ed25519 AAAA" })
      expect(key).toEqual(body("ssh_key_created").attributes)
    })
  )

  decodes("activity_list_with_actor", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("activity_list_with_actor")
      const page = yield* api.account.activity.list({ include: ["actor"], per_page: 2, sort: "-timestamp" })
      const [deleted, login] = page.items
      expect(deleted!.properties).toEqual({ directory: "/plugins/", files: ["old.jar", "older.jar"], count: 2 })
      const actor = deleted!.relationships?.actor
      expect(actor).toEqual(body("activity_list_with_actor").data[0].attributes.relationships.actor)
      expect(login!.relationships?.actor).toEqual({ object: "null_resource", attributes: null })
      expect([login!.properties, login!.batch]).toEqual([{}, null])
      expect([page.totalPages, page.currentPage]).toEqual([3, 1])
    })
  )

  decodes("two_factor_setup", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("two_factor_setup")
      const setup = yield* api.account.twoFactor.setup()
      expect(Redacted.value(setup.secret)).toBe("JBSWY3DPEHPK3PXP")
      expect(Redacted.value(setup.image_url_data)).toMatch(/^otpauth:\/\/totp\//)
    })
  )

  decodes("two_factor_enabled", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("two_factor_enabled")
      const tokens = yield* api.account.twoFactor.enable({ code: "123456", password: "secret" })
      expect(tokens.map(Redacted.value)).toEqual(body("two_factor_enabled").attributes.tokens)
    })
  )

  decodes("permissions", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("permissions")
      const catalogue = yield* api.permissions()
      expect(Permissions.flatten(catalogue)).toHaveLength(40)
      expect(Object.keys(catalogue)[0]).toBe("websocket")
      expect(Object.keys(catalogue.file!.keys)).toContain("read-content")
    })
  )
})

describe("contract/client: databases", () => {
  decodes("database_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("database_list")
      const [main, stats] = yield* api.databases.list(S)
      expect([main!.max_connections, stats!.max_connections]).toEqual([0, null])
      expect(stats!.connections_from).toBe("10.0.0.0/255.255.255.0")
      expect(Databases.password(main!)).toEqual(Option.none())
    })
  )

  decodes("database_list_password_denied", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("database_list_password_denied")
      const [db] = yield* api.databases.list(S, { include: ["password"] })
      expect(db!.relationships?.password).toEqual({ object: "null_resource", attributes: null })
      expect(Databases.password(db!)).toEqual(Option.none())
    })
  )

  decodes("database_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("database_created")
      const db = yield* api.databases.create(S, { database: "logs", remote: "::1" })
      // The panel saves the model and never re-reads it: max_connections is always null here.
      expect(db.max_connections).toBeNull()
      expect(Option.map(Databases.password(db), Redacted.value)).toEqual(Option.some("q=Zt!7vR@x^2mK#9pL$4wE&c"))
    })
  )

  decodes("database_rotated", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("database_rotated")
      const db = yield* api.databases.rotatePassword(S, "bEY4yAD5")
      expect([db.max_connections, Option.isSome(Databases.password(db))]).toEqual([0, true])
    })
  )
})

describe("contract/client: files", () => {
  decodes("file_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("file_list")
      const files = yield* api.files.list(S, { directory: "/" })
      expect(files).toEqual(body("file_list").data.map((entry: { attributes: unknown }) => entry.attributes))
    })
  )

  decodes("file_compressed", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("file_compressed")
      const archive = yield* api.files.compress(S, { files: ["world"] })
      expect([archive.name, archive.is_file]).toEqual(["archive-2024-10-24T120430Z.tar.gz", true])
    })
  )

  decodes("signed_url_file_download", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("signed_url_file_download")
      expect(yield* api.files.downloadUrl(S, "/server.jar")).toMatch(
        /^https:\/\/node1\.example\.com:8080\/download\/file\?token=/
      )
    })
  )

  decodes("signed_url_file_upload", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("signed_url_file_upload")
      expect(yield* api.files.uploadUrl(S)).toMatch(/\/upload\/file\?token=/)
    })
  )
})

describe("contract/client: schedules", () => {
  decodes("schedule_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("schedule_list")
      const [schedule] = yield* api.schedules.list(S)
      expect(schedule!.relationships.tasks.data.map((t) => [t.attributes.action, t.attributes.payload])).toEqual([
        ["command", "say Restarting in 60 seconds"],
        ["power", "restart"],
        ["backup", ""]
      ])
    })
  )

  decodes("schedule_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("schedule_created")
      const created = yield* api.schedules.create(S, {
        name: "Hourly save",
        minute: "*/15",
        hour: "*",
        day_of_month: "*",
        day_of_week: "1-5",
        is_active: false
      })
      expect([created.last_run_at, created.relationships.tasks.data, created.is_active]).toEqual([null, [], false])
    })
  )

  decodes("schedule_task_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("schedule_task_created")
      const task = yield* api.schedules.tasks.create(S, 3, { action: "command", payload: "save-all", time_offset: 30 })
      expect([task.sequence_id, task.continue_on_failure]).toEqual([4, false])
    })
  )
})

describe("contract/client: network, subusers, backups, startup", () => {
  decodes("allocation_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("allocation_list")
      const allocations = yield* api.network.list(S)
      expect(allocations.map((a) => a.ip_alias)).toEqual([null, "mc.example.com"])
    })
  )

  decodes("allocation_assigned", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("allocation_assigned")
      expect((yield* api.network.assign(S)).is_default).toBe(false)
    })
  )

  decodes("allocation_primary", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("allocation_primary")
      expect((yield* api.network.setPrimary(S, 13)).is_default).toBe(true)
    })
  )

  decodes("subuser_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("subuser_list")
      const [helper, legacy] = yield* api.subusers.list(S)
      expect(helper!.permissions).toEqual(["control.console", "websocket.connect"])
      // A legacy row without permissions (NULL) has none.
      expect(legacy!.permissions).toEqual([])
    })
  )

  decodes("subuser_created_gapped", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("subuser_created_gapped")
      const created = yield* api.subusers.create(S, { email: "friend@example.com", permissions: ["file.read"] })
      expect(created.permissions).toEqual(["file.read", "file.update", "websocket.connect"])
    })
  )

  decodes("backup_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("backup_list")
      const page = yield* api.backups.list(S)
      expect([page.backup_count, page.total, page.items[1]!.completed_at, page.items[1]!.checksum]).toEqual([
        2,
        2,
        null,
        null
      ])
    })
  )

  decodes("backup_list_next", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("backup_list_next")
      const page = yield* api.backups.list(S, { per_page: 1 })
      expect([page.currentPage, page.totalPages, page.backup_count]).toEqual([1, 2, 2])
    })
  )

  decodes("backup_created", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("backup_created")
      const backup = yield* api.backups.create(S)
      expect([backup.is_successful, backup.bytes, backup.ignored_files]).toEqual([false, 0, []])
    })
  )

  decodes("backup_lock_toggled", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("backup_lock_toggled")
      expect((yield* api.backups.lock(S, "904df120-a66d-4d83-a5d9-12b5e6d1c1f5")).is_locked).toBe(false)
    })
  )

  decodes("signed_url_backup_download", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("signed_url_backup_download")
      expect(yield* api.backups.downloadUrl(S, "904df120-a66d-4d83-a5d9-12b5e6d1c1f5")).toMatch(
        /\/download\/backup\?token=/
      )
    })
  )

  decodes("startup", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("startup")
      const startup = yield* api.startup.get(S)
      expect(startup.docker_images).toEqual({
        "Java 21": "ghcr.io/pterodactyl/yolks:java_21",
        "Java 17": "ghcr.io/pterodactyl/yolks:java_17"
      })
      expect(startup.variables.map((v) => v.server_value)).toEqual(["server.jar", null, "1.20.4"])
    })
  )

  decodes("startup_images_list", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("startup_images_list")
      const startup = yield* api.startup.get(S)
      expect(startup.docker_images).toEqual({ "ghcr.io/pterodactyl/yolks:debian": "ghcr.io/pterodactyl/yolks:debian" })
    })
  )

  decodes("startup_variable_updated", () =>
    Effect.gen(function* () {
      const { api } = yield* serve("startup_variable_updated")
      const updated = yield* api.startup.setVariable(S, { key: "BUILD_NUMBER", value: "" })
      expect(updated.variable.server_value).toBeNull()
      expect(updated.raw_startup_command).toBe(body("startup_variable_updated").meta.raw_startup_command)
    })
  )
})

/** An error payload through the method the route belongs to: its class, status, code and detail. */
const refuses = (name: string, call: (api: any) => Effect.Effect<unknown, any>, tag: string) =>
  decodes(name, () =>
    Effect.gen(function* () {
      const { api } = yield* serve(name)
      const error = yield* Effect.flip(call(api))
      const [entry] = body(name).errors
      expect(error._tag).toBe(tag)
      if (tag === "ValidationFailed") {
        expect(
          error.issues.map((i: { field: string; rule: string; detail: string }) => [i.field, i.rule, i.detail])
        ).toEqual(body(name).errors.map((e: any) => [e.meta.source_field, e.meta.rule, e.detail]))
      } else {
        expect([error.status, error.code, error.detail]).toEqual([Number(entry.status), entry.code, entry.detail])
      }
    })
  )

describe("contract/client: errors", () => {
  const backup = "904df120-a66d-4d83-a5d9-12b5e6d1c1f5"
  refuses("error_backup_locked", (api) => api.backups.delete(S, backup), "PanelRequestRejected")
  refuses("error_too_many_backups", (api) => api.backups.create(S), "PanelRequestRejected")
  refuses("error_backup_throttled", (api) => api.backups.create(S), "RateLimited")
  refuses("error_backup_limit_null", (api) => api.backups.create(S), "PanelServerError")
  refuses(
    "error_api_key_limit",
    (api) => api.account.apiKeys.create({ description: "one too many" }),
    "PanelRequestRejected"
  )
  refuses(
    "error_subuser_exists",
    (api) => api.subusers.create(S, { email: "helper@example.com", permissions: ["file.read"] }),
    "PanelRequestRejected"
  )
  refuses(
    "error_subuser_is_owner",
    (api) => api.subusers.create(S, { email: "owner@example.com", permissions: ["file.read"] }),
    "PanelRequestRejected"
  )
  refuses(
    "error_invalid_password",
    (api) => api.account.updateEmail({ email: "new@example.com", password: "wrong" }),
    "PanelRequestRejected"
  )
  refuses(
    "error_two_factor_bad_password",
    (api) => api.account.twoFactor.disable({ password: "" }),
    "PanelRequestRejected"
  )
  refuses(
    "error_two_factor_token",
    (api) => api.account.twoFactor.enable({ code: "000000", password: "secret" }),
    "PanelRequestRejected"
  )
  const createDatabase = (api: any) => api.databases.create(S, { database: "extra", remote: "%" })
  refuses("error_too_many_databases", createDatabase, "PanelRequestRejected")
  refuses("error_no_database_host", createDatabase, "PanelRequestRejected")
  refuses("error_databases_disabled", createDatabase, "PanelServerError")
  refuses(
    "error_task_limit",
    (api) => api.schedules.tasks.create(S, 3, { action: "command", payload: "say", time_offset: 0 }),
    "PanelRequestRejected"
  )
  refuses(
    "error_backup_task_forbidden",
    (api) => api.schedules.tasks.create(S, 3, { action: "backup", time_offset: 0 }),
    "InsufficientPermissions"
  )
  refuses("error_schedule_no_tasks", (api) => api.schedules.execute(S, 4), "PanelRequestRejected")
  refuses(
    "error_cron_invalid",
    (api) =>
      api.schedules.create(S, {
        name: "x",
        minute: "61",
        hour: "*",
        day_of_month: "*",
        day_of_week: "*",
        is_active: true
      }),
    "PanelRequestRejected"
  )
  refuses("error_allocation_limit", (api) => api.network.assign(S), "PanelRequestRejected")
  refuses("error_auto_allocation_disabled", (api) => api.network.assign(S), "PanelRequestRejected")
  refuses("error_primary_allocation", (api) => api.network.unassign(S, 12), "PanelRequestRejected")
  refuses("error_file_too_large", (api) => api.files.contents(S, "/world.dat"), "PanelRequestRejected")
  refuses("error_wings_not_found", (api) => api.files.list(S, { directory: "/nope" }), "NotFound")
  refuses("error_wings_conflict", (api) => api.settings.reinstall(S), "ServerStateConflict")
  refuses("error_wings_unreachable", (api) => api.servers.resources(S), "PanelServerError")
  refuses("error_command_offline", (api) => api.servers.command(S, "say hi"), "PanelServerError")
  refuses(
    "error_startup_read_only",
    (api) => api.startup.setVariable(S, { key: "MINECRAFT_VERSION", value: "1.21" }),
    "PanelRequestRejected"
  )
  refuses(
    "error_startup_unknown_key",
    (api) => api.startup.setVariable(S, { key: "NOPE", value: "1" }),
    "PanelServerError"
  )
  refuses("error_websocket_forbidden", (api) => api.servers.websocket(S), "InsufficientPermissions")
  refuses(
    "error_validation_database",
    // The canned 422 stands for any request the panel refuses this way; "%" passes the pre-check.
    createDatabase,
    "ValidationFailed"
  )
  refuses(
    "error_validation_ssh_key",
    (api) => api.account.sshKeys.add({ name: "laptop", public_key: "ssh-ed25519 AAAA" }),
    "ValidationFailed"
  )
})

describe("contract/client: coverage", () => {
  it("every payload of contract/client is decoded by a test above", () => {
    expect(names().filter((name) => !decoded.has(name))).toEqual([])
    expect([...decoded].filter((name) => !names().includes(name))).toEqual([])
  })
})
