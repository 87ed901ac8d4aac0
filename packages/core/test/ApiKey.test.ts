import { describe, expect, it } from "@effect/vitest"
import { ApiKey } from "@ptero-effect/core"
import { ConfigProvider, Effect, Either, Exit } from "effect"

const secret = "abcdefghijklmnopqrstuvwxyzABCDEF"
const client = `ptlc_AAAAAAAAAAA${secret}`

describe("ApiKey", () => {
  it("classifies", () => {
    const key = ApiKey.unsafeMake(client)
    expect(key.kind).toBe("client")
    expect(String(key)).not.toContain(secret)
  })
  it.effect("config", () =>
    Effect.gen(function* () {
      const exit = yield* ApiKey.config("PTERODACTYL_CLIENT_KEY").pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["PTERODACTYL_CLIENT_KEY", "x|" + secret]]))),
        Effect.exit
      )
      expect(Exit.isFailure(exit)).toBe(true)
      console.log(String(exit))
      const missing = yield* ApiKey.config("PTERODACTYL_CLIENT_KEY").pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map())),
        Effect.exit
      )
      console.log(String(missing))
      expect(Either.isLeft(ApiKey.decode(""))).toBe(true)
    }))
})
