// The console over real sockets against the mock panel's Wings. The mock runs on the live clock
// and is moved with its control API; the console's own waits (backoff, pacing) run on a
// TestClock moved by the test. No assertion depends on how fast anything is.
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, layer } from "@effect/vitest"
import { ClientApi, Console } from "@ptero-effect/client-api"
import { WebSocketDialer } from "@ptero-effect/core"
import { MockPanel } from "@ptero-effect/mock-panel"
import { NodeSocket } from "@ptero-effect/node"
import {
  Cause,
  Chunk,
  Deferred,
  Duration,
  Effect,
  Fiber,
  HashMap,
  Inspectable,
  Layer,
  Logger,
  LogLevel,
  Option,
  Queue,
  Redacted,
  Stream,
  TestClock,
  TestContext,
  Tracer
} from "effect"

const Live = Layer.mergeAll(MockPanel.layer(), FetchHttpClient.layer, NodeSocket.layer)

const SURVIVAL = "1a2b3c01" // alice's, running; bob is a subuser with console and start only
const ADMIN_LAB = "1a2b3c04" // the admin's, offline

type KeyName = "rootClient" | "userClient" | "subuserClient"

const api = (name: KeyName) =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    return yield* ClientApi.make({ url: panel.url, credentials: panel.keys[name] })
  })

// A console whose events are collected in the background, so that the test can wait for the
// next event of a kind without a second consumer of `events`.
const open = (name: KeyName, server: string, options?: Console.Options) =>
  Effect.gen(function* () {
    const client = yield* api(name)
    const console = yield* client.console(server, options)
    const queue = yield* Queue.unbounded<Console.ConsoleEvent>()
    const seen: Array<Console.ConsoleEvent> = []
    const ended = yield* Deferred.make<Console.ConsoleError | undefined>()
    yield* Effect.forkScoped(
      console.events.pipe(
        Stream.runForEach((event) =>
          Effect.sync(() => seen.push(event)).pipe(Effect.zipRight(Queue.offer(queue, event)))
        ),
        Effect.matchEffect({
          onSuccess: () => Deferred.succeed(ended, undefined),
          onFailure: (error) => Deferred.succeed(ended, error)
        })
      )
    )
    const next = <T extends Console.ConsoleEvent["_tag"]>(
      tag: T,
      where: (event: Extract<Console.ConsoleEvent, { _tag: T }>) => boolean = () => true
    ): Effect.Effect<Extract<Console.ConsoleEvent, { _tag: T }>> =>
      Effect.flatMap(Queue.take(queue), (event) =>
        event._tag === tag && where(event as Extract<Console.ConsoleEvent, { _tag: T }>)
          ? Effect.succeed(event as Extract<Console.ConsoleEvent, { _tag: T }>)
          : next(tag, where)
      )
    return { client, console, next, seen, ended }
  })

// Moves the console's TestClock on while waiting for `effect`, which needs real sockets too;
// with `alongside`, the mock's clock moves as much, as a real node's would.
const whileTicking = <A, E, R>(effect: Effect.Effect<A, E, R>, alongside?: MockPanel.Service) =>
  Effect.gen(function* () {
    const fiber = yield* Effect.fork(effect)
    while (Option.isNone(yield* Fiber.poll(fiber))) {
      // The node's clock first: what the console sends when its clock moves must find it moved.
      if (alongside !== undefined) yield* alongside.control.advanceClock(Duration.seconds(1))
      yield* TestClock.adjust("1 second")
      yield* Effect.promise(() => new Promise((resolve) => setTimeout(resolve, 10)))
    }
    return yield* Fiber.join(fiber)
  })

// A write through the Application API with the fixture's root application key.
const application = (method: string, path: string) =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    const response = yield* Effect.promise(() =>
      fetch(`${panel.url}/api/application${path}`, {
        method,
        headers: { Authorization: `Bearer ${Redacted.value(panel.keys.rootApplication)}`, Accept: "application/json" }
      })
    )
    expect(response.status).toBeLessThan(300)
  })

