/**
 * A server's live console: the Wings websocket (§12.3–§12.10) as a scoped connection that
 * stays up.
 *
 * `api.console(server)` fetches credentials from `GET /api/client/servers/{server}/websocket`,
 * opens the socket with `Origin` set to the panel's URL (Wings refuses the upgrade otherwise),
 * authenticates, and returns once Wings has accepted the token. From then on:
 *
 * - the token is replaced on the same socket when Wings says it is expiring or expired (or a
 *   `jwt error` says the token stopped being valid), without reconnecting;
 * - a dropped connection is reopened with backoff, with fresh credentials, and the console's
 *   recent lines are requested again with those already delivered left out;
 * - what cannot heal ends `events` with a typed error instead of a retry loop: the permission
 *   is missing (403), the server was deleted (`deleted`, close 1001), suspended (409), the
 *   upgrade was refused (wrong `Origin`), or Wings keeps rejecting fresh tokens;
 * - actions Wings would drop silently fail before anything is sent: a power signal or a
 *   command without its permission in the token, a command while the server is offline;
 * - frames are paced to Wings' per-connection limits (1.12) instead of being dropped by them;
 * - the token is `Redacted` from the moment it is received, and no log, span or error shows it.
 *
 * The socket comes from the `WebSocketDialer` in context (`@ptero-effect/node`'s
 * `NodeSocket.layer` on Node), through `@effect/platform`'s `Socket`.
 *
 * @example
 * ```ts
 * import { ClientApi, Console } from "@ptero-effect/client-api"
 * import { Effect, Stream } from "effect"
 *
 * const tail = Effect.gen(function* () {
 *   const api = yield* ClientApi.ClientApi
 *   const console = yield* api.console("1a7ce997")
 *   yield* console.command("say hello")
 *   yield* console.events.pipe(
 *     Stream.filter(Console.isOutput),
 *     Stream.runForEach((event) => Effect.log(event.line))
 *   )
 * }).pipe(Effect.scoped)
 * ```
 *
 * @since 0.1.0
 */
import * as Socket from "@effect/platform/Socket"
import * as Clock from "effect/Clock"
import * as Data from "effect/Data"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import type * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import type * as Scope from "effect/Scope"
import * as STM from "effect/STM"
import * as Stream from "effect/Stream"
import * as Take from "effect/Take"
import * as TQueue from "effect/TQueue"
import type * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as WebSocketDialer from "@ptero-effect/core/WebSocketDialer"
import * as Frames from "./internal/console/frames.js"
import { ReplayFilter } from "./internal/console/replay.js"
import { Buckets } from "./internal/console/throttle.js"
import type * as Servers from "./Servers.js"

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/**
 * The process state Wings reports (`environment/environment.go`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const PowerState = Schema.Literal("offline", "starting", "running", "stopping")

/**
 * @since 0.1.0
 * @category models
 */
export type PowerState = typeof PowerState.Type

/**
 * The argument of a `stats` event: the server's `ResourceUsage` as JSON (`server/resources.go`,
 * `environment/stats.go`, §12.6). Memory and disk in bytes, `uptime` in milliseconds.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Stats = Schema.Struct({
  memory_bytes: Schema.Number,
  memory_limit_bytes: Schema.Number,
  cpu_absolute: Schema.Number,
  network: Schema.Struct({ rx_bytes: Schema.Number, tx_bytes: Schema.Number }),
  uptime: Schema.Number,
  state: PowerState,
  disk_bytes: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Stats extends Schema.Schema.Type<typeof Stats> {}

/**
 * The argument of a `backup completed` event (`server/backup.go`, §12.10).
 *
 * @since 0.1.0
 * @category schemas
 */
export const BackupResult = Schema.Struct({
  uuid: Schema.String,
  is_successful: Schema.Boolean,
  checksum: Schema.String,
  checksum_type: Schema.String,
  file_size: Schema.Number
})

/**
 * @since 0.1.0
 * @category models
 */
export interface BackupResult extends Schema.Schema.Type<typeof BackupResult> {}

// Built once: a stats frame arrives every second on every open console.
const decodePowerState = Schema.decodeUnknownOption(PowerState)
const decodeStats = Schema.decodeUnknownOption(Schema.parseJson(Stats))
const decodeBackupResult = Schema.decodeUnknownOption(Schema.parseJson(BackupResult))

