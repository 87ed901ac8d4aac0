/**
 * `/servers/{server}/backups`: backups, addressed by UUID (§8.1 "Backups", §5 for
 * the creation throttle, §4.5 for the lock permission).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Signed from "./internal/signed.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * A `backup` (§9.1), from `app/Transformers/Api/Client/BackupTransformer.php::transform`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Backup = Schema.Struct({
  uuid: Schema.String,
  is_successful: Schema.Boolean,
  is_locked: Schema.Boolean,
  name: Schema.String,
  ignored_files: Schema.Array(Schema.String),
  checksum: Schema.NullOr(Schema.String),
  bytes: Schema.Number,
  created_at: Schema.String,
  /** `null` until the backup is done. */
  completed_at: Schema.NullOr(Schema.String)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Backup extends Schema.Schema.Type<typeof Backup> {}

/**
 * The backup list: paginated, plus `meta.backup_count` (non-failed backups,
 * `app/Http/Controllers/Api/Client/Servers/BackupController.php::index`). Its links carry only
 * `page`: the panel does not append the request's query to them.
 *
 * @since 0.1.0
 * @category schemas
 */
export const BackupList = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(Envelope.Item("backup", Backup)),
  meta: Schema.Struct({ pagination: Envelope.Pagination, backup_count: Schema.Int })
})

/**
 * One page of backups and the server's count of non-failed backups.
 *
 * @since 0.1.0
 * @category models
 */
export interface BackupPage extends Pagination.Page<Backup> {
  readonly backup_count: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * `GET /backups` (`backup.read`). The panel validates neither `page` nor `per_page`: `per_page`
   * defaults to 20 and is capped at 50, `0` means 15 and a negative value means every backup on
   * one page (§4.6); the page's `perPage` says what was used.
   */
  readonly list: (
    server: string,
    query?: { readonly page?: number | undefined; readonly per_page?: number | undefined }
  ) => Effect.Effect<BackupPage, ServerError>
  /** Every backup of every page. */
  readonly stream: (
    server: string,
    query?: { readonly per_page?: number | undefined }
  ) => Stream.Stream<Backup, ServerError>
  /**
   * `POST /backups` (`backup.create`). `name` at most 191 characters (`Backup at <date>` when
   * omitted); `is_locked` is only honoured with `backup.delete` as well, and omitted means
   * unlocked. At the backup limit → 400 `TooManyBackupsException` (`PanelRequestRejected`); over
   * the creation throttle → 429 `RateLimited`. A server whose backup limit is unset (`null`) makes
   * the panel fail with a 500 `TypeError` (`PanelServerError`): it passes the null limit to an
   * `int` parameter (`app/Services/Backups/InitiateBackupService.php::handle`), a panel bug.
   */
  readonly create: (
    server: string,
    input?: {
      readonly name?: string | undefined
      readonly is_locked?: boolean | undefined
      /** Paths to leave out, one per entry (sent newline-separated). */
      readonly ignored?: string | ReadonlyArray<string> | undefined
    }
  ) => Effect.Effect<Backup, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /** `GET /backups/{backup}` (`backup.read`). */
  readonly get: (server: string, backup: string) => Effect.Effect<Backup, ServerError>
  /** `GET /backups/{backup}/download` (`backup.download`): a signed URL. */
  readonly downloadUrl: (server: string, backup: string) => Effect.Effect<string, ServerError>
  /** Downloads the archive through its signed URL, as bytes. */
  readonly download: (server: string, backup: string) => Effect.Effect<Uint8Array, ServerError>
  /** Downloads the archive through its signed URL as a stream of chunks. */
  readonly downloadStream: (server: string, backup: string) => Stream.Stream<Uint8Array, ServerError>
  /** `POST /backups/{backup}/lock` (`backup.delete`): toggles the lock. */
  readonly lock: (server: string, backup: string) => Effect.Effect<Backup, ServerError>
  /**
   * `POST /backups/{backup}/restore` (`backup.restore`). 400 if the server is not in a normal
   * state or the backup is incomplete.
   */
  readonly restore: (
    server: string,
    backup: string,
    input: { readonly truncate: boolean }
  ) => Effect.Effect<void, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /**
   * `DELETE /backups/{backup}` (`backup.delete`). A locked, completed backup is a 400
   * `BackupLockedException` (`PanelRequestRejected`,
   * `app/Services/Backups/DeleteBackupService.php::handle`); a failed one can be deleted locked.
   */
  readonly delete: (server: string, backup: string) => Effect.Effect<void, ServerError>
}

