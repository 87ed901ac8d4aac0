// The library's checks and bodies as the panel's FormRequests and controllers have them
// (docs/panel/client-api.md §8.1): what the panel accepts goes out, what it refuses is refused
// with the panel's rule, detail and order, and updates do not switch off what they leave out.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { fakeApi, json, noContent, type Recorded, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const SERVER = "1a7ce997"
const UUID = "1a7ce997-259b-452e-8b4e-cecc464142ca"
const S = `/api/client/servers/${SERVER}`

const issues = (error: { readonly _tag: string }) =>
  error._tag === "ValidationFailed"
    ? (error as unknown as { issues: ReadonlyArray<{ field: string; rule: string; detail: string }> }).issues.map(
        (i) => [i.field, i.rule, i.detail]
      )
    : error._tag

describe("schedule and task updates keep what they leave out (ScheduleController::update, ScheduleTaskController::update)", () => {
  it.effect("a partial schedule update reads the schedule and sends its current values for the rest", () =>
    Effect.gen(function* () {
      const current = { ...Wire.schedule(3), is_active: true, only_when_online: true }
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}/schedules/3`]: json(200, Wire.item("server_schedule", current)),
          [`POST ${S}/schedules/3`]: json(200, Wire.item("server_schedule", current))
        })
      )
      yield* api.schedules.update(SERVER, 3, { name: "Renamed" })
      expect(requests.map((r) => r.method)).toEqual(["GET", "POST"])
      // The panel reads an absent is_active / only_when_online as false: both are sent as they are.
      expect(requests[1]!.json).toEqual({
        name: "Renamed",
        minute: "0",
        hour: "4",
        day_of_month: "*",
        month: "*",
        day_of_week: "*",
        is_active: true,
        only_when_online: true
      })
    })
  )

  it.effect("a partial task update reads the schedule and keeps the task's payload and continue_on_failure", () =>
    Effect.gen(function* () {
      const current = {
        ...Wire.schedule(3),
        relationships: {
          tasks: Wire.list("schedule_task", [
            { ...Wire.task(9), action: "power", payload: "restart", time_offset: 60, continue_on_failure: true }
          ])
        }
      }
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}/schedules/3`]: json(200, Wire.item("server_schedule", current)),
          [`POST ${S}/schedules/3/tasks/9`]: json(200, Wire.item("schedule_task", Wire.task(9)))
        })
      )
      yield* api.schedules.tasks.update(SERVER, 3, 9, { time_offset: 120 })
      expect(requests[1]!.json).toEqual({
        action: "power",
        payload: "restart",
        time_offset: 120,
        continue_on_failure: true
      })
    })
  )

  it.effect("create sends only_when_online false when omitted and needs is_active (typed)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("server_schedule", Wire.schedule(4))))
      const input = { name: "n", minute: "0", hour: "4", day_of_month: "*", day_of_week: "*" }
      // @ts-expect-error is_active is required: the panel would read its absence as false.
      yield* Effect.either(api.schedules.create(SERVER, input))
      yield* api.schedules.create(SERVER, { ...input, is_active: true })
      expect(requests[1]!.json).toMatchObject({ is_active: true, only_when_online: false, month: "*" })
    })
  )

  it.effect("time_offset and sequence_id are numeric, not integer (StoreTaskRequest::rules)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("schedule_task", Wire.task(9))))
      yield* api.schedules.tasks.create(SERVER, 3, {
        action: "command",
        payload: "x",
        time_offset: 1.5,
        sequence_id: 2.5
      })
      expect(requests).toHaveLength(1)
      const error = yield* Effect.flip(
        api.schedules.tasks.create(SERVER, 3, { action: "command", payload: "x", time_offset: 901, sequence_id: 0 })
      )
      expect(issues(error)).toEqual([
        ["time_offset", "max", "The time offset may not be greater than 900."],
        ["sequence_id", "min", "The sequence id must be at least 1."]
      ])
    })
  )
})

