/**
 * Starting the mock panel: `layer(options)` for Effect tests, `start(options)` for plain
 * Promise-based test suites. Both listen on 127.0.0.1, port 0 unless told otherwise.
 *
 * @since 0.1.0
 */
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import type * as HttpServerError from "@effect/platform/HttpServerError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import * as Control from "./Control.js"
import * as Daemon from "./wings/websocket/Daemon.js"
import type * as Process from "./wings/websocket/Process.js"
import * as Fixture from "./state/Fixture.js"
import * as App from "./http/App.js"
import * as RateLimiter from "./http/RateLimiter.js"
import * as Store from "./state/Store.js"

/**
 * How to start the panel.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** A fixture object or a path to a fixture file; the default fixture otherwise. */
  readonly fixture?: Fixture.Fixture | string
  readonly profile?: Store.Profile
  readonly host?: string
  readonly port?: number
  readonly clientRateLimit?: number
  readonly applicationRateLimit?: number
  /** Largest accepted request body in bytes (default 1 MiB; above it: 413). */
  readonly maxBodyBytes?: number
  /**
   * Milliseconds a client has to send a whole request, headers and body (default 30 000); a slower
   * client gets Node's 408 and its connection closed.
   */
  readonly requestTimeout?: number
  /** `APP_URL`: where 401s without a JSON `Accept` redirect to, and the base of links. */
  readonly appUrl?: string
  /**
   * The simulated Wings behind the console websocket (§12): process timings on the mock clock,
   * `allowedOrigins` (Wings' `allowed_origins`), whether tokens need the 1.12 `scope`.
   */
  readonly wings?: Daemon.Options
  /**
   * A token that `/__mock/` requests must send in `X-Mock-Control-Token`. On a host other than
   * loopback one is generated when none is given (see `Service.controlToken`), so that whoever
   * can reach the panel cannot also reset it, read its journal or move its clock.
   */
  readonly controlToken?: string
  /** Serve the control API without a token on a non-loopback host: an explicit, unsafe choice. */
  readonly unsafeOpenControl?: boolean
}

/**
 * The keys of the default fixture, by stable name.
 *
 * @since 0.1.0
 * @category models
 */
export type DefaultKeyName =
  | "rootClient"
  | "rootApplication"
  | "readOnlyApplication"
  | "writeOnlyApplication"
  | "noRightsApplication"
  | "userClient"
  | "ipRestrictedClient"
  | "legacy"
  | "expired"
  | "subuserClient"

/**
 * Bearer values by name, each `Redacted`. The named properties exist for the default fixture;
 * a custom fixture's keys appear under their own `name`.
 *
 * @since 0.1.0
 * @category models
 */
export type Keys = { readonly [K in DefaultKeyName]: Redacted.Redacted<string> } & {
  readonly [name: string]: Redacted.Redacted<string> | undefined
}

/**
 * A running panel.
 *
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `http://127.0.0.1:<port>`, no trailing slash: a URL for clients on this machine. */
  readonly url: string
  /** The address actually bound, as a URL (`http://0.0.0.0:8080` listens on every interface). */
  readonly listening: string
  /** Whether that address takes connections from other machines. */
  readonly exposed: boolean
  /** The token the control API requires, if it requires one. */
  readonly controlToken: Redacted.Redacted<string> | undefined
  readonly keys: Keys
  readonly control: Control.Service
  readonly fixture: Fixture.Fixture
}

/**
 * @since 0.1.0
 * @category tags
 */
export class MockPanel extends Context.Tag("@ptero-effect/mock-panel/MockPanel")<MockPanel, Service>() {}

/**
 * Why the panel did not start: a bad fixture or a listen failure (port in use, bad host).
 *
 * @since 0.1.0
 * @category errors
 */
export type StartError = Fixture.FixtureError | HttpServerError.ServeError

/**
 * The fixture's keys by name.
 *
 * @since 0.1.0
 * @category keys
 */
export const keysOf = (fixture: Fixture.Fixture): Keys => {
  const out: Record<string, Redacted.Redacted<string>> = {}
  for (const key of fixture.api_keys) {
    if (key.name !== undefined) out[key.name] = Redacted.make(key.identifier + key.secret)
  }
  return out as Keys
}

const loadFixture = (fixture: Options["fixture"]): Effect.Effect<Fixture.Fixture, Fixture.FixtureError> =>
  fixture === undefined
    ? Fixture.loadDefault
    : typeof fixture === "string"
      ? Fixture.load(fixture)
      : Fixture.decode(fixture)

/**
 * The token the control API will require: the one given; on a host other than loopback, a new
 * random one unless `unsafeOpenControl`; otherwise none.
 *
 * @since 0.1.0
 * @category access
 */
