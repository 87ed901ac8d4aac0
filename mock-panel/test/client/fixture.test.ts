import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import * as Fixture from "../../src/state/Fixture.js"
import * as Store from "../../src/state/Store.js"
import { defaultFixtureJson } from "../helpers.js"

const strip = (fixture: any) => {
  for (const field of ["backups", "schedules", "files", "ssh_keys", "activity_logs", "power_states"])
    delete fixture[field]
  for (const user of fixture.users) {
    delete user.password
    delete user.totp_secret
  }
  delete fixture.settings.client
  return fixture
}

const failure = (input: unknown) => {
  const result = Fixture.decode(input)
  return Either.isLeft(result) ? result.left : undefined
}

describe("client state in the fixture", () => {
  it("a fixture written before these rows existed still loads, with empty defaults", () => {
    const decoded = Fixture.decode(strip(defaultFixtureJson()))
    expect(Either.isRight(decoded)).toBe(true)
    if (Either.isRight(decoded)) {
      expect(decoded.right.backups).toEqual([])
      expect(decoded.right.settings.client).toMatchObject({
        schedule_task_limit: 10,
        backup_throttle_limit: 2,
        backup_throttle_period: 600
      })
      const state = Store.initialState(decoded.right)
      expect(state.client.files[1]).toEqual([])
      expect(state.client.power).toEqual({})
    }
  })

  it("the default fixture's files imply their parent directories", () => {
    const decoded = Fixture.decode(defaultFixtureJson())
    if (Either.isLeft(decoded)) throw decoded.left
    const paths = Store.initialState(decoded.right)
      .client.files[1]!.map((n) => n.path)
      .sort()
    expect(paths).toEqual(["/eula.txt", "/logs", "/logs/latest.log", "/plugins", "/server.properties"])
  })

  it("bad references fail with the JSON path of the field", () => {
    const backup = defaultFixtureJson()
    backup.backups[0].server_id = 99
    expect(failure(backup)?.path).toBe("$.backups[0].server_id")
    const power = defaultFixtureJson()
    power.power_states = { "00000000-0000-4000-8000-000000000000": "running" }
    expect(failure(power)?.path).toBe("$.power_states.00000000-0000-4000-8000-000000000000")
    const file = defaultFixtureJson()
    file.files[0].content_base64 = "AA=="
    expect(failure(file)?.expected).toBe("either content or content_base64, not both")
  })
})
