/**
 * `/servers/{server}/files/*`: listing, reading, writing and managing files, and upload and
 * download through signed URLs (§8.1 "Files", §4.5 for the permissions).
 *
 * Most of these routes are passed on to Wings; a refusal from Wings comes back with Wings' status
 * and the code `DaemonConnectionException` (§4.6): a 404 is `NotFound`, a 409 (no disk space for
 * an archive) `ServerStateConflict`, a 422 `ValidationFailed` without a field, other 4xx
 * `PanelRequestRejected`, 5xx `PanelServerError`.
 *
 * The panel trims the strings of these routes only when the server is addressed by its
 * 8-character identifier, not by its full UUID (`app/Providers/RouteServiceProvider.php::boot`),
 * so the checks here do the same.
 *
 * Signed URLs point at Wings and carry their own token: `download`, `downloadStream` and `upload`
 * fetch them WITHOUT the panel's `Authorization` header, and move bytes, never text.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Signed from "./internal/signed.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * A `file_object` (§9.1), from `app/Transformers/Api/Client/FileObjectTransformer.php::transform`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const FileObject = Schema.Struct({
  name: Schema.String,
  /** e.g. `-rw-r--r--`. */
  mode: Schema.String,
  /** e.g. `644`. */
  mode_bits: Schema.String,
  size: Schema.Number,
  is_file: Schema.Boolean,
  is_symlink: Schema.Boolean,
  mimetype: Schema.String,
  created_at: Schema.String,
  modified_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface FileObject extends Schema.Schema.Type<typeof FileObject> {}

/**
 * What a route passed on to Wings can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type WingsError = ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected

/**
 * What `upload` sends.
 *
 * @since 0.1.0
 * @category models
 */
