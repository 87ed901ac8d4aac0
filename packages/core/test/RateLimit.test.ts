import { describe, expect, it } from "@effect/vitest"
import { PanelClient, RateLimit } from "@ptero-effect/core"
import { Duration, Effect, Fiber, Option, TestClock } from "effect"
import { CLIENT_KEY, type Reply, fakeClient, json, panelError } from "./utils/fake.js"

const ok = (remaining: number): Reply =>
  json(200, {}, { "x-ratelimit-limit": "720", "x-ratelimit-remaining": String(remaining) })
const throttled = (seconds: number): Reply => ({
  ...panelError(429, "ThrottleRequestsException", "Too Many Attempts."),
  headers: {
    "content-type": "application/json",
    "retry-after": String(seconds),
    "x-ratelimit-limit": "720",
    "x-ratelimit-remaining": "0"
  }
})

// Each client its own panel: a 429 holds back every client of the same panel and key (the pacer).
let panels = 0
const clientWith = (replies: ReadonlyArray<Reply | "drop">, retry?: RateLimit.RetryPolicy | false) =>
  Effect.gen(function* () {
    let i = 0
    const fake = fakeClient(() => replies[Math.min(i++, replies.length - 1)]!)
    const client = yield* PanelClient.make({
      url: `https://p${panels++}.example`,
      api: "client",
      credentials: CLIENT_KEY,
      retry
    }).pipe(Effect.provide(fake.layer))
    return { client, fake }
  })

describe("rate-limit awareness (§5)", () => {
  it.effect("the last seen limit and remaining quota are observable", () =>
    Effect.gen(function* () {
      const { client } = yield* clientWith([ok(719), ok(718)])
      expect(yield* client.rateLimit.last).toEqual(Option.none())
      yield* client.send({ operation: "t", method: "GET", path: "" })
      yield* client.send({ operation: "t", method: "GET", path: "" })
      const quota = yield* client.rateLimit.last
      expect(Option.map(quota, ({ limit, remaining }) => ({ limit, remaining }))).toEqual(
        Option.some({ limit: 720, remaining: 718 })
      )
    })
  )

  it.effect("a 429 keeps the quota at remaining 0", () =>
    Effect.gen(function* () {
      const { client } = yield* clientWith([throttled(5)], false)
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" }))
      expect(error._tag).toBe("RateLimited")
      expect(Option.map(yield* client.rateLimit.last, (q) => q.remaining)).toEqual(Option.some(0))
    })
  )
})