/**
 * What the console delivers: Wings' events, decoded (§12.6), and the connection's own
 * milestones (`Connected`, `Disconnected`, `TokenRefreshed`).
 *
 * @since 0.1.0
 * @category models
 */
export type ConsoleEvent = Data.TaggedEnum<{
  /** Authenticated on a socket; `reconnected` after a dropped connection. */
  Connected: { readonly reconnected: boolean }
  /** The socket closed and will be reopened; `code` is the close code (1006: no close frame). */
  Disconnected: { readonly code: number | undefined; readonly reason: string }
  /** A fresh token was accepted on the open socket. */
  TokenRefreshed: {}
  /** `status`: the process state. */
  Status: { readonly state: PowerState }
  /** `console output`: one line, with the process' own ANSI colours. */
  Output: { readonly line: string }
  /** `stats`. */
  Stats: { readonly stats: Stats }
  /** `install started` (needs `admin.websocket.install` only for the output, not this). */
  InstallStarted: {}
  /** `install output` (sent only with `admin.websocket.install`). */
  InstallOutput: { readonly line: string }
  /** `install completed`. */
  InstallCompleted: {}
  /** `daemon message`: a notice from Wings itself. */
  DaemonMessage: { readonly message: string }
  /** `daemon error`; the full text only with `admin.websocket.errors`, else a generic one. */
  DaemonError: { readonly message: string }
  /** `backup completed` (sent only with `backup.read`). */
  BackupCompleted: { readonly backup: BackupResult }
  /** `backup restore completed`. */
  BackupRestoreCompleted: {}
  /** `transfer logs` (sent only with `admin.websocket.transfer`). */
  TransferLogs: { readonly line: string }
  /** `transfer status`, e.g. `processing`, `completed`, `failure`. */
  TransferStatus: { readonly status: string }
  /** `throttled`: Wings dropped a frame of this event over its limit (Wings 1.12). */
  Throttled: { readonly event: string }
  /** An event this library does not know, or one whose argument did not decode. */
  Unknown: { readonly event: string; readonly args: ReadonlyArray<string> }
}>

/**
 * Constructors and `$is` / `$match` for `ConsoleEvent`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const ConsoleEvent = Data.taggedEnum<ConsoleEvent>()

/**
 * Whether an event is a console line.
 *
 * @since 0.1.0
 * @category guards
 */
export const isOutput = ConsoleEvent.$is("Output")

/**
 * Whether an event is a process state change.
 *
 * @since 0.1.0
 * @category guards
 */
export const isStatus = ConsoleEvent.$is("Status")

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

const server = { server: Schema.String }

/**
 * The user may not open the console: `GET …/websocket` answered 403 (no `websocket.connect`,
 * or the server is transferring and the user lacks `admin.websocket.transfer`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ConsoleDenied extends Schema.TaggedError<ConsoleDenied>("@ptero-effect/client-api/Console/ConsoleDenied")(
  "ConsoleDenied",
  { ...server, detail: Schema.String }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Console of ${this.server} denied: ${this.detail}`
  }
}

/**
 * The server is not (or no longer) visible to the user: `GET …/websocket` answered 404, or Wings
 * does not know the server.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerNotFound extends Schema.TaggedError<ServerNotFound>(
  "@ptero-effect/client-api/Console/ServerNotFound"
)("ServerNotFound", { ...server, detail: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Server ${this.server} not found: ${this.detail}`
  }
}

/**
 * The server is suspended (the panel's 409 with its suspension detail).
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerSuspended extends Schema.TaggedError<ServerSuspended>(
  "@ptero-effect/client-api/Console/ServerSuspended"
)("ServerSuspended", { ...server, detail: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Server ${this.server} is suspended: ${this.detail}`
  }
}

/**
 * Wings said the server was deleted (`deleted`, then close 1001 "server deleted").
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerDeleted extends Schema.TaggedError<ServerDeleted>("@ptero-effect/client-api/Console/ServerDeleted")(
  "ServerDeleted",
  server
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Server ${this.server} was deleted`
  }
}

/**
 * Wings refused the upgrade. With status 403 that is its `Origin` check: `origin` is not the
 * panel URL Wings is configured with (`remote`) nor one of its `allowed_origins`.
 *
 * @since 0.1.0
 * @category errors
 */
