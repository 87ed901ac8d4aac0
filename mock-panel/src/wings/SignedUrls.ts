/**
 * The Wings endpoints behind the panel's signed URLs (§8.1 `files/download`, `files/upload`,
 * `backups/{backup}/download`), served by the mock itself: no `Authorization`, a signed token
 * in the query string. Download tokens are one-time; all are valid for 15 minutes.
 *
 * @since 0.1.0
 */
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

const wingsError = (status: number, error: string) =>
  HttpServerResponse.unsafeJson({ error }, { status, headers: { "Cache-Control": "no-store" } })

const DENIED = "You are not authorized to access this endpoint."
const MISSING = "The requested resource was not found on the system."

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
    const claims = Jwt.verify(token, now)
    // HEAD is not served: it would burn a one-time token without delivering anything.
    const route = `${method} ${path.replace(/\/+$/, "")}`
    if (claims === undefined) return wingsError(403, DENIED)
    const unique = String(claims.unique_id ?? "")

    if (route === "GET /download/file" || route === "GET /download/backup") {
      const backup = route === "GET /download/backup"
      if (backup ? typeof claims.backup_uuid !== "string" : typeof claims.file_path !== "string") {
        return wingsError(403, DENIED)
      }
      // One-time: the token's unique id is burnt on first use, whatever the outcome.
      const fresh = yield* Ref.modify(store.state, (state): [boolean, State] =>
        state.client.usedTokens.includes(unique)
          ? [false, state]
          : [true, { ...state, client: { ...state.client, usedTokens: [...state.client.usedTokens, unique] } }]
      )
      if (!fresh) return wingsError(403, DENIED)
      const state = yield* Ref.get(store.state)
      const server = serverOf(state, claims.server_uuid)
      if (server === undefined) return wingsError(404, MISSING)
      if (backup) {
        const row = state.client.backups.find(
          (b) => b.uuid === claims.backup_uuid && b.server_id === server.id && b.deleted_at === null
        )
        const bytes = row?.completed_at == null ? undefined : backupArchive(state, row.uuid)
        if (row === undefined || bytes === undefined) return wingsError(404, MISSING)
        return HttpServerResponse.uint8Array(bytes, {
          status: 200,
          contentType: "application/octet-stream",
          headers: { "Content-Disposition": attachment(`${row.uuid}.tar.gz`) }
        })
      }
      const node = Files.find(state.client.files[server.id] ?? [], String(claims.file_path))
      if (node === undefined) return wingsError(404, MISSING)
      if (node.directory) return wingsError(400, "Cannot perform that action: file is a directory.")
      return HttpServerResponse.uint8Array(node.content, {
        status: 200,
        contentType: "application/octet-stream",
        headers: { "Content-Disposition": attachment(node.path.split("/").pop() ?? "file") }
      })
    }

    if (route === "POST /upload/file") {
      const state = yield* Ref.get(store.state)
      const server = serverOf(state, claims.server_uuid)
      if (server === undefined) return wingsError(404, MISSING)
      const node = state.nodes.find((n) => n.id === server.node_id)
      const limit = (node?.upload_size ?? 100) * 1024 * 1024
      const declared = Number(request.headers["content-length"] ?? "0")
      if (Number.isFinite(declared) && declared > limit) {
        return wingsError(400, "File is larger than the maximum file upload size.")
      }
      const body = yield* Effect.either(request.arrayBuffer)
      if (body._tag === "Left") return wingsError(400, "Failed to read the request body.")
      if (body.right.byteLength > limit) return wingsError(400, "File is larger than the maximum file upload size.")
      const contentType = request.headers["content-type"] ?? ""
      const form = yield* Effect.either(
        Effect.tryPromise(() => new Response(body.right, { headers: { "content-type": contentType } }).formData())
      )
      if (form._tag === "Left") return wingsError(400, "Failed to parse the multipart form.")
      const uploads = form.right
        .getAll("files")
        .filter((f) => typeof f !== "string")
        .map((f) => f as unknown as { readonly name: string; readonly arrayBuffer: () => Promise<ArrayBuffer> })
      if (uploads.length === 0) return wingsError(400, "No files were attached to the request.")
      const directory = typeof query.directory === "string" ? query.directory : "/"
      const files: Array<{ name: string; bytes: Uint8Array }> = []
      for (const upload of uploads) {
        const bytes = yield* Effect.promise(() => upload.arrayBuffer())
        files.push({ name: upload.name.split(/[\\/]/).pop() ?? "upload", bytes: new Uint8Array(bytes) })
      }
      yield* Ref.update(store.state, (s): State => {
        let tree = s.client.files[server.id] ?? []
        for (const f of files) tree = Files.write(tree, Files.join(directory, f.name), f.bytes, now)
        return { ...s, client: { ...s.client, files: { ...s.client.files, [server.id]: tree } } }
      })
      return HttpServerResponse.empty({ status: 200 })
    }

    return wingsError(405, "Method not allowed.")
  })