// A tracer that records every span's name, attributes and events as text.
const recordingTracer = (out: Array<string>): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const record: Array<string> = [name]
      out.push(name)
      const span: Tracer.Span = {
        _tag: "Span",
        name,
        spanId: Math.random().toString(16).slice(2),
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: new Map(),
        links,
        sampled: true,
        kind,
        end: () => {
          out.push(record.join(" "))
        },
        attribute: (key, value) => {
          record.push(`${key}=${String(value)}`)
        },
        event: (eventName, _time, attributes) => {
          record.push(`${eventName} ${JSON.stringify(attributes ?? {})}`)
        },
        addLinks: () => undefined
      }
      return span
    },
    context: (f) => f()
  })

const lines = (seen: ReadonlyArray<Console.ConsoleEvent>) => seen.filter(Console.isOutput).map((event) => event.line)

layer(Live, { excludeTestServices: true })("Console against the mock's Wings", (it) => {
  const test = (name: string, body: () => Effect.Effect<void, unknown, any>) =>
    it.effect(name, () =>
      Effect.zipRight(MockPanel.reset, Effect.scoped(body()).pipe(Effect.provide(TestContext.TestContext)))
    )

  describe("connecting", () => {
    test("authenticates with Origin set to the panel URL, reports the state and replays the console", () =>
      Effect.gen(function* () {
        const { console, next } = yield* open("userClient", SURVIVAL)
        expect(yield* next("Connected")).toEqual(Console.ConsoleEvent.Connected({ reconnected: false }))
        expect((yield* next("Status")).state).toBe("running")
        expect(Option.getOrUndefined(yield* console.state)).toBe("running")
        expect(yield* console.permissions).toEqual(["*"])
      }))

    test("a foreign Origin is refused at the upgrade: OriginRefused, no retry loop", () =>
      Effect.gen(function* () {
        const client = yield* api("userClient")
        const error = yield* Effect.flip(client.console(SURVIVAL, { origin: "http://evil.test" }))
        expect(error._tag).toBe("OriginRefused")
        if (error._tag === "OriginRefused") {
          expect(error.status).toBe(403)
          expect(error.origin).toBe("http://evil.test")
        }
      }))

    test("a dialer that cannot send headers gets OriginRefused saying so", () =>
      Effect.gen(function* () {
        const client = yield* api("userClient")
        const headerless = WebSocketDialer.fromConstructor((url, protocols) =>
          NodeSocket.make().open(url, { headers: {}, protocols })
        )
        const error = yield* Effect.flip(
          client.console(SURVIVAL).pipe(Effect.provideService(WebSocketDialer.WebSocketDialer, headerless))
        )
        expect(error._tag).toBe("OriginRefused")
        expect(error.message).toContain("cannot send an Origin header")
      }))

    test("without websocket.connect or visibility the panel's refusal ends it at once", () =>
      Effect.gen(function* () {
        const client = yield* api("userClient")
        const error = yield* Effect.flip(client.console(ADMIN_LAB))
        expect(error._tag).toBe("ServerNotFound")
      }))
  })

  describe("actions and permissions", () => {
    test("a command is sent and its echo comes back as a console line", () =>
      Effect.gen(function* () {
        const { console, next } = yield* open("userClient", SURVIVAL)
        yield* next("Status")
        yield* console.command("say hello")
        expect((yield* next("Output", (e) => e.line.includes("say hello"))).line).toBe("> say hello")
      }))

    test("power without its permission fails before sending; Wings would have dropped it", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const { console, next } = yield* open("subuserClient", SURVIVAL)
        yield* next("Status")
        const denied = yield* Effect.flip(console.power("stop"))
        expect(denied._tag).toBe("ActionNotPermitted")
        if (denied._tag === "ActionNotPermitted") expect(denied.permission).toBe("control.stop")
        const killed = yield* Effect.flip(console.power("kill"))
        expect(killed._tag).toBe("ActionNotPermitted")
        // bob may start, and start is refused for a running server with a generic daemon error.
        yield* console.power("start")
        expect((yield* next("DaemonError")).message).toMatch(/an unexpected error/)
        expect(yield* panel.control.wings.state(SURVIVAL)).toBe("running")
      }))

    test("a command while offline fails with ServerOffline instead of vanishing", () =>
      Effect.gen(function* () {
        const { console, next } = yield* open("userClient", SURVIVAL)
        yield* next("Status", (e) => e.state === "running")
        yield* console.power("kill")
        yield* next("Status", (e) => e.state === "offline")
        const error = yield* Effect.flip(console.command("say hi"))
        expect(error._tag).toBe("ServerOffline")
        yield* console.power("start")
        yield* next("Status", (e) => e.state === "running")
        yield* console.command("say hi")
        yield* next("Output", (e) => e.line === "> say hi")
      }))

    test("requestStats answers with decoded stats; requestLogs replays the log", () =>
      Effect.gen(function* () {
        const { console, next } = yield* open("userClient", SURVIVAL)
        yield* next("Status")
        yield* console.requestStats
        const stats = (yield* next("Stats")).stats
        expect(stats.state).toBe("running")
        expect(stats.memory_limit_bytes).toBe(2048 * 1024 * 1024)
        yield* console.command("say once")
        yield* next("Output", (e) => e.line === "> say once")
        yield* console.requestLogs
        yield* next("Output", (e) => e.line === "> say once")
      }))

    test("install output and full daemon errors reach the root admin only; the owner sees install started", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const admin = yield* open("rootClient", SURVIVAL)
        const owner = yield* open("userClient", SURVIVAL)
        yield* admin.next("Status")
        yield* owner.next("Status")
        const alice = yield* api("userClient")
        yield* alice.settings.reinstall(SURVIVAL)
        expect((yield* admin.next("InstallOutput")).line).toContain("Installing")
        yield* owner.next("InstallStarted")
        yield* panel.control.wings.daemonError(SURVIVAL, "disk quota exceeded")
        expect((yield* admin.next("DaemonError")).message).toMatch(/disk quota exceeded$/)
        expect((yield* owner.next("DaemonError")).message).toMatch(/an unexpected error/)
        expect(owner.seen.some((e) => e._tag === "InstallOutput")).toBe(false)
      }))

    test("backup completed reaches backup.read holders only, with the backup's uuid", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const owner = yield* open("userClient", SURVIVAL)
        const bob = yield* open("subuserClient", SURVIVAL)
        yield* owner.next("Status")
        yield* bob.next("Status")
        const alice = yield* api("userClient")
        const backup = yield* alice.backups.create(SURVIVAL, { name: "console test" })
        yield* panel.control.advanceClock(Duration.minutes(5))
        const done = yield* owner.next("BackupCompleted")
        expect(done.backup.uuid).toBe(backup.uuid)
        expect(done.backup.is_successful).toBe(true)
        // A marker after the backup: bob gets it, and no backup event before it.
        yield* panel.control.wings.print(SURVIVAL, ["marker"])
        yield* bob.next("Output", (e) => e.line === "marker")
        expect(bob.seen.some((e) => e._tag === "BackupCompleted")).toBe(false)
      }))
  })

  describe("staying connected", () => {
    test("the token is refreshed on the same socket when the mock's clock nears its expiry", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const { next, seen } = yield* open("userClient", SURVIVAL)
        yield* next("Connected")
        yield* panel.control.advanceClock(Duration.seconds(9 * 60 + 15))
        yield* whileTicking(next("TokenRefreshed"))
        yield* panel.control.advanceClock(Duration.seconds(9 * 60 + 15))
        yield* whileTicking(next("TokenRefreshed"))
        expect(seen.filter((e) => e._tag === "Connected")).toHaveLength(1)
        expect(seen.some((e) => e._tag === "Disconnected")).toBe(false)
        expect(yield* panel.control.wings.connections(SURVIVAL)).toBe(1)
      }))

    test("after the mock drops the connection it reconnects, and replayed lines are not repeated", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const { next, seen } = yield* open("userClient", SURVIVAL)
        yield* next("Status")
        yield* panel.control.wings.print(SURVIVAL, ["before 1", "before 2"])
        yield* next("Output", (e) => e.line === "before 2")
        expect(yield* panel.control.wings.drop(SURVIVAL)).toBe(1)
        yield* next("Disconnected")
        yield* panel.control.wings.print(SURVIVAL, ["while away"])
        expect((yield* whileTicking(next("Connected"))).reconnected).toBe(true)
        yield* next("Output", (e) => e.line === "while away")
        yield* panel.control.wings.print(SURVIVAL, ["after"])
        yield* next("Output", (e) => e.line === "after")
        const all = lines(seen)
        expect(all.filter((l) => l === "before 1")).toHaveLength(1)
        expect(all.filter((l) => l === "before 2")).toHaveLength(1)
        expect(all.filter((l) => l === "while away")).toHaveLength(1)
      }))

    test("commands beyond Wings' limit are paced, not dropped: no throttled event, every echo arrives", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const { console, next, seen } = yield* open("userClient", SURVIVAL)
        yield* next("Status")
        const sends = yield* Effect.fork(
          Effect.forEach(Chunk.range(1, 15), (i) => console.command(`say ${i}`), { concurrency: "unbounded" })
        )
        const echo = next("Output", (e) => /^> say \d+$/.test(e.line))
        // The burst of ten goes at once; the node has seen it before either clock moves.
        for (let i = 0; i < 10; i++) yield* echo
        yield* whileTicking(Fiber.join(sends), panel)
        // The other five arrive (in any order: the fifteen calls raced to the queue).
        for (let i = 0; i < 5; i++) yield* echo
        const echoes = () => lines(seen).filter((l) => /^> say \d+$/.test(l))
        expect(new Set(echoes())).toEqual(new Set(Array.from({ length: 15 }, (_, i) => `> say ${i + 1}`)))
        expect(seen.some((e) => e._tag === "Throttled")).toBe(false)
      }))
  })

  describe("secrets", () => {
    test("no token in any log line, span or error of a session with a refresh, a reconnect and a refusal", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const logs: Array<string> = []
        const spans: Array<string> = []
        const logger = Logger.make(({ annotations, cause, message }) =>
          logs.push(
            JSON.stringify({ message, annotations: HashMap.toEntries(annotations), cause: Cause.pretty(cause) })
          )
        )
        const tracer = recordingTracer(spans)
        const errors: Array<unknown> = []
        yield* Effect.gen(function* () {
          const { next } = yield* open("userClient", SURVIVAL)
          yield* next("Status")
          yield* panel.control.advanceClock(Duration.seconds(9 * 60 + 15))
          yield* whileTicking(next("TokenRefreshed"))
          yield* panel.control.wings.drop(SURVIVAL)
          yield* whileTicking(next("Connected", (e) => e.reconnected))
          const client = yield* api("userClient")
          errors.push(yield* Effect.flip(client.console(SURVIVAL, { origin: "http://evil.test" })))
        }).pipe(
          Effect.withTracer(tracer),
          Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
          Logger.withMinimumLogLevel(LogLevel.All)
        )
        expect(logs.length).toBeGreaterThan(0)
        expect(spans.some((s) => s.includes("Console.refresh"))).toBe(true)
        for (const text of [
          ...logs,
          ...spans,
          ...errors.map((e) => `${JSON.stringify(e)} ${String(e)} ${Inspectable.format(e)}`)
        ]) {
          // Every token is a JWT, and every JWT starts with the encoded `{"`: "eyJ".
          expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/)
        }
      }))
  })

  describe("what cannot heal", () => {
    test("deleting the server through the Application API ends the console with ServerDeleted", () =>
      Effect.gen(function* () {
        const { ended, next } = yield* open("rootClient", ADMIN_LAB)
        yield* next("Status")
        yield* application("DELETE", "/servers/4")
        expect((yield* Deferred.await(ended))?._tag).toBe("ServerDeleted")
      }))

    test("suspending the server ends the console with ServerSuspended", () =>
      Effect.gen(function* () {
        const { console, ended, next } = yield* open("userClient", SURVIVAL)
        yield* next("Status")
        yield* application("POST", "/servers/1/suspend")
        yield* console.requestStats.pipe(Effect.ignore)
        const error = yield* whileTicking(Deferred.await(ended))
        expect(error?._tag).toBe("ServerSuspended")
        const after = yield* Effect.flip(console.command("say hi"))
        expect(after._tag).toBe("ServerSuspended")
      }))
  })
})