describe("account routes whose password is checked before the rules", () => {
  it.effect("two-factor disable has no rules: an empty password goes to the panel (TwoFactorController::delete)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.account.twoFactor.disable({ password: "" })
      expect(requests[0]!.json).toEqual({ password: "" })
    })
  )

  it.effect("email change checks only the email; the password is the panel's authorize() (UpdateEmailRequest)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.account.updateEmail({ email: "new@example.com", password: "" })
      expect(requests).toHaveLength(1)
      const error = yield* Effect.flip(api.account.updateEmail({ email: "a".repeat(192), password: "x" }))
      expect(issues(error)).toEqual([
        ["email", "email", "The email must be a valid email address."],
        ["email", "between", "The email must be between 1 and 191 characters."]
      ])
    })
  )

  it.effect("password change reports confirmed then min, and leaves current_password to the panel", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(
        api.account.updatePassword({ current_password: "", password: "short", password_confirmation: "other" })
      )
      expect(requests).toHaveLength(0)
      expect(issues(error)).toEqual([
        ["password", "confirmed", "The password confirmation does not match."],
        ["password", "min", "The password must be at least 8 characters."]
      ])
      yield* api.account.updatePassword({
        current_password: "",
        password: "  8 chars",
        password_confirmation: "  8 chars"
      })
      expect(requests).toHaveLength(1)
    })
  )

  it.effect("an SSH key without public_key gives the required issue and the after-hook's (StoreSSHKeyRequest)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(api.account.sshKeys.add({ name: "laptop", public_key: " " }))
      expect(issues(error)).toEqual([
        ["public_key", "required", "The public key field is required."],
        ["public_key", "", "The public key provided is not valid."]
      ])
    })
  )

  it.effect("allowed_ips over 50 also reports the unparsable entries (the after-hook runs anyway)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => noContent)
      const ips = [...Array.from({ length: 50 }, (_, i) => `10.0.0.${i}`), "not-an-ip", " "]
      const error = yield* Effect.flip(api.account.apiKeys.create({ description: "x", allowed_ips: ips }))
      // A blank entry is null to the panel: `allowed_ips.*`'s string rule fails (shown raw, as a
      // field from a `*` rule is) before any hook message, and its own hook message joins it.
      expect(issues(error)).toEqual([
        ["allowed_ips", "max", "The allowed ips may not have more than 50 items."],
        ["allowed_ips.51", "string", "The allowed_ips.51 must be a string."],
        ["allowed_ips.51", "", '"" is not a valid IP address or CIDR range.'],
        ["allowed_ips.50", "", '"not-an-ip" is not a valid IP address or CIDR range.']
      ])
    })
  )

  it.effect("rotating a legacy key without a description gives the new key a neutral one", () =>
    Effect.gen(function* () {
      const key = "ptlc_AbCdEfGhIjK"
      const { api, requests } = yield* fakeApi(
        routes({
          "GET /api/client/account/api-keys": json(200, Wire.list("api_key", [Wire.apiKey(key, null as never, null)])),
          "POST /api/client/account/api-keys": json(
            200,
            Wire.item("api_key", Wire.apiKey("ptlc_NeWkEyIdEnT"), { meta: { secret_token: "n".repeat(32) } })
          ),
          "GET /api/client/account": json(200, Wire.item("user", { id: 1 })),
          "DELETE /api/client/account/api-keys/ptlc_AbCdEfGhIjK": noContent
        })
      )
      const rotation = yield* api.account.apiKeys.rotate()
      expect(requests[1]!.json).toEqual({ description: "Rotated API key", allowed_ips: [] })
      expect(Redacted.value(rotation.key.value)).toBe(`ptlc_NeWkEyIdEnT${"n".repeat(32)}`)
    })
  )
})