describe("retry policy", () => {
  const policy = RateLimit.retryPolicy({
    maxRetries: 3,
    baseDelay: Duration.millis(100),
    maxDelay: Duration.seconds(1)
  })

  it.effect("without a policy of its own, a 503 is not retried", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith([panelError(503, "HttpException", "down"), ok(1)])
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" }))
      expect(error._tag).toBe("PanelServerError")
      expect(fake.requests).toHaveLength(1)
    })
  )

  it.effect("without a policy of its own, a GET's 429 waits Retry-After and is sent again, up to 3 times", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith([throttled(2), throttled(2), ok(719)])
      const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "" }))
      yield* TestClock.adjust(Duration.millis(1999))
      expect(fake.requests).toHaveLength(1)
      yield* TestClock.adjust(Duration.millis(1))
      expect(fake.requests).toHaveLength(2)
      yield* TestClock.adjust(Duration.seconds(2))
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect(fake.requests).toHaveLength(3)

      const always = yield* clientWith([throttled(1)])
      const gaveUp = yield* Effect.fork(Effect.flip(always.client.send({ operation: "t", method: "GET", path: "" })))
      yield* TestClock.adjust(Duration.seconds(10))
      expect((yield* Fiber.join(gaveUp))._tag).toBe("RateLimited")
      expect(always.fake.requests).toHaveLength(4)
    })
  )

  it.effect("without a policy of its own, a POST's 429 and a 429 asking for more than 60 s fail at once", () =>
    Effect.gen(function* () {
      const post = yield* clientWith([throttled(2), ok(719)])
      const error = yield* Effect.flip(post.client.send({ operation: "t", method: "POST", path: "" }))
      expect(error._tag).toBe("RateLimited")
      expect(post.fake.requests).toHaveLength(1)

      const long = yield* clientWith([throttled(61), ok(719)])
      expect((yield* Effect.flip(long.client.send({ operation: "t", method: "GET", path: "" })))._tag).toBe(
        "RateLimited"
      )
      expect(long.fake.requests).toHaveLength(1)
    })
  )

  it.effect("retry: false sends a GET once even after a 429", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith([throttled(2), ok(719)], false)
      expect((yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" })))._tag).toBe("RateLimited")
      expect(fake.requests).toHaveLength(1)
    })
  )

  it.effect("a 429 waits exactly Retry-After, then succeeds", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith([throttled(7), ok(719)], policy)
      const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "" }))
      yield* TestClock.adjust(Duration.millis(6999))
      expect(fake.requests).toHaveLength(1)
      yield* TestClock.adjust(Duration.millis(1))
      const response = yield* Fiber.join(fiber)
      expect(response.status).toBe(200)
      expect(fake.requests).toHaveLength(2)
    })
  )

  for (const status of [502, 503, 504]) {
    it.effect(`a ${status} is retried with capped exponential backoff`, () =>
      Effect.gen(function* () {
        const failing = panelError(status, "HttpException", "upstream")
        const { client, fake } = yield* clientWith([failing, failing, failing, failing], policy)
        const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "" }))
        // Backoffs are at most 100, 200 and 400 ms (half fixed, half jitter), far below the 1 s cap here.
        yield* TestClock.adjust(Duration.millis(49))
        expect(fake.requests).toHaveLength(1)
        yield* TestClock.adjust(Duration.millis(51))
        expect(fake.requests).toHaveLength(2)
        yield* TestClock.adjust(Duration.millis(600))
        const error = yield* Effect.flip(Fiber.join(fiber))
        expect(error._tag).toBe("PanelServerError")
        expect(fake.requests).toHaveLength(4)
      })
    )
  }

  it.effect("a dropped connection is retried for GET", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith(["drop", ok(3)], policy)
      const fiber = yield* Effect.fork(client.send({ operation: "t", method: "GET", path: "" }))
      yield* TestClock.adjust(Duration.seconds(1))
      expect((yield* Fiber.join(fiber)).status).toBe(200)
      expect(fake.requests).toHaveLength(2)
    })
  )

  for (const method of ["PUT", "DELETE", "HEAD"] as const) {
    it.effect(`${method} is retried`, () =>
      Effect.gen(function* () {
        const { client, fake } = yield* clientWith([panelError(502, "HttpException", "x"), { status: 204 }], policy)
        const fiber = yield* Effect.fork(client.send({ operation: "t", method, path: "/x" }))
        yield* TestClock.adjust(Duration.seconds(1))
        yield* Fiber.join(fiber)
        expect(fake.requests).toHaveLength(2)
      })
    )
  }

  for (const reply of [panelError(502, "HttpException", "x"), throttled(1), "drop" as const]) {
    const label = reply === "drop" ? "a dropped connection" : `a ${reply.status}`
    it.effect(`a POST is never repeated after ${label}`, () =>
      Effect.gen(function* () {
        const { client, fake } = yield* clientWith([reply, ok(1)], policy)
        const fiber = yield* Effect.fork(
          client.send({
            operation: "t",
            method: "POST",
            path: "/servers/x/power",
            body: { _tag: "Json", value: { signal: "start" } }
          })
        )
        yield* TestClock.adjust(Duration.minutes(5))
        yield* Effect.flip(Fiber.join(fiber))
        expect(fake.requests).toHaveLength(1)
      })
    )
  }

  it.effect("the cap bounds every delay", () =>
    Effect.gen(function* () {
      const capped = RateLimit.retryPolicy({
        maxRetries: 10,
        baseDelay: Duration.seconds(1),
        maxDelay: Duration.seconds(2)
      })
      for (let attempt = 0; attempt < 10; attempt++) {
        const delay = yield* RateLimit.backoff(capped, attempt)
        expect(Duration.toMillis(delay)).toBeLessThanOrEqual(2000)
        expect(Duration.toMillis(delay)).toBeGreaterThanOrEqual(Math.min(2000, 1000 * 2 ** attempt) / 2)
      }
    })
  )

  it.effect("errors that are not transient are not retried", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith([panelError(404, "NotFoundHttpException", "x"), ok(1)], policy)
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" }))
      expect(error._tag).toBe("NotFound")
      expect(fake.requests).toHaveLength(1)
    })
  )

  it.effect("429 retries can be turned off", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientWith(
        [throttled(1), ok(1)],
        RateLimit.retryPolicy({ retryRateLimited: false })
      )
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" }))
      expect(error._tag).toBe("RateLimited")
      expect(fake.requests).toHaveLength(1)
    })
  )
})