export class OriginRefused extends Schema.TaggedError<OriginRefused>("@ptero-effect/client-api/Console/OriginRefused")(
  "OriginRefused",
  { ...server, origin: Schema.String, status: Schema.Number, sendsHeaders: Schema.Boolean }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.sendsHeaders
      ? `Wings refused the console socket of ${this.server} (${this.status}) for Origin ${this.origin}; set the console's origin to the panel URL Wings knows, or add it to allowed_origins`
      : `Wings refused the console socket of ${this.server} (${this.status}); this WebSocketDialer cannot send an Origin header (on Node use @ptero-effect/node)`
  }
}

/**
 * Wings kept rejecting fresh tokens (`attempts` in a row). With Wings 1.12.2 and a panel older
 * than 1.12.3 every token lacks the `websocket` scope and is refused this way.
 *
 * @since 0.1.0
 * @category errors
 */
export class AuthenticationFailed extends Schema.TaggedError<AuthenticationFailed>(
  "@ptero-effect/client-api/Console/AuthenticationFailed"
)("AuthenticationFailed", { ...server, attempts: Schema.Number, detail: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Wings rejected ${this.attempts} fresh tokens for ${this.server}: ${this.detail}`
  }
}

/**
 * The socket was closed with an application code (4000–4999), which asks not to reconnect.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionClosed extends Schema.TaggedError<ConnectionClosed>(
  "@ptero-effect/client-api/Console/ConnectionClosed"
)("ConnectionClosed", { ...server, code: Schema.Number, reason: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Console of ${this.server} closed by the server (${this.code} ${this.reason})`
  }
}

/**
 * The reconnection schedule gave up; `detail` describes the last failure.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConnectionLost extends Schema.TaggedError<ConnectionLost>(
  "@ptero-effect/client-api/Console/ConnectionLost"
)("ConnectionLost", { ...server, attempts: Schema.Number, detail: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Console of ${this.server} lost after ${this.attempts} attempts: ${this.detail}`
  }
}

/**
 * The console's scope was closed.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConsoleClosed extends Schema.TaggedError<ConsoleClosed>("@ptero-effect/client-api/Console/ConsoleClosed")(
  "ConsoleClosed",
  server
) {}

/**
 * What ends a console. Panel failures that cannot heal (an invalid key, say) come as they are.
 *
 * @since 0.1.0
 * @category errors
 */
export type ConsoleError =
  | ConsoleDenied
  | ServerNotFound
  | ServerSuspended
  | ServerDeleted
  | OriginRefused
  | AuthenticationFailed
  | ConnectionClosed
  | ConnectionLost
  | ConsoleClosed
  | PanelError.PanelError

/**
 * The token does not carry the permission an action needs, so Wings would drop it without a
 * word (`websocket.go::HandleInbound`).
 *
 * @since 0.1.0
 * @category errors
 */
export class ActionNotPermitted extends Schema.TaggedError<ActionNotPermitted>(
  "@ptero-effect/client-api/Console/ActionNotPermitted"
)("ActionNotPermitted", { ...server, action: Schema.String, permission: Schema.String }) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `${this.action} on ${this.server} needs the ${this.permission} permission`
  }
}

/**
 * A command for an offline server, which Wings drops without a word.
 *
 * @since 0.1.0
 * @category errors
 */
export class ServerOffline extends Schema.TaggedError<ServerOffline>("@ptero-effect/client-api/Console/ServerOffline")(
  "ServerOffline",
  server
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `Server ${this.server} is offline: Wings ignores console commands until it runs`
  }
}

/**
 * What an action can fail with.
 *
 * @since 0.1.0
 * @category errors
 */
export type ActionError = ConsoleError | ActionNotPermitted | ServerOffline

// ---------------------------------------------------------------------------------------------
// The console
// ---------------------------------------------------------------------------------------------

/**
 * A power signal.
 *
 * @since 0.1.0
 * @category models
 */
export type Signal = "start" | "stop" | "restart" | "kill"

