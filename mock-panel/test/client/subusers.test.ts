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

const base = `/api/client/servers/${SURVIVAL}/users`
const BOB = "6f1c2b3a-0003-4c5d-8e9f-a0b1c2d3e4f5"

describe("subusers (§8.1, §9.1 server_subuser, §10.4)", () => {
  it("list and view: server_subuser fields", async () => {
    const res = await send(panel, "GET", base, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.data).toHaveLength(1)
    expect(res.json.data[0]).toEqual({
      object: "server_subuser",
      attributes: {
        uuid: BOB,
        username: "bob",
        email: "bob@example.com",
        image: expect.stringMatching(/^https:\/\/gravatar\.com\/avatar\/[0-9a-f]{32}$/),
        "2fa_enabled": false,
        created_at: expect.stringMatching(ISO),
        permissions: ["websocket.connect", "control.console", "control.start", "file.read"]
      }
    })
    expect((await send(panel, "GET", `${base}/${BOB}`, k(panel, "userClient"))).json.attributes.uuid).toBe(BOB)
  })

  it("create by email: a new user, unknown permissions dropped, websocket.connect added (200)", async () => {
    const res = await send(panel, "POST", base, k(panel, "userClient"), {
      email: "carol@example.com",
      permissions: ["control.console", "not.a.permission"]
    })
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("server_subuser")
    expect(res.json.attributes.email).toBe("carol@example.com")
    // SubuserCreationService::handle appends Str::random(3) to the local part; the model lower-cases it.
    expect(res.json.attributes.username).toMatch(/^carol[a-z0-9]{3}$/)
    expect(res.json.attributes.permissions).toEqual(["control.console", "websocket.connect"])
  })

  it("already a subuser / the owner → 400; bad email → 422", async () => {
    const key = k(panel, "userClient")
    expectDisplay(
      await send(panel, "POST", base, key, { email: "bob@example.com", permissions: ["control.console"] }),
      "ServerSubuserExistsException",
      "A user with that email address is already assigned as a subuser for this server."
    )
    expectDisplay(
      await send(panel, "POST", base, key, { email: "alice@example.com", permissions: ["control.console"] }),
      "UserIsServerOwnerException",
      "You cannot add the server owner as a subuser for this server."
    )
    expectValidation(await send(panel, "POST", base, key, { email: "nope", permissions: ["control.console"] }), [
      ["email", "email", "The email must be a valid email address."]
    ])
  })

  it("update replaces permissions (200); delete (204)", async () => {
    const key = k(panel, "userClient")
    const updated = await send(panel, "POST", `${base}/${BOB}`, key, { permissions: ["file.read"] })
    expect(updated.status).toBe(200)
    expect(updated.json.attributes.permissions).toEqual(["file.read", "websocket.connect"])
    expect((await send(panel, "DELETE", `${base}/${BOB}`, key)).status).toBe(204)
    expectBindingMiss(await send(panel, "GET", `${base}/${BOB}`, key))
  })

  it("subuser: without user.* → 403; editing themselves → 403; assigning what they lack → 403 HttpForbidden", async () => {
    expectDenied(await send(panel, "GET", base, k(panel, "subuserClient")))
    const fixture = defaultFixtureJson()
    fixture.subusers[0].permissions = ["websocket.connect", "user.create", "user.update", "control.console"]
    const other = await MockPanel.start({ fixture })
    try {
      const key = k(other, "subuserClient")
      expectDenied(await send(other, "POST", `${base}/${BOB}`, key, { permissions: ["control.console"] }))
      expectError(
        await send(other, "POST", base, key, {
          email: "dave@example.com",
          permissions: ["control.console", "file.read"]
        }),
        403,
        "HttpForbiddenException",
        "Cannot assign permissions to a subuser that your account does not actively possess."
      )
      const ok = await send(other, "POST", base, key, { email: "dave@example.com", permissions: ["control.console"] })
      expect(ok.status).toBe(200)
    } finally {
      await other.close()
    }
  })

  it("another server's subuser → 404; no access → 404; suspended → 409", async () => {
    expectBindingMiss(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/users/${BOB}`, k(panel, "rootClient")))
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/users`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/users`, k(panel, "userClient")))
  })
})

// app/Http/Controllers/Api/Client/Servers/SubuserController.php::update logs inside the
// transaction that runs only when the sorted lists differ (`$log->reset()` drops it otherwise),
// with both lists sorted and `revoked` (false only when Wings could not be reached); ::delete
// logs `revoked` too.
describe("subuser activity (SubuserController::update, ::delete)", () => {
  const activity = async () =>
    (await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity`, k(panel, "userClient"))).json.data.map(
      (d: any) => ({ event: d.attributes.event, properties: d.attributes.properties })
    )

  it("an update logs sorted old and new lists with revoked; an update that changes nothing logs nothing", async () => {
    const key = k(panel, "userClient")
    const before = (await activity()).length
    const permissions = ["file.read", "control.start", "control.console", "websocket.connect"]
    expect((await send(panel, "POST", `${base}/${BOB}`, key, { permissions })).status).toBe(200)
    expect(await activity()).toHaveLength(before)

    expect(
      (await send(panel, "POST", `${base}/${BOB}`, key, { permissions: ["file.update", "control.console"] })).status
    ).toBe(200)
    const entries = await activity()
    expect(entries).toHaveLength(before + 1)
    expect(entries[0]).toEqual({
      event: "server:subuser.update",
      properties: {
        email: "bob@example.com",
        old: ["control.console", "control.start", "file.read", "websocket.connect"],
        old_count: 4,
        new: ["control.console", "file.update", "websocket.connect"],
        new_count: 3,
        revoked: true
      }
    })
  })

  it("a delete logs the email and revoked", async () => {
    expect((await send(panel, "DELETE", `${base}/${BOB}`, k(panel, "userClient"))).status).toBe(204)
    expect((await activity())[0]).toEqual({
      event: "server:subuser.delete",
      properties: { email: "bob@example.com", revoked: true }
    })
  })
})
