/**
 * Test control: reset to the fixture, the request journal, fault injection and the mock clock.
 * In-process users call the service; anyone else uses the HTTP endpoints under `/__mock/`, a
 * prefix the real panel never serves. Nothing here ever returns a secret.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import * as ApiKey from "@ptero-effect/core/ApiKey"
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Ref from "effect/Ref"
import { encodeCompact } from "./laravel/Json.js"
import { decodeComponent } from "./laravel/QueryString.js"
import { RateLimiter } from "./http/RateLimiter.js"
import type { WireResponse } from "./http/Failure.js"
import * as Fixture from "./state/Fixture.js"
import { iso, isoOf, type State, Store } from "./state/Store.js"
import type { PowerState } from "./wings/websocket/Process.js"
import { Daemon } from "./wings/websocket/Daemon.js"

/**
 * One handled request. `key` is the identifier of a stored key the request presented, never
 * any other part of the bearer value; in `path` and `query`, anything shaped like a key or a
 * secret and the values of parameters such as `api_key`, `token` or `signature` read `<redacted>`.
 *
 * @since 0.1.0
 * @category models
 */
export interface JournalEntry {
  readonly time: string
  readonly method: string
  readonly path: string
  readonly query: string
  readonly status: number
  readonly key: string | null
  readonly route: string | null
}

/**
 * What to do to matching requests. `path` is a glob where `*` matches any characters;
 * `method` (optional) an HTTP method. `times` counts down to zero.
 *
 * - `status`: answer a panel-shaped error with this status (and optional `code`/`detail`);
 * - `rate-limit`: answer the 429 of §5 with `Retry-After: retry_after` (default 60);
 * - `drop`: destroy the connection without a response;
 * - `drop-after`: handle the request normally (its changes to the state apply, the journal shows
 *   the status it would have answered), then destroy the connection instead of responding: the
 *   client cannot tell whether a write happened;
 * - `delay`: wait `delay_ms`, then handle the request normally.
 *
 * `delay_ms` also applies before `status`, `rate-limit`, `drop` and `drop-after`.
 *
 * @since 0.1.0
 * @category models
 */
export interface FaultInput {
  readonly path: string
  readonly method?: string
  readonly times?: number
  readonly kind: "status" | "rate-limit" | "drop" | "drop-after" | "delay"
  readonly status?: number
  readonly code?: string
  readonly detail?: string
  readonly delay_ms?: number
  readonly retry_after?: number
}

/**
 * A registered fault.
 *
 * @since 0.1.0
 * @category models
 */
export interface Fault extends FaultInput {
  readonly id: number
  readonly remaining: number
}

/**
 * A key as the control API shows it: no secret.
 *
 * @since 0.1.0
 * @category models
 */
export interface KeyView {
  readonly name: string | null
  readonly identifier: string
  readonly user_id: number
  readonly key_type: number
  readonly allowed_ips: ReadonlyArray<string> | null
  readonly last_used_at: string | null
  readonly expires_at: string | null
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** State, clock, rate-limit windows, faults and journal back to the start. */
  readonly reset: Effect.Effect<void>
  /**
   * Validates `fixture` (any JSON value) and, if it is good, makes it the panel's fixture: what
   * the panel holds now and returns to on every later `reset` (then reset as above). A bad one
   * fails with the JSON path and what was expected, and changes nothing.
   */
  readonly loadFixture: (fixture: unknown) => Effect.Effect<void, Fixture.FixtureError>
  readonly journal: Effect.Effect<ReadonlyArray<JournalEntry>>
  readonly clearJournal: Effect.Effect<void>
  readonly record: (entry: JournalEntry) => Effect.Effect<void>
  readonly injectFault: (fault: FaultInput) => Effect.Effect<Fault>
  readonly faults: Effect.Effect<ReadonlyArray<Fault>>
  readonly clearFaults: Effect.Effect<void>
  /** Takes one use of the first fault matching the request, if any. */
  readonly takeFault: (method: string, path: string) => Effect.Effect<Fault | undefined>
  /** Fails, leaving the clock as it was, when the time would leave `CLOCK_RANGE`. */
  readonly advanceClock: (by: Duration.DurationInput) => Effect.Effect<void, InvalidControlInput>
  /** Fails, leaving the clock as it was, for a time that is not a date or is outside `CLOCK_RANGE`. */
  readonly setClock: (at: Date | number | string) => Effect.Effect<void, InvalidControlInput>
  readonly now: Effect.Effect<Date>
  readonly keys: Effect.Effect<ReadonlyArray<KeyView>>
  /** Wings' side of every server: its console sockets and its simulated process (§12). */
  readonly wings: WingsControl
}