export const controlTokenFor = (
  host: string,
  options: Pick<Options, "controlToken" | "unsafeOpenControl">
): Redacted.Redacted<string> | undefined =>
  options.controlToken !== undefined
    ? Redacted.make(options.controlToken)
    : !Control.isLoopback(host) && options.unsafeOpenControl !== true
      ? Redacted.make(Crypto.randomBytes(24).toString("base64url"))
      : undefined

/**
 * Starts the panel in the current scope; it stops when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, StartError, Scope.Scope> =>
  Effect.gen(function* () {
    const fixture = yield* loadFixture(options.fixture)
    const host = options.host ?? "127.0.0.1"
    const exposed = !Control.isLoopback(host)
    const controlToken = controlTokenFor(host, options)
    const store = yield* Store.make(fixture, {
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.clientRateLimit === undefined ? {} : { clientRateLimit: options.clientRateLimit }),
      ...(options.applicationRateLimit === undefined ? {} : { applicationRateLimit: options.applicationRateLimit }),
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
      ...(options.appUrl === undefined ? {} : { appUrl: options.appUrl }),
      ...(controlToken === undefined ? {} : { controlToken })
    })
    const limiter = yield* Effect.provideService(RateLimiter.make, Store.Store, store)
    const daemon = yield* Effect.provideService(Daemon.make(options.wings), Store.Store, store)
    const control = yield* Control.make.pipe(
      Effect.provideService(Store.Store, store),
      Effect.provideService(RateLimiter.RateLimiter, limiter),
      Effect.provideService(Daemon.Daemon, daemon)
    )
    // Node's default header limit (16 KiB) answers 431 to huge headers before we see them.
    const requestTimeout = options.requestTimeout ?? 30_000
    const nodeServer = Http.createServer({
      requestTimeout,
      headersTimeout: requestTimeout,
      // Node checks the deadlines every 30 s by default, so a slow client could hold a
      // connection twice as long as allowed.
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeout / 4)))
    })
    const server = yield* NodeHttpServer.make(() => nodeServer, { host, port: options.port ?? 0 })
    // Runs before the server's own close: idle keep-alive sockets must not hold shutdown up.
    yield* Effect.addFinalizer(() => Effect.sync(() => nodeServer.closeAllConnections()))
    yield* server.serve(App.app).pipe(
      // The platform opens a span per request with the URL and headers as attributes; the mock
      // keeps its own journal instead, and the span cost a third of the request time.
      Effect.locally(HttpMiddleware.currentTracerDisabledWhen, () => true),
      // Provided once to the server, whose handler runs every request in the context it was
      // started with, rather than to the app, which would provide them again per request.
      Effect.provideService(Store.Store, store),
      Effect.provideService(RateLimiter.RateLimiter, limiter),
      Effect.provideService(Control.Control, control),
      Effect.provideService(Daemon.Daemon, daemon)
    )
    const address = server.address
    const port = address._tag === "TcpAddress" ? address.port : 0
    const bound = address._tag === "TcpAddress" ? address.hostname : host
    const bracketed = (name: string) => (name.includes(":") ? `[${name}]` : name)
    const local = bound === "0.0.0.0" ? "127.0.0.1" : bound === "::" ? "::1" : bound
    return {
      url: `http://${bracketed(local)}:${port}`,
      listening: `http://${bracketed(bound)}:${port}`,
      exposed,
      controlToken,
      keys: keysOf(fixture),
      control,
      fixture
    }
  })

/**
 * The panel as a test Layer. Under `@effect/vitest`, use it with
 * `layer(MockPanel.layer(), { excludeTestServices: true })` or `it.live`, since real sockets
 * need real time.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<MockPanel, StartError> =>
  Layer.scoped(MockPanel, make(options))

/**
 * Back to the fixture: state, mock clock, rate-limit windows, faults and journal as at the start.
 * What each test starts from when the tests of a file share one panel.
 *
 * @since 0.1.0
 * @category testing
 */
export const reset: Effect.Effect<void, never, MockPanel> = Effect.flatMap(MockPanel, (panel) => panel.control.reset)

/**
 * The bearer value of the fixture's key called `name`; dies naming it when the fixture has none.
 *
 * @since 0.1.0
 * @category testing
 */
export const key = (name: string): Effect.Effect<Redacted.Redacted<string>, never, MockPanel> =>
  Effect.flatMap(MockPanel, (panel) => {
    const value = panel.keys[name]
    return value === undefined ? Effect.dieMessage(`the fixture has no key named ${name}`) : Effect.succeed(value)
  })

/**
 * The `effect` of a test API such as `@effect/vitest`'s: a name and a test body.
 *
 * @since 0.1.0
 * @category testing
 */
export type EffectTests = (
  name: string,
  self: (...args: Array<any>) => Effect.Effect<any, any, any>,
  timeout?: any
) => void