describe("server routes' rules", () => {
  // app/Http/Requests/Api/Client/Servers/Databases/StoreDatabaseRequest.php::rules; remote has the
  // model rule of app/Models/Database.php. Lengths count characters, as mb_strlen does.
  it.effect("database: remote follows the model's regex (%, hostnames, netmasks, ::1), lengths count characters", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("server_database", Wire.database())))
      for (const remote of ["%", "localhost", "10.0.0.0/255.255.255.0", "::1", "192.168.%"]) {
        yield* api.databases.create(SERVER, { database: "main", remote })
      }
      // 48 letters outside the BMP: 96 UTF-16 units, 48 characters.
      yield* api.databases.create(SERVER, { database: "𝒳".repeat(48), remote: "%" })
      expect(requests).toHaveLength(6)
      const alpha = "The database may only contain letters, numbers, and dashes."
      const both = yield* Effect.flip(api.databases.create(SERVER, { database: "a b", remote: "x;y" }))
      const short = yield* Effect.flip(api.databases.create(SERVER, { database: "!", remote: "%" }))
      expect([issues(both), issues(short)]).toEqual([
        [
          ["database", "alpha_dash", alpha],
          ["remote", "regex", "The remote format is invalid."]
        ],
        [
          ["database", "alpha_dash", alpha],
          ["database", "min", "The database must be at least 3 characters."]
        ]
      ])
    })
  )

  it.effect("subuser permissions are sent without duplicates, which the panel would store as an object", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("server_subuser", Wire.subuser)))
      yield* api.subusers.create(SERVER, {
        email: "friend@example.com",
        permissions: ["file.read", "file.read", "file.update"]
      })
      yield* api.subusers.update(SERVER, Wire.subuser.uuid, { permissions: ["file.read", "file.read"] })
      expect(requests.map((r) => (r.json as { permissions: unknown }).permissions)).toEqual([
        ["file.read", "file.update"],
        ["file.read"]
      ])
      const empty = yield* Effect.flip(api.subusers.update(SERVER, Wire.subuser.uuid, { permissions: [] }))
      expect(issues(empty)).toEqual([["permissions", "required", "The permissions field is required."]])
    })
  )

  it.effect("allocation notes: at most 256 characters (UpdateAllocationRequest::rules)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("allocation", Wire.allocation(1))))
      yield* api.network.setNotes(SERVER, 1, "n".repeat(256))
      const error = yield* Effect.flip(api.network.setNotes(SERVER, 1, "n".repeat(257)))
      expect(requests).toHaveLength(1)
      expect(issues(error)).toEqual([["notes", "max", "The notes may not be greater than 256 characters."]])
    })
  )

  it.effect("docker image: max 191 and the image regex (SetDockerImageRequest::rules)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.settings.dockerImage(SERVER, "ghcr.io/pterodactyl/yolks:java_17")
      const error = yield* Effect.flip(api.settings.dockerImage(SERVER, "bad;image"))
      expect(requests).toHaveLength(1)
      expect(issues(error)).toEqual([["docker_image", "regex", "The docker image format is invalid."]])
    })
  )

  it.effect("backup name: at most 191 characters (StoreBackupRequest::rules)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(api.backups.create(SERVER, { name: "b".repeat(192) }))
      expect(requests).toHaveLength(0)
      expect(issues(error)).toEqual([["name", "max", "The name may not be greater than 191 characters."]])
    })
  )

  it.effect("rename: description null is sent, so the panel clears it (SettingsController::rename)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.settings.rename(SERVER, { name: "n", description: null })
      expect(requests[0]!.json).toEqual({ name: "n", description: null })
    })
  )
})

describe("file routes' rules (app/Http/Requests/Api/Client/Servers/Files)", () => {
  const sent = (requests: ReadonlyArray<Recorded>) => requests.map((r) => r.json)

  it.effect("chmod modes follow PHP's is_numeric", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.files.chmod(SERVER, {
        files: [
          { file: "a", mode: "-5" },
          { file: "b", mode: "6.4" },
          { file: "c", mode: "1e3" }
        ]
      })
      expect(requests).toHaveLength(1)
      const error = yield* Effect.flip(api.files.chmod(SERVER, { files: [{ file: "a", mode: "0x1A" }] }))
      expect(issues(error)).toEqual([["files.0.mode", "numeric", "The files.0.mode must be a number."]])
    })
  )

  it.effect("pull accepts any scheme://, not only http(s)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.files.pull(SERVER, { url: "ftp://mirror.example.com/pack.zip" })
      expect(sent(requests)).toEqual([{ url: "ftp://mirror.example.com/pack.zip" }])
    })
  )

  it.effect("create-folder leaves an empty root out: the panel's default is /, an empty root its 500", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.files.createFolder(SERVER, { root: "", name: "world" })
      yield* api.files.createFolder(SERVER, { root: "/plugins", name: "conf" })
      expect(sent(requests)).toEqual([{ name: "world" }, { root: "/plugins", name: "conf" }])
    })
  )

  it.effect("rename reports every files.*.to before every files.*.from", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(
        api.files.rename(SERVER, {
          files: [
            { from: "", to: "" },
            { from: "", to: "b" }
          ]
        })
      )
      expect(issues(error)).toEqual([
        ["files.0.to", "required", "The files.0.to field is required."],
        ["files.0.from", "required", "The files.0.from field is required."],
        ["files.1.from", "required", "The files.1.from field is required."]
      ])
    })
  )

  // app/Providers/RouteServiceProvider.php::boot skips TrimStrings for file routes with a full UUID;
  // `required` still trims with PHP's trim(), which leaves a zero-width space alone.
  it.effect("a server addressed by its full UUID is not trimmed: a zero-width space is a name there", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      yield* api.files.createFolder(UUID, { name: "\u200B" })
      expect(sent(requests)).toEqual([{ name: "\u200B" }])
      const error = yield* Effect.flip(api.files.createFolder(SERVER, { name: "\u200B" }))
      expect(issues(error)).toEqual([["name", "required", "The name field is required."]])
    })
  )
})
