import { describe, expect, it } from "vitest"
import { call, expectError, usePanel } from "../helpers.js"
import {
  aclTruthTable,
  expectDenied,
  expectInvalidFilter,
  expectInvalidSort,
  expectMissing,
  expectNotAdmin,
  expectValidation,
  ISO,
  NULL_RESOURCE,
  send,
  startPanel
} from "./support.js"

const panel = usePanel(startPanel)

const NEW_USER = { email: "carol@example.com", username: "Carol.K", first_name: "Carol", last_name: "King" }

describe("application users (§8.2)", () => {
  it("testCreateUser: 201 with exactly object, attributes and meta.resource = the view URL", async () => {
    const res = await send(panel, "POST", "/api/application/users", "rootApplication", {
      ...NEW_USER,
      external_id: "ext-carol",
      root_admin: true
    })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(["attributes", "meta", "object"])
    expect(res.json.object).toBe("user")
    expect(res.json.attributes).toEqual({
      id: 4,
      external_id: "ext-carol",
      uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: "carol.k",
      email: "carol@example.com",
      first_name: "Carol",
      last_name: "King",
      language: "en",
      root_admin: true,
      "2fa": false,
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO)
    })
    expect(res.json.meta).toEqual({ resource: `${panel.url}/api/application/users/4` })
    // The new row is visible to later reads, by id and by external id.
    const viewed = await call(panel, "/api/application/users/4", { key: panel.plainKeys.rootApplication })
    expect(viewed.json.attributes).toEqual(res.json.attributes)
    const external = await send(panel, "GET", "/api/application/users/external/ext-carol", "rootApplication")
    expect(external.json.attributes.id).toBe(4)
  })

  it("ids keep increasing after a delete (no reuse)", async () => {
    const first = await send(panel, "POST", "/api/application/users", "rootApplication", NEW_USER)
    expect((await send(panel, "DELETE", "/api/application/users/4", "rootApplication")).status).toBe(204)
    const second = await send(panel, "POST", "/api/application/users", "rootApplication", NEW_USER)
    expect([first.json.attributes.id, second.json.attributes.id]).toEqual([4, 5])
  })

  it("testUpdateUser: PATCH needs the same fields and changes them", async () => {
    const res = await send(panel, "PATCH", "/api/application/users/3", "rootApplication", {
      email: "robert@example.com",
      username: "bob",
      first_name: "Robert",
      last_name: "Subuser",
      language: "en"
    })
    expect(res.status).toBe(200)
    expect(res.json.attributes).toMatchObject({ id: 3, email: "robert@example.com", first_name: "Robert" })
    const missing = await send(panel, "PATCH", "/api/application/users/3", "rootApplication", {
      email: "x@example.com"
    })
    expectValidation(missing, "username", "required", "The username field is required.")
  })

  it("testDeleteUser: 204, then 404; a user with servers → 400 DisplayException", async () => {
    expect((await send(panel, "DELETE", "/api/application/users/3", "rootApplication")).status).toBe(204)
    expectMissing(await send(panel, "GET", "/api/application/users/3", "rootApplication"))
    expectError(
      await send(panel, "DELETE", "/api/application/users/2", "rootApplication"),
      400,
      "DisplayException",
      "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."
    )
  })

  it("422 with field and rule: required, email, unique, the panel's username rule", async () => {
    const empty = await send(panel, "POST", "/api/application/users", "rootApplication", {})
    expect(empty.status).toBe(422)
    expect(empty.json.errors.map((e: any) => [e.meta.source_field, e.meta.rule])).toEqual([
      ["email", "required"],
      ["username", "required"],
      ["first_name", "required"],
      ["last_name", "required"]
    ])
    expectValidation(
      await send(panel, "POST", "/api/application/users", "rootApplication", { ...NEW_USER, email: "nope" }),
      "email",
      "email",
      "The email must be a valid email address."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/users", "rootApplication", {
        ...NEW_USER,
        email: "ALICE@example.com"
      }),
      "email",
      "unique",
      "The email has already been taken."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/users", "rootApplication", { ...NEW_USER, username: "-bad name-" }),
      "username",
      "p_username"
    )
    expectValidation(
      await send(panel, "POST", "/api/application/users", "rootApplication", { ...NEW_USER, external_id: "ext-alice" }),
      "external_id",
      "unique",
      "The Third Party Identifier has already been taken."
    )
  })

  it("§10.2 bitmask truth table: a write-only key (r_users=2) writes but cannot read", async () => {
    await aclTruthTable(
      panel,
      { path: "/api/application/users/2" },
      { method: "POST", path: "/api/application/users", body: NEW_USER, status: 201 }
    )
    for (const [method, path] of [
      ["PATCH", "/api/application/users/3"],
      ["DELETE", "/api/application/users/3"]
    ] as const) {
      expectDenied(await send(panel, method, path, "readOnlyApplication", NEW_USER))
    }
  })

  it("403 (authorize) comes before 422 (validation) (§2.2)", async () => {
    expectDenied(await send(panel, "POST", "/api/application/users", "readOnlyApplication", {}))
  })

  it("testGetMissingUser: 404 before the ACL and before the admin check (§2.2)", async () => {
    for (const name of ["rootApplication", "noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "PATCH", "/api/application/users/999", name, NEW_USER))
      expectMissing(await send(panel, "DELETE", "/api/application/users/nil", name))
    }
  })

  it("a non-admin's client key → 403 not-root-admin; a root admin's client key writes with includes", async () => {
    expectNotAdmin(await send(panel, "POST", "/api/application/users", "userClient", NEW_USER))
    const res = await send(panel, "PATCH", "/api/application/users/2?include=servers", "rootClient", {
      email: "alice@example.com",
      username: "alice",
      first_name: "Alice",
      last_name: "Owner"
    })
    expect(res.status).toBe(200)
    expect(res.json.attributes.relationships.servers.object).toBe("list")
    expect(res.json.attributes.relationships.servers.data).toHaveLength(3)
  })

  it("testKeyWithoutPermissionCannotLoadRelationship: r_servers=0 → servers is a null_resource", async () => {
    const res = await send(panel, "GET", "/api/application/users/2?include=servers", "limitedA")
    expect(res.status).toBe(200)
    expect(res.json.attributes.relationships.servers).toEqual(NULL_RESOURCE)
  })

  it("testGetUsers: per_page=60 is honoured, links carry only page (§7.1)", async () => {
    const res = await send(panel, "GET", "/api/application/users?per_page=60", "rootApplication")
    expect(res.json.meta.pagination).toEqual({
      total: 3,
      count: 3,
      per_page: 60,
      current_page: 1,
      total_pages: 1,
      links: {}
    })
    // `per_page=0` is falsy in PHP: the model's default page size, 15.
    const zero = await send(panel, "GET", "/api/application/users?per_page=0", "rootApplication")
    expect(zero.json.meta.pagination.per_page).toBe(15)
    const paged = await send(
      panel,
      "GET",
      "/api/application/users?per_page=1&page=2&filter[email]=example",
      "rootApplication"
    )
    expect(paged.json.meta.pagination.links).toEqual({
      previous: `${panel.url}/api/application/users?page=1`,
      next: `${panel.url}/api/application/users?page=3`
    })
  })

  it("unknown filter or sort → the 400 of §7.2", async () => {
    expectInvalidFilter(
      await send(panel, "GET", "/api/application/users?filter[name]=x", "rootApplication"),
      "name",
      "email, uuid, username, external_id"
    )
    expectInvalidSort(
      await send(panel, "GET", "/api/application/users?sort=-email", "rootApplication"),
      "email",
      "id, uuid"
    )
  })
})