/**
 * The backups group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const backups = (server: string) => PanelClient.path`/servers/${server}/backups`
  const one = (server: string, backup: string) => PanelClient.path`/servers/${server}/backups/${backup}`
  const state = PanelError.narrow("NotFound", "ServerStateConflict")

  const list = (
    server: string,
    query: { readonly page?: number | undefined; readonly per_page?: number | undefined } = {}
  ) =>
    Effect.suspend(() => {
      const request: PanelClient.Request = {
        operation: "ClientApi.backups.list",
        method: "GET",
        path: backups(server),
        query: Request.listQuery(query)
      }
      return Effect.flatMap(panel.json(request, BackupList), (body) =>
        Effect.map(
          Request.checkPage(panel, request)(Pagination.fromEnvelope(body, (entry) => entry.attributes)),
          (page): BackupPage => ({ ...page, backup_count: body.meta.backup_count })
        )
      )
    }).pipe(state)

  const downloadUrl = (server: string, backup: string) =>
    Request.item(
      panel,
      { operation: "ClientApi.backups.downloadUrl", method: "GET", path: `${one(server, backup)}/download` },
      "signed_url",
      Request.SignedUrl
    ).pipe(
      Effect.map((attributes) => attributes.url),
      state
    )

  return {
    list,
    stream: (server, query = {}) => Pagination.paginate((page) => list(server, { ...query, page })),
    // app/Http/Requests/Api/Client/Servers/Backups/StoreBackupRequest.php::rules
    create: (server, input = {}) =>
      Validate.refuse("POST", backups(server), [Validate.maxLength("name", input.name, 191)]).pipe(
        Effect.zipRight(
          Request.item(
            panel,
            {
              operation: "ClientApi.backups.create",
              method: "POST",
              path: backups(server),
              body: Request.json(
                Request.defined({
                  name: input.name,
                  is_locked: input.is_locked,
                  ignored: typeof input.ignored === "string" ? input.ignored : input.ignored?.join("\n")
                })
              )
            },
            "backup",
            Backup
          )
        ),
        PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
      ),
    get: (server, backup) =>
      Request.item(
        panel,
        { operation: "ClientApi.backups.get", method: "GET", path: one(server, backup) },
        "backup",
        Backup
      ).pipe(state),
    downloadUrl,
    download: (server, backup) =>
      Effect.flatMap(downloadUrl(server, backup), (url) => Signed.downloadBytes(panel, url)),
    downloadStream: (server, backup) =>
      Stream.unwrap(Effect.map(downloadUrl(server, backup), (url) => Signed.downloadStream(panel, url))),
    lock: (server, backup) =>
      Request.item(
        panel,
        { operation: "ClientApi.backups.lock", method: "POST", path: `${one(server, backup)}/lock` },
        "backup",
        Backup
      ).pipe(state),
    restore: (server, backup, input) =>
      panel
        .empty({
          operation: "ClientApi.backups.restore",
          method: "POST",
          path: `${one(server, backup)}/restore`,
          body: Request.json({ truncate: input.truncate })
        })
        .pipe(PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")),
    delete: (server, backup) =>
      panel.empty({ operation: "ClientApi.backups.delete", method: "DELETE", path: one(server, backup) }).pipe(state)
  }
}
