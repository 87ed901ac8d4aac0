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
  send,
  SURVIVAL
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}/databases`

const firstId = async () =>
  (await send(panel, "GET", base, k(panel, "userClient"))).json.data[0].attributes.id as string

describe("databases (§8.1, §9.1 server_database)", () => {
  it("list: hashid ids, host, no password unless included", async () => {
    const res = await send(panel, "GET", base, k(panel, "userClient"))
    expect(res.status).toBe(200)
    const db = res.json.data[0]
    expect(db.object).toBe("server_database")
    expect(db.attributes).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9]{8,}$/),
      host: { address: "db1.example.com", port: 3306 },
      name: "s1_world",
      username: "u1_Qw3rTy7890",
      connections_from: "%",
      max_connections: 0
    })
    const withPassword = await send(panel, "GET", `${base}?include=password`, k(panel, "userClient"))
    expect(withPassword.json.data[0].attributes.relationships.password).toEqual({
      object: "database_password",
      attributes: { password: "WorldDbPassword0000000001" }
    })
  })

  it("create (200, password included), rotate (200, new password), delete (204)", async () => {
    const key = k(panel, "userClient")
    const created = await send(panel, "POST", base, key, { database: "stats", remote: "%" })
    expect(created.status).toBe(200)
    expect(created.json.attributes.name).toBe("s1_stats")
    expect(created.json.attributes.username).toMatch(/^u1_[A-Za-z0-9]{10}$/)
    const password = created.json.attributes.relationships.password.attributes.password
    expect(password).toHaveLength(24)
    const id = created.json.attributes.id
    const rotated = await send(panel, "POST", `${base}/${id}/rotate-password`, key)
    expect(rotated.status).toBe(200)
    expect(rotated.json.attributes.relationships.password.attributes.password).not.toBe(password)
    expect((await send(panel, "DELETE", `${base}/${id}`, key)).status).toBe(204)
    expectBindingMiss(await send(panel, "DELETE", `${base}/${id}`, key))
  })

  it("the limit → 400 TooManyDatabasesException; a taken name and bad input → 422", async () => {
    const key = k(panel, "userClient")
    expectValidation(await send(panel, "POST", base, key, { database: "world", remote: "%" }), [
      ["database", "unique", "The database name you have selected is already in use by this server."]
    ])
    // remote follows the model rule regex:/^[\w\-\/.%:]+$/ (app/Models/Database.php): a netmask
    // passes, a space does not.
    expectValidation(await send(panel, "POST", base, key, { database: "a b", remote: "10.0.0.0 8" }), [
      ["database", "alpha_dash", "The database may only contain letters, numbers, and dashes."],
      ["remote", "regex", "The remote format is invalid."]
    ])
    expect(
      (await send(panel, "POST", base, key, { database: "second", remote: "10.0.0.0/255.255.255.0" })).status
    ).toBe(200)
    expectDisplay(
      await send(panel, "POST", base, key, { database: "third", remote: "%" }),
      "TooManyDatabasesException",
      "Operation aborted: creating a new database would put this server over the defined limit."
    )
  })

  it("subuser: no database.* → 403; with create but without view_password → password is a null_resource", async () => {
    expectDenied(await send(panel, "GET", base, k(panel, "subuserClient")))
    const fixture = defaultFixtureJson()
    fixture.subusers[0].permissions = ["websocket.connect", "database.create", "database.read"]
    const other = await MockPanel.start({ fixture })
    try {
      const created = await send(other, "POST", base, k(other, "subuserClient"), { database: "nopw", remote: "%" })
      expect(created.status).toBe(200)
      expect(created.json.attributes.relationships.password).toEqual({ object: "null_resource", attributes: null })
      const id = created.json.attributes.id
      expectDenied(await send(other, "POST", `${base}/${id}/rotate-password`, k(other, "subuserClient")))
    } finally {
      await other.close()
    }
  })

  it("through another server → 404 'not found for this server'; unknown hashid → 404; no access → 404; suspended → 409", async () => {
    const id = await firstId()
    const elsewhere = await send(
      panel,
      "DELETE",
      `/api/client/servers/${ADMIN_LAB}/databases/${id}`,
      k(panel, "rootClient")
    )
    expectError(elsewhere, 404, "NotFoundHttpException", "The requested resource was not found for this server.")
    // ResourceBelongsToServer runs after throttle:api.client; the binding's own miss before it (§2.2).
    expect(elsewhere.headers.get("x-ratelimit-limit")).toBe("720")
    const miss = await send(panel, "DELETE", `${base}/zzzzzzzz`, k(panel, "userClient"))
    expectBindingMiss(miss)
    expect(miss.headers.get("x-ratelimit-limit")).toBeNull()
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/databases`, k(panel, "userClient")))
    expectNotVisible(
      await send(panel, "DELETE", `/api/client/servers/${ADMIN_LAB}/databases/${id}`, k(panel, "userClient"))
    )
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/databases`, k(panel, "userClient")))
  })
})
