/**
 * The Wings endpoints behind the panel's signed URLs (§8.1 `files/download`, `files/upload`,
 * `backups/{backup}/download`), served by the mock itself: no `Authorization`, a signed token
 * in the query string. Every token is one-time (Wings `router/tokens/token_store.go`) and valid
 * for 15 minutes.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import type * as Fixture from "../state/Fixture.js"
import { parseQuery } from "../laravel/QueryString.js"
import { type State, Store } from "../state/Store.js"
import { backupArchive } from "./Background.js"
import * as Files from "./Volume.js"
import * as Jwt from "./Jwt.js"
import * as WingsErrors from "./Errors.js"
import { randomString } from "../state/Generate.js"

/**
 * Lifetime of a signed URL (§8.1: 15 minutes).
 *
 * @since 0.1.0
 * @category constants
 */
export const TTL_SECONDS = 15 * 60

const PATHS = ["/download/file", "/upload/file", "/download/backup"]

/**
 * Whether a path is one of the signed-URL endpoints.
 *
 * @since 0.1.0
 * @category routing
 */
export const handles = (path: string): boolean => PATHS.includes(path.replace(/\/+$/, ""))

/**
 * Issues a signed URL on the mock's own address.
 *
 * @since 0.1.0
 * @category issuing
 */
export const issue = (
  baseUrl: string,
  kind: "download/file" | "upload/file" | "download/backup",
  claims: Record<string, unknown>
): Effect.Effect<string, never, Store> =>
  Effect.gen(function* () {
    const now = Math.floor((yield* (yield* Store).now) / 1000)
    const unique = yield* randomString(16)
    const token = Jwt.sign({ ...claims, unique_id: unique, iat: now, nbf: now - 300, exp: now + TTL_SECONDS })
    return `${baseUrl}/${kind}?token=${token}`
  })

// Wings answers every request with a fresh `X-Request-Id`
// (`router/middleware/middleware.go::AttachRequestID`, `uuid.New()`).
const requestId = (): Record<string, string> => ({ "X-Request-Id": Crypto.randomUUID(), "Cache-Control": "no-store" })

// A handler's own `c.AbortWithStatusJSON(status, gin.H{"error": ...})`.
const wingsError = (status: number, error: string) =>
  HttpServerResponse.unsafeJson({ error }, { status, headers: requestId() })

// An error handed to `middleware.CaptureAndAbort` that `asFilesystemError` does not map: a 500
// naming the request id in the body too (`router/middleware/request_error.go::Abort`).
const wingsUnexpected = () => {
  const headers = requestId()
  return HttpServerResponse.unsafeJson(
    { error: WingsErrors.UNEXPECTED, request_id: headers["X-Request-Id"] },
    { status: 500, headers }
  )
}

const serverOf = (state: State, uuid: unknown): Fixture.Server | undefined =>
  typeof uuid === "string" ? state.servers.find((s) => s.uuid === uuid) : undefined

const attachment = (name: string) => `attachment; filename="${name.replace(/["\\\r\n]/g, "_")}"`

/**
 * Serves one signed-URL request.
 *
 * @since 0.1.0
 * @category serving
 */