/**
 * How a console connects.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /**
   * The `Origin` sent with the upgrade. Wings compares it with its `remote` setting, the panel's
   * URL; the default is the origin of the panel URL the client was made with.
   */
  readonly origin?: string | undefined
  /** Ask for the console's recent lines on connecting (`send logs`). Default true. */
  readonly history?: boolean | undefined
  /**
   * The waits between reconnection attempts; when it ends, `events` fails with `ConnectionLost`.
   * Default: exponential from 1 s, doubling, jittered, at most 30 s apart, without end.
   */
  readonly reconnect?: Schedule.Schedule<unknown, unknown> | undefined
  /** How many fresh tokens Wings may reject in a row before the console fails. Default 3. */
  readonly maxAuthFailures?: number | undefined
  /** Lines Wings replays on `send logs` (its `websocket_log_count`). Default 150. */
  readonly replayLines?: number | undefined
  /** How long the socket may take to open. Default 10 s. */
  readonly openTimeout?: Duration.DurationInput | undefined
}

/**
 * A connected console.
 *
 * @since 0.1.0
 * @category models
 */
export interface Console {
  /** The server identifier the console was opened with. */
  readonly server: string
  /**
   * Everything the console receives, from the moment it connected, in order. Meant to be run
   * once; it fails with the `ConsoleError` that ended the console and ends when its scope closes.
   */
  readonly events: Stream.Stream<ConsoleEvent, ConsoleError>
  /** `send command` (`control.console`). Resolves once the frame is written. */
  readonly command: (line: string) => Effect.Effect<void, ActionError>
  /** `set state` (`control.start` / `control.stop` / `control.restart`; `kill` needs `control.stop`). */
  readonly power: (signal: Signal) => Effect.Effect<void, ActionError>
  /** `send logs`: the recent lines again (only while the server runs). */
  readonly requestLogs: Effect.Effect<void, ActionError>
  /** `send stats`: a `Stats` event now. */
  readonly requestStats: Effect.Effect<void, ActionError>
  /** The permissions of the current token. */
  readonly permissions: Effect.Effect<ReadonlyArray<string>>
  /** The last process state Wings reported. */
  readonly state: Effect.Effect<Option.Option<PowerState>>
}

const POWER_PERMISSION: Record<Signal, string> = {
  start: "control.start",
  stop: "control.stop",
  restart: "control.restart",
  // `kill` is `PowerActionTerminate`, checked against `control.stop` (`websocket.go`).
  kill: "control.stop"
}

interface Pending {
  readonly event: string
  readonly frame: string
  readonly done: Deferred.Deferred<void, ActionError>
}

/** Why one connection ended. */
type Ending =
  | { readonly _tag: "Terminal"; readonly error: ConsoleError }
  | {
      readonly _tag: "Retry"
      readonly detail: string
      readonly authenticated: boolean
      readonly delay?: Duration.Duration
      /** The close code, when the socket was closed (1006: without a close frame). */
      readonly code?: number
    }
  | { readonly _tag: "AuthRejected"; readonly detail: string }

// The union of two schedules waits the shorter delay: exponential, then every 30 s, forever.
const defaultReconnect: Schedule.Schedule<unknown, unknown> = Schedule.exponential("1 second").pipe(
  Schedule.jittered,
  Schedule.union(Schedule.spaced("30 seconds"))
)

const SUSPENDED = "This server is currently suspended"

/**
 * Opens a console over a panel client and its servers group (what `ClientApi` does).
 *
 * @since 0.1.0
 * @category constructors
 */