export type UploadInput<E> = Signed.UploadInput<E>

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /files/list?directory=` (`file.read`); the root when no directory is given. */
  readonly list: (
    server: string,
    options?: { readonly directory?: string | undefined }
  ) => Effect.Effect<ReadonlyArray<FileObject>, WingsError>
  /**
   * `GET /files/contents?file=` (`file.read-content`): the file as text. A file above the panel's
   * editor limit is a 400 `FileSizeTooLargeException` (`PanelRequestRejected`).
   */
  readonly contents: (server: string, file: string) => Effect.Effect<string, WingsError>
  /** `PUT /files/rename` (`file.update`): moves `from` to `to`, both relative to `root`. */
  readonly rename: (
    server: string,
    input: {
      readonly root?: string | undefined
      readonly files: ReadonlyArray<{ readonly from: string; readonly to: string }>
    }
  ) => Effect.Effect<void, WingsError>
  /** `POST /files/copy` (`file.create`): copies the file at `location` next to itself. */
  readonly copy: (server: string, location: string) => Effect.Effect<void, WingsError>
  /** `POST /files/write?file=` (`file.create`): the content is the raw request body. */
  readonly write: (server: string, file: string, content: string | Uint8Array) => Effect.Effect<void, WingsError>
  /** `POST /files/compress` (`file.archive`): returns the new archive. */
  readonly compress: (
    server: string,
    input: { readonly root?: string | undefined; readonly files: ReadonlyArray<string> }
  ) => Effect.Effect<FileObject, WingsError>
  /** `POST /files/decompress` (`file.create`). */
  readonly decompress: (
    server: string,
    input: { readonly root?: string | undefined; readonly file: string }
  ) => Effect.Effect<void, WingsError>
  /** `POST /files/delete` (`file.delete`). */
  readonly delete: (
    server: string,
    input: { readonly root?: string | undefined; readonly files: ReadonlyArray<string> }
  ) => Effect.Effect<void, WingsError>
  /**
   * `POST /files/create-folder` (`file.create`). A `root` that is empty once trimmed is left out,
   * so the panel uses `/`: the panel answers an empty or null `root` with a 500 `TypeError`
   * (`FileController::create` passes it to a `string` parameter), a panel bug.
   */
  readonly createFolder: (
    server: string,
    input: { readonly root?: string | undefined; readonly name: string }
  ) => Effect.Effect<void, WingsError>
  /**
   * `POST /files/chmod` (`file.update`): modes as octal digits, e.g. `"644"`. The panel's rule is
   * PHP's `is_numeric`, so it passes `-5` or `6.4` on to Wings, which refuses them.
   */
  readonly chmod: (
    server: string,
    input: {
      readonly root?: string | undefined
      readonly files: ReadonlyArray<{ readonly file: string; readonly mode: string | number }>
    }
  ) => Effect.Effect<void, WingsError>
  /**
   * `POST /files/pull` (`file.create`): Wings downloads `url` into the server. Throttled to 10
   * per 5 minutes per user (429, §5); never retried automatically (it is a POST).
   */
  readonly pull: (
    server: string,
    input: {
      readonly url: string
      readonly directory?: string | undefined
      readonly filename?: string | undefined
      readonly use_header?: boolean | undefined
      readonly foreground?: boolean | undefined
    }
  ) => Effect.Effect<void, WingsError>
  /** `GET /files/download?file=` (`file.read-content`): a one-time URL, valid 15 minutes. */
  readonly downloadUrl: (
    server: string,
    file: string
  ) => Effect.Effect<string, ServerError | PanelError.ValidationFailed>
  /** Downloads a file through its signed URL, as bytes. */
  readonly download: (
    server: string,
    file: string
  ) => Effect.Effect<Uint8Array, ServerError | PanelError.ValidationFailed>
  /** Downloads a file through its signed URL as a stream of chunks. */
  readonly downloadStream: (
    server: string,
    file: string
  ) => Stream.Stream<Uint8Array, ServerError | PanelError.ValidationFailed>
  /** `GET /files/upload` (`file.create`): a URL valid 15 minutes. */
  readonly uploadUrl: (server: string) => Effect.Effect<string, ServerError>
  /** Uploads one file through a fresh signed URL; a failure of the caller's stream is returned as is. */
  readonly upload: <E = never>(server: string, input: UploadInput<E>) => Effect.Effect<void, ServerError | E>
}

// The file routes skip the panel's TrimStrings for a path with a 36-character server UUID
// (app/Providers/RouteServiceProvider.php, FILE_PATH_REGEX), and only for it.
const trimming = (server: string): Validate.Seen => ({ trimmed: !/^[a-z0-9-]{36}$/i.test(server) })

const signedUrl = (panel: PanelClient.Service, operation: string, path: string, query?: Record<string, string>) =>
  Request.item(panel, { operation, method: "GET", path, query }, "signed_url", Request.SignedUrl).pipe(
    Effect.map((attributes) => attributes.url)
  )

/**
 * The files group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const wings = PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
  const at = (server: string, route: string) => `${PanelClient.path`/servers/${server}`}/files/${route}`

  const post = (
    server: string,
    route: string,
    operation: string,
    body: unknown,
    checks: ReadonlyArray<Validate.Check>
  ) =>
    Validate.refuse("POST", at(server, route), checks).pipe(
      Effect.zipRight(
        panel.empty({
          operation: `ClientApi.files.${operation}`,
          method: "POST",
          path: at(server, route),
          body: Request.json(body)
        })
      ),
      wings
    )

  // app/Http/Requests/Api/Client/Servers/Files/GetFileContentsRequest.php::rules (contents too)
  const downloadUrl = (server: string, file: string) =>
    Validate.refuse("GET", at(server, "download"), [Validate.required("file", file, trimming(server))]).pipe(
      Effect.zipRight(signedUrl(panel, "ClientApi.files.downloadUrl", at(server, "download"), { file })),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )

  const uploadUrl = (server: string) =>
    signedUrl(panel, "ClientApi.files.uploadUrl", at(server, "upload")).pipe(
      PanelError.narrow("NotFound", "ServerStateConflict")
    )

  return {
    list: (server, options = {}) =>
      Request.list(
        panel,
        {
          operation: "ClientApi.files.list",
          method: "GET",
          path: at(server, "list"),
          query: { directory: options.directory }
        },
        "file_object",
        FileObject
      ).pipe(wings),
    contents: (server, file) =>
      Validate.refuse("GET", at(server, "contents"), [Validate.required("file", file, trimming(server))]).pipe(
        Effect.zipRight(
          panel.send({
            operation: "ClientApi.files.contents",
            method: "GET",
            path: at(server, "contents"),
            query: { file }
          })
        ),
        Effect.map((response) => response.body),
        wings
      ),
    // app/Http/Requests/Api/Client/Servers/Files/RenameFileRequest.php::rules: root, files, then
    // every files.*.to before every files.*.from (wildcard rules expand in their declared order).
    rename: (server, input) => {
      const seen = trimming(server)
      return Validate.refuse("PUT", at(server, "rename"), [
        input.root === undefined ? undefined : Validate.required("root", input.root, seen),
        Validate.required("files", input.files),
        input.files.map((entry, index) => Validate.required(`files.${index}.to`, entry.to, seen)),
        input.files.map((entry, index) => Validate.required(`files.${index}.from`, entry.from, seen))
      ]).pipe(
        Effect.zipRight(
          panel.empty({
            operation: "ClientApi.files.rename",
            method: "PUT",
            path: at(server, "rename"),
            body: Request.json({ root: input.root ?? "/", files: input.files })
          })
        ),
        wings
      )
    },
    copy: (server, location) =>
      post(server, "copy", "copy", { location }, [Validate.required("location", location, trimming(server))]),
    write: (server, file, content) =>
      Validate.refuse("POST", at(server, "write"), [Validate.required("file", file, trimming(server))]).pipe(
        Effect.zipRight(
          panel.empty({
            operation: "ClientApi.files.write",
            method: "POST",
            path: at(server, "write"),
            query: { file },
            // Never a JSON content type: the panel would try to parse the file as JSON (§6.2).
            body: {
              _tag: "Raw",
              contentType: typeof content === "string" ? "text/plain; charset=utf-8" : "application/octet-stream",
              body: content
            }
          })
        ),
        wings
      ),
    compress: (server, input) =>
      // app/Http/Requests/Api/Client/Servers/Files/CompressFilesRequest.php::rules (root optional)
      Validate.refuse("POST", at(server, "compress"), [Validate.required("files", input.files)]).pipe(
        Effect.zipRight(
          Request.item(
            panel,
            {
              operation: "ClientApi.files.compress",
              method: "POST",
              path: at(server, "compress"),
              body: Request.json({ root: input.root ?? "/", files: input.files })
            },
            "file_object",
            FileObject
          )
        ),
        wings
      ),
    decompress: (server, input) =>
      post(server, "decompress", "decompress", { root: input.root ?? "/", file: input.file }, [
        Validate.required("file", input.file, trimming(server))
      ]),
    // app/Http/Requests/Api/Client/Servers/Files/DeleteFileRequest.php::rules: root is required|nullable
    delete: (server, input) =>
      post(server, "delete", "delete", { root: input.root ?? "/", files: input.files }, [
        input.root === undefined ? undefined : Validate.required("root", input.root, trimming(server)),
        Validate.required("files", input.files)
      ]),
    createFolder: (server, input) =>
      post(
        server,
        "create-folder",
        "createFolder",
        // An omitted root is "/" on the panel; an empty one would be its 500 TypeError (see Service).
        Request.defined({
          root:
            input.root === undefined || Validate.required("root", input.root, trimming(server))
              ? undefined
              : input.root,
          name: input.name
        }),
        [Validate.required("name", input.name, trimming(server))]
      ),
    chmod: (server, input) => {
      const seen = trimming(server)
      return post(
        server,
        "chmod",
        "chmod",
        {
          root: input.root ?? "/",
          files: input.files.map((entry) => ({ file: entry.file, mode: String(entry.mode) }))
        },
        // app/Http/Requests/Api/Client/Servers/Files/ChmodFilesRequest.php::rules
        [
          input.root === undefined ? undefined : Validate.required("root", input.root, seen),
          Validate.required("files", input.files),
          input.files.map((entry, index) => Validate.required(`files.${index}.file`, entry.file, seen)),
          input.files.map((entry, index) =>
            Validate.field(
              Validate.required(
                `files.${index}.mode`,
                typeof entry.mode === "number" ? String(entry.mode) : entry.mode
              ),
              Validate.numeric(`files.${index}.mode`, entry.mode)
            )
          )
        ]
      )
    },
    pull: (server, input) =>
      post(
        server,
        "pull",
        "pull",
        Request.defined({
          url: input.url,
          directory: input.directory,
          filename: input.filename,
          use_header: input.use_header,
          foreground: input.foreground
        }),
        // app/Http/Requests/Api/Client/Servers/Files/PullFileRequest.php::rules
        [Validate.field(Validate.required("url", input.url, trimming(server)), Validate.url("url", input.url))]
      ),
    downloadUrl,
    download: (server, file) => Effect.flatMap(downloadUrl(server, file), (url) => Signed.downloadBytes(panel, url)),
    downloadStream: (server, file) =>
      Stream.unwrap(Effect.map(downloadUrl(server, file), (url) => Signed.downloadStream(panel, url))),
    uploadUrl,
    upload: (server, input) => Effect.flatMap(uploadUrl(server), (url) => Signed.upload(panel, url, input))
  }
}
