import { describe, expect, it } from "@effect/vitest"
import { ApiKey, PanelClient } from "@ptero-effect/core"
import { ConfigProvider, Effect, Exit } from "effect"

const SECRET = `ptlc_abcdefghijk${"S3cret".repeat(5)}xy`

const failure = <A, E>(effect: Effect.Effect<A, E>, env: Record<string, string>) =>
  Effect.runSync(Effect.exit(Effect.withConfigProvider(effect, ConfigProvider.fromMap(new Map(Object.entries(env))))))

describe("configuration errors name the variable and what is wrong, never the value", () => {
  it("a missing PTERODACTYL_URL says it is missing", () => {
    const exit = failure(PanelClient.urlConfig(), {})
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("Expected PTERODACTYL_URL to exist")
    expect(String(Exit.isFailure(exit) && exit.cause)).not.toContain("<redacted>")
  })

  it("a missing key says it is missing", () => {
    const exit = failure(ApiKey.config("PTERODACTYL_CLIENT_KEY"), {})
    expect(Exit.isFailure(exit) && String(exit.cause)).toContain("Expected PTERODACTYL_CLIENT_KEY to exist")
  })

  it("a malformed key names the rule, not the value", () => {
    const exit = failure(ApiKey.config("PTERODACTYL_CLIENT_KEY"), { PTERODACTYL_CLIENT_KEY: `${SECRET} ` })
    const text = Exit.isFailure(exit) ? String(exit.cause) : "succeeded"
    expect(text).toContain("PTERODACTYL_CLIENT_KEY")
    expect(text).not.toContain(SECRET)
  })

  it("a key read from configuration is held as Redacted", () => {
    const exit = failure(ApiKey.config("PTERODACTYL_CLIENT_KEY"), { PTERODACTYL_CLIENT_KEY: SECRET })
    expect(Exit.isSuccess(exit) && String(exit.value)).not.toContain(SECRET)
    expect(Exit.isSuccess(exit) && exit.value.identifier).toBe(SECRET.slice(0, 16))
  })
})
