// A panel (or whatever answers in its place) that is broken or hostile: endless or huge bodies,
// runs of millions of letters in an error, a Retry-After of days, a cache that answers page 1 to
// every page. The client ends each in a typed failure, reads a bounded number of bytes and never
// waits longer than it was told to. Real sockets for every transport: mock-panel's
// test/reliability/HostilePanel.test.ts.
import { describe, expect, it } from "@effect/vitest"
import { Envelope, Pagination, PanelClient, RateLimit } from "@ptero-effect/core"
import { Cause, Chunk, Duration, Effect, Exit, Fiber, Option, Schema, Stream, TestClock } from "effect"
import * as fc from "fast-check"
import { CLIENT_KEY, type Handler, type Reply, SECRET, fakeClient, json } from "./utils/fake.js"

/** A body of `size` bytes of `fill`, produced in chunks as the reader pulls, counting what it produced. */
const counted = (size: number, chunk: number, fill = 97) => {
  let produced = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (produced >= size) return controller.close()
      const n = Math.min(chunk, size - produced)
      produced += n
      controller.enqueue(new Uint8Array(n).fill(fill))
    }
  })
  return { stream, produced: () => produced }
}

const clientOf = (handler: Handler, options: Partial<PanelClient.Options> = {}) =>
  Effect.gen(function* () {
    const fake = fakeClient(handler)
    const client = yield* PanelClient.make({
      url: "https://p.example",
      api: "client",
      credentials: CLIENT_KEY,
      ...options
    }).pipe(Effect.provide(fake.layer))
    return { client, fake }
  })

const get = { operation: "t", method: "GET", path: "/servers" } as const

describe("a response larger than maxResponseBytes", () => {
  it.effect("is read up to the limit only, whatever its size, chunking and declared length (property)", () =>
    Effect.gen(function* () {
      const cases = fc.sample(
        fc.record({
          limit: fc.integer({ min: 0, max: 6000 }),
          size: fc.integer({ min: 0, max: 12_000 }),
          chunk: fc.integer({ min: 1, max: 3000 }),
          declared: fc.boolean(),
          status: fc.constantFrom(200, 404, 500)
        }),
        { seed: 11, numRuns: 150 }
      )
      for (const { chunk, declared, limit, size, status } of cases) {
        const body = counted(size, chunk)
        const { client } = yield* clientOf(
          () => ({
            status,
            headers: declared ? { "content-length": String(size) } : {},
            body: body.stream
          }),
          { maxResponseBytes: limit }
        )
        const exit = yield* Effect.exit(client.send(get))
        if (size <= limit) {
          // Within the limit: the answer the status calls for, with the whole body.
          if (status === 200) expect(Exit.isSuccess(exit) && exit.value.body.length).toBe(size)
          else expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause).pipe(Option.isSome)).toBe(true)
          continue
        }
        const error = Exit.isFailure(exit) ? Option.getOrUndefined(Cause.failureOption(exit.cause)) : undefined
        expect(error?._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
        expect(error?._tag === "UnexpectedResponse" && error.status).toBe(status)
        // The stream is dropped at the first chunk past the limit; a reader may pull one more ahead.
        expect(body.produced()).toBeLessThanOrEqual(limit + 2 * chunk)
      }
    })
  )

  it.effect("a body of 32 MiB against a 64 KiB limit: about 64 KiB read, a typed error, a short excerpt", () =>
    Effect.gen(function* () {
      const body = counted(32 * 1024 * 1024, 16 * 1024)
      const { client } = yield* clientOf(() => ({ status: 200, body: body.stream }), { maxResponseBytes: 64 * 1024 })
      const error = yield* Effect.flip(client.json(get, Schema.Unknown))
      expect(error._tag).toBe("UnexpectedResponse")
      if (error._tag !== "UnexpectedResponse") return
      expect(error.reason).toBe("too-large")
      expect(error.issue).toContain("65536 bytes (maxResponseBytes)")
      expect(error.excerpt.length).toBeLessThanOrEqual(201)
      expect(body.produced()).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024)
    })
  )

  it.effect("the default limit is 16 MiB: one byte more is refused, exactly that much is read", () =>
    Effect.gen(function* () {
      const limit = PanelClient.DEFAULT_MAX_RESPONSE_BYTES
      expect(limit).toBe(16 * 1024 * 1024)
      const over = counted(limit + 1, 64 * 1024)
      const { client } = yield* clientOf(() => ({ status: 200, body: over.stream }))
      const error = yield* Effect.flip(client.send(get))
      expect(error._tag === "UnexpectedResponse" && error.reason).toBe("too-large")
      const exact = counted(limit, 64 * 1024)
      const { client: second } = yield* clientOf(() => ({ status: 200, body: exact.stream }))
      expect((yield* second.send(get)).body.length).toBe(limit)
    })
  )

  it.effect("a limit that is not a whole number of bytes is a configuration error", () =>
    Effect.gen(function* () {
      for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        const error = yield* Effect.flip(clientOf(() => json(200, {}), { maxResponseBytes: bad }))
        expect(error._tag === "InvalidPanelConfig" && error.option).toBe("maxResponseBytes")
      }
    })
  )

  it.effect("a declared body within the limit and a body-less 204 still read as before", () =>
    Effect.gen(function* () {
      const { client } = yield* clientOf((request) =>
        request.url.pathname.endsWith("/empty") ? { status: 204 } : json(200, { ok: true })
      )
      expect(JSON.parse((yield* client.send(get)).body)).toEqual({ ok: true })
      expect((yield* client.send({ ...get, path: "/empty" })).body).toBe("")
    })
  )
})

