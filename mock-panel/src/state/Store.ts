/**
 * The mock panel's state: the fixture's rows, made mutable through a `Ref`, plus the mock
 * clock. Ids come from counters and timestamps from the Effect `Clock` plus an offset that
 * the control endpoints move, so runs are deterministic under `TestClock`.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { PanelFailure } from "../http/Failure.js"
import { type FileNode, normalizePath, withParents } from "../wings/Volume.js"
import type * as Fixture from "./Fixture.js"

/**
 * Which error codes the mock answers with (§11): `panel` is the real panel, `documented` is
 * the seed document's `InvalidCredentialsException` / `InsufficientPermissionsException`.
 *
 * @since 0.1.0
 * @category models
 */
export type Profile = "panel" | "documented"

/**
 * An API key row as stored: the fixture row plus its database id.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyRow extends Fixture.Key {
  readonly id: number
}

/**
 * The mutable part of the panel.
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly users: ReadonlyArray<Fixture.User>
  readonly keys: ReadonlyArray<KeyRow>
  readonly locations: ReadonlyArray<Fixture.Location>
  readonly nodes: ReadonlyArray<Fixture.Node>
  readonly nests: ReadonlyArray<Fixture.Nest>
  readonly eggs: ReadonlyArray<Fixture.Egg>
  readonly allocations: ReadonlyArray<Fixture.Allocation>
  readonly servers: ReadonlyArray<Fixture.Server>
  readonly subusers: ReadonlyArray<Fixture.Subuser>
  readonly databaseHosts: ReadonlyArray<Fixture.DatabaseHost>
  readonly databases: ReadonlyArray<Fixture.Database>
  readonly nextKeyId: number
  /**
   * The last id handed out per table, like MySQL's auto-increment: a deleted row's id is not
   * reused. Absent until a table's first insert.
   */
  readonly sequences: Readonly<Record<string, number>>
  /** The Client API's server sub-resources (files, schedules, backups, …). */
  readonly client: ClientState
}

/**
 * A backup row plus the files it captured (for restore and download).
 *
 * @since 0.1.0
 * @category models
 */
export interface BackupRow extends Fixture.Backup {
  readonly snapshot: ReadonlyArray<FileNode>
}

/**
 * The runtime state of the Client API's server sub-resources.
 *
 * @since 0.1.0
 * @category models
 */
export interface ClientState {
  /** Server id → its files. */
  readonly files: Readonly<Record<number, ReadonlyArray<FileNode>>>
  readonly backups: ReadonlyArray<BackupRow>
  readonly schedules: ReadonlyArray<Fixture.Schedule>
  readonly sshKeys: ReadonlyArray<Fixture.SshKey>
  readonly activity: ReadonlyArray<Fixture.ActivityLog>
  /** Server id → power state (absent: `offline`). */
  readonly power: Readonly<Record<number, Fixture.PowerState>>
  /** Server id → epoch ms at which a reinstall finishes. */
  readonly installing: Readonly<Record<number, number>>
  /** `unique_id`s of one-time signed URLs already used. */
  readonly usedTokens: ReadonlyArray<string>
}

/**
 * Settings resolved from the fixture and the start options.
 *
 * @since 0.1.0
 * @category models
 */
export interface Config {
  readonly profile: Profile
  readonly appUrl: string | null
  readonly twoFactorRequired: 0 | 1 | 2
  readonly clientRateLimit: number
  readonly applicationRateLimit: number
  /** Largest request body accepted, in bytes (413 above it). */
  readonly maxBodyBytes: number
  /** What `/__mock/` requests must send in `X-Mock-Control-Token`; `null`: nothing. */
  readonly controlToken: Redacted.Redacted<string> | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly fixture: Fixture.Fixture
  readonly config: Config
  readonly state: Ref.Ref<State>
  /** Milliseconds added to the Effect clock to get the panel's "now". */
  readonly clockOffset: Ref.Ref<number>
  /** The panel's current time in epoch milliseconds. */
  readonly now: Effect.Effect<number>
  /** Back to the fixture's rows and the real time. */
  readonly reset: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Store extends Context.Tag("@ptero-effect/mock-panel/Store")<Store, Service>() {}

const decodeBase64 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, "base64"))

