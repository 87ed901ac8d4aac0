// A panel, a proxy or a WAF in front of it may echo the request back in an error body: the
// Authorization header, or a key pasted into a field that the panel's validation message quotes.
// Decoded error envelopes must not carry the secret into messages, JSON or logs.
import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Cause, Effect } from "effect"
import * as Util from "node:util"
import { CLIENT_KEY, SECRET, fakeClient, panelError } from "./utils/fake.js"

const echoed = `Bearer ${CLIENT_KEY} was refused; secret ${SECRET}`

describe("secrets echoed in error envelopes", () => {
  for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 502]) {
    it.effect(`${status}: code, detail and every entry are scrubbed`, () =>
      Effect.gen(function* () {
        const fake = fakeClient(() =>
          panelError(status, `Code${SECRET}`, echoed, { source_field: "allowed_ips.0", rule: "" })
        )
        const client = yield* PanelClient.make({
          url: "https://p.example",
          api: "client",
          credentials: CLIENT_KEY,
          // The envelope as answered: a 429 is not waited out here.
          retry: false
        }).pipe(Effect.provide(fake.layer))
        const error = yield* Effect.flip(
          client.send({ operation: "t", method: "GET", path: "/x" }).pipe(Effect.provide(fake.layer))
        )
        const text = [
          error.message,
          String(error),
          JSON.stringify(error),
          Util.inspect(error, { depth: 10 }),
          Cause.pretty(Cause.fail(error))
        ].join("\n")
        expect(text).not.toContain(SECRET)
        expect(text).toContain("<redacted>")
      })
    )
  }
})