/**
 * Control of the mock's Wings. A `server` is its UUID or 8-character identifier; an unknown one
 * is a `NoSuchServer` failure.
 *
 * @since 0.1.0
 * @category models
 */
export interface WingsControl {
  /** Lines the server's process prints: on every console socket, and in what `send logs` replays. */
  readonly print: (server: string, lines: ReadonlyArray<string>) => Effect.Effect<void, NoSuchServer>
  /** A `daemon error` as Wings sends for a failed action, to every authenticated socket of the server. */
  readonly daemonError: (server: string, message: string) => Effect.Effect<void, NoSuchServer>
  /** Forces the process state (a `status` event if it changed). */
  readonly setState: (server: string, state: PowerState) => Effect.Effect<void, NoSuchServer>
  /** The process state. */
  readonly state: (server: string) => Effect.Effect<PowerState, NoSuchServer>
  /** Cuts the console sockets (all, or one server's) without a close frame; how many were cut. */
  readonly drop: (server?: string) => Effect.Effect<number, NoSuchServer>
  /** Open console sockets (all, or one server's). */
  readonly connections: (server?: string) => Effect.Effect<number, NoSuchServer>
  /** Every server's process state and open console sockets. */
  readonly overview: Effect.Effect<
    ReadonlyArray<{
      readonly uuid: string
      readonly identifier: string
      readonly state: PowerState
      readonly connections: number
    }>
  >
}

/**
 * A control call named a server the mock does not have.
 *
 * @since 0.1.0
 * @category errors
 */
export class NoSuchServer extends Data.TaggedError("NoSuchServer")<{ readonly server: string }> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return `no server ${this.server}`
  }
}

const uuidOf = (state: State, server: string): string | undefined =>
  state.servers.find((s) => s.uuid === server || s.uuid.slice(0, 8) === server)?.uuid

/**
 * @since 0.1.0
 * @category tags
 */
export class Control extends Context.Tag("@ptero-effect/mock-panel/Control")<Control, Service>() {}

const JOURNAL_LIMIT = 10_000

// The journal keeps the last JOURNAL_LIMIT entries. It is written on every request, so it is a
// ring buffer: copying the whole array per request made the journal the mock's largest cost
// (and its garbage) under load.
const makeJournal = () => {
  let entries: Array<JournalEntry> = []
  let start = 0
  return {
    add: (entry: JournalEntry) =>
      Effect.sync(() => {
        if (entries.length < JOURNAL_LIMIT) entries.push(entry)
        else {
          entries[start] = entry
          start = (start + 1) % JOURNAL_LIMIT
        }
      }),
    read: Effect.sync((): ReadonlyArray<JournalEntry> => [...entries.slice(start), ...entries.slice(0, start)]),
    clear: Effect.sync(() => {
      entries = []
      start = 0
    })
  }
}

/**
 * The header that carries the control token, when the panel has one.
 *
 * @since 0.1.0
 * @category access
 */
export const TOKEN_HEADER = "x-mock-control-token"

const digest = (text: string) => Crypto.createHash("sha256").update(text).digest()

/**
 * Whether a control request may proceed: always without a token; with one, only when the same
 * token was sent (compared in constant time, whatever its length).
 *
 * @since 0.1.0
 * @category access
 */
export const authorized = (expected: Redacted.Redacted<string> | null, presented: string | undefined): boolean =>
  expected === null ||
  (presented !== undefined && Crypto.timingSafeEqual(digest(Redacted.value(expected)), digest(presented)))

/**
 * Whether a listen address only takes connections from this machine.
 *
 * @since 0.1.0
 * @category access
 */
export const isLoopback = (host: string): boolean => {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase()
  return (
    bare === "localhost" ||
    bare === "::1" ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare)
  )
}

