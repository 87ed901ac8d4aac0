/**
 * The console side of Wings for every server of the mock (§12): the websocket at
 * `/api/servers/{uuid}/ws` (`router/router_server_ws.go`, `router/websocket/*`), each server's
 * simulated process (`Process`), and the background work a node does on its own clock: the
 * token-expiry check every 30 s per connection (`listeners.go::listenForExpiration`), resource
 * stats while a server runs, install and backup events, deletion and suspension.
 *
 * Everything is on the mock clock. `sync` reconciles with the panel's state and runs what is due;
 * the mock calls it after each request and on a short real-time tick, so moving the clock through
 * the control API is enough to reach `token expiring`, the end of a boot, or a finished backup.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as NodeRequest from "@effect/platform-node/NodeHttpServerRequest"
import type * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import * as Socket from "@effect/platform/Socket"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Ref from "effect/Ref"
import * as Scope from "effect/Scope"
import * as Volume from "../Volume.js"
import type * as Fixture from "../../state/Fixture.js"
import { daemonToken } from "../../state/Generate.js"
import { type State, Store } from "../../state/Store.js"
import * as Background from "../Background.js"
import * as WingsErrors from "../Errors.js"
import * as Failure from "../../http/Failure.js"
import * as Jwt from "../Jwt.js"
import { Limiter } from "./Limiter.js"
import * as Process from "./Process.js"
import {
  decode,
  encode,
  Errors,
  errorMessage,
  Inbound,
  isJwtError,
  type Message,
  Outbound,
  Permission,
  powerPermission,
  READ_LIMIT
} from "./Protocol.js"
import * as Token from "./Token.js"

/**
 * How the simulated node behaves.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Mock-clock milliseconds from `starting` to `running` (default 0: at once). */
  readonly bootMs?: number | undefined
  /** Mock-clock milliseconds from `stopping` to `offline` (default 0). */
  readonly stopMs?: number | undefined
  /** Mock-clock milliseconds between `stats` events of a running server (default 1000). */
  readonly statsIntervalMs?: number | undefined
  /** Lines `send logs` replays (Wings' `websocket_log_count`, default 150). */
  readonly logCount?: number | undefined
  /** Origins accepted besides the panel's URL (Wings' `allowed_origins`; `*` for any). */
  readonly allowedOrigins?: ReadonlyArray<string> | undefined
  /** Whether tokens need `scope: websocket` (Wings ≥ 1.12.2; default true). */
  readonly requireScope?: boolean | undefined
  /** Real-time milliseconds between background ticks (default 250; 0 turns the tick off). */
  readonly tickMs?: number | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** Answers a request for `/api/servers/{uuid}/ws`: refusal, or the upgraded connection until it ends. */
  readonly serve: (
    request: HttpServerRequest.HttpServerRequest,
    serverUuid: string,
    panelUrl: string
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse>
  /** Reconciles with the panel's state and runs everything due on the mock clock. */
  readonly sync: Effect.Effect<void>
  /** A power action, from the REST route or the socket; the error Wings would return, if any. */
  readonly power: (serverUuid: string, action: string) => Effect.Effect<string | undefined>
  /** A console command for a running server. */
  readonly command: (serverUuid: string, line: string) => Effect.Effect<void>
  /** The process state (`offline` for an unknown server). */
  readonly powerState: (serverUuid: string) => Effect.Effect<Process.PowerState>
  /** Whether a power action holds the server's power lock (`server/power.go::ExecutingPowerAction`). */
  readonly executingPowerAction: (serverUuid: string) => Effect.Effect<boolean>
  /** Control: lines the process prints. */
  readonly print: (serverUuid: string, lines: ReadonlyArray<string>) => Effect.Effect<void>
  /** Control: an error as Wings reports a failed handler, to every connection of the server. */
  readonly daemonError: (serverUuid: string, message: string) => Effect.Effect<void>
  /** Control: forces a process state. */
  readonly setState: (serverUuid: string, power: Process.PowerState) => Effect.Effect<void>
  /** Control: cuts connections without a close frame (all, or one server's); returns how many. */
  readonly drop: (serverUuid?: string) => Effect.Effect<number>
  /** `POST /api/servers/{uuid}/ws/deny`: tokens with these JTIs issued before now stop working. */
  readonly deny: (jtis: ReadonlyArray<string>) => Effect.Effect<void>
  /** Open connections (all, or one server's). */
  readonly connections: (serverUuid?: string) => Effect.Effect<number>
  /** Back to a freshly booted node: processes from the panel's state, no revocations. */
  readonly reset: Effect.Effect<void>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class Daemon extends Context.Tag("@ptero-effect/mock-panel/wings/Daemon")<Daemon, Service>() {}

/**
 * Wings' refusal of a reinstall, relayed by the panel: Wings refuses while a power action holds
 * the server's power lock (`router/router_server.go::postServerReinstall`), and
 * `ReinstallServerService.php::handle` asks Wings inside its transaction, so the refusal leaves
 * the server as it was and logs nothing.
 *
 * @since 0.1.0
 * @category reinstalls
 */
export const reinstallRefused = (serverUuid: string): Effect.Effect<void, Failure.PanelFailure> =>
  Effect.flatMap(Effect.serviceOption(Daemon), (daemon) =>
    Option.isNone(daemon)
      ? Effect.void
      : Effect.flatMap(daemon.value.executingPowerAction(serverUuid), (locked) =>
          locked ? Effect.fail(Failure.daemonError(409, WingsErrors.REINSTALL_DURING_POWER_ACTION)) : Effect.void
        )
  )

interface Connection {
  readonly id: number
  readonly serverUuid: string
  readonly out: Queue.Queue<string | Socket.CloseEvent>
  readonly limiter: Limiter
  readonly destroy: () => void
  payload: Token.Payload | undefined
  /** Listening to the server's events (after the first successful `auth`). */
  listening: boolean
  nextExpiryCheck: number
}

interface Tracked {
  process: Process.Process
  /** The power state last written to the panel's store, to notice changes made there. */
  written: Process.PowerState
  suspended: boolean
  installing: boolean
  transferring: boolean
  nextStats: number
  /** Completed backups already announced (or finished before the node started watching). */
  announcedBackups: Set<string>
}

const EXPIRY_CHECK_MS = 30_000

const mib = 1024 * 1024

/**
 * The daemon over the mock's store; its background tick runs in the given scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, never, Store | Scope.Scope> =>
  Effect.gen(function* () {
    const store = yield* Store
    const timings: Process.Timings = { bootMs: options.bootMs ?? 0, stopMs: options.stopMs ?? 0 }
    const statsInterval = options.statsIntervalMs ?? 1_000
    const logCount = options.logCount ?? 150
    const allowed = options.allowedOrigins ?? []
    const requireScope = options.requireScope ?? true

    const scope = yield* Effect.scope
    let shutdownRegistered = false
    const servers = new Map<string, Tracked>()
    const connections = new Map<number, Connection>()
    const denied = new Map<string, number>()
    // Tokens issued before Wings booted are refused; whole seconds, so that one issued in the
    // mock's first second is not (Wings boots long before a panel hands out tokens).
    let bootTime = Math.floor((yield* store.now) / 1000) * 1000
    let nextConnection = 1
    const context = (): Token.Context => ({ bootTime, denied, requireScope })

    const send = (connection: Connection, message: Message) => connection.out.unsafeOffer(encode(message))

    // `SendJson`: nothing but a `jwt error` for a connection whose token no longer holds, and the
    // permission filters of install output, backups and transfer logs.
    const deliver = (connection: Connection, message: Message, now: number) => {
      const invalid = Token.invalidity(connection.payload, connection.serverUuid, now, context())
      if (invalid !== undefined) return send(connection, { event: Outbound.jwtError, args: [invalid] })
      const payload = connection.payload!
      const can = (permission: string) => Token.hasPermission(payload, permission, context())
      if (message.event === Outbound.installOutput && !can(Permission.receiveInstall)) return
      if (message.event.startsWith(Outbound.backupCompleted) && !can(Permission.receiveBackups)) return
      if (message.event === Outbound.transferLogs && !can(Permission.receiveTransfer)) return
      send(connection, message)
    }

    // `SendErrorJson`: the error's text for JWT errors and for holders of admin.websocket.errors.
    const sendError = (connection: Connection, error: string) => {
      const jwt = isJwtError(error)
      const full =
        jwt ||
        (connection.payload !== undefined &&
          Token.hasPermission(connection.payload, Permission.receiveErrors, context()))
      send(connection, {
        event: jwt ? Outbound.jwtError : Outbound.daemonError,
        args: [errorMessage(Crypto.randomUUID(), full ? error : Errors.generic)]
      })
    }

    const publish = (serverUuid: string, events: ReadonlyArray<Process.BusEvent>, now: number) => {
      if (events.length === 0) return
      for (const connection of connections.values()) {
        if (connection.serverUuid !== serverUuid || !connection.listening) continue
        for (const event of events) deliver(connection, event, now)
      }
    }

    const serverOf = (state: State, uuid: string): Fixture.Server | undefined =>
      state.servers.find((s) => s.uuid === uuid)

    const stats = (state: State, server: Fixture.Server, tracked: Tracked, now: number): string => {
      const process = tracked.process
      const running = process.power !== "offline"
      const uptime = Process.uptime(process, now)
      const limit = server.limits.memory * mib
      // `ResourceUsage`: the environment's stats, then `state` and `disk_bytes` (server/resources.go).
      return JSON.stringify({
        memory_bytes: running ? Math.min(limit > 0 ? limit : Number.MAX_SAFE_INTEGER, 256 * mib) : 0,
        memory_limit_bytes: running ? limit : 0,
        cpu_absolute: running ? 12.5 : 0,
        network: {
          rx_bytes: running ? Math.floor(uptime / 1000) * 1024 : 0,
          tx_bytes: running ? Math.floor(uptime / 1000) * 512 : 0
        },
        uptime,
        state: process.power,
        disk_bytes: Volume.size(state.client.files[server.id] ?? [])
      })
    }

    const track = (state: State, server: Fixture.Server, now: number): Tracked => {
      const known = servers.get(server.uuid)
      if (known !== undefined) return known
      const power = state.client.power[server.id] ?? "offline"
      const tracked: Tracked = {
        process: Process.make(power, now),
        written: power,
        suspended: server.status === "suspended",
        installing: state.client.installing[server.id] !== undefined,
        transferring: server.transferring,
        nextStats: now,
        announcedBackups: new Set(
          state.client.backups.filter((b) => b.server_id === server.id && b.completed_at !== null).map((b) => b.uuid)
        )
      }
      servers.set(server.uuid, tracked)
      return tracked
    }

    // Applies an outcome to a tracked server: publishes its events and writes the power state
    // back to the store, which the REST routes read (`/resources`, the command route).
    const apply = (server: Fixture.Server, tracked: Tracked, outcome: Process.Outcome, now: number) => {
      tracked.process = outcome.process
      publish(server.uuid, outcome.events, now)
    }

    const writeBack = Effect.flatMap(Ref.get(store.state), (state) => {
      const changed: Record<number, Process.PowerState> = {}
      let any = false
      for (const server of state.servers) {
        const tracked = servers.get(server.uuid)
        if (tracked === undefined || tracked.written === tracked.process.power) continue
        tracked.written = tracked.process.power
        changed[server.id] = tracked.process.power
        any = true
      }
      return any
        ? Ref.update(store.state, (s) => ({ ...s, client: { ...s.client, power: { ...s.client.power, ...changed } } }))
        : Effect.void
    })

    const closeServer = (serverUuid: string) => {
      for (const connection of connections.values()) {
        if (connection.serverUuid !== serverUuid) continue
        connection.out.unsafeOffer(new Socket.CloseEvent(1001, "server deleted"))
      }
    }

    const syncState = (state: State, now: number) => {
      const present = new Set<string>()
      for (const server of state.servers) {
        present.add(server.uuid)
        const tracked = track(state, server, now)
        // A change made in the store (the fixture reset, a route that sets the state directly).
        const stored = state.client.power[server.id] ?? "offline"
        if (stored !== tracked.written) {
          tracked.written = stored
          apply(server, tracked, Process.force(tracked.process, stored, now), now)
        }
        apply(
          server,
          tracked,
          Process.advance({ process: tracked.process, events: [] }, now, server.name, timings),
          now
        )

        // Suspension: Wings stops a running process (`server/update.go::SyncWithConfiguration`).
        const suspended = server.status === "suspended"
        if (suspended && !tracked.suspended && tracked.process.power !== "offline") {
          publish(server.uuid, [{ event: Outbound.status, args: ["stopping"] }], now)
          apply(server, tracked, Process.force(tracked.process, "offline", now), now)
        }
        tracked.suspended = suspended
        tracked.transferring = server.transferring

        // A reinstall (`server/install.go`): the process stops, the script's output streams,
        // and the server ends offline.
        const installing = state.client.installing[server.id] !== undefined
        if (installing && !tracked.installing) {
          if (tracked.process.power !== "offline")
            apply(server, tracked, Process.power(tracked.process, "kill", server.name, now, timings), now)
          publish(
            server.uuid,
            [
              { event: Outbound.installStarted, args: [] },
              {
                event: Outbound.daemonMessage,
                args: ["Starting installation process, this could take a few minutes..."]
              },
              { event: Outbound.installOutput, args: [`Installing ${server.name}...`] }
            ],
            now
          )
        } else if (!installing && tracked.installing) {
          publish(
            server.uuid,
            [
              { event: Outbound.installOutput, args: ["Installation finished."] },
              { event: Outbound.installCompleted, args: [] }
            ],
            now
          )
        }
        tracked.installing = installing

        // Backups made through the API that finished (`server/backup.go`).
        for (const backup of state.client.backups) {
          if (backup.server_id !== server.id || backup.completed_at === null || backup.deleted_at !== null) continue
          if (!tracked.announcedBackups.has(backup.uuid)) {
            tracked.announcedBackups.add(backup.uuid)
            const checksum = backup.checksum ?? ""
            publish(
              server.uuid,
              [
                {
                  event: Outbound.backupCompleted,
                  args: [
                    JSON.stringify({
                      uuid: backup.uuid,
                      is_successful: backup.is_successful,
                      // The panel stores `type:hash`; Wings sends them apart.
                      checksum: checksum.includes(":") ? checksum.slice(checksum.indexOf(":") + 1) : checksum,
                      checksum_type: "sha1",
                      file_size: backup.bytes
                    })
                  ]
                }
              ],
              now
            )
          }
        }

        // Resource polling while the container runs; missed intervals are not made up.
        if (tracked.process.power !== "offline" && now >= tracked.nextStats) {
          publish(server.uuid, [{ event: Outbound.stats, args: [stats(state, server, tracked, now)] }], now)
          tracked.nextStats = now + statsInterval
        }
      }
      // A server gone from the panel was deleted (`router_server.go::deleteServer`).
      for (const [uuid] of servers) {
        if (present.has(uuid)) continue
        publish(uuid, [{ event: Outbound.deleted, args: ["null"] }], now)
        closeServer(uuid)
        servers.delete(uuid)
      }
      // The expiry check of each connection, every 30 s from its first `auth`; a jump of the
      // clock yields one check, as Go's ticker drops the ticks it missed.
      for (const connection of connections.values()) {
        if (!connection.listening || now < connection.nextExpiryCheck) continue
        const since = now - (connection.nextExpiryCheck - EXPIRY_CHECK_MS)
        connection.nextExpiryCheck += EXPIRY_CHECK_MS * Math.floor(since / EXPIRY_CHECK_MS)
        const exp = connection.payload?.exp
        if (exp === undefined) continue
        const left = exp - Math.floor(now / 1000)
        if (left <= 0) deliver(connection, { event: Outbound.tokenExpired }, now)
        else if (left <= 60) deliver(connection, { event: Outbound.tokenExpiring }, now)
      }
    }

    // What was last reconciled, and when something next falls due: `sync` runs after every
    // request, and most requests change nothing and reach no deadline.
    let reconciled: State | undefined
    let nextDue = Number.NEGATIVE_INFINITY
    const dueAfter = (now: number): number => {
      let due = Number.POSITIVE_INFINITY
      for (const tracked of servers.values()) {
        if (tracked.process.steps.length > 0) due = Math.min(due, tracked.process.steps[0]!.at)
        if (tracked.process.power !== "offline") due = Math.min(due, Math.max(tracked.nextStats, now))
      }
      for (const connection of connections.values()) due = Math.min(due, connection.nextExpiryCheck)
      return due
    }

    const sync = Effect.gen(function* () {
      // Wings' background work (backups ending, installs ending) is due on the same clock.
      yield* Effect.provideService(Background.settle, Store, store)
      const now = yield* store.now
      const state = yield* Ref.get(store.state)
      if (state === reconciled && now < nextDue) return
      syncState(state, now)
      yield* writeBack
      reconciled = yield* Ref.get(store.state)
      nextDue = dueAfter(now)
    })

    // Runs `f` on a server's tracked process after a sync, then writes the state back.
    const withServer = <A>(
      serverUuid: string,
      fallback: A,
      f: (server: Fixture.Server, tracked: Tracked, state: State, now: number) => A
    ) =>
      Effect.gen(function* () {
        yield* sync
        const now = yield* store.now
        const state = yield* Ref.get(store.state)
        const server = serverOf(state, serverUuid)
        if (server === undefined) return fallback
        const result = f(server, track(state, server, now), state, now)
        yield* writeBack
        // The process may have new steps: the next sync looks at everything again.
        nextDue = Number.NEGATIVE_INFINITY
        return result
      })

    const power = (serverUuid: string, action: string) =>
      withServer(serverUuid, undefined as string | undefined, (server, tracked, _state, now) => {
        // `HandlePowerAction` refuses while installing, transferring or restoring.
        if (tracked.installing) return Errors.installing
        if (tracked.transferring) return Errors.transferring
        if (server.status === "restoring_backup") return Errors.restoring
        // `onBeforeStart` refuses a suspended server.
        if (tracked.suspended && (action === "start" || action === "restart")) return Errors.suspended
        const outcome = Process.power(tracked.process, action, server.name, now, timings)
        apply(server, tracked, outcome, now)
        return outcome.error
      })

    const command = (serverUuid: string, line: string) =>
      withServer(serverUuid, undefined, (server, tracked, _state, now) => {
        if (tracked.process.power === "offline") return
        apply(server, tracked, Process.command(tracked.process, line), now)
      })

    // --- one connection -----------------------------------------------------------------

    const handle = (connection: Connection, text: string) =>
      Effect.gen(function* () {
        const message = decode(text)
        if (message === undefined) return
        const now = yield* store.now
        const state = yield* Ref.get(store.state)
        const server = serverOf(state, connection.serverUuid)
        if (server === undefined) return
        const tracked = track(state, server, now)
        // Wings 1.12 answers everything on a suspended server's socket with this error.
        if (server.status === "suspended") return sendError(connection, Errors.suspended)
        const throttle = connection.limiter.check(message.event, now)
        if (throttle.throttled) {
          if (throttle.notify) send(connection, { event: Outbound.throttled, args: [message.event] })
          return
        }
        const args = (message.args ?? []).join("")
        if (message.event !== Inbound.auth) {
          const invalid = Token.invalidity(connection.payload, connection.serverUuid, now, context())
          if (invalid !== undefined) return send(connection, { event: Outbound.jwtError, args: [invalid] })
        }
        const can = (permission: string) => Token.hasPermission(connection.payload!, permission, context())
        switch (message.event) {
          case Inbound.auth: {
            const node = state.nodes.find((n) => n.id === server.node_id)
            // Wings checks with its own key, the node's daemon token (`config.GetJwtAlgorithm`).
            const key = node === undefined ? "" : daemonToken(node).token
            const parsed = Token.parse(args, (token) => Jwt.check(token, key), now, context())
            if (parsed._tag === "Error") return sendError(connection, parsed.message)
            const fresh = connection.payload === undefined
            connection.payload = parsed.payload
            send(connection, { event: Outbound.authSuccess })
            if (!fresh) return
            connection.listening = true
            connection.nextExpiryCheck = now + EXPIRY_CHECK_MS
            nextDue = Math.min(nextDue, connection.nextExpiryCheck)
            deliver(connection, { event: Outbound.status, args: [tracked.process.power] }, now)
            if (tracked.process.power === "offline" && !tracked.installing && !tracked.transferring) {
              deliver(connection, { event: Outbound.stats, args: [stats(state, server, tracked, now)] }, now)
            }
            return
          }
          case Inbound.setState: {
            const permission = powerPermission[args]
            if (permission !== undefined && !can(permission)) return
            const error = yield* power(connection.serverUuid, args)
            if (error === Errors.powerLocked) {
              return deliver(
                connection,
                { event: Outbound.daemonError, args: [errorMessage(Crypto.randomUUID(), error)] },
                now
              )
            }
            if (error !== undefined) sendError(connection, error)
            return
          }
          case Inbound.sendLogs:
            for (const line of Process.readlog(tracked.process, logCount)) {
              deliver(connection, { event: Outbound.consoleOutput, args: [line] }, now)
            }
            return
          case Inbound.sendStats:
            return deliver(connection, { event: Outbound.stats, args: [stats(state, server, tracked, now)] }, now)
          case Inbound.sendCommand:
            if (!can(Permission.sendCommand) || tracked.process.power === "offline") return
            return yield* command(connection.serverUuid, args)
        }
      })

    // The platform creates its websocket server at the first upgrade, and that server's finalizer
    // waits for every client to leave. Added once the first socket is open, after it, ours runs
    // first and cuts the connections.
    const registerShutdown = Effect.suspend(() => {
      if (shutdownRegistered) return Effect.void
      shutdownRegistered = true
      return Scope.addFinalizer(
        scope,
        Effect.sync(() => {
          for (const connection of connections.values()) connection.destroy()
        })
      )
    })

    const serve: Service["serve"] = (request, serverUuid, panelUrl) =>
      Effect.gen(function* () {
        const state = yield* Ref.get(store.state)
        // `middleware.ServerExists` runs before the handler.
        if (serverOf(state, serverUuid) === undefined) {
          return HttpServerResponse.unsafeJson({ error: WingsErrors.SERVER_NOT_ON_INSTANCE }, { status: 404 })
        }
        // `GetHandler`'s `CheckOrigin`: the panel's URL or an allowed origin, else gorilla's 403.
        const origin = request.headers.origin ?? ""
        if (origin !== panelUrl && !allowed.some((a) => a === "*" || a === origin)) {
          return HttpServerResponse.text("Forbidden\n", { status: 403, headers: { "Sec-WebSocket-Version": "13" } })
        }
        const upgraded = yield* Effect.either(request.upgrade)
        if (upgraded._tag === "Left") return HttpServerResponse.text("Bad Request\n", { status: 400 })
        const socket = upgraded.right
        const out = yield* Queue.unbounded<string | Socket.CloseEvent>()
        const raw = NodeRequest.toIncomingMessage(request).socket
        const connection: Connection = {
          id: nextConnection++,
          serverUuid,
          out,
          limiter: new Limiter(),
          destroy: () => raw.destroy(),
          payload: undefined,
          listening: false,
          nextExpiryCheck: Number.POSITIVE_INFINITY
        }
        const inbound = yield* Queue.unbounded<string | null>()
        yield* Effect.scoped(
          Effect.gen(function* () {
            const write = yield* socket.writer
            yield* Effect.forkScoped(Effect.forever(Effect.flatMap(Queue.take(out), write)))
            const processor = yield* Effect.forkScoped(
              Effect.gen(function* () {
                while (true) {
                  const text = yield* Queue.take(inbound)
                  if (text === null) return
                  // Wings 1.12 reads at most 4096 bytes a frame and closes on a larger one.
                  if (Buffer.byteLength(text) > READ_LIMIT) {
                    out.unsafeOffer(new Socket.CloseEvent(1009, "message too big"))
                    continue
                  }
                  yield* handle(connection, text)
                }
              })
            )
            connections.set(connection.id, connection)
            yield* Effect.ensuring(
              Effect.ignore(
                socket.runRaw(
                  (data) => {
                    inbound.unsafeOffer(typeof data === "string" ? data : new TextDecoder().decode(data))
                  },
                  { onOpen: registerShutdown }
                )
              ),
              Effect.sync(() => connections.delete(connection.id))
            )
            inbound.unsafeOffer(null)
            yield* Fiber.await(processor)
          })
        ).pipe(
          Effect.interruptible,
          // Wings closes the TCP connection when its handler returns (`defer Connection.Close()`);
          // left to linger, it would hold the server's shutdown up.
          Effect.ensuring(Effect.sync(connection.destroy))
        )
        return HttpServerResponse.empty()
      })

    const reset = Effect.gen(function* () {
      servers.clear()
      denied.clear()
      reconciled = undefined
      bootTime = Math.floor((yield* store.now) / 1000) * 1000
      yield* sync
    })

    const tickMs = options.tickMs ?? 250
    if (tickMs > 0) {
      yield* Effect.forkScoped(Effect.forever(Effect.zipRight(Effect.sleep(Duration.millis(tickMs)), sync)))
    }

    return {
      serve,
      sync,
      power,
      command,
      powerState: (serverUuid) =>
        withServer(serverUuid, "offline" as Process.PowerState, (_server, tracked) => tracked.process.power),
      executingPowerAction: (serverUuid) =>
        withServer(serverUuid, false, (_server, tracked) => Process.holdsPowerLock(tracked.process)),
      print: (serverUuid, lines) =>
        withServer(serverUuid, undefined, (server, tracked, _state, now) =>
          apply(server, tracked, Process.emit(tracked.process, lines), now)
        ),
      daemonError: (serverUuid, message) =>
        Effect.sync(() => {
          for (const connection of connections.values()) {
            if (connection.serverUuid === serverUuid && connection.listening) sendError(connection, message)
          }
        }),
      setState: (serverUuid, power) =>
        withServer(serverUuid, undefined, (server, tracked, _state, now) =>
          apply(server, tracked, Process.force(tracked.process, power, now), now)
        ),
      drop: (serverUuid) =>
        Effect.sync(() => {
          let count = 0
          for (const connection of connections.values()) {
            if (serverUuid !== undefined && connection.serverUuid !== serverUuid) continue
            connection.destroy()
            count++
          }
          return count
        }),
      deny: (jtis) =>
        Effect.map(store.now, (now) => {
          for (const jti of jtis) denied.set(jti, now)
        }),
      connections: (serverUuid) =>
        Effect.sync(
          () => [...connections.values()].filter((c) => serverUuid === undefined || c.serverUuid === serverUuid).length
        ),
      reset
    }
  })

/**
 * `DaemonServerRepository::revokeUserJTI`: the panel asks the server's Wings to deny the user's
 * console tokens issued so far (their JTI is `md5(user id . server uuid)`, §12.7). Nothing when
 * no daemon is in context.
 *
 * @since 0.1.0
 * @category tokens
 */
export const revokeUser = (userId: number, serverUuid: string): Effect.Effect<void> =>
  Effect.flatMap(Effect.serviceOption(Daemon), (daemon) =>
    Option.isNone(daemon)
      ? Effect.void
      : daemon.value.deny([Crypto.createHash("md5").update(`${userId}${serverUuid}`).digest("hex")])
  )

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Daemon, never, Store> => Layer.scoped(Daemon, make(options))
