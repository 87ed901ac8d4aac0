// Client-side validation quotes a bad allowed_ips entry the way the panel does. A key pasted into
// that field by mistake must not come back in the error, its message, JSON or a log line.
import { describe, expect, it } from "@effect/vitest"
import { Cause, Effect } from "effect"
import * as Util from "node:util"
import { CLIENT_KEY, SECRET, fakeApi, json } from "../utils/fake.js"

describe("client-side validation never quotes a secret", () => {
  it.effect("a key in allowed_ips → ValidationFailed naming the field, without the key; nothing sent", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, {}))
      const error = yield* Effect.flip(
        api.account.apiKeys.create({ description: "ci", allowed_ips: ["10.0.0.0/8", CLIENT_KEY, `x${SECRET}y`] })
      )
      expect(error._tag).toBe("ValidationFailed")
      const issues = error._tag === "ValidationFailed" ? error.issues : []
      expect(issues.map((i) => i.field)).toEqual(["allowed_ips.1", "allowed_ips.2"])
      const text = [
        error.message,
        String(error),
        JSON.stringify(error),
        Util.inspect(error, { depth: 10 }),
        Cause.pretty(Cause.fail(error))
      ].join("\n")
      expect(text).not.toContain(SECRET)
      expect(issues[0]!.detail).toBe('"<redacted>" is not a valid IP address or CIDR range.')
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("an ordinary bad entry is still quoted as the panel quotes it", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => json(200, {}))
      const error = yield* Effect.flip(api.account.apiKeys.create({ description: "ci", allowed_ips: ["300.1.1.1"] }))
      expect(error._tag === "ValidationFailed" && error.issues[0]!.detail).toBe(
        '"300.1.1.1" is not a valid IP address or CIDR range.'
      )
    })
  )
})