/**
 * A control request that cannot be carried out; nothing was changed.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidControlInput extends Data.TaggedError("InvalidControlInput")<{ readonly detail: string }> {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return this.detail
  }
}

/**
 * The times the mock clock may show: those the panel's `timestamp` columns hold (MySQL's
 * TIMESTAMP, e.g. `database/migrations/2023_02_23_191004_add_expires_at_column_to_api_keys_table.php`),
 * 1970-01-01T00:00:01Z to 2038-01-19T03:14:07Z. Outside it the panel could not store a
 * `last_used_at` or `created_at`, and the mock could not render one.
 *
 * @since 0.1.0
 * @category constants
 */
export const CLOCK_RANGE = { min: Date.UTC(1970, 0, 1, 0, 0, 1), max: Date.UTC(2038, 0, 19, 3, 14, 7) } as const

const clockTarget = (target: number): Effect.Effect<number, InvalidControlInput> =>
  Number.isFinite(target) && target >= CLOCK_RANGE.min && target <= CLOCK_RANGE.max
    ? Effect.succeed(target)
    : Effect.fail(
        new InvalidControlInput({
          detail: `the clock can show ${iso(CLOCK_RANGE.min)} to ${iso(CLOCK_RANGE.max)} (the panel's timestamp columns); the clock is unchanged`
        })
      )

/**
 * Whether a fault's `path` glob (`*` matches any characters, anything else itself) matches a
 * path. The literal pieces between the stars are found left to right with `indexOf`, which is
 * correct for `*`-only globs and takes time proportional to the path per piece: a regular
 * expression of `.*` groups backtracked exponentially on `*a*a…*aZ` and froze the mock.
 *
 * @since 0.1.0
 * @category faults
 */
export const globMatches = (pattern: string, path: string): boolean => {
  const pieces = pattern.split("*")
  const first = pieces[0]!
  if (pieces.length === 1) return path === first
  const last = pieces[pieces.length - 1]!
  if (path.length < first.length + last.length || !path.startsWith(first) || !path.endsWith(last)) return false
  const end = path.length - last.length
  let at = first.length
  for (let i = 1; i < pieces.length - 1; i++) {
    const piece = pieces[i]!
    if (piece === "") continue
    const found = path.indexOf(piece, at)
    if (found === -1 || found + piece.length > end) return false
    at = found + piece.length
  }
  return true
}

// Values of these query parameters are never journaled: where a key, a token or a signature ends
// up when a client puts it in the URL.
const SECRET_PARAMETERS: ReadonlySet<string> = new Set([
  "api_key",
  "apikey",
  "key",
  "token",
  "access_token",
  "signature",
  "secret",
  "password"
])

const parameterName = (raw: string): string => {
  const name = decodeComponent(raw)
  const bracket = name.indexOf("[")
  return (bracket === -1 ? name : name.slice(0, bracket)).trim().toLowerCase()
}

const redactQuery = (query: string): string =>
  query === ""
    ? query
    : query
        .split("&")
        .map((pair) => {
          const eq = pair.indexOf("=")
          return eq !== -1 && SECRET_PARAMETERS.has(parameterName(pair.slice(0, eq)))
            ? `${pair.slice(0, eq)}=<redacted>`
            : ApiKey.redactSecretShaped(pair)
        })
        .join("&")

/**
 * A journal entry as it is kept: the path and query with anything secret cut out.
 *
 * @since 0.1.0
 * @category journal
 */
export const redactEntry = (entry: JournalEntry): JournalEntry => ({
  ...entry,
  path: ApiKey.redactSecretShaped(entry.path),
  query: redactQuery(entry.query)
})

