import { describe, expect, it } from "@effect/vitest"
import { Chunk, Duration, Effect, Stream } from "effect"
import { type Recorded, fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/backups"
const B = "b7a1c3de-5f60-4a1b-9c2d-3e4f5a6b7c8d"
const WINGS = "https://node1.example.com:8080"
const ARCHIVE = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x80])

describe("backups (§8.1 Server: backups)", () => {
  it.effect("list returns a page with backup_count; the stream keeps per_page on every page", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi((request: Recorded) => {
        const page = Number(request.url.searchParams.get("page") ?? "1")
        return json(200, {
          ...Wire.list("backup", [Wire.backup(`${B.slice(0, -1)}${page}`)]),
          meta: { pagination: Wire.pagination(2, 1, 1, page), backup_count: 2 }
        })
      })
      const first = yield* api.backups.list("1a7ce997", { per_page: 1 })
      expect(first.backup_count).toBe(2)
      expect(first.items[0]!.ignored_files).toEqual(["logs/"])
      const all = yield* Stream.runCollect(api.backups.stream("1a7ce997", { per_page: 1 }))
      expect(Chunk.size(all)).toBe(2)
      expect(requests.slice(1).map((r) => r.url.search)).toEqual(["?page=1&per_page=1", "?page=2&per_page=1"])
    })
  )

  // app/Http/Controllers/Api/Client/Servers/BackupController.php::index: min(per_page ?? 20, 50), no rule.
  it.effect("list sends a per_page above 50 as is: the panel caps it (§4.6)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.list("backup", [], { backup_count: 0, pagination: Wire.pagination(0, 0, 50, 1) }))
      )
      const page = yield* api.backups.list("1a7ce997", { per_page: 51 })
      expect(requests[0]!.url.searchParams.get("per_page")).toBe("51")
      expect(page.perPage).toBe(50)
    })
  )

  it.effect("create sends name, is_locked and ignored newline-separated; view, lock, restore, delete", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`POST ${S}`]: json(200, Wire.item("backup", { ...Wire.backup(B), completed_at: null, checksum: null })),
          [`GET ${S}/${B}`]: json(200, Wire.item("backup", Wire.backup(B))),
          [`POST ${S}/${B}/lock`]: json(200, Wire.item("backup", { ...Wire.backup(B), is_locked: true })),
          [`POST ${S}/${B}/restore`]: noContent,
          [`DELETE ${S}/${B}`]: noContent
        })
      )
      const started = yield* api.backups.create("1a7ce997", {
        name: "pre",
        is_locked: true,
        ignored: ["logs/", "*.tmp"]
      })
      expect(started.completed_at).toBeNull()
      expect((yield* api.backups.get("1a7ce997", B)).bytes).toBe(1048576)
      expect((yield* api.backups.lock("1a7ce997", B)).is_locked).toBe(true)
      yield* api.backups.restore("1a7ce997", B, { truncate: true })
      yield* api.backups.delete("1a7ce997", B)
      expect(requests.map((r) => [r.method, r.url.pathname, r.json])).toEqual([
        ["POST", S, { name: "pre", is_locked: true, ignored: "logs/\n*.tmp" }],
        ["GET", `${S}/${B}`, undefined],
        ["POST", `${S}/${B}/lock`, undefined],
        ["POST", `${S}/${B}/restore`, { truncate: true }],
        ["DELETE", `${S}/${B}`, undefined]
      ])
    })
  )

  it.effect("the backup limit is PanelRequestRejected; the creation throttle is RateLimited (§5)", () =>
    Effect.gen(function* () {
      let calls = 0
      const { api } = yield* fakeApi(() =>
        ++calls === 1
          ? panelError(
              400,
              "TooManyBackupsException",
              "Cannot create a new backup, this server has reached its limit of 5 backups."
            )
          : json(
              429,
              {
                errors: [
                  {
                    code: "TooManyRequestsHttpException",
                    status: "429",
                    detail: "Only 2 backups may be generated within a 600 second span of time."
                  }
                ]
              },
              { "retry-after": "300" }
            )
      )
      const limit = yield* Effect.flip(api.backups.create("1a7ce997"))
      const throttled = yield* Effect.flip(api.backups.create("1a7ce997"))
      expect(limit._tag === "PanelRequestRejected" && limit.code).toBe("TooManyBackupsException")
      expect(throttled._tag).toBe("RateLimited")
      if (throttled._tag === "RateLimited") expect(Duration.toSeconds(throttled.retryAfter)).toBe(300)
    })
  )

  it.effect("download fetches the signed URL without Authorization and returns the archive bytes", () =>
    Effect.gen(function* () {
      const url = `${WINGS}/download/backup?token=backup.jwt`
      const { api, requests } = yield* fakeApi((request) =>
        request.url.origin === WINGS
          ? { status: 200, body: ARCHIVE }
          : routes({ [`GET ${S}/${B}/download`]: json(200, Wire.item("signed_url", { url })) })(request)
      )
      expect(yield* api.backups.downloadUrl("1a7ce997", B)).toBe(url)
      expect(yield* api.backups.download("1a7ce997", B)).toEqual(ARCHIVE)
      const streamed = yield* Stream.runCollect(api.backups.downloadStream("1a7ce997", B))
      expect(Uint8Array.from(Chunk.toArray(streamed).flatMap((c) => Array.from(c)))).toEqual(ARCHIVE)
      const wings = requests.filter((r) => r.url.origin === WINGS)
      expect(wings).toHaveLength(2)
      for (const request of wings) expect(request.headers.authorization).toBeUndefined()
    })
  )

  it.effect("restore of an incomplete backup is PanelRequestRejected (400 BadRequestHttpException)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(
          400,
          "BadRequestHttpException",
          "This backup cannot be restored at this time: not completed or failed."
        )
      )
      const error = yield* Effect.flip(api.backups.restore("1a7ce997", B, { truncate: false }))
      expect(error._tag).toBe("PanelRequestRejected")
    })
  )
})