export const serve = (
  request: HttpServerRequest.HttpServerRequest,
  method: string,
  path: string,
  queryString: string
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, Store> =>
  Effect.gen(function* () {
    const store = yield* Store
    const now = yield* store.now
    const query = parseQuery(queryString)
    const token = typeof query.token === "string" ? query.token : ""
    // HEAD is not served: it would burn a one-time token without delivering anything.
    const route = `${method} ${path.replace(/\/+$/, "")}`
    // Wings routes nothing else here, and gin answers an unknown method as an unknown route
    // (`router/router.go::Configure`, `gin.New()` without `HandleMethodNotAllowed`).
    if (route !== "GET /download/file" && route !== "GET /download/backup" && route !== "POST /upload/file") {
      return HttpServerResponse.text("404 page not found", { status: 404, contentType: "text/plain" })
    }
    // `router/tokens/parser.go::ParseToken`: a bad signature or an expired token is an error
    // handed to `CaptureAndAbort`, hence Wings' 500.
    const claims = Jwt.verify(token, now)
    if (claims === undefined) return wingsUnexpected()
    const server = serverOf(yield* Ref.get(store.state), claims.server_uuid)
    // `manager.Get(token.ServerUuid)` first, then `token.IsUniqueRequest()`, which burns the
    // token's `unique_id` (`router/tokens/token_store.go`): a token is one-time on all three
    // routes, and is only burnt for a server Wings knows.
    if (server === undefined) return wingsError(404, WingsErrors.RESOURCE_NOT_ON_SERVER)
    const unique = String(claims.unique_id ?? "")
    const fresh = yield* Ref.modify(store.state, (state): [boolean, State] =>
      state.client.usedTokens.includes(unique)
        ? [false, state]
        : [true, { ...state, client: { ...state.client, usedTokens: [...state.client.usedTokens, unique] } }]
    )
    if (!fresh) return wingsError(404, WingsErrors.RESOURCE_NOT_ON_SERVER)
    const state = yield* Ref.get(store.state)

    if (route === "GET /download/backup") {
      // `router/router_download.go::getDownloadBackup`: `backup.LocateLocal` finds no archive
      // for an unknown (or unfinished) backup.
      const row = state.client.backups.find(
        (b) => b.uuid === claims.backup_uuid && b.server_id === server.id && b.deleted_at === null
      )
      const bytes = row?.completed_at == null ? undefined : backupArchive(state, row.uuid)
      if (row === undefined || bytes === undefined) return wingsError(404, WingsErrors.BACKUP_NOT_ON_SERVER)
      return HttpServerResponse.uint8Array(bytes, {
        status: 200,
        contentType: "application/octet-stream",
        headers: { ...requestId(), "Content-Disposition": attachment(`${row.uuid}.tar.gz`) }
      })
    }

    if (route === "GET /download/file") {
      // `router/router_download.go::getDownloadFile`: `Filesystem::File` fails with ENOENT for a
      // missing file (a 500); a directory opens and is refused with the 404. A token without
      // `file_path` names the server's root, a directory.
      const filePath = typeof claims.file_path === "string" ? claims.file_path : "/"
      const node = Files.find(state.client.files[server.id] ?? [], filePath)
      if (node === undefined && Files.isDirectory(state.client.files[server.id] ?? [], filePath)) {
        return wingsError(404, WingsErrors.RESOURCE_NOT_ON_SERVER)
      }
      if (node === undefined) return wingsUnexpected()
      if (node.directory) return wingsError(404, WingsErrors.RESOURCE_NOT_ON_SERVER)
      return HttpServerResponse.uint8Array(node.content, {
        status: 200,
        contentType: "application/octet-stream",
        headers: { ...requestId(), "Content-Disposition": attachment(node.path.split("/").pop() ?? "file") }
      })
    }

    // POST /upload/file: `router/router_server_files.go::postServerUploadFiles`.
    const node = state.nodes.find((n) => n.id === server.node_id)
    const limitMb = node?.upload_size ?? 100
    const contentType = request.headers["content-type"] ?? ""
    const form = yield* Effect.either(
      Effect.flatMap(request.arrayBuffer, (body) =>
        Effect.tryPromise(() => new Response(body, { headers: { "content-type": contentType } }).formData())
      )
    )
    if (form._tag === "Left") return wingsError(400, WingsErrors.NO_MULTIPART)
    const uploads = form.right
      .getAll("files")
      .filter((f) => typeof f !== "string")
      .map(
        (f) =>
          f as unknown as {
            readonly name: string
            readonly size: number
            readonly arrayBuffer: () => Promise<ArrayBuffer>
          }
      )
    if (uploads.length === 0) return wingsError(400, WingsErrors.NO_FILES)
    // Every file is measured before any is written.
    const over = uploads.find((u) => u.size > limitMb * 1024 * 1024)
    if (over !== undefined) return wingsError(400, WingsErrors.tooLarge(over.name, limitMb))
    const directory = typeof query.directory === "string" ? query.directory : "/"
    const files: Array<{ name: string; bytes: Uint8Array }> = []
    for (const upload of uploads) {
      const bytes = yield* Effect.promise(() => upload.arrayBuffer())
      files.push({ name: upload.name.split(/[\\/]/).pop() ?? "upload", bytes: new Uint8Array(bytes) })
    }
    // Files are written one after another; one over a directory stops there, the earlier ones
    // kept (`server/filesystem/filesystem.go::Write`, `ErrCodeIsDirectory`, mapped by
    // `asFilesystemError`).
    const refused = yield* Ref.modify(store.state, (s): [boolean, State] => {
      let tree = s.client.files[server.id] ?? []
      let blocked = false
      for (const f of files) {
        const path = Files.join(directory, f.name)
        if (Files.isDirectory(tree, path)) {
          blocked = true
          break
        }
        tree = Files.write(tree, path, f.bytes, now)
      }
      return [blocked, { ...s, client: { ...s.client, files: { ...s.client.files, [server.id]: tree } } }]
    })
    if (refused) return wingsError(400, WingsErrors.IS_DIRECTORY)
    return HttpServerResponse.empty({ status: 200, headers: requestId() })
  })