/**
 * The same test API, with every `it.effect` test starting from `reset`. For the tests of a file
 * that share one panel through `@effect/vitest`'s `layer(MockPanel.layer(), …)`:
 * `layer(…)("…", (it) => { const { effect } = MockPanel.resetEach(it) … })`, or pass the
 * result on as `it`.
 *
 * @since 0.1.0
 * @category testing
 */
export const resetEach = <It extends { readonly effect: EffectTests }>(it: It): It => {
  const effect = it.effect
  const resetting: EffectTests = (name, self, timeout) =>
    effect(name, (...args) => Effect.zipRight(reset, self(...args)), timeout)
  return { ...it, effect: Object.assign(resetting, effect) }
}

/**
 * A running panel for Promise users.
 *
 * @since 0.1.0
 * @category models
 */
export interface Started {
  readonly url: string
  readonly keys: Keys
  /** The bearer values as plain strings, for clients that need a string. */
  readonly plainKeys: Readonly<Record<string, string>>
  readonly control: {
    readonly reset: () => Promise<void>
    readonly journal: () => Promise<ReadonlyArray<Control.JournalEntry>>
    readonly injectFault: (fault: Control.FaultInput) => Promise<Control.Fault>
    readonly clearFaults: () => Promise<void>
    readonly advanceClock: (seconds: number) => Promise<void>
    readonly setClock: (at: Date | number | string) => Promise<void>
    /** The mock's Wings: push console lines and errors, force states, cut sockets (§12). */
    readonly wings: {
      readonly print: (server: string, lines: ReadonlyArray<string>) => Promise<void>
      readonly daemonError: (server: string, message: string) => Promise<void>
      readonly setState: (server: string, state: Process.PowerState) => Promise<void>
      readonly state: (server: string) => Promise<Process.PowerState>
      readonly drop: (server?: string) => Promise<number>
      readonly connections: (server?: string) => Promise<number>
    }
  }
  readonly close: () => Promise<void>
}

/**
 * Starts the panel and resolves once it listens.
 *
 * @since 0.1.0
 * @category constructors
 */
export const start = async (options: Options = {}): Promise<Started> => {
  const scope = Effect.runSync(Scope.make())
  const exit = await Effect.runPromiseExit(Scope.extend(make(options), scope))
  if (Exit.isFailure(exit)) {
    await Effect.runPromise(Scope.close(scope, exit))
    throw new Error(
      Exit.match(exit, {
        onFailure: (cause) => {
          const failure = cause._tag === "Fail" ? cause.error : undefined
          return failure === undefined ? "mock-panel failed to start" : startErrorMessage(failure)
        },
        onSuccess: () => ""
      })
    )
  }
  const panel = exit.value
  // A control call that fails (a clock outside its range) rejects with its message.
  const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
  let closed = false
  return {
    url: panel.url,
    keys: panel.keys,
    plainKeys: Object.fromEntries(
      Object.entries(panel.keys).flatMap(([name, value]) =>
        value === undefined ? [] : [[name, Redacted.value(value)]]
      )
    ),
    control: {
      reset: () => run(panel.control.reset),
      journal: () => run(panel.control.journal),
      injectFault: (fault) => run(panel.control.injectFault(fault)),
      clearFaults: () => run(panel.control.clearFaults),
      advanceClock: (seconds) => run(panel.control.advanceClock(Duration.seconds(seconds))),
      setClock: (at) => run(panel.control.setClock(at)),
      wings: {
        print: (server, lines) => run(panel.control.wings.print(server, lines)),
        daemonError: (server, message) => run(panel.control.wings.daemonError(server, message)),
        setState: (server, state) => run(panel.control.wings.setState(server, state)),
        state: (server) => run(panel.control.wings.state(server)),
        drop: (server) => run(panel.control.wings.drop(server)),
        connections: (server) => run(panel.control.wings.connections(server))
      }
    },
    close: async () => {
      if (closed) return
      closed = true
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}

/**
 * A one-line description of a start failure.
 *
 * @since 0.1.0
 * @category errors
 */
export const startErrorMessage = (error: StartError): string => {
  if (error._tag === "FixtureError") return `invalid fixture ${error.message}`
  const cause = error.cause as NodeJS.ErrnoException | undefined
  if (cause?.code === "EADDRINUSE") return `address already in use (${/(\S+:\d+)$/.exec(cause.message)?.[1] ?? "port"})`
  if (cause?.code === "EADDRNOTAVAIL" || cause?.code === "ENOTFOUND")
    return `cannot listen on that host (${cause.code})`
  if (cause?.code === "EACCES") return `permission denied to listen on that port`
  return `cannot listen: ${cause?.message ?? String(error.cause)}`
}
