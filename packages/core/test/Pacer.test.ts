import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Clock, Duration, Effect, Fiber, TestClock } from "effect"
import { APPLICATION_KEY, CLIENT_KEY, type Reply, fakeClient, json, panelError } from "./utils/fake.js"

// The panel's API throttle on the test clock: one fixed window per user that opens with the
// first counted request and lasts `windowSeconds`; a refused request is not counted
// (Illuminate\Routing\Middleware\ThrottleRequests::handleRequestUsingNamedLimiter checks
// tooManyAttempts before hit; app/Providers/RouteServiceProvider.php::configureRateLimiting).
const throttlingPanel = (limit: number, windowSeconds = 60) => {
  let window: { hits: number; endsAt: number; index: number } | undefined
  let windows = 0
  const seen = { ok: 0, refused: 0, okPosts: 0, refusedPosts: 0, refusedAfterFirstWindow: 0 }
  const fake = fakeClient((request) =>
    Effect.map(Clock.currentTimeMillis, (now): Reply => {
      if (window !== undefined && now >= window.endsAt) window = undefined
      if (window !== undefined && window.hits >= limit) {
        seen.refused++
        if (request.method === "POST") seen.refusedPosts++
        if (window.index > 0) seen.refusedAfterFirstWindow++
        return {
          ...panelError(429, "TooManyRequestsHttpException", "Too Many Attempts."),
          headers: {
            "content-type": "application/json",
            "retry-after": String(Math.ceil((window.endsAt - now) / 1000)),
            "x-ratelimit-limit": String(limit),
            "x-ratelimit-remaining": "0"
          }
        }
      }
      window = window ?? { hits: 0, endsAt: now + windowSeconds * 1000, index: windows++ }
      window.hits++
      seen.ok++
      if (request.method === "POST") seen.okPosts++
      return json(200, {}, { "x-ratelimit-limit": String(limit), "x-ratelimit-remaining": String(limit - window.hits) })
    })
  )
  return { fake, seen }
}

// Runs a job to its end on the test clock, a second at a time; returns the seconds it took.
const runToEnd = <A, E>(job: Effect.Effect<A, E>, maxSeconds: number) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(job)
    let seconds = 0
    while (fiber.unsafePoll() === null && seconds < maxSeconds) {
      yield* TestClock.adjust(Duration.seconds(1))
      seconds++
    }
    const result = yield* Fiber.join(fiber)
    return { result, seconds }
  })

const gets = (client: PanelClient.Service, n: number, method: "GET" | "POST" = "GET", concurrency = 4) =>
  Effect.forEach(Array.from({ length: n }), () => client.send({ operation: "t", method, path: "/account" }), {
    concurrency,
    discard: true
  })

describe("the pacer (§5)", () => {
  it.effect("a bulk job at full speed meets no 429 and ends in the window the limit allows", () =>
    Effect.gen(function* () {
      const { fake, seen } = throttlingPanel(10)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      // 35 requests at 10 a minute: windows open at 0, 60, 120 and 180 s.
      const { seconds } = yield* runToEnd(gets(client, 35), 400)
      expect(seen).toMatchObject({ ok: 35, refused: 0 })
      expect(seconds).toBe(180)
    })
  )

  it.effect("without it the same job runs into the limit (the retries still finish it)", () =>
    Effect.gen(function* () {
      const { fake, seen } = throttlingPanel(10)
      const client = yield* PanelClient.make({
        url: "https://p.example",
        api: "client",
        credentials: CLIENT_KEY,
        pacer: false
      }).pipe(Effect.provide(fake.layer))
      yield* runToEnd(Effect.either(gets(client, 35)), 400)
      expect(seen.refused).toBeGreaterThan(0)
    })
  )

  it.effect("POSTs wait for room instead of being refused", () =>
    Effect.gen(function* () {
      const { fake, seen } = throttlingPanel(10)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      yield* runToEnd(gets(client, 25, "POST"), 400)
      expect(seen).toMatchObject({ ok: 25, refused: 0, okPosts: 25, refusedPosts: 0 })
    })
  )

  it.effect("two keys of one user share a budget when their clients name it: no 429 after the first window", () =>
    Effect.gen(function* () {
      const run = (budget: string | undefined) =>
        Effect.gen(function* () {
          // One user's window, whichever of the user's keys is sent.
          const { fake, seen } = throttlingPanel(10)
          const make = (credentials: string) =>
            PanelClient.make({
              url: "https://p.example",
              api: "client",
              credentials,
              pacer: budget === undefined ? {} : { budget }
            }).pipe(Effect.provide(fake.layer))
          const first = yield* make(CLIENT_KEY)
          const second = yield* make(`ptlc_OtherKey000${"z".repeat(32)}`)
          // Eight in flight each: two budgets that each think a new window is theirs overshoot it.
          // The first burst goes before any answer, so the first window may refuse some.
          yield* runToEnd(Effect.all([gets(first, 20, "GET", 8), gets(second, 20, "GET", 8)], { concurrency: 2 }), 400)
          return seen
        })
      expect(yield* run("alice")).toMatchObject({ ok: 40, refusedAfterFirstWindow: 0 })
      expect((yield* run(undefined)).refusedAfterFirstWindow).toBeGreaterThan(0)
    })
  )

  it.effect("a 429 from another throttle, with the API's quota still open, holds nothing else", () =>
    Effect.gen(function* () {
      // A backup refused by its own throttle: the API throttle's headers show room
      // (app/Services/Backups/InitiateBackupService.php::handle).
      const backupRefused: Reply = {
        ...panelError(429, "TooManyRequestsHttpException", "Only 2 backups may be generated within a 600 second span."),
        headers: {
          "content-type": "application/json",
          "retry-after": "600",
          "x-ratelimit-limit": "720",
          "x-ratelimit-remaining": "700"
        }
      }
      const replies = [json(200, {}, { "x-ratelimit-limit": "720", "x-ratelimit-remaining": "701" }), backupRefused]
      let i = 0
      const fake = fakeClient(() =>
        i < replies.length
          ? replies[i++]!
          : json(200, {}, { "x-ratelimit-limit": "720", "x-ratelimit-remaining": "699" })
      )
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      yield* client.send({ operation: "t", method: "GET", path: "/account" })
      const refused = yield* Effect.flip(client.send({ operation: "t", method: "POST", path: "/servers/1/backups" }))
      expect(refused._tag).toBe("RateLimited")
      // No clock moved: the next request went at once.
      yield* client.send({ operation: "t", method: "GET", path: "/account" })
      expect(fake.requests).toHaveLength(3)
    })
  )

  it.effect("budgets are per API: application requests do not wait on the client API's window", () =>
    Effect.gen(function* () {
      const { fake, seen } = throttlingPanel(5)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      yield* gets(client, 5, "GET", 1)
      const other = fakeClient(() => json(200, {}, { "x-ratelimit-limit": "240", "x-ratelimit-remaining": "239" }))
      const application = yield* PanelClient.make({
        url: "https://p.example",
        api: "application",
        credentials: APPLICATION_KEY
      }).pipe(Effect.provide(other.layer))
      yield* application.send({ operation: "t", method: "GET", path: "/users" })
      expect(other.requests).toHaveLength(1)
      expect(seen.ok).toBe(5)
    })
  )
})
