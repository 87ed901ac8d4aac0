// The mock's Client API answers against the contract corpus (contract/client/*.json, written from
// the panel's transformers): for each payload the mock is put in the same situation and asked the
// same thing, and its answer must have the payload's shape — the same keys, the same value types,
// the same `object` names, null where the payload has null — or, for an error, the same status,
// code and detail. Payloads the mock cannot be put in the situation of are listed at the end.
import * as Fs from "node:fs"
import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import * as Totp from "../../src/client-api/Totp.js"
import { defaultFixtureJson, k, type Res, usePanel } from "../helpers.js"
import { ADMIN_LAB, send, SURVIVAL } from "./support.js"

const directory = new URL("../../../contract/client/", import.meta.url)
const payload = (name: string): { status?: number; body: any } =>
  JSON.parse(Fs.readFileSync(new URL(`${name}.json`, directory), "utf8"))

// Objects whose keys are data, not fields: their values are compared, not their keys. A PHP array
// with gaps in its keys (an object with integer keys) is one too.
const MAPS = new Set(["properties", "docker_images", "keys", "permissions", "links"])
const isMap = (key: string, value: object) =>
  MAPS.has(key) || (Object.keys(value).length > 0 && Object.keys(value).every((k) => /^\d+$/.test(k)))

const kind = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : typeof value

// Where a field sits: the nearest enclosing `object` name and the path below it.
const at = (object: string, path: string, key: string) => ({ object, path: path === "" ? key : `${path}.${key}` })

// The kinds each field has anywhere in the corpus: a field that is null in one payload and a
// string in another may be either in the mock's situation too.
const corpusKinds = new Map<string, Set<string>>()
const record = (value: unknown, object: string, path: string) => {
  const sig = `${object}:${path}`
  if (!corpusKinds.has(sig)) corpusKinds.set(sig, new Set())
  corpusKinds.get(sig)!.add(kind(value))
  if (Array.isArray(value)) for (const item of value) record(item, object, `${path}[]`)
  else if (kind(value) === "object") {
    const inner = (value as Record<string, unknown>).object
    const base = typeof inner === "string" ? { object: inner, path: "" } : { object, path }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const next = at(base.object, base.path, isMap(path.split(".").pop() ?? "", value as object) ? "*" : key)
      record(child, next.object, next.path)
    }
  }
}

/** Where `actual` departs from the shape of `expected`; empty when it conforms. */
const mismatches = (
  actual: unknown,
  expected: unknown,
  where = { object: "", path: "" },
  shown = "body"
): Array<string> => {
  if (kind(actual) !== kind(expected)) {
    const seen = corpusKinds.get(`${where.object}:${where.path}`)
    return seen?.has(kind(actual)) ? [] : [`${shown}: ${kind(actual)} where the panel has ${kind(expected)}`]
  }
  if (Array.isArray(expected)) {
    const items = actual as Array<unknown>
    if (expected.length === 0) return []
    const inner = { object: where.object, path: `${where.path}[]` }
    // Each element must have the shape of one of the payload's elements (lists mix situations).
    return items.flatMap((item, i) =>
      expected.some((candidate) => mismatches(item, candidate, inner, `${shown}[${i}]`).length === 0)
        ? []
        : mismatches(item, expected[0], inner, `${shown}[${i}]`)
    )
  }
  if (kind(expected) !== "object") return []
  const want = expected as Record<string, unknown>
  const got = actual as Record<string, unknown>
  const base = typeof want.object === "string" ? { object: want.object, path: "" } : where
  const key = where.path.split(".").pop() ?? ""
  if (isMap(key, want)) {
    const values = Object.values(want)
    if (values.length === 0) return key === "links" && Object.keys(got).length > 0 ? [`${shown}: links where none`] : []
    const inner = at(base.object, base.path, "*")
    return Object.entries(got).flatMap(([k, v]) =>
      values.some((candidate) => mismatches(v, candidate, inner, `${shown}.${k}`).length === 0)
        ? []
        : mismatches(v, values[0], inner, `${shown}.${k}`)
    )
  }
  const missing = Object.keys(want).filter((k) => !(k in got))
  const extra = Object.keys(got).filter((k) => !(k in want))
  return [
    ...missing.map((k) => `${shown}.${k}: missing`),
    ...extra.map((k) => `${shown}.${k}: not sent by the panel`),
    ...(want.object !== undefined && got.object !== want.object
      ? [`${shown}.object: ${String(got.object)} where the panel has ${String(want.object)}`]
      : []),
    ...Object.keys(want)
      .filter((k) => k in got)
      .flatMap((k) => mismatches(got[k], want[k], at(base.object, base.path, k), `${shown}.${k}`))
  ]
}

