import * as Zlib from "node:zlib"
import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { defaultFixtureJson, expectError, k, usePanel } from "../helpers.js"
import {
  ADMIN_LAB,
  CREATIVE,
  expectBindingMiss,
  expectDenied,
  expectDisplay,
  expectNotVisible,
  expectSuspended,
  expectValidation,
  ISO,
  send,
  SURVIVAL
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}/backups`
const EXISTING = "b4c5d6e7-0001-4f8a-9b0c-1d2e3f4a5b6c"

describe("backups: list and view (§8.1, §9.1 backup)", () => {
  it("paginated list with meta.backup_count; every backup field", async () => {
    const res = await send(panel, "GET", base, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.meta).toEqual({
      pagination: { total: 1, count: 1, per_page: 20, current_page: 1, total_pages: 1, links: {} },
      backup_count: 1
    })
    expect(res.json.data[0]).toEqual({
      object: "backup",
      attributes: {
        uuid: EXISTING,
        is_successful: true,
        is_locked: false,
        name: "Before 1.21 update",
        ignored_files: ["logs"],
        checksum: "sha1:0000000000000000000000000000000000000001",
        bytes: 1048576,
        created_at: "2024-10-20T08:00:00+00:00",
        completed_at: "2024-10-20T08:01:00+00:00"
      }
    })
    const one = await send(panel, "GET", `${base}/${EXISTING}`, k(panel, "userClient"))
    expect(one.status).toBe(200)
    expect(one.json.attributes.uuid).toBe(EXISTING)
  })

  it("subuser without backup.read → 403 AccessDenied (controller check, §4.4)", async () => {
    expectDenied(await send(panel, "GET", base, k(panel, "subuserClient")))
    expectDenied(await send(panel, "GET", `${base}/${EXISTING}`, k(panel, "subuserClient")))
    expectDenied(await send(panel, "GET", `${base}/${EXISTING}/download`, k(panel, "subuserClient")))
    expectDenied(await send(panel, "POST", `${base}/${EXISTING}/lock`, k(panel, "subuserClient")))
    expectDenied(await send(panel, "DELETE", `${base}/${EXISTING}`, k(panel, "subuserClient")))
    expectDenied(await send(panel, "POST", base, k(panel, "subuserClient"), {}))
  })

  it("a backup through another server, or a server the user cannot see → 404 (§10.4 BackupAuthorizationTest)", async () => {
    expectBindingMiss(
      await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/backups/${EXISTING}`, k(panel, "rootClient"))
    )
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/backups`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/backups`, k(panel, "userClient")))
  })
})

