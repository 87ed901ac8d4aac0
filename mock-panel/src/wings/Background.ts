/**
 * Work Wings does in the background, settled against the mock clock before each request:
 * started backups complete after `backup_seconds`, reinstalls end after `install_seconds`
 * (the server leaves `installing`). Nothing changes until the clock says so, so tests move the
 * clock instead of sleeping.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import { iso, type State, Store } from "../state/Store.js"
import * as Archive from "./Archive.js"

/**
 * The archive bytes of a backup's files.
 *
 * @since 0.1.0
 * @category backups
 */
export const backupArchive = (state: State, uuid: string): Uint8Array | undefined => {
  const backup = state.client.backups.find((b) => b.uuid === uuid)
  if (backup === undefined) return undefined
  return Archive.pack(
    backup.snapshot.map((n) => ({
      path: n.path.slice(1),
      directory: n.directory,
      content: n.content,
      mode: n.mode,
      modified: n.modified
    }))
  )
}

/**
 * Applies every transition that is due.
 *
 * @since 0.1.0
 * @category running
 */
export const settle: Effect.Effect<void, never, Store> = Effect.gen(function* () {
  const store = yield* Store
  const now = yield* store.now
  const settings = store.fixture.settings.client
  yield* Ref.update(store.state, (state): State => {
    let changed = false
    const backups = state.client.backups.map((b) => {
      if (b.completed_at !== null || b.deleted_at !== null) return b
      if (Date.parse(b.created_at) + settings.backup_seconds * 1000 > now) return b
      changed = true
      const bytes = backupArchive(state, b.uuid) ?? new Uint8Array()
      return {
        ...b,
        is_successful: true,
        checksum: `sha1:${Crypto.createHash("sha1").update(bytes).digest("hex")}`,
        bytes: bytes.length,
        completed_at: iso(now)
      }
    })
    const installing = { ...state.client.installing }
    let servers = state.servers
    for (const [id, until] of Object.entries(installing)) {
      if (until > now) continue
      changed = true
      delete installing[Number(id)]
      servers = servers.map((s) => (s.id === Number(id) && s.status === "installing" ? { ...s, status: null } : s))
    }
    return changed ? { ...state, servers, client: { ...state.client, backups, installing } } : state
  })
})