export const make =
  (panel: PanelClient.Service, servers: Servers.Service) =>
  (
    serverId: string,
    options: Options = {}
  ): Effect.Effect<Console, ConsoleError, WebSocketDialer.WebSocketDialer | Scope.Scope> =>
    Effect.gen(function* () {
      const dialer = yield* WebSocketDialer.WebSocketDialer
      const origin = options.origin ?? new URL(panel.baseUrl).origin
      const history = options.history ?? true
      const maxAuthFailures = options.maxAuthFailures ?? 3
      const openTimeout = options.openTimeout ?? Duration.seconds(10)

      const events = yield* Queue.unbounded<Take.Take<ConsoleEvent, ConsoleError>>()
      const outbox = yield* TQueue.unbounded<Pending>()
      const token = yield* Ref.make<Option.Option<Redacted.Redacted<string>>>(Option.none())
      const permissions = yield* Ref.make<ReadonlyArray<string> | undefined>(undefined)
      const state = yield* Ref.make<Option.Option<PowerState>>(Option.none())
      const ended = yield* Deferred.make<never, ConsoleError>()
      const ready = yield* Deferred.make<void, ConsoleError>()
      const authFailures = yield* Ref.make(0)
      const replay = new ReplayFilter(options.replayLines ?? 150)

      const emit = (event: ConsoleEvent) => Queue.offer(events, Take.of(event))

      // --- credentials --------------------------------------------------------------------

      const credentials: Effect.Effect<Either.Either<Servers.WebsocketCredentials, Ending>> = servers
        .websocket(serverId)
        .pipe(
          Effect.tap((creds) =>
            Effect.zipRight(
              Ref.set(token, Option.some(creds.token)),
              Ref.set(permissions, Frames.permissionsOf(creds.token))
            )
          ),
          Effect.map(Either.right),
          Effect.catchAll((error) => Effect.succeed(Either.left(classifyPanel(serverId, error)))),
          Effect.withSpan("Console.credentials", { attributes: { "pterodactyl.server": serverId } })
        )

      // --- one connection -----------------------------------------------------------------

      const connectOnce = (reconnected: boolean): Effect.Effect<Ending> =>
        Effect.scoped(
          Effect.gen(function* () {
            const creds = yield* credentials
            if (Either.isLeft(creds)) return creds.left
            const socket = yield* Socket.makeWebSocket(creds.right.socket, {
              closeCodeIsError: () => true,
              openTimeout
            }).pipe(
              Effect.provideService(
                Socket.WebSocketConstructor,
                WebSocketDialer.toConstructor(dialer, { Origin: origin })
              )
            )
            const write = yield* socket.writer
            const buckets = new Buckets()
            const paced = (event: string, frame: () => string) =>
              Effect.gen(function* () {
                const wait = buckets.reserve(event, yield* Clock.currentTimeMillis)
                if (wait > 0) yield* Effect.sleep(Duration.millis(wait))
                yield* write(frame())
              })
            const sendAuth = Effect.flatMap(Ref.get(token), (current) =>
              Option.match(current, {
                onNone: () => Effect.void,
                onSome: (value) => paced("auth", () => Frames.auth(value))
              })
            )

            const scope = yield* Effect.scope
            const background = <A, E>(effect: Effect.Effect<A, E>) => Effect.asVoid(Effect.forkIn(effect, scope))
            const inbound = yield* Queue.unbounded<string | Uint8Array | null>()
            // What the processor decided; read when the socket has closed.
            let ending: Ending | undefined
            let authenticated = false
            let deleted = false
            let refreshing = false
            let refreshAnswer: Deferred.Deferred<boolean> | undefined
            let lastRefresh = Number.NEGATIVE_INFINITY

            const closeWith = (end: Ending) =>
              Effect.suspend(() => {
                ending ??= end
                return Effect.ignore(write(new Socket.CloseEvent(1000, "closing")))
              })

            const refresh = (reason: "expiring" | "probe"): Effect.Effect<void> =>
              Effect.gen(function* () {
                const now = yield* Clock.currentTimeMillis
                // A probe (after a `daemon error`) at most every 30 s; expiry always refreshes.
                if (refreshing || (reason === "probe" && now - lastRefresh < 30_000)) return
                refreshing = true
                lastRefresh = now
                const creds = yield* credentials
                if (Either.isLeft(creds)) {
                  refreshing = false
                  if (creds.left._tag === "Terminal") yield* closeWith(creds.left)
                  return
                }
                const answer = yield* Deferred.make<boolean>()
                refreshAnswer = answer
                yield* Effect.ignore(sendAuth)
                const accepted = yield* Deferred.await(answer)
                refreshAnswer = undefined
                refreshing = false
                if (accepted) {
                  yield* Ref.set(authFailures, 0)
                  yield* emit(ConsoleEvent.TokenRefreshed())
                } else {
                  const failures = yield* Ref.updateAndGet(authFailures, (n) => n + 1)
                  if (failures >= maxAuthFailures) {
                    yield* closeWith({
                      _tag: "Terminal",
                      error: new AuthenticationFailed({
                        server: serverId,
                        attempts: failures,
                        detail: "Wings rejected the refreshed token"
                      })
                    })
                  }
                }
              }).pipe(Effect.withSpan("Console.refresh", { attributes: { "pterodactyl.server": serverId, reason } }))

            const writer = Effect.forever(
              Effect.gen(function* () {
                // Peek, send, then take: an item interrupted mid-way stays first for the next socket.
                const item = yield* TQueue.peek(outbox)
                yield* paced(item.event, () => item.frame)
                yield* STM.commit(TQueue.take(outbox))
                yield* Deferred.succeed(item.done, undefined)
              })
            )

            const onAuthenticated = Effect.gen(function* () {
              authenticated = true
              yield* Ref.set(authFailures, 0)
              yield* emit(ConsoleEvent.Connected({ reconnected }))
              yield* Deferred.succeed(ready, undefined)
              yield* Effect.logDebug("console connected").pipe(Effect.annotateLogs("pterodactyl.server", serverId))
              if (history) {
                if (reconnected) replay.start()
                yield* background(paced("send logs", () => Frames.encode("send logs")))
              }
              yield* background(writer)
            })

            const lines = (list: ReadonlyArray<string>) =>
              Effect.forEach(list, (line) => emit(ConsoleEvent.Output({ line })), { discard: true })

            const handle = (frame: Frames.Frame): Effect.Effect<void> => {
              const arg = frame.args.join("")
              switch (frame.event) {
                case "auth success":
                  if (!authenticated) return onAuthenticated
                  if (refreshAnswer !== undefined) return Deferred.succeed(refreshAnswer, true)
                  return Effect.void
                case "token expiring":
                case "token expired":
                  return background(refresh("expiring"))
                case "jwt error": {
                  if (Frames.isErrorEvent(arg)) {
                    // The answer to an `auth` (`SendErrorJson`).
                    if (!authenticated) return closeWith({ _tag: "AuthRejected", detail: arg })
                    return refreshAnswer === undefined ? Effect.void : Deferred.succeed(refreshAnswer, false)
                  }
                  // The current token stopped being valid (`TokenValid`): expired, denylisted, or
                  // its permissions changed. A fresh one is the cure in every case that has one.
                  return background(refresh("expiring"))
                }
                case "daemon error":
                  // Before authentication the only thing Wings answers is our `auth`.
                  if (!authenticated) return closeWith({ _tag: "AuthRejected", detail: arg })
                  return Effect.gen(function* () {
                    yield* emit(ConsoleEvent.DaemonError({ message: arg }))
                    // It may be the answer to a refresh's `auth` (a suspended server answers
                    // everything so on Wings 1.12); otherwise ask the panel whether the server
                    // is still ours to watch.
                    if (refreshAnswer !== undefined) yield* Deferred.succeed(refreshAnswer, false)
                    else yield* background(refresh("probe"))
                  })
                case "deleted":
                  deleted = true
                  return Effect.void
                case "status": {
                  const decoded = decodePowerState(arg)
                  if (Option.isNone(decoded)) return emit(ConsoleEvent.Unknown(frame))
                  return Effect.gen(function* () {
                    yield* Ref.set(state, decoded)
                    yield* emit(ConsoleEvent.Status({ state: decoded.value }))
                    // Wings replays nothing for a server that is not running.
                    if (decoded.value === "offline") yield* lines(replay.stop())
                  })
                }
                case "console output":
                  return lines(replay.push(arg))
                case "stats": {
                  const stats = decodeStats(arg)
                  return Option.match(stats, {
                    onNone: () => emit(ConsoleEvent.Unknown(frame)),
                    onSome: (value) =>
                      Effect.zipRight(
                        Ref.set(state, Option.some(value.state)),
                        emit(ConsoleEvent.Stats({ stats: value }))
                      )
                  })
                }
                case "install started":
                  return emit(ConsoleEvent.InstallStarted())
                case "install output":
                  return emit(ConsoleEvent.InstallOutput({ line: arg }))
                case "install completed":
                  return emit(ConsoleEvent.InstallCompleted())
                case "daemon message":
                  return emit(ConsoleEvent.DaemonMessage({ message: arg }))
                case "backup restore completed":
                  return emit(ConsoleEvent.BackupRestoreCompleted())
                case "transfer logs":
                  return emit(ConsoleEvent.TransferLogs({ line: arg }))
                case "transfer status":
                  return emit(ConsoleEvent.TransferStatus({ status: arg }))
                case "throttled":
                  return emit(ConsoleEvent.Throttled({ event: arg }))
              }
              // Wings ≥ 1.6 sends `backup completed`; older ones `backup completed:<uuid>` (§12.10).
              if (frame.event === "backup completed" || frame.event.startsWith("backup completed:")) {
                const backup = decodeBackupResult(arg)
                return Option.match(backup, {
                  onNone: () => emit(ConsoleEvent.Unknown(frame)),
                  onSome: (value) => emit(ConsoleEvent.BackupCompleted({ backup: value }))
                })
              }
              return emit(ConsoleEvent.Unknown(frame))
            }

            const processor = yield* Effect.fork(
              Effect.gen(function* () {
                while (true) {
                  const data = yield* Queue.take(inbound)
                  if (data === null) return
                  const frame = Frames.decode(data)
                  if (frame !== undefined) yield* handle(frame)
                }
              })
            )

            const run = yield* Effect.either(
              socket.runRaw(
                (data) => {
                  // Queued synchronously so that frames are handled one at a time, in order.
                  inbound.unsafeOffer(data)
                },
                { onOpen: Effect.ignore(sendAuth) }
              )
            )
            // Frames that arrived before the close (`deleted` before its 1001) are handled first.
            inbound.unsafeOffer(null)
            yield* Fiber.join(processor)
            const decided: Ending | undefined = ending
            if (decided !== undefined && decided._tag !== "Retry") return decided
            return classifyClose(serverId, origin, dialer.sendsHeaders, run, authenticated, deleted)
          })
        ).pipe(Effect.withSpan("Console.connect", { attributes: { "pterodactyl.server": serverId, reconnected } }))

      // --- the connection loop -----------------------------------------------------------

      const supervise = Effect.gen(function* () {
        const driver = yield* Schedule.driver(options.reconnect ?? defaultReconnect)
        let reconnected = false
        let attempts = 0
        while (true) {
          attempts++
          const end = yield* connectOnce(reconnected)
          if (end._tag === "Terminal") return yield* Effect.fail(end.error)
          if (end._tag === "AuthRejected") {
            const failures = yield* Ref.updateAndGet(authFailures, (n) => n + 1)
            if (failures >= maxAuthFailures) {
              return yield* Effect.fail(
                new AuthenticationFailed({ server: serverId, attempts: failures, detail: end.detail })
              )
            }
          }
          if (end._tag === "Retry" && end.authenticated) {
            reconnected = true
            attempts = 0
            yield* driver.reset
            yield* emit(ConsoleEvent.Disconnected({ code: end.code, reason: end.detail }))
          }
          yield* Effect.logDebug("console reconnecting").pipe(Effect.annotateLogs("pterodactyl.server", serverId))
          if (end._tag === "Retry" && end.delay !== undefined) yield* Effect.sleep(end.delay)
          const next = yield* Effect.either(driver.next(end))
          if (Either.isLeft(next)) {
            return yield* Effect.fail(
              new ConnectionLost({
                server: serverId,
                attempts,
                detail: end._tag === "AuthRejected" ? end.detail : end._tag === "Retry" ? end.detail : ""
              })
            )
          }
        }
      })

      const end = (error: ConsoleError) =>
        Effect.gen(function* () {
          yield* Deferred.fail(ended, error)
          yield* Deferred.fail(ready, error)
          const pending = yield* STM.commit(TQueue.takeAll(outbox))
          yield* Effect.forEach(pending, (item) => Deferred.fail(item.done, error), { discard: true })
        })

      yield* Effect.forkScoped(
        supervise.pipe(
          Effect.catchAll((error) => Effect.zipRight(end(error), Queue.offer(events, Take.fail(error)))),
          Effect.annotateLogs("pterodactyl.server", serverId)
        )
      )
      yield* Effect.addFinalizer(() =>
        Effect.zipRight(end(new ConsoleClosed({ server: serverId })), Queue.offer(events, Take.end))
      )
      yield* Deferred.await(ready)

      // An ended console answers every action with the error that ended it.
      const alive: Effect.Effect<void, ConsoleError> = Effect.flatMap(Deferred.poll(ended), (over) =>
        Option.isSome(over) ? over.value : Effect.void
      )

      const enqueue = (event: string, frame: string): Effect.Effect<void, ActionError> =>
        Effect.gen(function* () {
          yield* alive
          const done = yield* Deferred.make<void, ActionError>()
          yield* STM.commit(TQueue.offer(outbox, { event, frame, done }))
          // The console may end between the check and the offer; its error then answers.
          yield* Effect.raceFirst(Deferred.await(done), Deferred.await(ended))
        })

      const require = (action: string, permission: string): Effect.Effect<void, ActionNotPermitted> =>
        Effect.flatMap(Ref.get(permissions), (granted) =>
          granted === undefined || Frames.hasPermission(granted, permission)
            ? Effect.void
            : Effect.fail(new ActionNotPermitted({ server: serverId, action, permission }))
        )

      return {
        server: serverId,
        events: Stream.flattenTake(Stream.fromQueue(events)),
        command: (line) =>
          Effect.gen(function* () {
            yield* alive
            yield* require("command", "control.console")
            if (Option.getOrUndefined(yield* Ref.get(state)) === "offline") {
              return yield* Effect.fail(new ServerOffline({ server: serverId }))
            }
            yield* enqueue("send command", Frames.encode("send command", [line]))
          }),
        power: (signal) =>
          Effect.zipRight(
            Effect.zipRight(alive, require(`power ${signal}`, POWER_PERMISSION[signal])),
            enqueue("set state", Frames.encode("set state", [signal]))
          ),
        requestLogs: enqueue("send logs", Frames.encode("send logs")),
        requestStats: enqueue("send stats", Frames.encode("send stats")),
        permissions: Effect.map(Ref.get(permissions), (granted) => granted ?? []),
        state: Ref.get(state)
      } satisfies Console
    })

