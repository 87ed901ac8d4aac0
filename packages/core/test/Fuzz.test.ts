import { describe, expect, it } from "@effect/vitest"
import { PanelClient, PanelError } from "@ptero-effect/core"
import { Cause, Effect, Exit, Schema } from "effect"
import * as fc from "fast-check"
import { CLIENT_KEY, type Reply, SECRET, fakeClient } from "./utils/fake.js"

// Bodies a panel, a proxy or a broken server might send: envelopes, near-envelopes, HTML, noise.
const entry = fc.record(
  {
    code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    status: fc.oneof(fc.string(), fc.integer()),
    detail: fc.oneof(fc.string(), fc.constant(undefined)),
    meta: fc.oneof(fc.record({ source_field: fc.string(), rule: fc.string() }), fc.anything())
  },
  { requiredKeys: [] }
)
const body = fc.oneof(
  fc.string(),
  fc.json(),
  fc.array(entry).map((errors) => JSON.stringify({ errors })),
  fc.anything().map((value) => JSON.stringify({ errors: value }) ?? ""),
  fc.constantFrom("", "<html><body>502 Bad Gateway</body></html>", '{"errors":[{"code":', "null", "[]", SECRET),
  fc.json().map((text) => text.slice(0, Math.max(0, text.length - 3)))
)
const headerValue = fc.oneof(fc.stringMatching(/^[ -~]{0,20}$/), fc.integer({ min: -5, max: 2 ** 40 }).map(String))
const headers = fc.record(
  {
    "retry-after": headerValue,
    "x-ratelimit-limit": headerValue,
    "x-ratelimit-remaining": headerValue,
    "x-ratelimit-reset": headerValue,
    location: fc.oneof(fc.webUrl(), fc.constant("/auth/login"), fc.string()),
    "content-type": fc.constantFrom("application/json", "text/html", "text/plain")
  },
  { requiredKeys: [] }
)
const reply = fc.record({ status: fc.integer({ min: 200, max: 599 }), headers, body })

const RUNS = 400

describe("response decoding under arbitrary input (fast-check, seed 7)", () => {
  it.effect(`${RUNS} arbitrary responses each end in a value or a typed PanelError, never a defect`, () =>
    Effect.gen(function* () {
      const samples = fc.sample(reply, { seed: 7, numRuns: RUNS })
      let failures = 0
      for (const sample of samples) {
        const answer: Reply = {
          status: sample.status,
          headers: sample.headers as Record<string, string>,
          body: sample.body
        }
        const fake = fakeClient(() => answer)
        const client = yield* PanelClient.make({
          url: "https://p.example",
          api: "client",
          credentials: CLIENT_KEY,
          // Each answer decoded as it is: not waited out (a 429), nor held by the last one's quota.
          retry: false,
          pacer: false
        }).pipe(Effect.provide(fake.layer))
        const exit = yield* Effect.exit(client.json({ operation: "fuzz", method: "GET", path: "/x" }, Schema.Unknown))
        if (Exit.isFailure(exit)) {
          failures++
          expect(Cause.isDie(exit.cause), `${JSON.stringify(sample)}\n${Cause.pretty(exit.cause)}`).toBe(false)
          const error = Cause.failureOption(exit.cause)
          expect(error._tag).toBe("Some")
          if (error._tag === "Some") {
            expect(PanelError.isPanelError(error.value)).toBe(true)
            expect(JSON.stringify(error.value)).not.toContain(SECRET)
            expect(String(error.value)).not.toContain(SECRET)
          }
        } else {
          expect(sample.status >= 200 && sample.status < 300).toBe(true)
        }
      }
      expect(samples).toHaveLength(RUNS)
      expect(failures).toBeGreaterThan(RUNS / 2)
    })
  )
})
