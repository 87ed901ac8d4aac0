// A Wings that stalls, drips a byte a second or never answers, and a panel (or a cache in front of
// it) that answers page 1 to every page. Time is the TestClock's: each test moves it and checks
// whether the call has ended, and how, so nothing depends on the machine's speed.
import { describe, expect, it } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { type PanelClient, PanelError } from "@ptero-effect/core"
import { Chunk, Duration, Effect, Fiber, Option, Runtime, Stream, TestClock } from "effect"
import { CLIENT_KEY, type Handler, PANEL, type Recorded, type Reply, fakeClient, json, routes } from "../utils/fake.js"
import * as Wire from "../utils/wire.js"

const S = "/api/client/servers/1a7ce997"
const WINGS = "https://node1.example.com:8080"
const DOWNLOAD_URL = `${WINGS}/download/file?token=dl.jwt.token`
const UPLOAD_URL = `${WINGS}/upload/file?token=up.jwt.token`
const BACKUP_URL = `${WINGS}/download/backup?token=bk.jwt.token`

const apiOf = (handler: Handler, options: Partial<PanelClient.Options> = {}) =>
  Effect.gen(function* () {
    const fake = fakeClient(handler)
    const api = yield* ClientApi.make({ url: PANEL, credentials: CLIENT_KEY, ...options }).pipe(
      Effect.provide(fake.layer),
      Effect.orDie
    )
    return { api, requests: fake.requests }
  })

/** The panel hands out signed URLs; Wings answers with `wings`. */
const withWings = (wings: (request: Recorded) => Reply | Effect.Effect<Reply>, options: Partial<PanelClient.Options>) =>
  apiOf((request) => {
    if (request.url.origin === WINGS) return wings(request)
    const signed = (url: string) => json(200, Wire.item("signed_url", { url }))
    return routes({
      [`GET ${S}/files/download`]: signed(DOWNLOAD_URL),
      [`GET ${S}/files/upload`]: signed(UPLOAD_URL),
      [`GET ${S}/backups/b1/download`]: signed(BACKUP_URL)
    })(request)
  }, options)

/** A body that sends one byte per second of the test's clock, for ever; counts what it sent. */
const drip = (runtime: Runtime.Runtime<never>) => {
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await Runtime.runPromise(runtime)(Effect.sleep(Duration.seconds(1)))
      sent++
      controller.enqueue(new Uint8Array([120]))
    }
  })
  return { reply: { status: 200, body: stream } satisfies Reply, sent: () => sent }
}

/** Headers, then nothing. */
const stall = (): Reply => ({
  status: 200,
  body: new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })
})

const isTimeout = (error: unknown) =>
  PanelError.isPanelError(error) && error._tag === "PanelUnreachable" && error.reason === "timeout"

/** Moves the clock one second at a time, `seconds` times, then reports whether `fiber` ended. */
const advance = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, seconds: number) =>
  Effect.gen(function* () {
    for (let i = 0; i < seconds; i++) yield* TestClock.adjust(Duration.seconds(1))
    return yield* Fiber.poll(fiber)
  })

/** The failure `fiber` ended in once the clock moved `seconds`; a defect if it had not ended. */
const failureAfter = <A, E>(fiber: Fiber.RuntimeFiber<A, E>, seconds: number) =>
  Effect.flatMap(advance(fiber, seconds), (exit) => Effect.flip(Option.getOrThrow(exit)))

