import { layer } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Fs from "node:fs"
import { describe, expect, it } from "vitest"
import * as Fixture from "../src/state/Fixture.js"
import * as MockPanel from "../src/MockPanel.js"
import { defaultFixtureJson } from "./helpers.js"

const schemaFile = new URL("../fixture.schema.json", import.meta.url)

describe("Fixture", () => {
  it("fixture.schema.json is generated from the Schema and up to date (UPDATE_SCHEMA=1 rewrites it)", () => {
    const generated = `${JSON.stringify(Fixture.jsonSchema(), null, 2)}\n`
    if (process.env.UPDATE_SCHEMA === "1") Fs.writeFileSync(schemaFile, generated)
    expect(Fs.readFileSync(schemaFile, "utf8")).toBe(generated)
  })

  it("the default fixture decodes and has the documented key names", () => {
    const decoded = Fixture.decode(defaultFixtureJson())
    expect(Either.isRight(decoded)).toBe(true)
    if (Either.isRight(decoded)) {
      expect(decoded.right.api_keys.map((k) => k.name)).toEqual([
        "rootClient",
        "rootApplication",
        "readOnlyApplication",
        "writeOnlyApplication",
        "noRightsApplication",
        "userClient",
        "ipRestrictedClient",
        "legacy",
        "expired",
        "subuserClient"
      ])
    }
  })

  it("a bad fixture names the JSON path and what was expected", () => {
    const bad = defaultFixtureJson()
    bad.users[1].email = 5
    const result = Fixture.decode(bad, "f.json")
    expect(Either.isLeft(result) && result.left.message).toBe("f.json: $.users[1].email: Expected string, actual 5")
    const dangling = defaultFixtureJson()
    dangling.servers[0].owner_id = 99
    const r2 = Fixture.decode(dangling)
    expect(Either.isLeft(r2) && r2.left.path).toBe("$.servers[0].owner_id")
    const badIp = defaultFixtureJson()
    badIp.api_keys[6].allowed_ips = ["hodor"]
    const r3 = Fixture.decode(badIp)
    expect(Either.isLeft(r3) && r3.left.path).toBe("$.api_keys[6].allowed_ips[0]")
  })
})

layer(MockPanel.layer(), { excludeTestServices: true })("MockPanel.layer", (it) => {
  it.effect("provides the URL, Redacted keys and the control client", () =>
    Effect.gen(function* () {
      const panel = yield* MockPanel.MockPanel
      expect(panel.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
      expect(String(panel.keys.rootClient)).not.toContain("Secret")
      const res = yield* Effect.promise(() =>
        fetch(`${panel.url}/api/client/account`, {
          headers: { Accept: "application/json", Authorization: `Bearer ${Redacted.value(panel.keys.userClient)}` }
        })
      )
      expect(res.status).toBe(200)
      const journal = yield* panel.control.journal
      expect(journal.at(-1)).toMatchObject({ path: "/api/client/account", status: 200, key: "ptlc_userclient1" })
    })
  )
})