// What a failed `GET …/websocket` means for the console (§12.3, `WebsocketController::__invoke`).
const classifyPanel = (server: string, error: PanelError.PanelError): Ending => {
  switch (error._tag) {
    case "InsufficientPermissions":
      return { _tag: "Terminal", error: new ConsoleDenied({ server, detail: error.detail }) }
    case "NotFound":
      return { _tag: "Terminal", error: new ServerNotFound({ server, detail: error.detail }) }
    case "ServerStateConflict":
      // Installing, restoring, transferring or a node in maintenance end; a suspension is not for us to wait out.
      return error.detail.startsWith(SUSPENDED)
        ? { _tag: "Terminal", error: new ServerSuspended({ server, detail: error.detail }) }
        : { _tag: "Retry", detail: error.detail, authenticated: false }
    case "RateLimited":
      return { _tag: "Retry", detail: error.detail, authenticated: false, delay: error.retryAfter }
    default:
      return PanelError.isTransient(error)
        ? { _tag: "Retry", detail: error.message, authenticated: false }
        : { _tag: "Terminal", error }
  }
}

// What a socket's end means: Wings closes with 1001 "server deleted" after `deleted`
// (`router_server_ws.go`), refuses a bad `Origin` with 403 before upgrading (`GetHandler`).
const classifyClose = (
  server: string,
  origin: string,
  sendsHeaders: boolean,
  run: Either.Either<void, Socket.SocketError>,
  authenticated: boolean,
  deleted: boolean
): Ending => {
  if (deleted) return { _tag: "Terminal", error: new ServerDeleted({ server }) }
  if (Either.isRight(run)) return { _tag: "Retry", detail: "closed", authenticated }
  const error = run.left
  if (error.reason === "Close") {
    if (error.code === 1001 && (error.closeReason ?? "").includes("deleted")) {
      return { _tag: "Terminal", error: new ServerDeleted({ server }) }
    }
    if (error.code >= 4000 && error.code <= 4999) {
      return {
        _tag: "Terminal",
        error: new ConnectionClosed({ server, code: error.code, reason: error.closeReason ?? "" })
      }
    }
    return {
      _tag: "Retry",
      detail: error.closeReason || (error.code === 1006 ? "connection dropped without a close frame" : "closed"),
      code: error.code,
      authenticated
    }
  }
  if (error.reason === "Open") {
    const status = WebSocketDialer.refusedStatus(error.cause)
    if (status === 403 || status === 401) {
      return { _tag: "Terminal", error: new OriginRefused({ server, origin, status, sendsHeaders }) }
    }
    if (status === 404) {
      return { _tag: "Terminal", error: new ServerNotFound({ server, detail: "Wings does not know this server" }) }
    }
    return {
      _tag: "Retry",
      detail: status === undefined ? "could not open the socket" : `upgrade refused (${status})`,
      authenticated
    }
  }
  return {
    _tag: "Retry",
    detail: error.reason === "OpenTimeout" ? "timed out opening the socket" : "socket error",
    authenticated
  }
}