/**
 * The control service over a store and a rate limiter (what `MockPanel.make` builds for each
 * panel; its `control` field is this service).
 *
 * @example
 * ```ts
 * import { Control, MockPanel } from "@ptero-effect/mock-panel"
 * import { Effect } from "effect"
 *
 * // Through a running panel: back to the fixture, then read what was requested.
 * const journal = Effect.gen(function* () {
 *   const panel = yield* MockPanel.MockPanel
 *   yield* panel.control.reset
 *   return yield* panel.control.journal
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make: Effect.Effect<Service, never, Store | RateLimiter | Daemon> = Effect.gen(function* () {
  const store = yield* Store
  const limiter = yield* RateLimiter
  const daemon = yield* Daemon
  const resolve = (server: string) =>
    Effect.flatMap(Ref.get(store.state), (state) => {
      const uuid = uuidOf(state, server)
      return uuid === undefined ? Effect.fail(new NoSuchServer({ server })) : Effect.succeed(uuid)
    })
  const resolveOptional = (server: string | undefined) =>
    server === undefined ? Effect.succeed(undefined) : resolve(server)
  const journal = makeJournal()
  const faults = yield* Ref.make<ReadonlyArray<Fault>>([])
  const nextFault = yield* Ref.make(1)
  const reset = Effect.all([store.reset, limiter.reset, journal.clear, Ref.set(faults, []), daemon.reset], {
    discard: true
  })
  return {
    reset,
    loadFixture: (input) =>
      Effect.flatMap(Fixture.decode(input), (fixture) => Effect.zipRight(store.load(fixture), reset)),
    journal: journal.read,
    clearJournal: journal.clear,
    record: (entry) => journal.add(redactEntry(entry)),
    injectFault: (input) =>
      Effect.gen(function* () {
        const id = yield* Ref.getAndUpdate(nextFault, (n) => n + 1)
        const fault: Fault = { ...input, id, remaining: input.times ?? 1 }
        yield* Ref.update(faults, (all) => [...all, fault])
        return fault
      }),
    faults: Ref.get(faults),
    clearFaults: Ref.set(faults, []),
    takeFault: (method, path) =>
      Ref.modify(faults, (all): [Fault | undefined, ReadonlyArray<Fault>] => {
        const hit = all.find(
          (f) =>
            f.remaining > 0 &&
            (f.method === undefined || f.method.toUpperCase() === method) &&
            globMatches(f.path, path)
        )
        if (hit === undefined) return [undefined, all]
        return [
          hit,
          all.map((f) => (f.id === hit.id ? { ...f, remaining: f.remaining - 1 } : f)).filter((f) => f.remaining > 0)
        ]
      }),
    advanceClock: (by) =>
      Effect.flatMap(store.now, (now) =>
        Effect.flatMap(clockTarget(now + Duration.toMillis(Duration.decode(by))), (target) =>
          // Whatever falls due on the new time (an expiring token, a finished boot) happens at once.
          Effect.zipRight(
            Ref.update(store.clockOffset, (o) => o + (target - now)),
            daemon.sync
          )
        )
      ),
    setClock: (at) =>
      Effect.flatMap(store.now, (now) =>
        Effect.flatMap(
          clockTarget(at instanceof Date ? at.getTime() : typeof at === "number" ? at : Date.parse(at)),
          (target) =>
            Effect.zipRight(
              Ref.update(store.clockOffset, (o) => o + (target - now)),
              daemon.sync
            )
        )
      ),
    now: Effect.map(store.now, (n) => new Date(n)),
    keys: Effect.map(Ref.get(store.state), (state) =>
      state.keys.map((k) => ({
        name: k.name ?? null,
        identifier: k.identifier,
        user_id: k.user_id,
        key_type: k.key_type,
        allowed_ips: k.allowed_ips,
        last_used_at: isoOf(k.last_used_at),
        expires_at: isoOf(k.expires_at)
      }))
    ),
    wings: {
      print: (server, lines) => Effect.flatMap(resolve(server), (uuid) => daemon.print(uuid, lines)),
      daemonError: (server, message) => Effect.flatMap(resolve(server), (uuid) => daemon.daemonError(uuid, message)),
      setState: (server, state) => Effect.flatMap(resolve(server), (uuid) => daemon.setState(uuid, state)),
      state: (server) => Effect.flatMap(resolve(server), daemon.powerState),
      drop: (server) => Effect.flatMap(resolveOptional(server), daemon.drop),
      connections: (server) => Effect.flatMap(resolveOptional(server), daemon.connections),
      overview: Effect.flatMap(Ref.get(store.state), (state) =>
        Effect.forEach(state.servers, (server) =>
          Effect.map(
            Effect.all([daemon.powerState(server.uuid), daemon.connections(server.uuid)]),
            ([power, connections]) => ({
              uuid: server.uuid,
              identifier: server.uuid.slice(0, 8),
              state: power,
              connections
            })
          )
        )
      )
    }
  }
})

/**
 * `make` as a Layer, for code that wants the `Control` tag beside a store and a limiter it
 * provides itself.
 *
 * @example
 * ```ts
 * import { Control } from "@ptero-effect/mock-panel"
 * import { Effect } from "effect"
 *
 * // Moves the panel's clock past a rate-limit window.
 * const nextWindow = Effect.flatMap(Control.Control, (control) => control.advanceClock("61 seconds"))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<Control, never, Store | RateLimiter | Daemon> = Layer.effect(Control, make)

/**
 * The prefix of the control endpoints.
 *
 * @since 0.1.0
 * @category constants
 */
