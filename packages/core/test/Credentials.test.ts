import { describe, expect, it } from "@effect/vitest"
import { ApiKey, Credentials, PanelClient } from "@ptero-effect/core"
import { Deferred, Effect, Fiber, Ref } from "effect"
import { APPLICATION_KEY, CLIENT_KEY, fakeClient, json } from "./utils/fake.js"

const NEXT_KEY = `ptlc_NeXtKeY0000${"N".repeat(32)}`

describe("Credentials", () => {
  it.effect("after rotate, new requests use the new key", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, {}))
      const credentials = yield* Credentials.make(CLIENT_KEY)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials }).pipe(
        Effect.provide(fake.layer)
      )
      yield* client.send({ operation: "t", method: "GET", path: "/account" })
      yield* credentials.rotate(() => Effect.succeed(ApiKey.unsafeMake(NEXT_KEY)))
      yield* client.send({ operation: "t", method: "GET", path: "/account" })
      expect(fake.requests.map((r) => r.headers.authorization)).toEqual([`Bearer ${CLIENT_KEY}`, `Bearer ${NEXT_KEY}`])
    })
  )

  it.effect("a request in flight completes with the key it started with", () =>
    Effect.gen(function* () {
      const gate = yield* Deferred.make<void>()
      const started = yield* Deferred.make<void>()
      const fake = fakeClient((request) =>
        request.url.pathname.endsWith("/slow")
          ? Effect.zipRight(
              Effect.zipRight(Deferred.succeed(started, undefined), Deferred.await(gate)),
              Effect.succeed(json(200, {}))
            )
          : json(200, {})
      )
      const credentials = yield* Credentials.make(CLIENT_KEY)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials }).pipe(
        Effect.provide(fake.layer)
      )
      const slow = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "/slow" }))
      yield* Deferred.await(started)
      yield* credentials.set(ApiKey.unsafeMake(NEXT_KEY))
      yield* client.send({ operation: "t", method: "GET", path: "/fast" })
      yield* Deferred.succeed(gate, undefined)
      const response = yield* Fiber.join(slow)
      expect(response.status).toBe(200)
      expect(fake.requests.map((r) => [r.url.pathname, r.headers.authorization])).toEqual([
        ["/api/client/slow", `Bearer ${CLIENT_KEY}`],
        ["/api/client/fast", `Bearer ${NEXT_KEY}`]
      ])
    })
  )

  it.effect("concurrent rotations run one at a time, each seeing the previous result", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.make(CLIENT_KEY)
      const active = yield* Ref.make(0)
      const maxActive = yield* Ref.make(0)
      const seen: Array<string> = []
      const rotation = (n: number) =>
        credentials.rotate((current) =>
          Effect.gen(function* () {
            seen.push(current.identifier)
            const now = yield* Ref.updateAndGet(active, (a) => a + 1)
            yield* Ref.update(maxActive, (m) => Math.max(m, now))
            yield* Effect.yieldNow()
            yield* Ref.update(active, (a) => a - 1)
            return ApiKey.unsafeMake(`ptlc_Rotation${String(n).padStart(3, "0")}${"R".repeat(32)}`)
          })
        )
      yield* Effect.all([rotation(1), rotation(2), rotation(3), rotation(4)], { concurrency: "unbounded" })
      expect(yield* Ref.get(maxActive)).toBe(1)
      expect(new Set(seen).size).toBe(4)
      expect((yield* credentials.current).identifier).toMatch(/^ptlc_Rotation00[1-4]$/)
    })
  )

  it.effect("a failed rotation leaves the key unchanged", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.make(CLIENT_KEY)
      const error = yield* Effect.flip(credentials.rotate(() => Effect.fail("create failed" as const)))
      expect(error).toBe("create failed")
      expect((yield* credentials.current).identifier).toBe("ptlc_AbCdEfGhIjK")
    })
  )

  it.effect("accepts application keys too: the key type is the API's concern", () =>
    Effect.gen(function* () {
      const credentials = yield* Credentials.make(APPLICATION_KEY)
      expect((yield* credentials.current).kind).toBe("application")
    })
  )
})