describe("backups: create, limit and throttle (§5, §8.1)", () => {
  it("200 with an unfinished backup that completes on the mock clock", async () => {
    const key = k(panel, "userClient")
    const res = await send(panel, "POST", base, key, { name: "nightly", ignored: "logs\n\n*.tmp", is_locked: true })
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("backup")
    expect(res.json.attributes).toMatchObject({
      name: "nightly",
      ignored_files: ["logs", "*.tmp"],
      is_successful: false,
      is_locked: true,
      checksum: null,
      bytes: 0,
      completed_at: null
    })
    const done = await send(panel, "GET", `${base}/${res.json.attributes.uuid}`, key)
    expect(done.json.attributes.is_successful).toBe(true)
    expect(done.json.attributes.completed_at).toMatch(ISO)
    expect(done.json.attributes.checksum).toMatch(/^sha1:[0-9a-f]{40}$/)
  })

  it("the limit → 400 TooManyBackupsException", async () => {
    const key = k(panel, "userClient")
    expect((await send(panel, "POST", base, key, {})).status).toBe(200)
    expectDisplay(
      await send(panel, "POST", base, key, {}),
      "TooManyBackupsException",
      "Cannot create a new backup, this server has reached its limit of 2 backups."
    )
  })

  it("2 per 600 s → 429 TooManyRequestsHttpException with Retry-After, deleted backups included", async () => {
    const fixture = defaultFixtureJson()
    fixture.servers[0].feature_limits.backups = 10
    const other = await MockPanel.start({ fixture })
    try {
      const key = k(other, "userClient")
      const first = await send(other, "POST", base, key, {})
      await send(other, "DELETE", `${base}/${first.json.attributes.uuid}`, key)
      expect((await send(other, "POST", base, key, {})).status).toBe(200)
      const limited = await send(other, "POST", base, key, {})
      expectError(
        limited,
        429,
        "TooManyRequestsHttpException",
        "Only 2 backups may be generated within a 600 second span of time."
      )
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(590)
      // Not the API throttle's 429: its quota headers are the ordinary ones (§5).
      expect(limited.headers.get("x-ratelimit-limit")).toBe("720")
      expect(limited.headers.get("x-ratelimit-reset")).toBeNull()
      await other.control.advanceClock(601)
      expect((await send(other, "POST", base, key, {})).status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it("422 for a name over 191 characters", async () => {
    expectValidation(await send(panel, "POST", base, k(panel, "userClient"), { name: "x".repeat(192) }), [
      ["name", "max", "The name may not be greater than 191 characters."]
    ])
  })
})

describe("backups: lock, delete, restore, download", () => {
  it("lock toggles (200 backup); a locked backup cannot be deleted (400); unlocked deletes (204)", async () => {
    const key = k(panel, "userClient")
    const locked = await send(panel, "POST", `${base}/${EXISTING}/lock`, key)
    expect(locked.status).toBe(200)
    expect(locked.json.attributes.is_locked).toBe(true)
    expectDisplay(
      await send(panel, "DELETE", `${base}/${EXISTING}`, key),
      "BackupLockedException",
      "Cannot delete a backup that is marked as locked."
    )
    expect((await send(panel, "POST", `${base}/${EXISTING}/lock`, key)).json.attributes.is_locked).toBe(false)
    expect((await send(panel, "DELETE", `${base}/${EXISTING}`, key)).status).toBe(204)
    expectBindingMiss(await send(panel, "GET", `${base}/${EXISTING}`, key))
  })

  it("restore: truncate is required (422); 204 puts the captured files back", async () => {
    const key = k(panel, "userClient")
    expectValidation(await send(panel, "POST", `${base}/${EXISTING}/restore`, key, {}), [
      ["truncate", "required", "The truncate field is required."]
    ])
    await send(panel, "POST", `/api/client/servers/${SURVIVAL}/files/delete`, key, { root: "/", files: ["eula.txt"] })
    expect((await send(panel, "POST", `${base}/${EXISTING}/restore`, key, { truncate: true })).status).toBe(204)
    const content = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/files/contents?file=eula.txt`, key)
    expect(content.text).toBe("eula=true\n")
  })

  it("restore on a server in a non-normal state → 400 BadRequestHttpException", async () => {
    const fixture = defaultFixtureJson()
    fixture.servers[0].status = "reinstall_failed"
    const other = await MockPanel.start({ fixture })
    try {
      expectError(
        await send(other, "POST", `${base}/${EXISTING}/restore`, k(other, "userClient"), { truncate: false }),
        400,
        "BadRequestHttpException",
        "This server is not currently in a state that allows for a backup to be restored."
      )
    } finally {
      await other.close()
    }
  })

  it("download: a signed URL served without Authorization, a gzip archive, one-time", async () => {
    const res = await send(panel, "GET", `${base}/${EXISTING}/download`, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("signed_url")
    const url: string = res.json.attributes.url
    expect(url.startsWith(`${panel.url}/download/backup?token=`)).toBe(true)
    const got = await fetch(url)
    expect(got.status).toBe(200)
    const tar = Zlib.gunzipSync(Buffer.from(await got.arrayBuffer()))
    expect(tar.subarray(257, 262).toString("ascii")).toBe("ustar")
    expect(tar.toString("latin1")).toContain("eula=true")
    // router/router_download.go::getDownloadBackup: a used token is the "resource" 404.
    const again = await fetch(url)
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({ error: "The requested resource was not found on this server." })
  })
})