export const PREFIX = "/__mock"

const json = (status: number, body: unknown): WireResponse => ({
  status,
  headers: {},
  contentType: "application/json",
  body: encodeCompact(body)
})

const problem = (status: number, detail: string) => json(status, { error: detail })

const parseJson = (body: Uint8Array): { readonly value: unknown } | undefined => {
  try {
    return { value: JSON.parse(new TextDecoder().decode(body)) }
  } catch {
    return undefined
  }
}

const parseBody = (body: Uint8Array): Record<string, unknown> | undefined => {
  if (body.length === 0) return {}
  const value = parseJson(body)?.value
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

const STATES = ["offline", "starting", "running", "stopping"] as const

const wingsAction = (wings: WingsControl, action: string, body: Record<string, unknown>) => {
  const server = typeof body.server === "string" ? body.server : undefined
  const run = (effect: Effect.Effect<WireResponse, NoSuchServer>) =>
    Effect.catchTag(effect, "NoSuchServer", (error) => Effect.succeed(problem(404, error.message)))
  const done: WireResponse = { status: 204, headers: {}, body: "" }
  if (action === "drop") return run(Effect.map(wings.drop(server), (dropped) => json(200, { dropped })))
  if (server === undefined) return Effect.succeed(problem(422, "server must be a server's uuid or identifier"))
  if (action === "console") {
    const lines = body.lines
    if (!Array.isArray(lines) || !lines.every((l) => typeof l === "string"))
      return Effect.succeed(problem(422, "lines must be an array of strings"))
    return run(Effect.as(wings.print(server, lines), done))
  }
  if (action === "daemon-error") {
    if (typeof body.message !== "string") return Effect.succeed(problem(422, "message must be a string"))
    return run(Effect.as(wings.daemonError(server, body.message), done))
  }
  const state = STATES.find((s) => s === body.state)
  if (state === undefined) return Effect.succeed(problem(422, `state must be one of ${STATES.join(", ")}`))
  return run(Effect.as(wings.setState(server, state), done))
}

const KINDS = ["status", "rate-limit", "drop", "drop-after", "delay"] as const

const faultInput = (body: Record<string, unknown>): FaultInput | string => {
  const { path, method, times, kind, status, code, detail, delay_ms, retry_after } = body
  if (typeof path !== "string" || path === "") return "path must be a non-empty string (a glob, * matches anything)"
  const k = kind ?? (typeof status === "number" ? "status" : typeof delay_ms === "number" ? "delay" : undefined)
  if (typeof k !== "string" || !(KINDS as ReadonlyArray<string>).includes(k))
    return "kind must be one of status, rate-limit, drop, drop-after, delay"
  if (method !== undefined && typeof method !== "string") return "method must be a string"
  if (times !== undefined && (typeof times !== "number" || !Number.isInteger(times) || times < 1))
    return "times must be a positive integer"
  if (k === "status" && (typeof status !== "number" || status < 100 || status > 599))
    return "status must be an HTTP status"
  if (delay_ms !== undefined && (typeof delay_ms !== "number" || delay_ms < 0 || delay_ms > 600_000))
    return "delay_ms must be between 0 and 600000"
  if (retry_after !== undefined && (typeof retry_after !== "number" || retry_after < 0))
    return "retry_after must be a non-negative number"
  return {
    path,
    kind: k as FaultInput["kind"],
    ...(typeof method === "string" ? { method } : {}),
    ...(typeof times === "number" ? { times } : {}),
    ...(typeof status === "number" ? { status } : {}),
    ...(typeof code === "string" ? { code } : {}),
    ...(typeof detail === "string" ? { detail } : {}),
    ...(typeof delay_ms === "number" ? { delay_ms } : {}),
    ...(typeof retry_after === "number" ? { retry_after } : {})
  }
}

/**
 * Serves the control endpoints:
 *
 * - `POST /__mock/reset`
 * - `POST /__mock/fixture` (a whole fixture: the panel's fixture from now on; 422 with the JSON
 *   path when it is not a valid one, and nothing changes)
 * - `GET|DELETE /__mock/journal`
 * - `GET|POST|DELETE /__mock/faults`
 * - `GET|POST /__mock/clock` (`{"advance_seconds": n}` or `{"set": "<ISO-8601>"}`)
 * - `GET /__mock/keys` (identifiers and `last_used_at`, never secrets)
 * - `GET /__mock/wings` (each server's process state and open console sockets)
 * - `POST /__mock/wings/console` (`{"server", "lines": [...]}`: lines the process prints)
 * - `POST /__mock/wings/daemon-error` (`{"server", "message"}`)
 * - `POST /__mock/wings/state` (`{"server", "state": "offline|starting|running|stopping"}`)
 * - `POST /__mock/wings/drop` (`{"server"?}`: cut console sockets without a close frame)
 *
 * @since 0.1.0
 * @category http
 */
export const handle = (method: string, path: string, body: Uint8Array): Effect.Effect<WireResponse, never, Control> =>
  Effect.gen(function* () {
    const control = yield* Control
    const route = `${method} ${path.replace(/\/+$/, "")}`
    switch (route) {
      case `POST ${PREFIX}/reset`:
        yield* control.reset
        return { status: 204, headers: {}, body: "" }
      case `POST ${PREFIX}/fixture`: {
        const parsed = parseJson(body)
        if (parsed === undefined) return problem(400, "body must be a fixture in JSON")
        const loaded = yield* Effect.either(control.loadFixture(parsed.value))
        if (loaded._tag === "Left") {
          const { path, expected } = loaded.left
          return json(422, { error: `invalid fixture: ${path}: ${expected}`, path, expected })
        }
        return json(200, { keys: yield* control.keys })
      }
      case `GET ${PREFIX}/journal`:
        return json(200, { entries: yield* control.journal })
      case `DELETE ${PREFIX}/journal`:
        yield* control.clearJournal
        return { status: 204, headers: {}, body: "" }
      case `GET ${PREFIX}/faults`:
        return json(200, { faults: yield* control.faults })
      case `DELETE ${PREFIX}/faults`:
        yield* control.clearFaults
        return { status: 204, headers: {}, body: "" }
      case `POST ${PREFIX}/faults`: {
        const parsed = parseBody(body)
        if (parsed === undefined) return problem(400, "body must be a JSON object")
        const input = faultInput(parsed)
        if (typeof input === "string") return problem(422, input)
        return json(201, yield* control.injectFault(input))
      }
      case `GET ${PREFIX}/clock`:
        return json(200, { now: iso((yield* control.now).getTime()) })
      case `POST ${PREFIX}/clock`: {
        const parsed = parseBody(body)
        if (parsed === undefined) return problem(400, "body must be a JSON object")
        if (typeof parsed.advance_seconds === "number" && parsed.advance_seconds < 0) {
          // A Duration cannot be negative: it would have moved nothing, silently.
          return problem(422, "advance_seconds must be 0 or more (set goes back in time)")
        }
        const moved =
          typeof parsed.advance_seconds === "number" && Number.isFinite(parsed.advance_seconds)
            ? control.advanceClock(Duration.seconds(parsed.advance_seconds))
            : typeof parsed.set === "string" && !Number.isNaN(Date.parse(parsed.set))
              ? control.setClock(parsed.set)
              : undefined
        if (moved === undefined) return problem(422, 'send {"advance_seconds": <number>} or {"set": "<ISO-8601 time>"}')
        const refused = yield* Effect.flip(moved).pipe(Effect.option)
        if (refused._tag === "Some") return problem(422, refused.value.detail)
        return json(200, { now: iso((yield* control.now).getTime()) })
      }
      case `GET ${PREFIX}/keys`:
        return json(200, { keys: yield* control.keys })
      case `GET ${PREFIX}/wings`:
        return json(200, { servers: yield* control.wings.overview })
      case `POST ${PREFIX}/wings/console`:
      case `POST ${PREFIX}/wings/daemon-error`:
      case `POST ${PREFIX}/wings/state`:
      case `POST ${PREFIX}/wings/drop`: {
        const parsed = parseBody(body)
        if (parsed === undefined) return problem(400, "body must be a JSON object")
        return yield* wingsAction(control.wings, route.slice(route.lastIndexOf("/") + 1), parsed)
      }
      default:
        return problem(404, `no control endpoint ${route}`)
    }
  })