describe("signed-URL transfers are bounded by transferTimeout", () => {
  const options = { transferTimeout: Duration.seconds(10) }

  it.effect("files.download from a Wings dripping a byte a second fails after 10 s with about 10 bytes read", () =>
    Effect.gen(function* () {
      const body = drip(yield* Effect.runtime<never>())
      const { api } = yield* withWings(() => body.reply, options)
      const fiber = yield* Effect.fork(api.files.download("1a7ce997", "/world/level.dat"))
      expect(Option.isNone(yield* advance(fiber, 9))).toBe(true)
      const exit = yield* advance(fiber, 2)
      expect(Option.isSome(exit)).toBe(true)
      const error = yield* Effect.flip(Fiber.join(fiber))
      expect(isTimeout(error)).toBe(true)
      expect(error.message).toContain("/download/file")
      expect(error.message).not.toContain("dl.jwt.token")
      expect(body.sent()).toBeLessThanOrEqual(11)
    })
  )

  it.effect("backups.download is bounded the same way", () =>
    Effect.gen(function* () {
      const body = drip(yield* Effect.runtime<never>())
      const { api } = yield* withWings(() => body.reply, options)
      const fiber = yield* Effect.fork(api.backups.download("1a7ce997", "b1"))
      expect(isTimeout(yield* failureAfter(fiber, 11))).toBe(true)
    })
  )

  it.effect("downloadStream: a Wings that sends its headers and then nothing fails after 10 s idle", () =>
    Effect.gen(function* () {
      const { api } = yield* withWings(stall, options)
      const fiber = yield* Effect.fork(Stream.runCollect(api.files.downloadStream("1a7ce997", "/a")))
      expect(Option.isNone(yield* advance(fiber, 9))).toBe(true)
      expect(Option.isSome(yield* advance(fiber, 1))).toBe(true)
      expect(isTimeout(yield* Effect.flip(Fiber.join(fiber)))).toBe(true)
    })
  )

  it.effect("downloadStream: a Wings that never answers fails after 10 s; chunks arriving in time are passed on", () =>
    Effect.gen(function* () {
      const { api } = yield* withWings(() => Effect.never, options)
      const fiber = yield* Effect.fork(Stream.runCollect(api.backups.downloadStream("1a7ce997", "b1")))
      expect(isTimeout(yield* failureAfter(fiber, 10))).toBe(true)

      // The limit is per chunk for a stream: a chunk a second under a 10 s limit keeps coming.
      const body = drip(yield* Effect.runtime<never>())
      const { api: dripping } = yield* withWings(() => body.reply, options)
      const taken = yield* Effect.fork(
        Stream.runCollect(Stream.take(dripping.files.downloadStream("1a7ce997", "/a"), 30))
      )
      const done = yield* advance(taken, 31)
      expect(Option.isSome(done)).toBe(true)
      expect(Chunk.size(yield* Fiber.join(taken))).toBe(30)
    })
  )

  it.effect("upload of bytes to a Wings that never answers fails after 10 s", () =>
    Effect.gen(function* () {
      const { api } = yield* withWings(() => Effect.never, options)
      const fiber = yield* Effect.fork(api.files.upload("1a7ce997", { name: "a", data: new Uint8Array(10) }))
      expect(Option.isNone(yield* advance(fiber, 9))).toBe(true)
      expect(isTimeout(yield* failureAfter(fiber, 1))).toBe(true)
    })
  )

  it.effect("upload of a stream: no answer 10 s after the last chunk fails; a stream still producing does not", () =>
    Effect.gen(function* () {
      const { api } = yield* withWings(() => Effect.never, options)
      // 20 chunks, one every 2 s: 40 s in all, never 10 s without progress.
      const data = Stream.fromIterable(Array.from({ length: 20 }, () => new Uint8Array([1]))).pipe(
        Stream.tap(() => Effect.sleep(Duration.seconds(2)))
      )
      const fiber = yield* Effect.fork(api.files.upload("1a7ce997", { name: "a", data }))
      expect(Option.isNone(yield* advance(fiber, 45))).toBe(true)
      expect(isTimeout(yield* failureAfter(fiber, 10))).toBe(true)
    })
  )

  it.effect("the request timeout is the default; Duration.infinity turns it off", () =>
    Effect.gen(function* () {
      const { api } = yield* withWings(stall, { timeout: Duration.seconds(5) })
      const fiber = yield* Effect.fork(api.files.download("1a7ce997", "/a"))
      expect(isTimeout(yield* failureAfter(fiber, 5))).toBe(true)

      const { api: patient } = yield* withWings(stall, { transferTimeout: Duration.infinity })
      const waiting = yield* Effect.fork(patient.files.download("1a7ce997", "/a"))
      expect(Option.isNone(yield* advance(waiting, 120))).toBe(true)
      yield* Fiber.interrupt(waiting)
    })
  )

  it.effect("a 16 MiB error body from Wings is read only as far as its message needs", () =>
    Effect.gen(function* () {
      let produced = 0
      const endless = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (produced >= 256 * 65_536) return controller.close()
          produced += 65_536
          controller.enqueue(new Uint8Array(65_536).fill(97))
        }
      })
      const { api } = yield* withWings(() => ({ status: 502, body: endless }), options)
      const error = yield* Effect.flip(api.files.download("1a7ce997", "/a"))
      expect(error._tag).toBe("PanelServerError")
      expect(error._tag === "PanelServerError" && error.detail.length).toBeLessThanOrEqual(201)
      expect(produced).toBeLessThanOrEqual(4 * 65_536)
    })
  )
})

describe("a list answering page 1 to every page", () => {
  const always = (page: number, totalPages: number) =>
    json(200, {
      ...Wire.list("server", [Wire.server(`s${page}`)]),
      meta: { pagination: { ...Wire.pagination(totalPages, 1, 1, page), total_pages: totalPages } }
    })

  it.effect("servers.stream fails with UnexpectedResponse on the second page instead of yielding page 1 again", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* apiOf(() => always(1, 3))
      const error = yield* Effect.flip(Stream.runCollect(Stream.take(api.servers.stream(), 20)))
      expect(error._tag).toBe("UnexpectedResponse")
      expect(error.message).toContain("GET /api/client: asked for page 2, the answer is page 1 of 3")
      expect(requests).toHaveLength(2)
    })
  )

  it.effect("backups.list({ page: 2 }) answered as page 1 is refused as well", () =>
    Effect.gen(function* () {
      const { api } = yield* apiOf(() =>
        json(200, {
          ...Wire.list("backup", [Wire.backup("b1")]),
          meta: { pagination: Wire.pagination(3, 1, 1, 1), backup_count: 3 }
        })
      )
      const error = yield* Effect.flip(api.backups.list("1a7ce997", { page: 2 }))
      expect(error._tag === "UnexpectedResponse" && error.issue).toBe("asked for page 2, the answer is page 1 of 3")
    })
  )
})
