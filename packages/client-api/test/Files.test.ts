import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { CLIENT_KEY, type Recorded, type Reply, fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/files"
const WINGS = "https://node1.example.com:8080"
const DOWNLOAD_URL = `${WINGS}/download/file?token=dl.jwt.token`
const UPLOAD_URL = `${WINGS}/upload/file?token=up.jwt.token`
// Every byte value, so a text decode anywhere on the way would corrupt it.
const BINARY = Uint8Array.from({ length: 256 }, (_, i) => i)

const signed = (url: string) => json(200, Wire.item("signed_url", { url }))

describe("files (§8.1 Server: files)", () => {
  it.effect("list sends ?directory= and decodes file_object", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({ [`GET ${S}/list`]: json(200, Wire.list("file_object", [Wire.fileObject("logs", false)])) })
      )
      const files = yield* api.files.list("1a7ce997", { directory: "/world" })
      expect(requests[0]!.url.searchParams.get("directory")).toBe("/world")
      expect(files[0]).toMatchObject({ name: "logs", is_file: false, mode_bits: "755" })
    })
  )

  it.effect("contents returns the text/plain body as is", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}/contents`]: { status: 200, headers: { "content-type": "text/plain" }, body: "eula=true\n" }
        })
      )
      expect(yield* api.files.contents("1a7ce997", "eula.txt")).toBe("eula=true\n")
      expect(requests[0]!.url.searchParams.get("file")).toBe("eula.txt")
    })
  )

  it.effect("rename, copy, compress, decompress, delete, create-folder, chmod and pull send §8.1's bodies", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`PUT ${S}/rename`]: noContent,
          [`POST ${S}/copy`]: noContent,
          [`POST ${S}/compress`]: json(200, Wire.item("file_object", Wire.fileObject("archive.tar.gz"))),
          [`POST ${S}/decompress`]: noContent,
          [`POST ${S}/delete`]: noContent,
          [`POST ${S}/create-folder`]: noContent,
          [`POST ${S}/chmod`]: noContent,
          [`POST ${S}/pull`]: noContent
        })
      )
      yield* api.files.rename("1a7ce997", { root: "/", files: [{ from: "a.txt", to: "b.txt" }] })
      yield* api.files.copy("1a7ce997", "/b.txt")
      const archive = yield* api.files.compress("1a7ce997", { files: ["world", "b.txt"] })
      yield* api.files.decompress("1a7ce997", { root: "/backups", file: "archive.tar.gz" })
      yield* api.files.delete("1a7ce997", { files: ["b.txt"] })
      yield* api.files.createFolder("1a7ce997", { root: "/", name: "plugins" })
      yield* api.files.chmod("1a7ce997", { files: [{ file: "start.sh", mode: 755 }] })
      yield* api.files.pull("1a7ce997", { url: "https://example.com/p.jar", directory: "/plugins", foreground: true })
      expect(archive.name).toBe("archive.tar.gz")
      expect(requests.map((r) => [r.method, r.url.pathname, r.json])).toEqual([
        ["PUT", `${S}/rename`, { root: "/", files: [{ from: "a.txt", to: "b.txt" }] }],
        ["POST", `${S}/copy`, { location: "/b.txt" }],
        ["POST", `${S}/compress`, { root: "/", files: ["world", "b.txt"] }],
        ["POST", `${S}/decompress`, { root: "/backups", file: "archive.tar.gz" }],
        ["POST", `${S}/delete`, { root: "/", files: ["b.txt"] }],
        ["POST", `${S}/create-folder`, { root: "/", name: "plugins" }],
        ["POST", `${S}/chmod`, { root: "/", files: [{ file: "start.sh", mode: "755" }] }],
        ["POST", `${S}/pull`, { url: "https://example.com/p.jar", directory: "/plugins", foreground: true }]
      ])
    })
  )

  it.effect("write sends ?file= and the raw bytes with a non-JSON content type (§6.2)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(routes({ [`POST ${S}/write`]: noContent }))
      yield* api.files.write("1a7ce997", "/config.json", '{"not":"parsed by the panel"}')
      yield* api.files.write("1a7ce997", "/blob.bin", BINARY)
      expect(requests[0]!.url.searchParams.get("file")).toBe("/config.json")
      expect(requests[0]!.headers["content-type"]).toBe("text/plain; charset=utf-8")
      expect(requests[0]!.body).toBe('{"not":"parsed by the panel"}')
      expect(requests[1]!.headers["content-type"]).toBe("application/octet-stream")
      expect(requests[1]!.bytes).toEqual(BINARY)
    })
  )

  it.effect("client-side checks: chmod mode must be numeric, pull url must be a URL, no request sent", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const chmod = yield* Effect.flip(api.files.chmod("1a7ce997", { files: [{ file: "a", mode: "rwx" }] }))
      const pull = yield* Effect.flip(api.files.pull("1a7ce997", { url: "not a url" }))
      expect(requests).toHaveLength(0)
      expect(chmod._tag === "ValidationFailed" && chmod.issues[0]).toMatchObject({
        field: "files.0.mode",
        rule: "numeric"
      })
      expect(pull._tag === "ValidationFailed" && pull.issues[0]).toMatchObject({ field: "url", rule: "url" })
    })
  )

  it.effect("pull over its throttle (10 per 5 minutes) is RateLimited with Retry-After, sent once (§5)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(
          429,
          { errors: [{ code: "ThrottleRequestsException", status: "429", detail: "Too Many Attempts." }] },
          { "retry-after": "120", "x-ratelimit-limit": "10", "x-ratelimit-remaining": "0" }
        )
      )
      const error = yield* Effect.flip(api.files.pull("1a7ce997", { url: "https://example.com/p.jar" }))
      expect(error._tag).toBe("RateLimited")
      expect(requests).toHaveLength(1)
    })
  )

  it.effect(
    "a Wings refusal passed on by the panel (400 DaemonConnectionException) is PanelRequestRejected (§7.3)",
    () =>
      Effect.gen(function* () {
        const { api } = yield* fakeApi(() => panelError(400, "DaemonConnectionException", "cannot perform that action"))
        const error = yield* Effect.flip(api.files.list("1a7ce997"))
        expect(error._tag).toBe("PanelRequestRejected")
      })
  )

  const signedPanel = (wings: (request: Recorded) => Reply) =>
    fakeApi((request) => {
      if (request.url.origin === WINGS) return wings(request)
      return routes({ [`GET ${S}/download`]: signed(DOWNLOAD_URL), [`GET ${S}/upload`]: signed(UPLOAD_URL) })(request)
    })

  it.effect("download fetches the signed URL WITHOUT Authorization and returns the exact bytes", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* signedPanel(() => ({
        status: 200,
        headers: { "content-type": "application/octet-stream" },
        body: BINARY
      }))
      const bytes = yield* api.files.download("1a7ce997", "/world/level.dat")
      expect(bytes).toEqual(BINARY)
      const [ask, fetch] = requests
      expect(ask!.url.searchParams.get("file")).toBe("/world/level.dat")
      expect(ask!.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`)
      expect(fetch!.url.toString()).toBe(DOWNLOAD_URL)
      expect(fetch!.headers.authorization).toBeUndefined()
    })
  )

  it.effect("downloadStream yields the same bytes as chunks, also without Authorization", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* signedPanel(() => ({ status: 200, body: BINARY }))
      const chunks = yield* Stream.runCollect(api.files.downloadStream("1a7ce997", "/world/level.dat"))
      const joined = Uint8Array.from(Chunk.toArray(chunks).flatMap((chunk) => Array.from(chunk)))
      expect(joined).toEqual(BINARY)
      expect(requests[1]!.headers.authorization).toBeUndefined()
    })
  )

  it.effect("a used or expired signed URL is UnexpectedResponse naming the status, without the token", () =>
    Effect.gen(function* () {
      const { api } = yield* signedPanel(() => json(401, { error: "The provided token is invalid." }))
      const error = yield* Effect.flip(api.files.download("1a7ce997", "/a"))
      expect(error._tag).toBe("UnexpectedResponse")
      if (error._tag !== "UnexpectedResponse") return
      expect(error.status).toBe(401)
      expect(error.path).toBe("/download/file")
      expect(JSON.stringify(error)).not.toContain("dl.jwt.token")
    })
  )

  it.effect("Wings failing with 5xx is PanelServerError with Wings' message", () =>
    Effect.gen(function* () {
      const { api } = yield* signedPanel(() => json(500, { error: "disk read failed" }))
      const error = yield* Effect.flip(api.files.download("1a7ce997", "/a"))
      expect(error._tag === "PanelServerError" && error.detail).toBe("disk read failed")
    })
  )

  it.effect("Wings unreachable is PanelUnreachable without the token", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi((request) =>
        request.url.origin === WINGS ? "drop" : routes({ [`GET ${S}/download`]: signed(DOWNLOAD_URL) })(request)
      )
      const error = yield* Effect.flip(api.files.download("1a7ce997", "/a"))
      expect(error._tag).toBe("PanelUnreachable")
      expect(JSON.stringify(error)).not.toContain("dl.jwt.token")
    })
  )

  it.effect("upload posts multipart field `files` with the exact bytes to the signed URL, without Authorization", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* signedPanel(() => ({ status: 200 }))
      yield* api.files.upload("1a7ce997", { name: "level.dat", data: BINARY, directory: "/world" })
      const post = requests[1]!
      expect(post.method).toBe("POST")
      expect(post.url.origin + post.url.pathname).toBe(`${WINGS}/upload/file`)
      expect(post.url.searchParams.get("token")).toBe("up.jwt.token")
      expect(post.url.searchParams.get("directory")).toBe("/world")
      expect(post.headers.authorization).toBeUndefined()
      const form = yield* Effect.promise(() =>
        new Response(post.bytes, { headers: { "content-type": post.headers["content-type"]! } }).formData()
      )
      const file = form.get("files") as File
      expect(file.name).toBe("level.dat")
      expect(new Uint8Array(yield* Effect.promise(() => file.arrayBuffer()))).toEqual(BINARY)
    })
  )

  it.effect("upload accepts a stream of chunks and sends the same multipart body", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* signedPanel(() => ({ status: 200 }))
      const data = Stream.fromIterable([BINARY.slice(0, 100), BINARY.slice(100)])
      yield* api.files.upload("1a7ce997", { name: "level.dat", data })
      const post = requests[1]!
      expect(post.url.searchParams.has("directory")).toBe(false)
      const form = yield* Effect.promise(() =>
        new Response(post.bytes, { headers: { "content-type": post.headers["content-type"]! } }).formData()
      )
      expect(new Uint8Array(yield* Effect.promise(() => (form.get("files") as File).arrayBuffer()))).toEqual(BINARY)
    })
  )

  it.effect("upload returns the caller's own stream failure, typed, rather than a transport error", () =>
    Effect.gen(function* () {
      const { api } = yield* signedPanel(() => ({ status: 200 }))
      const data = Stream.concat(Stream.make(BINARY), Stream.fail({ _tag: "DiskGone" as const }))
      const error = yield* Effect.flip(api.files.upload("1a7ce997", { name: "x", data }))
      expect(error).toEqual({ _tag: "DiskGone" })
    })
  )

  it.effect("asking for a download URL without file permission is InsufficientPermissions (§4.5)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        panelError(403, "AccessDeniedHttpException", "This action is unauthorized.")
      )
      const error = yield* Effect.flip(api.files.download("1a7ce997", "/a"))
      expect(error._tag === "InsufficientPermissions" && error.reason).toBe("unauthorized")
      expect(requests).toHaveLength(1)
    })
  )
})