describe("error bodies with runs of millions of letters", () => {
  const letters = "a".repeat(10 * 1024 * 1024)
  const replies: ReadonlyArray<readonly [string, Reply, string]> = [
    ["500 text", { status: 500, headers: { "content-type": "text/plain" }, body: letters }, "PanelServerError"],
    ["404 text", { status: 404, headers: { "content-type": "text/html" }, body: letters }, "UnexpectedResponse"],
    ["404 JSON string", json(404, letters), "UnexpectedResponse"],
    ["200 not JSON", { status: 200, body: `<html>${letters}` }, "UnexpectedResponse"],
    ["200 wrong shape", json(200, { data: letters }), "UnexpectedResponse"]
  ]
  for (const [name, reply, tag] of replies) {
    it.effect(`${name}: a typed ${tag} with a short, scrubbed text, not a stack overflow`, () =>
      Effect.gen(function* () {
        const { client } = yield* clientOf(() => reply)
        const exit = yield* Effect.exit(client.json(get, Schema.Struct({ data: Schema.Number })))
        expect(Exit.isFailure(exit) && Cause.isDie(exit.cause)).toBe(false)
        const error = yield* Effect.flip(exit)
        expect(error._tag).toBe(tag)
        const texts =
          error._tag === "UnexpectedResponse"
            ? [error.issue, error.excerpt]
            : error._tag === "PanelServerError"
              ? [error.detail]
              : []
        expect(texts.length).toBeGreaterThan(0)
        for (const text of texts) {
          expect(text.length).toBeLessThanOrEqual(400)
          expect(text).not.toMatch(/a{32}/)
        }
      })
    )
  }

  it.effect("a secret anywhere around the cut never shows, whole or in part (property)", () =>
    Effect.gen(function* () {
      const filler = fc.oneof(
        fc.nat({ max: 5000 }).map((n) => " ".repeat(n)),
        fc.stringOf(fc.constantFrom(" ", "\n", "\t", "a", "-", "."), { maxLength: 5000 }),
        fc.nat({ max: 5000 }).map((n) => "x ".repeat(n))
      )
      const cases = fc.sample(
        fc.record({ before: filler, secret: fc.constantFrom(SECRET, CLIENT_KEY), after: filler }),
        { seed: 12, numRuns: 300 }
      )
      const parts = Array.from({ length: SECRET.length - 11 }, (_, i) => SECRET.slice(i, i + 12))
      for (const { after, before, secret } of cases) {
        const { client } = yield* clientOf(() => ({ status: 502, body: before + secret + after }))
        const error = yield* Effect.flip(client.send(get))
        const text = error._tag === "PanelServerError" ? error.detail : ""
        expect(error._tag).toBe("PanelServerError")
        for (const part of parts) expect(text).not.toContain(part)
      }
    })
  )
})

