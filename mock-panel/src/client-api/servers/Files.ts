/**
 * `routes/api-client.php`, `/servers/{server}/files` (§8.1). The panel forwards these to Wings;
 * the mock keeps each server's files in memory and answers as Wings would, relaying its
 * errors as `DaemonConnectionException` (§7.3). Strings on these routes are not trimmed when
 * the server is addressed by its full UUID (§6.3).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Archive from "../../wings/Archive.js"
import * as Files from "../../wings/Volume.js"
import type * as Validator from "../../laravel/Validator.js"
import * as SignedUrls from "../../wings/SignedUrls.js"
import * as WingsErrors from "../../wings/Errors.js"
import * as Failure from "../../http/Failure.js"
import type { InputObject, InputValue } from "../../laravel/Input.js"
import type { FormRequest, RequestContext, RouteDefinition } from "../../http/Route.js"
import { type State, Store, modify, now, read, withClient } from "../../state/Store.js"
import * as T from "../Transformers.js"
import * as Fractal from "../../laravel/Fractal.js"
import { rawUrlDecode } from "../../laravel/QueryString.js"
import * as Activity from "../Activity.js"
import * as S from "./ServerGroup.js"

// Wings v1.11.11's 500 for a missing path or one of the wrong kind (`wings/Errors.ts::UNEXPECTED`
// says why), relayed with the panel's generic text.
const wingsUnexpected = (): Failure.PanelFailure => Failure.daemonError(500, WingsErrors.UNEXPECTED)

// A files route's form request. Its input is `ctx.input`, which `TrimStrings` left untrimmed when
// the server is addressed by its 36-character UUID (§6.3, `laravel/Input.ts::trimsStrings`).
const request = (rules: Validator.Rules): FormRequest => ({ rules })

const str = (value: InputValue | undefined): string | undefined => (typeof value === "string" ? value : undefined)

const list = (value: InputValue | undefined): ReadonlyArray<InputValue> =>
  typeof value === "object" && value !== null ? (Array.isArray(value) ? value : Object.values(value)) : []

const treeOf = (state: State, ctx: RequestContext): Files.Tree => state.client.files[S.serverOf(state, ctx).id] ?? []

const withTree = (state: State, ctx: RequestContext, tree: Files.Tree): State =>
  withClient(state, { files: { ...state.client.files, [S.serverOf(state, ctx).id]: tree } })

/** Applies a change to the bound server's files and logs an event, or fails as Wings would. */
const change = (
  ctx: RequestContext,
  event: string,
  properties: Record<string, unknown>,
  f: (tree: Files.Tree, at: number) => Files.Tree | Failure.PanelFailure
) =>
  Effect.flatMap(now, (at) =>
    modify((state) => {
      const next = f(treeOf(state, ctx), at)
      if (!Array.isArray(next)) return next as Failure.PanelFailure
      return [
        { status: 204 },
        Activity.log(withTree(state, ctx, next as Files.Tree), ctx, at, event, {
          server: S.serverOf(state, ctx),
          properties
        })
      ]
    })
  )

