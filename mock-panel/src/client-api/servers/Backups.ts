/**
 * `routes/api-client.php`, `/servers/{server}/backups` (§8.1): the backup limit, the creation
 * throttle of §5, locking, restoring and signed download URLs. Index, view, download, lock and
 * delete check their permission in the controller (§4.4); create and restore in the request.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as SignedUrls from "../../wings/SignedUrls.js"
import * as Failure from "../../http/Failure.js"
import * as ListQuery from "../../http/ListQuery.js"
import type { RequestContext, RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, modify, now, read, withClient, type BackupRow } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list, pageNumber, paginate } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Input from "../../laravel/Input.js"
import * as Bindings from "../../http/Bindings.js"
import * as S from "./ServerGroup.js"
import type * as Fixture from "../../state/Fixture.js"

const live = (b: Fixture.Backup) => b.deleted_at === null

const backupOf = (state: State, ctx: RequestContext): BackupRow | undefined => {
  const uuid = (ctx.params.backup ?? "").toLowerCase()
  return state.client.backups.find((b) => b.uuid === uuid && b.server_id === ctx.models.server!.id && live(b))
}

const backupBinding = Bindings.scoped("backup", (state, ctx) => backupOf(state, ctx) !== undefined)

const replaceBackup = (state: State, row: BackupRow): State =>
  withClient(state, { backups: state.client.backups.map((b) => (b.id === row.id ? row : b)) })

// Completed successfully, or still running: what counts against the limit (§8.1 backup_count).
const nonFailed = (b: Fixture.Backup) => live(b) && (b.completed_at === null || b.is_successful)

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/backups",
    name: "api:client:server.backups",
    handle: (ctx) =>
      Effect.gen(function* () {
        yield* S.authorizeInController(ctx, "backup.read")
        const state = yield* read
        const server = S.serverOf(state, ctx)
        const rows = state.client.backups.filter((b) => b.server_id === server.id && live(b))
        // BackupController::index paginates without appends(): the links carry only `page`. Its
        // addMeta puts backup_count before the pagination.
        const page = paginate(rows, {
          page: pageNumber(ctx.query.page),
          perPage: yield* ListQuery.clientPerPage(ctx.query.per_page, 20, 50, { nullIsDefault: true }),
          url: `${ctx.baseUrl}/api/client/servers/${ctx.params.server}/backups`,
          query: {}
        })
        return {
          status: 200,
          body: {
            ...list(page.items.map(T.backup)),
            meta: { backup_count: rows.filter(nonFailed).length, ...page.meta }
          }
        }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/backups",
    name: "api:client:server.backups.store",
    permission: "backup.create",
    // StoreBackupRequest::rules()
    request: { rules: { name: "nullable|string|max:191", is_locked: "nullable|boolean", ignored: "nullable|string" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const settings = (yield* Store).fixture.settings.client
        const uuid = yield* G.randomUuid
        const row = yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          const { backup_throttle_limit: limit, backup_throttle_period: period } = settings
          if (period > 0) {
            // Deleted backups still count (`withTrashed`), failed ones do not.
            const recent = state.client.backups.filter(
              (b) =>
                b.server_id === server.id &&
                (b.completed_at === null || b.is_successful) &&
                Date.parse(b.created_at) >= at - period * 1000
            )
            if (recent.length >= limit) {
              const last = recent.reduce((m, b) => Math.max(m, Date.parse(b.created_at)), 0)
              const retryAfter = Math.max(0, Math.ceil((last + period * 1000 - at) / 1000))
              return new Failure.PanelFailure({
                status: 429,
                code: "TooManyRequestsHttpException",
                detail: `Only ${limit} backups may be generated within a ${period} second span of time.`,
                style: "generic",
                // The API throttle still adds its quota headers; only Retry-After is this one's.
                headers: { ...ctx.rateLimitHeaders, "Retry-After": String(retryAfter) }
              })
            }
          }
          const backupLimit = server.feature_limits.backups
          const count = state.client.backups.filter((b) => b.server_id === server.id && nonFailed(b)).length
          if (!backupLimit || count >= backupLimit) {
            // new TooManyBackupsException(null) with an int parameter: a TypeError, a 500 (a panel
            // bug, InitiateBackupService::handle) when the server has no backup limit.
            if (backupLimit === null) return Failure.unexpected("TypeError")
            return Failure.display(
              `Cannot create a new backup, this server has reached its limit of ${backupLimit} backups.`,
              "TooManyBackupsException"
            )
          }
          const [id, s1] = G.nextId(state, "backups", state.client.backups)
          const name = Input.text(ctx.input.name)
          const stamp = new Date(at).toISOString().slice(0, 19).replace("T", " ")
          const created: BackupRow = {
            id,
            uuid,
            server_id: server.id,
            name: name === undefined || name.trim() === "" ? `Backup at ${stamp}` : name.trim(),
            ignored_files: (Input.text(ctx.input.ignored) ?? "").split("\n").filter((l) => l.length > 0),
            disk: "wings",
            is_successful: false,
            // `is_locked` is honoured only with `backup.delete` (§4.5).
            is_locked: S.holds(state, ctx, "backup.delete") && Input.bool(ctx.input.is_locked),
            checksum: null,
            bytes: 0,
            created_at: iso(at),
            completed_at: null,
            deleted_at: null,
            snapshot: state.client.files[server.id] ?? []
          }
          const s2 = withClient(s1, { backups: [...s1.client.backups, created] })
          return [
            created,
            Activity.log(s2, ctx, at, "server:backup.start", {
              server,
              properties: { name: created.name, locked: created.is_locked }
            })
          ]
        })
        return { status: 200, body: T.backup(row) }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/backups/{backup}",
    name: "api:client:server.backups.view",
    bindings: [backupBinding],
    handle: (ctx) =>
      Effect.gen(function* () {
        yield* S.authorizeInController(ctx, "backup.read")
        const row = backupOf(yield* read, ctx)
        if (row === undefined) return yield* Effect.fail(Failure.notFound())
        return { status: 200, body: T.backup(row) }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/backups/{backup}/download",
    name: "api:client:server.backups.download",
    bindings: [backupBinding],
    handle: (ctx) =>
      Effect.gen(function* () {
        yield* S.authorizeInController(ctx, "backup.download")
        const state = yield* read
        const row = backupOf(state, ctx)
        if (row === undefined) return yield* Effect.fail(Failure.notFound())
        const server = S.serverOf(state, ctx)
        const url = yield* SignedUrls.issue(ctx.baseUrl, "download/backup", {
          backup_uuid: row.uuid,
          server_uuid: server.uuid,
          user_uuid: ctx.auth!.user.uuid
        })
        const at = yield* now
        yield* modify((s) => [
          undefined,
          Activity.log(s, ctx, at, "server:backup.download", { server, properties: { name: row.name } })
        ])
        return { status: 200, body: T.signedUrl(url) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/backups/{backup}/lock",
    name: "api:client:server.backups.lock",
    bindings: [backupBinding],
    handle: (ctx) =>
      Effect.gen(function* () {
        yield* S.authorizeInController(ctx, "backup.delete")
        const at = yield* now
        const row = yield* modify((state) => {
          const current = backupOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const updated = { ...current, is_locked: !current.is_locked }
          return [
            updated,
            Activity.log(
              replaceBackup(state, updated),
              ctx,
              at,
              updated.is_locked ? "server:backup.lock" : "server:backup.unlock",
              {
                server: S.serverOf(state, ctx),
                properties: { name: updated.name }
              }
            )
          ]
        })
        return { status: 200, body: T.backup(row) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/backups/{backup}/restore",
    name: "api:client:server.backups.restore",
    bindings: [backupBinding],
    permission: "backup.restore",
    // RestoreBackupRequest::rules()
    request: { rules: { truncate: "required|boolean" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = backupOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const server = S.serverOf(state, ctx)
          if (server.status !== null) {
            return Failure.badRequest(
              "This server is not currently in a state that allows for a backup to be restored."
            )
          }
          if (!current.is_successful && current.completed_at === null) {
            return Failure.badRequest("This backup cannot be restored at this time: not completed or failed.")
          }
          const truncate = Input.bool(ctx.input.truncate)
          const existing = truncate
            ? []
            : (state.client.files[server.id] ?? []).filter((n) => !current.snapshot.some((m) => m.path === n.path))
          const next = withClient(state, {
            files: { ...state.client.files, [server.id]: [...existing, ...current.snapshot] }
          })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "server:backup.restore", {
              server,
              properties: { name: current.name, truncate }
            })
          ]
        })
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/backups/{backup}",
    name: "api:client:server.backups.delete",
    bindings: [backupBinding],
    handle: (ctx) =>
      Effect.gen(function* () {
        yield* S.authorizeInController(ctx, "backup.delete")
        const at = yield* now
        return yield* modify((state) => {
          const current = backupOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          if (current.is_locked && current.is_successful && current.completed_at !== null) {
            return Failure.display("Cannot delete a backup that is marked as locked.", "BackupLockedException")
          }
          const next = replaceBackup(state, { ...current, deleted_at: iso(at) })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "server:backup.delete", {
              server: S.serverOf(state, ctx),
              properties: { name: current.name, failed: !current.is_successful }
            })
          ]
        })
      })
  })
]