describe("a wait the panel asks for", () => {
  const policy = RateLimit.retryPolicy({ maxRetries: 2 })
  const limited = (headers: Record<string, string>) =>
    json(429, { errors: [{ code: "ThrottleRequestsException", status: "429", detail: "Too Many Attempts." }] }, headers)

  // Whatever the header, the request either waits what it was told (at most maxRetryAfter) and
  // tries again, or fails at once with the RateLimited that carries the wait.
  it.effect("is waited only up to maxRetryAfter; a longer one fails at once, typed (property)", () =>
    Effect.gen(function* () {
      const now = 1_700_000_000_000
      const cases = fc.sample(
        fc.record({
          seconds: fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 2 ** 40 })),
          form: fc.constantFrom("retry-after", "http-date", "reset")
        }),
        { seed: 13, numRuns: 60 }
      )
      for (const { form, seconds } of cases) {
        yield* TestClock.setTime(now)
        const header =
          form === "retry-after"
            ? { "retry-after": String(seconds) }
            : form === "http-date"
              ? { "retry-after": new Date(now + seconds * 1000).toUTCString() }
              : { "x-ratelimit-reset": String(now / 1000 + seconds) }
        let calls = 0
        const { client } = yield* clientOf(() => (++calls === 1 ? limited(header) : json(200, { ok: true })), {
          retry: policy
        })
        const fiber = yield* Effect.fork(client.send(get))
        yield* TestClock.adjust(Duration.zero)
        if (seconds > 60) {
          // Done without the clock moving: one request, the asked wait carried in the error.
          const exit = yield* Fiber.poll(fiber)
          expect(Option.isSome(exit)).toBe(true)
          const error = yield* Effect.flip(Fiber.join(fiber))
          expect(error._tag).toBe("RateLimited")
          if (error._tag === "RateLimited") expect(Duration.toSeconds(error.retryAfter)).toBeCloseTo(seconds, 0)
          expect(calls).toBe(1)
        } else {
          yield* TestClock.adjust(Duration.seconds(seconds))
          expect((yield* Fiber.join(fiber)).status).toBe(200)
          expect(calls).toBe(2)
        }
      }
    })
  )

  it.effect("Retry-After: 999999, a date in 9999 or a reset in 9999 end at once; maxRetryAfter is configurable", () =>
    Effect.gen(function* () {
      for (const header of [
        { "retry-after": "999999" },
        { "retry-after": "Fri, 31 Dec 9999 23:59:59 GMT" },
        { "x-ratelimit-reset": "253402300799" },
        { "retry-after": "9".repeat(400) }
      ]) {
        const { client, fake } = yield* clientOf(() => limited(header), { retry: policy })
        const fiber = yield* Effect.fork(client.send(get))
        yield* TestClock.adjust(Duration.zero)
        expect(Option.isSome(yield* Fiber.poll(fiber))).toBe(true)
        expect((yield* Effect.flip(Fiber.join(fiber)))._tag).toBe("RateLimited")
        expect(fake.requests).toHaveLength(1)
      }
      const patient = RateLimit.retryPolicy({ maxRetries: 1, maxRetryAfter: Duration.hours(2) })
      let calls = 0
      const { client } = yield* clientOf(
        () => (++calls === 1 ? limited({ "retry-after": "3600" }) : json(200, { ok: true })),
        { retry: patient }
      )
      const fiber = yield* Effect.fork(client.send(get))
      yield* TestClock.adjust(Duration.hours(1))
      expect((yield* Fiber.join(fiber)).status).toBe(200)
    })
  )
})

describe("pagination against a cache or proxy that ignores the page asked for", () => {
  const Server = Envelope.Item("server", Schema.Struct({ identifier: Schema.String }))
  const pageOf = (current: number, total: number) =>
    json(200, {
      object: "list",
      data: [{ object: "server", attributes: { identifier: `s${current}` } }],
      meta: {
        pagination: { total, count: 1, per_page: 1, current_page: current, total_pages: total, links: {} }
      }
    })
  // The way every list of the API packages reads a page: decoded, then checked against the request.
  const stream = (client: PanelClient.Service, checked: boolean) =>
    Pagination.paginate((page) =>
      client.json({ ...get, query: { page } }, Envelope.PaginatedList(Server)).pipe(
        Effect.map((list) => Pagination.fromEnvelope(list, (item) => item.attributes.identifier)),
        Effect.flatMap((result) =>
          checked
            ? Pagination.ensureAsked({ method: "GET", path: "/api/client/servers", page })(result)
            : Effect.succeed(result)
        )
      )
    )

  it.effect("always page 1 of 3: the stream fails typed on the second request instead of repeating page 1", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientOf(() => pageOf(1, 3))
      const error = yield* Effect.flip(Stream.runCollect(Stream.take(stream(client, true), 50)))
      expect(error._tag).toBe("UnexpectedResponse")
      expect(error.message).toContain("asked for page 2, the answer is page 1 of 3")
      expect(fake.requests).toHaveLength(2)
    })
  )

  it.effect("a regressing page (3 answered as 2) fails typed", () =>
    Effect.gen(function* () {
      const { client } = yield* clientOf((request) => {
        const page = Number(request.url.searchParams.get("page"))
        return pageOf(page === 3 ? 2 : page, 5)
      })
      const error = yield* Effect.flip(Stream.runCollect(Stream.take(stream(client, true), 50)))
      expect(error.message).toContain("asked for page 3, the answer is page 2 of 5")
    })
  )

  it.effect("without the check, the next page still follows the page asked for: 3 requests, then the end", () =>
    Effect.gen(function* () {
      const { client, fake } = yield* clientOf(() => pageOf(1, 3))
      const items = yield* Stream.runCollect(Stream.take(stream(client, false), 50))
      expect(Chunk.size(items)).toBe(3)
      expect(fake.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"])
    })
  )

  it("the page asked for is read as Laravel reads it: a positive integer, anything else is page 1", () => {
    expect([1, 2, "7", 0, -3, 1.5, "x", undefined, 2 ** 60].map(Pagination.pageNumber)).toEqual([
      1, 2, 7, 1, 1, 1, 1, 1, 1
    ])
  })
})