const archiveName = (at: number) => `archive-${new Date(at).toISOString().slice(0, 19).replaceAll(":", "")}Z.tar.gz`

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/files/list",
    name: "api:client:server.files.list",
    permission: "file.read",
    request: request({ directory: "sometimes|nullable|string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const tree = treeOf(state, ctx)
        const directory = str(ctx.input.directory) ?? "/"
        // Wings `router/router_server_files.go::getServerListDirectory` →
        // `server/filesystem/filesystem.go::ListDirectory` (`ufs.ReadDirMap`, `O_DIRECTORY`): ENOENT
        // for a missing path, ENOTDIR for a file, neither mapped by `asFilesystemError`.
        if (!Files.isDirectory(tree, directory)) return yield* Effect.fail(wingsUnexpected())
        return { status: 200, body: Fractal.list(Files.children(tree, directory).map((node) => T.fileObject(node))) }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/files/contents",
    name: "api:client:server.files.contents",
    permission: "file.read-content",
    request: request({ file: "required|string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const file = String(ctx.input.file)
        const node = Files.find(treeOf(state, ctx), file)
        // Wings `router/router_server_files.go::getServerFileContents`: `Filesystem::File` fails with
        // ENOENT for a missing file; a directory opens, and reading it fails with EISDIR (an
        // `os.PathError`, not `filesystem.ErrCodeIsDirectory`). Both are Wings 500s.
        if (node === undefined || node.directory) return yield* Effect.fail(wingsUnexpected())
        // `DaemonFileRepository.php::getContent`: Wings sends the file's size as Content-Length
        // (`getServerFileContents`), and the panel refuses one over `files.max_edit_size` (0: no
        // limit) before `FileController.php::contents` logs anything.
        const limit = (yield* Store).fixture.settings.client.file_max_edit_size
        if (limit > 0 && node.content.byteLength > limit) {
          return yield* Effect.fail(
            Failure.display(
              "The file you are attempting to open is too large to view in the file editor.",
              "FileSizeTooLargeException"
            )
          )
        }
        // `FileController.php::contents` logs the read, with the file as the client sent it.
        const at = yield* now
        yield* modify((s) => [
          undefined,
          Activity.log(s, ctx, at, "server:file.read", { server: S.serverOf(s, ctx), properties: { file } })
        ])
        return {
          status: 200,
          raw: { contentType: "text/plain; charset=UTF-8", text: new TextDecoder().decode(node.content) }
        }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/files/download",
    name: "api:client:server.files.download",
    permission: "file.read-content",
    request: request({ file: "required|string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const server = S.serverOf(state, ctx)
        const file = String(ctx.input.file)
        // `FileController.php::download`: the token carries `rawurldecode($request->get('file'))`,
        // a second decoding after the query string's; bytes that are not UTF-8 then fail the
        // token's JSON encoding (lcobucci/jwt `JoseEncoder::jsonEncode`).
        const path = rawUrlDecode(file)
        if (path === undefined) return yield* Effect.fail(Failure.unexpected("CannotEncodeContent"))
        const url = yield* SignedUrls.issue(ctx.baseUrl, "download/file", {
          file_path: path,
          server_uuid: server.uuid,
          user_uuid: ctx.auth!.user.uuid
        })
        const at = yield* now
        yield* modify((s) => [
          undefined,
          Activity.log(s, ctx, at, "server:file.download", { server, properties: { file } })
        ])
        return { status: 200, body: T.signedUrl(url) }
      })
  }),
  S.serverRoute({
    method: "PUT",
    path: "/api/client/servers/{server}/files/rename",
    name: "api:client:server.files.rename",
    permission: "file.update",
    request: request({
      root: "required|nullable|string",
      files: "required|array",
      "files.*": "array",
      "files.*.to": "required|string",
      "files.*.from": "required|string"
    }),
    handle: (ctx) => {
      const root = str(ctx.input.root) ?? "/"
      const pairs = list(ctx.input.files).map((f) => f as InputObject)
      return change(ctx, "server:file.rename", { directory: root, files: pairs }, (tree, at) => {
        let next = tree
        for (const pair of pairs) {
          const from = Files.join(root, String(pair.from))
          const to = Files.join(root, String(pair.to))
          // Wings `router/router_server_files.go::putServerRenameFiles`: a missing source is
          // skipped (`os.ErrNotExist` → nil); `ufs.UnixFS::Rename` refuses an existing target
          // with `ErrExist`, which the handler words itself.
          if (from === to || Files.find(next, from) === undefined) continue
          if (Files.find(next, to) !== undefined) return Failure.daemonError(400, WingsErrors.RENAME_TARGET_EXISTS)
          next = Files.move(next, from, to, at)
        }
        return next
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/copy",
    name: "api:client:server.files.copy",
    permission: "file.create",
    request: request({ location: "required|string" }),
    handle: (ctx) => {
      const location = String(ctx.input.location)
      return change(ctx, "server:file.copy", { file: location }, (tree, at) => {
        const node = Files.find(tree, location)
        // Wings `server/filesystem/filesystem.go::Copy`: ENOENT for a missing file, a bare
        // `ufs.ErrNotExist` for a directory; `asFilesystemError` maps neither, so a 500.
        if (node === undefined || node.directory) return wingsUnexpected()
        return Files.write(tree, Files.copyName(tree, node.path), node.content, at, node.mode)
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/write",
    name: "api:client:server.files.write",
    permission: "file.create",
    request: request({ file: "required|string" }),
    handle: (ctx) => {
      const file = String(ctx.input.file)
      // The raw request body is the content (§6.2).
      return change(ctx, "server:file.write", { file }, (tree, at) => {
        // Wings `router/router_server_files.go::postServerWriteFile`, `ErrCodeIsDirectory`.
        if (Files.isDirectory(tree, file)) return Failure.daemonError(400, WingsErrors.WRITE_OVER_DIRECTORY)
        return Files.write(tree, file, new Uint8Array(ctx.body), at)
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/compress",
    name: "api:client:server.files.compress",
    permission: "file.archive",
    request: request({ root: "sometimes|nullable|string", files: "required|array", "files.*": "string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const root = str(ctx.input.root) ?? "/"
        const names = list(ctx.input.files).map(String)
        return yield* modify((state) => {
          const tree = treeOf(state, ctx)
          const members: Array<Archive.Member> = []
          const rootPrefix = Files.join(root, "")
          for (const name of names) {
            // Wings `server/filesystem/archive.go::Stream` walks the root and keeps what matches a
            // name (`withFilesCallback`): a name that matches nothing is left out, not an error.
            const base = Files.join(root, name)
            for (const node of tree.filter((n) => n.path === base || n.path.startsWith(`${base}/`))) {
              members.push({
                path: node.path.slice(rootPrefix === "/" ? 1 : rootPrefix.length + 1),
                directory: node.directory,
                content: node.content,
                mode: node.mode,
                modified: node.modified
              })
            }
          }
          const path = Files.join(root, archiveName(at))
          const next = Files.write(tree, path, Archive.pack(members), at)
          const node = Files.find(next, path)!
          const server = S.serverOf(state, ctx)
          return [
            // router/router_server_files.go::postServerCompressFiles names the archive's type itself.
            { status: 200, body: T.fileObject(node, "application/tar+gzip") },
            Activity.log(withTree(state, ctx, next), ctx, at, "server:file.compress", {
              server,
              properties: { directory: root, files: names }
            })
          ]
        })
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/decompress",
    name: "api:client:server.files.decompress",
    permission: "file.create",
    request: request({ root: "sometimes|nullable|string", file: "required|string" }),
    handle: (ctx) => {
      const root = str(ctx.input.root) ?? "/"
      const file = String(ctx.input.file)
      // `FileController.php::decompress` logs the one archive under `files`.
      return change(ctx, "server:file.decompress", { directory: root, files: file }, (tree, at) => {
        const node = Files.find(tree, Files.join(root, file))
        // Wings `server/filesystem/compress.go::DecompressFile`: ENOENT for a missing archive (a
        // 500); `ErrCodeUnknownArchive` worded by `router_server_files.go::postServerDecompressFiles`.
        if (node === undefined) return wingsUnexpected()
        const members = node.directory ? undefined : Archive.unpack(node.content)
        if (members === undefined) return Failure.daemonError(400, WingsErrors.UNKNOWN_ARCHIVE)
        let next = tree
        for (const m of members) {
          const path = Files.join(root, m.path)
          next = m.directory ? Files.mkdir(next, path, at) : Files.write(next, path, m.content, at, m.mode)
        }
        return next
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/delete",
    name: "api:client:server.files.delete",
    permission: "file.delete",
    request: request({ root: "required|nullable|string", files: "required|array", "files.*": "string" }),
    handle: (ctx) => {
      const root = str(ctx.input.root) ?? "/"
      const names = list(ctx.input.files).map(String)
      return change(ctx, "server:file.delete", { directory: root, files: names }, (tree) =>
        names.reduce((t, name) => Files.remove(t, Files.join(root, name)), tree)
      )
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/create-folder",
    name: "api:client:server.files.create-folder",
    permission: "file.create",
    request: request({ root: "sometimes|nullable|string", name: "required|string" }),
    handle: (ctx) => {
      // FileController::create: input('root', '/') is null for a root sent as null or "" (the
      // middleware's null), and DaemonFileRepository::createDirectory(string, string) refuses it
      // with a TypeError, a 500 (a panel bug).
      if ("root" in ctx.input && ctx.input.root === null) return Effect.fail(Failure.unexpected("TypeError"))
      const root = str(ctx.input.root) ?? "/"
      const name = String(ctx.input.name)
      return change(ctx, "server:file.create-directory", { directory: root, name }, (tree, at) => {
        const path = Files.join(root, name)
        const existing = Files.find(tree, path)
        // Wings `internal/ufs/mkdir_unix.go::mkdirAll` fails with a `PathError` ("mkdir <path>: not
        // a directory"), which `router_server_files.go::postServerCreateDirectory`'s exact
        // comparison with "not a directory" misses: a 500.
        if (existing !== undefined && !existing.directory) return wingsUnexpected()
        return Files.mkdir(tree, path, at)
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/chmod",
    name: "api:client:server.files.chmod",
    permission: "file.update",
    request: request({
      root: "required|nullable|string",
      files: "required|array",
      "files.*.file": "required|string",
      "files.*.mode": "required|numeric"
    }),
    handle: (ctx) => {
      const root = str(ctx.input.root) ?? "/"
      const entries = list(ctx.input.files).map((f) => f as InputObject)
      return change(ctx, "server:file.chmod", { directory: root }, (tree) => {
        // The panel passes `files` on as it came (`DaemonFileRepository::chmodPaths`), and Wings
        // binds `mode` into a Go string (`router/router_server_files.go`, `chmodFile`): a JSON
        // number, which `numeric` lets through, fails the whole bind with gin's 400 and Wings'
        // generic text before any file is touched.
        if (entries.some((entry) => typeof entry.mode !== "string"))
          return Failure.daemonError(400, WingsErrors.UNEXPECTED)
        let next = tree
        for (const entry of entries) {
          const path = Files.join(root, String(entry.file))
          // Wings `postServerChmodFile`: `strconv.ParseUint(mode, 8, 32)`, octal digits only (no
          // sign, prefix or exponent) up to 32 bits, else its own 400; a missing file is skipped
          // (`os.ErrNotExist` → nil). The raw value goes to `fchmodat` (`internal/ufs/fs_unix.go::
          // Chmod`), where the kernel keeps the permission, setuid, setgid and sticky bits.
          const text = String(entry.mode)
          const mode = /^[0-7]+$/.test(text) ? Number.parseInt(text, 8) : Number.NaN
          if (!Number.isSafeInteger(mode) || mode > 0xffffffff)
            return Failure.daemonError(400, WingsErrors.INVALID_MODE)
          if (Files.find(next, path) === undefined) continue
          next = next.map((n) => (n.path === path ? { ...n, mode: mode & 0o7777 } : n))
        }
        return next
      })
    }
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/files/pull",
    name: "api:client:server.files.pull",
    // `throttle:10,5`, keyed on the user and shared across servers (§5).
    throttle: { limit: 10, periodSeconds: 300, key: (ctx) => `files.pull:${ctx.auth?.user.id ?? ctx.peerIp}` },
    permission: "file.create",
    request: request({
      url: "required|string|url",
      directory: "nullable|string",
      filename: "nullable|string",
      use_header: "boolean",
      foreground: "boolean"
    }),
    handle: (ctx) => {
      const data = ctx.input
      const url = String(data.url)
      const directory = str(data.directory) ?? "/"
      let name = str(data.filename)
      if (name === undefined) {
        try {
          name = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "")
        } catch {
          name = ""
        }
      }
      const target = Files.join(directory, name === "" ? "download" : name)
      // The mock never reaches out to the network: the pulled file is created empty.
      return change(ctx, "server:file.pull", { directory, url }, (tree, at) =>
        Files.write(tree, target, new Uint8Array(), at)
      )
    }
  })
]
