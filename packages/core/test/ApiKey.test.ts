import * as util from "node:util"
import { describe, expect, it } from "@effect/vitest"
import { ApiKey } from "@ptero-effect/core"
import { ConfigProvider, Data, Effect, Either, Logger, Redacted } from "effect"
import * as fc from "fast-check"
import { CLIENT_KEY, SECRET } from "./utils/fake.js"

const withEnv = (entries: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

describe("ApiKey.decode (§1.3)", () => {
  it("splits a client key into its 16-character identifier and 32-character secret", () => {
    const key = ApiKey.unsafeMake(CLIENT_KEY)
    expect(key.kind).toBe("client")
    expect(key.identifier).toBe("ptlc_AbCdEfGhIjK")
    expect(Redacted.value(key.value)).toBe(CLIENT_KEY)
    expect(Redacted.value(ApiKey.secret(key))).toBe(SECRET)
  })

  it("classifies application and legacy unprefixed keys", () => {
    expect(ApiKey.unsafeMake(`ptla_0123456789a${SECRET}`).kind).toBe("application")
    const legacy = ApiKey.unsafeMake(`0123456789abcdef${SECRET}`)
    expect(legacy.kind).toBe("legacy")
    expect(legacy.identifier).toBe("0123456789abcdef")
  })

  it("accepts a Redacted input and keeps the same Redacted", () => {
    const input = Redacted.make(CLIENT_KEY)
    const key = ApiKey.unsafeMake(input)
    expect(key.value).toBe(input)
  })

  it("joins an identifier and a creation response's secret_token (§4.7)", () => {
    const key = Either.getOrThrow(ApiKey.fromParts("ptlc_AbCdEfGhIjK", SECRET))
    expect(Redacted.value(key.value)).toBe(CLIENT_KEY)
  })

  const rejected: Array<[string, string, ApiKey.MalformedReason]> = [
    ["empty", "", "empty"],
    ["too short", CLIENT_KEY.slice(0, 47), "wrong-length"],
    ["too long", `${CLIENT_KEY}x`, "wrong-length"],
    ["a space inside", `${CLIENT_KEY.slice(0, 20)} ${CLIENT_KEY.slice(21)}`, "whitespace"],
    ["a trailing newline", `${CLIENT_KEY}\n`, "whitespace"],
    ["a Sanctum pipe form", `12|${SECRET}`, "pipe-form"],
    ["a hyphen", `${CLIENT_KEY.slice(0, 47)}-`, "invalid-characters"],
    ["non-ASCII letters", `${CLIENT_KEY.slice(0, 47)}é`, "invalid-characters"]
  ]
  for (const [name, input, reason] of rejected) {
    it(`rejects ${name} with MalformedApiKey(${reason}) and no secret in the message`, () => {
      const result = ApiKey.decode(input)
      expect(Either.isLeft(result)).toBe(true)
      const error = Either.getLeft(result).pipe((o) => (o._tag === "Some" ? o.value : undefined))!
      expect(error._tag).toBe("MalformedApiKey")
      expect(error.reason).toBe(reason)
      for (const text of [error.message, String(error), JSON.stringify(error), util.inspect(error)]) {
        expect(text).not.toContain(SECRET.slice(0, 12))
      }
    })
  }

  it("never echoes the secret of a malformed key (property)", () => {
    const malformed = fc.tuple(
      fc.stringMatching(/^[A-Za-z0-9]{32}$/),
      fc.constantFrom("ptlc_AbCdEfGhIjK", "ptla_AbCdEfGhIjK", "12|", "Bearer ", ""),
      fc.constantFrom(" ", "\n", "|", "-", "x", "", "é")
    )
    fc.assert(
      fc.property(malformed, ([secret, head, tail]) => {
        const result = ApiKey.decode(head + secret + tail)
        if (Either.isRight(result)) return true
        const shown = [result.left.message, JSON.stringify(result.left), util.inspect(result.left)].join("\n")
        return !shown.includes(secret)
      }),
      { seed: 42, numRuns: 300 }
    )
  })
})

describe("a key never shows its secret", () => {
  const key = ApiKey.unsafeMake(CLIENT_KEY)
  class HoldsKey extends Data.TaggedError("HoldsKey")<{ readonly key: ApiKey.ApiKey }> {}
  const holders: Record<string, unknown> = {
    key,
    "an object holding it": { nested: { key } },
    "an error holding it": new HoldsKey({ key }),
    "its Redacted value": key.value
  }

  for (const [name, value] of Object.entries(holders)) {
    it(`String, JSON.stringify and util.inspect of ${name}`, () => {
      for (const text of [String(value), JSON.stringify(value), util.inspect(value, { depth: 10 })]) {
        expect(text).not.toContain(SECRET)
      }
    })
  }

  it("shows the kind and identifier", () => {
    expect(String(key)).toBe("ApiKey(client, ptlc_AbCdEfGhIjK)")
    expect(JSON.parse(JSON.stringify(key))).toEqual({ _id: "ApiKey", kind: "client", identifier: "ptlc_AbCdEfGhIjK" })
  })

  it.effect("Effect's loggers print no secret", () =>
    Effect.gen(function* () {
      const lines: Array<string> = []
      const loggers: ReadonlyArray<Logger.Logger<unknown, unknown>> = [
        Logger.logfmtLogger,
        Logger.jsonLogger,
        Logger.stringLogger,
        Logger.structuredLogger
      ]
      for (const logger of loggers) {
        const capture = Logger.map(logger, (out) => lines.push(typeof out === "string" ? out : JSON.stringify(out)))
        yield* Effect.log("using", key, { holder: { key } }, new HoldsKey({ key })).pipe(
          Effect.annotateLogs("key", key),
          Effect.provide(Logger.replace(Logger.defaultLogger, capture))
        )
      }
      expect(lines).toHaveLength(loggers.length)
      for (const line of lines) {
        expect(line).toContain("ptlc_AbCdEfGhIjK")
        expect(line).not.toContain(SECRET)
      }
    })
  )
})

describe("ApiKey.config", () => {
  it.effect("reads a redacted key from the named variable", () =>
    Effect.gen(function* () {
      const key = yield* ApiKey.config("PTERODACTYL_CLIENT_KEY").pipe(withEnv({ PTERODACTYL_CLIENT_KEY: CLIENT_KEY }))
      expect(key.identifier).toBe("ptlc_AbCdEfGhIjK")
    })
  )

  it.effect("a missing variable is a ConfigError naming it", () =>
    Effect.gen(function* () {
      const error = yield* ApiKey.config("PTERODACTYL_CLIENT_KEY").pipe(withEnv({}), Effect.flip)
      expect(String(error)).toContain("PTERODACTYL_CLIENT_KEY")
    })
  )

  it.effect("a malformed variable is a ConfigError naming it and the rule, never the value", () =>
    Effect.gen(function* () {
      const value = `${CLIENT_KEY} `
      const error = yield* ApiKey.config("PTERODACTYL_CLIENT_KEY").pipe(
        withEnv({ PTERODACTYL_CLIENT_KEY: value }),
        Effect.flip
      )
      const text = String(error)
      expect(text).toContain("PTERODACTYL_CLIENT_KEY")
      expect(text).toContain("whitespace")
      expect(text).not.toContain(SECRET)
    })
  )
})
