// POST /__mock/fixture: a whole fixture loaded while the panel runs, for test suites in any
// language that need another fixture per test without restarting the mock.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest"
import * as MockPanel from "../src/MockPanel.js"
import { call, defaultFixtureJson, type Panel, postJson } from "./helpers.js"

const ALICE = "ptlc_userclient1UserClientSecret0000000000000001"
const CAROL = `ptlc_carolclient1${"C".repeat(31)}`

// The default fixture with a fourth user, carol, her client key, and a client limit of 5.
const withCarol = () => {
  const fixture = defaultFixtureJson()
  fixture.users.push({
    ...fixture.users[2],
    id: 4,
    uuid: "6f1c2b3a-0004-4c5d-8e9f-a0b1c2d3e4f5",
    username: "carol",
    email: "carol@example.com"
  })
  fixture.api_keys.push({
    ...fixture.api_keys[5],
    name: "carolClient",
    user_id: 4,
    identifier: CAROL.slice(0, 16),
    secret: CAROL.slice(16)
  })
  fixture.settings.client_rate_limit = 5
  return fixture
}

let panel: Panel
beforeAll(async () => {
  panel = await MockPanel.start()
})
afterAll(() => panel.close())
beforeEach(async () => {
  await panel.control.loadFixture(defaultFixtureJson())
})

const account = (key: string) => call(panel, "/api/client/account", { key })

describe("POST /__mock/fixture", () => {
  it("makes the posted fixture the panel's: its users, keys and settings, listed back without secrets", async () => {
    const res = await postJson(panel, "/__mock/fixture", "", withCarol())
    expect(res.status).toBe(200)
    expect(res.json.keys.map((k: any) => k.identifier)).toContain(CAROL.slice(0, 16))
    expect(res.text).not.toContain(CAROL.slice(16))
    const carol = await account(CAROL)
    expect(carol.json.attributes.username).toBe("carol")
    // The fixture's settings apply too: its client limit of 5.
    expect(carol.headers.get("x-ratelimit-limit")).toBe("5")
  })

  it("a later reset goes back to the posted fixture, not the one the panel started with", async () => {
    await postJson(panel, "/__mock/fixture", "", withCarol())
    await call(panel, `/api/client/account/api-keys/${CAROL.slice(0, 16)}`, { key: CAROL, method: "DELETE" })
    expect((await account(CAROL)).status).toBe(401)
    expect((await call(panel, "/__mock/reset", { method: "POST" })).status).toBe(204)
    expect((await account(CAROL)).status).toBe(200)
  })

  it("a bad fixture is a 422 with the JSON path and what was expected, and changes nothing", async () => {
    // A change the bad fixture must not undo.
    await postJson(panel, "/__mock/clock", "", { set: "2030-01-01T00:00:00+00:00" })
    const bad = withCarol()
    bad.users[1].email = 5
    const res = await postJson(panel, "/__mock/fixture", "", bad)
    expect(res.status).toBe(422)
    expect(res.json).toEqual({
      error: "invalid fixture: $.users[1].email: Expected string, actual 5",
      path: "$.users[1].email",
      expected: "Expected string, actual 5"
    })
    expect((await account(CAROL)).status).toBe(401)
    expect((await account(ALICE)).status).toBe(200)
    expect((await call(panel, "/__mock/clock")).json.now).toMatch(/^2030-01-01T00:00/)
    const notAnObject = await postJson(panel, "/__mock/fixture", "", [])
    expect(notAnObject.json.path).toBe("$")
  })

  it("a body that is not JSON is a 400", async () => {
    const res = await call(panel, "/__mock/fixture", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{users:"
    })
    expect(res.status).toBe(400)
  })

  it("from the Promise API: loadFixture, and keys that follow the fixture", async () => {
    await panel.control.loadFixture(withCarol())
    expect(panel.plainKeys.carolClient).toBe(CAROL)
    const bad = withCarol()
    bad.api_keys[0].user_id = 99
    await expect(panel.control.loadFixture(bad)).rejects.toThrow(
      "invalid fixture: $.api_keys[0].user_id: the id of an existing user"
    )
  })
})