// The fixture's sub-resource rows as a fresh runtime state.
const initialClientState = (fixture: Fixture.Fixture): ClientState => {
  const files: Record<number, ReadonlyArray<FileNode>> = {}
  for (const server of fixture.servers) {
    const created = Date.parse(server.created_at)
    const nodes = fixture.files
      .filter((f) => f.server_id === server.id)
      .map((f): FileNode => {
        const modified = f.modified_at === undefined ? created : Date.parse(f.modified_at)
        return {
          path: normalizePath(f.path),
          directory: f.directory,
          content: f.directory
            ? new Uint8Array()
            : f.content_base64 !== undefined
              ? decodeBase64(f.content_base64)
              : new TextEncoder().encode(f.content ?? ""),
          mode: f.mode ?? (f.directory ? 0o755 : 0o644),
          created: modified,
          modified
        }
      })
      .filter((n) => n.path !== "/")
    files[server.id] = withParents(nodes, created)
  }
  const power: Record<number, Fixture.PowerState> = {}
  for (const [uuid, value] of Object.entries(fixture.power_states)) {
    const server = fixture.servers.find((s) => s.uuid === uuid)
    if (server !== undefined) power[server.id] = value
  }
  return {
    files,
    backups: fixture.backups.map((b) => ({ ...b, snapshot: files[b.server_id] ?? [] })),
    schedules: fixture.schedules,
    sshKeys: fixture.ssh_keys,
    activity: fixture.activity_logs,
    power,
    installing: {},
    usedTokens: []
  }
}

/**
 * The rows of a fixture as a fresh state.
 *
 * @since 0.1.0
 * @category constructors
 */
export const initialState = (fixture: Fixture.Fixture): State => ({
  users: fixture.users,
  keys: fixture.api_keys.map((k, i) => ({ ...k, id: i + 1 })),
  locations: fixture.locations,
  nodes: fixture.nodes,
  nests: fixture.nests,
  eggs: fixture.eggs,
  allocations: fixture.allocations,
  servers: fixture.servers,
  subusers: fixture.subusers,
  databaseHosts: fixture.database_hosts,
  databases: fixture.databases,
  nextKeyId: fixture.api_keys.length + 1,
  sequences: {},
  client: initialClientState(fixture)
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (fixture: Fixture.Fixture, overrides: Partial<Config> = {}): Effect.Effect<Service> =>
  Effect.gen(function* () {
    const state = yield* Ref.make(initialState(fixture))
    const clockOffset = yield* Ref.make(0)
    const config: Config = {
      profile: overrides.profile ?? "panel",
      appUrl: overrides.appUrl ?? fixture.settings.app_url,
      twoFactorRequired: overrides.twoFactorRequired ?? fixture.settings.two_factor_required,
      clientRateLimit: overrides.clientRateLimit ?? fixture.settings.client_rate_limit,
      applicationRateLimit: overrides.applicationRateLimit ?? fixture.settings.application_rate_limit,
      maxBodyBytes: overrides.maxBodyBytes ?? 1024 * 1024,
      controlToken: overrides.controlToken ?? null
    }
    const now = Effect.zipWith(Clock.currentTimeMillis, Ref.get(clockOffset), (t, o) => t + o)
    return {
      fixture,
      config,
      state,
      clockOffset,
      now,
      reset: Effect.zipRight(Ref.set(state, initialState(fixture)), Ref.set(clockOffset, 0))
    }
  })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (fixture: Fixture.Fixture, overrides: Partial<Config> = {}): Layer.Layer<Store> =>
  Layer.effect(Store, make(fixture, overrides))

/**
 * Reads the state.
 *
 * @since 0.1.0
 * @category transactions
 */
export const read: Effect.Effect<State, never, Store> = Effect.flatMap(Store, (store) => Ref.get(store.state))

/**
 * The panel's current time (epoch ms).
 *
 * @since 0.1.0
 * @category transactions
 */
export const now: Effect.Effect<number, never, Store> = Effect.flatMap(Store, (store) => store.now)

/**
 * Atomically computes a result and the next state; a `PanelFailure` result leaves the state as
 * it was and fails.
 *
 * @since 0.1.0
 * @category transactions
 */
export const modify = <A>(
  f: (state: State) => readonly [A, State] | PanelFailure
): Effect.Effect<A, PanelFailure, Store> =>
  Effect.flatMap(Store, (store) =>
    Effect.flatten(
      Ref.modify(store.state, (state): [Effect.Effect<A, PanelFailure>, State] => {
        const out = f(state)
        if (out instanceof PanelFailure) return [Effect.fail(out), state]
        return [Effect.succeed(out[0]), out[1]]
      })
    )
  )

/**
 * Replaces the client part of the state.
 *
 * @since 0.1.0
 * @category updates
 */
export const withClient = (state: State, client: Partial<ClientState>): State => ({
  ...state,
  client: { ...state.client, ...client }
})

/**
 * Replaces one server row.
 *
 * @since 0.1.0
 * @category updates
 */
export const updateServer = (state: State, server: Fixture.Server): State => ({
  ...state,
  servers: state.servers.map((s) => (s.id === server.id ? server : s))
})

/**
 * A timestamp as the panel writes it: ISO-8601 in UTC with a `+00:00` offset (§7.1).
 *
 * @since 0.1.0
 * @category formatting
 */
export const iso = (millis: number): string => `${new Date(millis).toISOString().slice(0, 19)}+00:00`

/**
 * Re-renders a stored timestamp in the panel's form.
 *
 * @since 0.1.0
 * @category formatting
 */
export const isoOf = (stored: string | null): string | null => (stored === null ? null : iso(Date.parse(stored)))