for (const file of Fs.readdirSync(directory).filter((f) => f.endsWith(".json"))) {
  record(JSON.parse(Fs.readFileSync(new URL(file, directory), "utf8")).body, "", "")
}

const covered = new Set<string>()

const conforms = (name: string, res: Res) => {
  covered.add(name)
  const expected = payload(name)
  expect(res.status).toBe(expected.status ?? 200)
  expect(mismatches(res.json, expected.body)).toEqual([])
}

/** An error payload: the same status, and every entry's code and detail (and meta of a 422). */
const answersAs = (name: string, res: Res) => {
  covered.add(name)
  const expected = payload(name)
  expect(res.status).toBe(expected.status)
  expect(res.json).toEqual(expected.body)
}

const panel = usePanel()
const alice = () => k(panel, "userClient")
const bob = () => k(panel, "subuserClient")
const root = () => k(panel, "rootClient")
const S = `/api/client/servers/${SURVIVAL}`

describe("the mock's Client API objects have the contract's shapes", () => {
  it("server lists, views and user_permissions (ClientController::index, ServerController::index)", async () => {
    conforms("server_list", await send(panel, "GET", "/api/client?include=egg,subusers&per_page=1", alice()))
    conforms("server_list_last_page", await send(panel, "GET", "/api/client?page=3&per_page=1", alice()))
    conforms("server_list_empty", await send(panel, "GET", "/api/client?type=admin-all", alice()))
    conforms("server_view_owner", await send(panel, "GET", `${S}?include=egg,subusers`, alice()))
    // A root admin who owns the server gets the admin permissions too.
    const admin = await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}`, root())
    conforms("server_view_admin_owner", admin)
    expect(admin.json.meta.user_permissions).toEqual(payload("server_view_admin_owner").body.meta.user_permissions)
    // Bob's permissions saved with a repeated entry: stored, and shown, as an object.
    const update = await send(panel, "POST", `${S}/users/${bobUuid()}`, alice(), {
      permissions: ["control.console", "control.console", "control.start"]
    })
    expect(update.json.attributes.permissions).toEqual({
      0: "control.console",
      2: "control.start",
      3: "websocket.connect"
    })
    conforms("server_view_subuser_gapped", await send(panel, "GET", `${S}?include=subusers`, bob()))
  })

  it("resources, websocket, permissions", async () => {
    conforms("stats", await send(panel, "GET", `${S}/resources`, alice()))
    conforms("websocket", await send(panel, "GET", `${S}/websocket`, alice()))
    conforms("permissions", await send(panel, "GET", "/api/client/permissions", alice()))
  })

  it("account, API keys, SSH keys, two-factor, activity", async () => {
    conforms("account", await send(panel, "GET", "/api/client/account", alice()))
    conforms("api_key_list", await send(panel, "GET", "/api/client/account/api-keys", alice()))
    conforms(
      "api_key_created",
      await send(panel, "POST", "/api/client/account/api-keys", alice(), { description: "ci" })
    )
    const added = await send(panel, "POST", "/api/client/account/ssh-keys", alice(), {
      name: "laptop",
      public_key: rsaKey()
    })
    conforms("ssh_key_created", added)
    conforms("ssh_key_list", await send(panel, "GET", "/api/client/account/ssh-keys", alice()))
    const setup = await send(panel, "GET", "/api/client/account/two-factor", alice())
    conforms("two_factor_setup", setup)
    expect(setup.json.data.secret).toHaveLength(16)
    conforms(
      "two_factor_enabled",
      await send(panel, "POST", "/api/client/account/two-factor", alice(), {
        code: Totp.code(setup.json.data.secret, Date.now()),
        password: "alice-password"
      })
    )
    conforms(
      "activity_list_with_actor",
      await send(panel, "GET", "/api/client/account/activity?include=actor&per_page=1&sort=-timestamp", alice())
    )
    await send(panel, "POST", `${S}/command`, alice(), { command: "say hi" })
    conforms("activity_list_server", await send(panel, "GET", `${S}/activity`, alice()))
  })

  it("an account older than the name columns: first_name and last_name null (AccountTransformer::transform)", async () => {
    const fixture = defaultFixtureJson()
    const user = fixture.users.find((u: any) => u.username === "alice")
    Object.assign(user, { first_name: null, last_name: null })
    const other = await MockPanel.start({ fixture })
    try {
      const account = await send(other, "GET", "/api/client/account", k(other, "userClient"))
      conforms("account_legacy", account)
      expect([account.json.attributes.first_name, account.json.attributes.last_name]).toEqual([null, null])
      // The Application API's UserTransformer passes them through too.
      const viewed = await send(other, "GET", `/api/application/users/${user.id}`, k(other, "rootApplication"))
      expect([viewed.json.attributes.first_name, viewed.json.attributes.last_name]).toEqual([null, null])
    } finally {
      await other.close()
    }
  })

  it("databases: max_connections is null in the create answer (DatabaseManagementService::createModel)", async () => {
    conforms("database_list", await send(panel, "GET", `${S}/databases`, alice()))
    const created = await send(panel, "POST", `${S}/databases`, alice(), { database: "logs", remote: "::1" })
    conforms("database_created", created)
    expect(created.json.attributes.max_connections).toBeNull()
    conforms(
      "database_rotated",
      await send(panel, "POST", `${S}/databases/${created.json.attributes.id}/rotate-password`, alice())
    )
    // Listed afterwards, the row has the column's default.
    const listed = await send(panel, "GET", `${S}/databases`, alice())
    expect(listed.json.data.map((d: any) => d.attributes.max_connections)).toEqual([0, 0])
  })

  it("files and signed URLs", async () => {
    conforms("file_list", await send(panel, "GET", `${S}/files/list?directory=/`, alice()))
    const list = await send(panel, "GET", `${S}/files/list?directory=/`, alice())
    const file = list.json.data.find((f: any) => f.attributes.is_file).attributes.name
    conforms("file_compressed", await send(panel, "POST", `${S}/files/compress`, alice(), { root: "/", files: [file] }))
    conforms("signed_url_file_download", await send(panel, "GET", `${S}/files/download?file=/${file}`, alice()))
    conforms("signed_url_file_upload", await send(panel, "GET", `${S}/files/upload`, alice()))
  })

  it("schedules and tasks: omitted booleans are false (ScheduleController::store)", async () => {
    conforms("schedule_list", await send(panel, "GET", `${S}/schedules`, alice()))
    const created = await send(panel, "POST", `${S}/schedules`, alice(), {
      name: "Hourly save",
      minute: "*/15",
      hour: "*",
      day_of_month: "*",
      month: "*",
      day_of_week: "1-5"
    })
    conforms("schedule_created", created)
    expect([created.json.attributes.is_active, created.json.attributes.only_when_online]).toEqual([false, false])
    conforms(
      "schedule_task_created",
      await send(panel, "POST", `${S}/schedules/${created.json.attributes.id}/tasks`, alice(), {
        action: "command",
        payload: "save-all",
        time_offset: 30
      })
    )
  })

  it("allocations, subusers, backups, startup", async () => {
    conforms("allocation_list", await send(panel, "GET", `${S}/network/allocations`, alice()))
    const assigned = await send(panel, "POST", `${S}/network/allocations`, alice())
    conforms("allocation_assigned", assigned)
    conforms(
      "allocation_primary",
      await send(panel, "POST", `${S}/network/allocations/${assigned.json.attributes.id}/primary`, alice())
    )
    conforms("subuser_list", await send(panel, "GET", `${S}/users`, alice()))
    conforms(
      "subuser_created_gapped",
      await send(panel, "POST", `${S}/users`, alice(), {
        email: "friend@example.com",
        permissions: ["file.read", "file.read", "file.update", "nope"]
      })
    )
    conforms("backup_list", await send(panel, "GET", `${S}/backups`, alice()))
    const started = await send(panel, "POST", `${S}/backups`, alice(), {})
    conforms("backup_created", started)
    const next = await send(panel, "GET", `${S}/backups?per_page=1&foo=bar`, alice())
    conforms("backup_list_next", next)
    // BackupController::index does not append the query to its links.
    expect(next.json.meta.pagination.links.next).toMatch(/\/backups\?page=2$/)
    expect(Object.keys(next.json.meta)).toEqual(["backup_count", "pagination"])
    const uuid = next.json.data[0].attributes.uuid
    conforms("backup_lock_toggled", await send(panel, "POST", `${S}/backups/${uuid}/lock`, alice()))
    conforms("signed_url_backup_download", await send(panel, "GET", `${S}/backups/${uuid}/download`, alice()))
    conforms("startup", await send(panel, "GET", `${S}/startup`, alice()))
    // A variable whose rules allow an empty value: stored as '' but answered with the request's
    // value, which the middleware made null (StartupController::update).
    const fixture = defaultFixtureJson()
    fixture.eggs[0].variables[1].rules = "nullable|string|max:20"
    const other = await MockPanel.start({ fixture })
    try {
      const updated = await send(other, "PUT", `${S}/startup/variable`, k(other, "userClient"), {
        key: fixture.eggs[0].variables[1].env_variable,
        value: ""
      })
      conforms("startup_variable_updated", updated)
      expect(updated.json.attributes.server_value).toBeNull()
      // An egg whose images are a plain list: the panel renders the list (StartupController::index).
      const images = ["ghcr.io/pterodactyl/yolks:java_17", "ghcr.io/pterodactyl/yolks:java_21"]
      await other.control.loadFixture({
        ...fixture,
        eggs: [{ ...fixture.eggs[0], docker_images: images }, ...fixture.eggs.slice(1)]
      })
      const listed = await send(other, "GET", `${S}/startup`, k(other, "userClient"))
      conforms("startup_images_list", listed)
      expect(listed.json.meta.docker_images).toEqual(images)
    } finally {
      await other.close()
    }
  })
})

describe("the mock's Client API errors are the contract's", () => {
  it("DisplayException family and other business-rule answers", async () => {
    answersAs(
      "error_subuser_exists",
      await send(panel, "POST", `${S}/users`, alice(), { email: "bob@example.com", permissions: ["file.read"] })
    )
    answersAs(
      "error_subuser_is_owner",
      await send(panel, "POST", `${S}/users`, alice(), { email: "alice@example.com", permissions: ["file.read"] })
    )
    answersAs(
      "error_invalid_password",
      await send(panel, "PUT", "/api/client/account/email", alice(), { email: "nope", password: "wrong" })
    )
    answersAs(
      "error_two_factor_bad_password",
      await send(panel, "POST", "/api/client/account/two-factor/disable", alice(), {})
    )
    await send(panel, "GET", "/api/client/account/two-factor", alice())
    answersAs(
      "error_two_factor_token",
      await send(panel, "POST", "/api/client/account/two-factor", alice(), {
        code: "000000",
        password: "alice-password"
      })
    )
    answersAs("error_websocket_forbidden", await websocketWithout())
    answersAs(
      "error_cron_invalid",
      await send(panel, "POST", `${S}/schedules`, alice(), {
        name: "x",
        minute: "61",
        hour: "*",
        day_of_month: "*",
        month: "*",
        day_of_week: "*"
      })
    )
    const empty = await send(panel, "POST", `${S}/schedules`, alice(), {
      name: "empty",
      minute: "0",
      hour: "*",
      day_of_month: "*",
      month: "*",
      day_of_week: "*",
      is_active: true
    })
    answersAs(
      "error_schedule_no_tasks",
      await send(panel, "POST", `${S}/schedules/${empty.json.attributes.id}/execute`, alice())
    )
    for (let i = 0; i < 10; i++) {
      await send(panel, "POST", `${S}/schedules/${empty.json.attributes.id}/tasks`, alice(), {
        action: "command",
        payload: "say",
        time_offset: 0
      })
    }
    answersAs(
      "error_task_limit",
      await send(panel, "POST", `${S}/schedules/${empty.json.attributes.id}/tasks`, alice(), {
        action: "command",
        payload: "say",
        time_offset: 0
      })
    )
    answersAs(
      "error_startup_read_only",
      await send(panel, "PUT", `${S}/startup/variable`, alice(), { key: readOnlyVariable(), value: "x" })
    )
    answersAs(
      "error_startup_unknown_key",
      await send(panel, "PUT", `${S}/startup/variable`, alice(), { key: "NOPE", value: "1" })
    )
    answersAs("error_validation_database", await databaseTakenAndBadRemote())
    answersAs(
      "error_validation_ssh_key",
      await send(panel, "POST", "/api/client/account/ssh-keys", alice(), { name: "laptop" })
    )
  })

  it("allocations and backups at their limits", async () => {
    const primary = (await send(panel, "GET", `${S}/network/allocations`, alice())).json.data.find(
      (a: any) => a.attributes.is_default
    ).attributes.id
    answersAs("error_primary_allocation", await send(panel, "DELETE", `${S}/network/allocations/${primary}`, alice()))
    await send(panel, "POST", `${S}/network/allocations`, alice())
    answersAs("error_allocation_limit", await send(panel, "POST", `${S}/network/allocations`, alice()))
    const backups = (await send(panel, "GET", `${S}/backups`, alice())).json.data
    await send(panel, "POST", `${S}/backups/${backups[0].attributes.uuid}/lock`, alice())
    answersAs("error_backup_locked", await send(panel, "DELETE", `${S}/backups/${backups[0].attributes.uuid}`, alice()))
    await send(panel, "POST", `${S}/backups`, alice(), {})
    const full = await send(panel, "POST", `${S}/backups`, alice(), {})
    expect(full.status).toBe(400)
    expect(full.json.errors[0].code).toBe("TooManyBackupsException")
    covered.add("error_too_many_backups")
  })

  it("limits users reach: the API-key limit, the backup throttle, the database limit, a command to a stopped server", async () => {
    // ApiKeyController::store: 25 keys per account, the fixture's included.
    const held = (await send(panel, "GET", "/api/client/account/api-keys", alice())).json.data.length
    for (let i = held; i < 25; i++) {
      expect(
        (await send(panel, "POST", "/api/client/account/api-keys", alice(), { description: `k${i}` })).status
      ).toBe(200)
    }
    answersAs(
      "error_api_key_limit",
      await send(panel, "POST", "/api/client/account/api-keys", alice(), { description: "one too many" })
    )
    await send(panel, "POST", `${S}/databases`, alice(), { database: "second", remote: "%" })
    answersAs(
      "error_too_many_databases",
      await send(panel, "POST", `${S}/databases`, alice(), { database: "third", remote: "%" })
    )
    await panel.control.wings.setState(SURVIVAL, "offline")
    answersAs("error_command_offline", await send(panel, "POST", `${S}/command`, alice(), { command: "say hi" }))
  })

  it("a backup over the throttle, a backup task without backups, no database host", async () => {
    const fixture = defaultFixtureJson()
    fixture.servers[0].feature_limits = { ...fixture.servers[0].feature_limits, backups: 10 }
    const other = await MockPanel.start({ fixture })
    const key = k(other, "userClient")
    try {
      await send(other, "POST", `${S}/backups`, key, {})
      await send(other, "POST", `${S}/backups`, key, {})
      const throttled = await send(other, "POST", `${S}/backups`, key, {})
      answersAs("error_backup_throttled", throttled)
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0)
      fixture.servers[0].feature_limits.backups = 0
      fixture.database_hosts = []
      fixture.databases = []
      await other.control.loadFixture(fixture)
      answersAs(
        "error_backup_task_forbidden",
        await send(other, "POST", `${S}/schedules/1/tasks`, key, { action: "backup", time_offset: 0 })
      )
      answersAs(
        "error_no_database_host",
        await send(other, "POST", `${S}/databases`, key, { database: "logs", remote: "%" })
      )
    } finally {
      await other.close()
    }
  })

  it("settings: client databases off (a 500, the panel's bug), a file over files.max_edit_size", async () => {
    const fixture = defaultFixtureJson()
    fixture.settings = { ...fixture.settings, client: { databases_enabled: false, file_max_edit_size: 60 } }
    const other = await MockPanel.start({ fixture })
    const key = k(other, "userClient")
    try {
      answersAs(
        "error_databases_disabled",
        await send(other, "POST", `${S}/databases`, key, { database: "logs", remote: "%" })
      )
      // 61 bytes, one over the limit; the 10-byte eula.txt opens.
      answersAs("error_file_too_large", await send(other, "GET", `${S}/files/contents?file=%2Fserver.properties`, key))
      expect((await send(other, "GET", `${S}/files/contents?file=%2Feula.txt`, key)).status).toBe(200)
      // Refused before FileController::contents logs the read.
      const events = (await send(other, "GET", `${S}/activity`, key)).json.data.map((a: any) => a.attributes.event)
      expect(events.filter((e: string) => e === "server:file.read")).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it("Wings refuses a reinstall while a stop holds the power lock: its 409 relayed, the server unchanged", async () => {
    const other = await MockPanel.start({ wings: { stopMs: 5000 } })
    const key = k(other, "userClient")
    try {
      expect((await send(other, "POST", `${S}/power`, key, { signal: "stop" })).status).toBe(204)
      const refused = await send(other, "POST", `${S}/settings/reinstall`, key)
      expect(refused.json.errors[0].detail).toMatch(/\(request id: [0-9a-f-]{36}\)$/)
      answersAs("error_wings_conflict", withRequestId(refused, payload("error_wings_conflict").body))
      expect((await send(other, "GET", S, key)).json.attributes.is_installing).toBe(false)
      await other.control.advanceClock(5)
      expect((await send(other, "POST", `${S}/settings/reinstall`, key)).status).toBe(202)
    } finally {
      await other.close()
    }
  })

  it("a subuser without database.view_password: the password include is a null_resource", async () => {
    const fixture = defaultFixtureJson()
    fixture.subusers[0].permissions = ["websocket.connect", "database.read"]
    const other = await MockPanel.start({ fixture })
    try {
      const listed = await send(other, "GET", `${S}/databases?include=password`, k(other, "subuserClient"))
      conforms("database_list_password_denied", listed)
      expect(listed.json.data[0].attributes.relationships.password).toEqual({
        object: "null_resource",
        attributes: null
      })
    } finally {
      await other.close()
    }
  })

  it("settings that change the panel's answer: no auto-allocation, no backup limit (a 500)", async () => {
    const fixture = defaultFixtureJson()
    fixture.settings = { ...fixture.settings, client: { allocations: { enabled: false } } }
    fixture.servers[0].feature_limits = { ...fixture.servers[0].feature_limits, backups: null, allocations: 5 }
    const other = await MockPanel.start({ fixture })
    try {
      answersAs(
        "error_auto_allocation_disabled",
        await send(other, "POST", `${S}/network/allocations`, k(other, "userClient"))
      )
      answersAs("error_backup_limit_null", await send(other, "POST", `${S}/backups`, k(other, "userClient"), {}))
    } finally {
      await other.close()
    }
  })
})

// Payloads the mock cannot be put in the situation of, and why:
// - stats_defaults: Wings answering without `state` and `utilization`. Wings v1.11.11 always sends
//   both (server/server.go::ToAPIResponse), so the transformer's defaults ("stopped", zeros) only
//   show with another daemon; the mock's Wings is v1.11.11's.
// - error_wings_not_found: Wings v1.11.11 answers 500, never 404, for a missing path.
// - error_wings_unreachable: no response from Wings at all. The mock's Wings lives in the panel's
//   process and always answers; a `status` fault could be told to send this very body, but that
//   would compare the payload with itself.
const NOT_REPRODUCED = ["stats_defaults", "error_wings_not_found", "error_wings_unreachable"]

describe("the shape comparison", () => {
  it("flags a missing or extra key, another kind, another object name, and null where the corpus never has it", () => {
    const server = payload("server_view_owner").body
    const { identifier: _, ...withoutIdentifier } = server.attributes
    expect(mismatches({ ...server, attributes: withoutIdentifier }, server)).toEqual([
      "body.attributes.identifier: missing"
    ])
    expect(mismatches({ ...server, attributes: { ...server.attributes, extra: 1 } }, server)).toEqual([
      "body.attributes.extra: not sent by the panel"
    ])
    expect(mismatches({ ...server, attributes: { ...server.attributes, internal_id: "7" } }, server)).toEqual([
      "body.attributes.internal_id: string where the panel has number"
    ])
    expect(mismatches({ ...server, object: "servers" }, server)).toEqual([
      "body.object: servers where the panel has server"
    ])
    expect(mismatches({ ...server, attributes: { ...server.attributes, name: null } }, server)).toEqual([
      "body.attributes.name: null where the panel has string"
    ])
    // egg_features is null in another payload: either kind conforms.
    expect(mismatches({ ...server, attributes: { ...server.attributes, egg_features: null } }, server)).toEqual([])
  })
})

describe("coverage", () => {
  it("every contract/client payload is compared above or named as not reproducible", () => {
    const all = Fs.readdirSync(directory)
      .filter((f) => f.endsWith(".json"))
      .map((f) => f.slice(0, -5))
    expect(all.filter((name) => !covered.has(name) && !NOT_REPRODUCED.includes(name))).toEqual([])
  })
})

function bobUuid(): string {
  return defaultFixtureJson().users.find((u: any) => u.username === "bob").uuid
}

function rsaKey(): string {
  const str = (b: Buffer) => Buffer.concat([Buffer.from([0, 0, (b.length >> 8) & 255, b.length & 255]), b])
  const modulus = Buffer.alloc(2048 / 8 + 1, 0xab)
  modulus[0] = 0
  return `ssh-rsa ${Buffer.concat([str(Buffer.from("ssh-rsa")), str(Buffer.from([1, 0, 1])), str(modulus)]).toString("base64")} laptop`
}

function readOnlyVariable(): string {
  const egg = defaultFixtureJson().eggs.find((e: any) => e.id === 1)
  return egg.variables.find((v: any) => v.user_viewable && !v.user_editable).env_variable
}

async function websocketWithout(): Promise<Res> {
  const fixture = defaultFixtureJson()
  fixture.subusers[0].permissions = ["control.console"]
  const other = await MockPanel.start({ fixture })
  try {
    return await send(other, "GET", `${S}/websocket`, k(other, "subuserClient"))
  } finally {
    await other.close()
  }
}

/** The answer with its Wings request id (a fresh UUID per relay) replaced by the payload's. */
function withRequestId(res: Res, body: any): Res {
  const id = (detail: string) => /\(request id: ([^)]*)\)$/.exec(detail)?.[1]
  const want = id(body.errors[0].detail)
  const json = {
    errors: res.json.errors.map((e: any) => ({ ...e, detail: e.detail.replace(id(e.detail) ?? "", want ?? "") }))
  }
  return { ...res, json }
}

async function databaseTakenAndBadRemote(): Promise<Res> {
  return send(panel, "POST", `${S}/databases`, alice(), { database: "world", remote: "10.0.0.0 8" })
}
