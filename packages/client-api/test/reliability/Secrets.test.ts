// Secret leaks. Every failure path of the client (and of the mock behind it) is
// driven with known secrets, including a panel that echoes the bearer value back in its error
// details and a key created mid-test by a rotation. Everything a user could see is captured: Effect
// log lines (every logger format), console and stdout/stderr writes, error messages, String(error),
// JSON and util.inspect of errors, Cause.pretty, span names, attributes, events and end causes, and
// the mock's journal and key list. No secret may appear in any of it.
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { expect, it } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { ApiKey, PanelClient } from "@ptero-effect/core"
import { MockPanel } from "@ptero-effect/mock-panel"
import {
  Cause,
  ConfigProvider,
  Effect,
  Exit,
  HashMap,
  Layer,
  List,
  Logger,
  LogLevel,
  Option,
  Redacted,
  Schema,
  Tracer
} from "effect"
import * as Util from "node:util"
import { afterEach, vi } from "vitest"

// Everything observable, as text.
const seen: Array<string> = []
const record = (where: string, text: string) => seen.push(`[${where}] ${text}`)

const recordingLogger = Logger.make((options) => {
  for (const format of [Logger.stringLogger, Logger.logfmtLogger, Logger.jsonLogger, Logger.structuredLogger]) {
    record("log", Util.inspect(format.log(options), { depth: 20 }))
  }
  record("log.cause", Cause.pretty(options.cause, { renderErrorCause: true }))
  record("log.message", Util.inspect(options.message, { depth: 20 }))
  record(
    "log.annotations",
    Util.inspect(HashMap.toEntries(options.annotations), { depth: 20 }) + Util.inspect(List.toArray(options.spans))
  )
})

const recordingTracer = Tracer.make({
  span: (name, parent, context, links, startTime, kind) => {
    record("span.name", name)
    const attributes = new Map<string, unknown>()
    return {
      _tag: "Span",
      name,
      spanId: `s${seen.length}`,
      traceId: "t",
      parent,
      context,
      status: { _tag: "Started", startTime },
      attributes,
      links,
      sampled: true,
      kind,
      end: (_end, exit) => {
        record("span.attributes", Util.inspect([...attributes], { depth: 20 }))
        if (Exit.isFailure(exit)) record("span.end", Cause.pretty(exit.cause, { renderErrorCause: true }))
      },
      attribute: (key, value) => {
        attributes.set(key, value)
        record("span.attribute", `${key}=${Util.inspect(value, { depth: 20 })}`)
      },
      event: (eventName, _time, eventAttributes) =>
        record("span.event", `${eventName} ${Util.inspect(eventAttributes)}`),
      addLinks: () => {}
    }
  },
  context: (f) => f()
})

/** Every way a program or a logging library could turn an error into text. */
const renderError = (error: unknown) => {
  const e = error as { message?: unknown; toJSON?: () => unknown; stack?: unknown }
  record("error.message", String(e.message))
  record("error.string", String(error))
  record("error.json", JSON.stringify(error) ?? "")
  record("error.toJSON", JSON.stringify(e.toJSON?.()) ?? "")
  record("error.inspect", Util.inspect(error, { depth: 20, showHidden: true }))
  record("error.stack", String(e.stack))
  record("error.cause", Cause.pretty(Cause.fail(error), { renderErrorCause: true }))
}

// Console and the process streams, in case anything writes there directly.
const consoleMethods = ["log", "info", "warn", "error", "debug", "trace"] as const
const spies = [
  ...consoleMethods.map((m) =>
    vi.spyOn(console, m).mockImplementation((...args: Array<unknown>) => record(`console.${m}`, Util.format(...args)))
  ),
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown) => {
    record("stdout", String(chunk))
    return true
  }),
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: unknown) => {
    record("stderr", String(chunk))
    return true
  })
]
afterEach(() => {
  for (const spy of spies) spy.mockRestore()
})

const Observed = Layer.mergeAll(
  Logger.replace(Logger.defaultLogger, recordingLogger),
  Logger.minimumLogLevel(LogLevel.All),
  Layer.setTracer(recordingTracer)
)

/** Runs one failing call: the failure is logged (as an application would), rendered and kept. */
const expectFailure = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(effect)
    if (Exit.isSuccess(exit)) return yield* Effect.die(new Error(`${label}: expected a failure`))
    yield* Effect.logError(`${label} failed`, exit.cause)
    yield* Effect.logWarning(exit.cause)
    const failure = Cause.failureOption(exit.cause)
    if (Option.isSome(failure)) renderError(failure.value)
    return Cause.squash(exit.cause) as { readonly _tag?: string }
  }).pipe(Effect.withSpan(`test.${label}`))

it.live("no secret appears in any log, error, span or journal entry, on any failure path", () =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    const plain = (name: keyof MockPanel.Keys & string) => Redacted.value(panel.keys[name]!)
    const secrets = new Set<string>(panel.fixture.api_keys.map((k) => k.secret))
    const WRONG = "WrongSecretWrongSecretWrongSecr1"
    secrets.add(WRONG)
    const user = plain("userClient")
    const clientApi = (credentials: string | Redacted.Redacted<string>, extra: Partial<ClientApi.Options> = {}) =>
      Effect.orDie(ClientApi.make({ url: panel.url, credentials, timeout: "2 seconds", ...extra }))
    const panelClient = (api: PanelClient.Api, credentials: string | Redacted.Redacted<string>) =>
      Effect.orDie(PanelClient.make({ url: panel.url, api, credentials }))
    const tags: Array<string> = []
    const fail = <A, E, R>(label: string, effect: Effect.Effect<A, E, R>) =>
      Effect.map(expectFailure(label, effect), (error) => {
        tags.push(`${label}:${error._tag ?? "?"}`)
      })
    // A panel (or a proxy) that echoes the bearer value and the secret in its error bodies.
    const echo = `token ${user} secret ${user.slice(16)} key=${user}`

    // 401: wrong secret, expired key, the login redirect when Accept is not JSON.
    yield* fail(
      "wrong-secret",
      Effect.flatMap(clientApi(`${user.slice(0, 16)}${WRONG}`), (api) => api.servers.list())
    )
    yield* fail(
      "expired",
      Effect.flatMap(clientApi(panel.keys.expired), (api) => api.servers.list())
    )
    yield* fail(
      "login-redirect",
      Effect.flatMap(
        clientApi(`${user.slice(0, 16)}${WRONG}`, {
          transformClient: HttpClient.mapRequest(HttpClientRequest.setHeader("accept", "text/html"))
        }),
        (api) => api.account.details()
      )
    )
    // 403: IP not allowed, application key refused before sending and by the panel, non-admin on
    // the application API, read-only application key writing.
    yield* fail(
      "ip-blocked",
      Effect.flatMap(clientApi(panel.keys.ipRestrictedClient), (api) => api.servers.list())
    )
    yield* fail(
      "app-key-guard",
      Effect.flatMap(clientApi(panel.keys.rootApplication), (api) => api.servers.list())
    )
    yield* fail(
      "app-key-on-client",
      Effect.flatMap(panelClient("client", panel.keys.rootApplication), (c) =>
        c.send({ operation: "t", method: "GET", path: "" })
      )
    )
    yield* fail(
      "non-admin-application",
      Effect.flatMap(panelClient("application", panel.keys.userClient), (c) =>
        c.send({ operation: "t", method: "GET", path: "/users" })
      )
    )
    yield* fail(
      "read-only-write",
      Effect.flatMap(panelClient("application", panel.keys.readOnlyApplication), (c) =>
        c.send({ operation: "t", method: "DELETE", path: "/users/3" })
      )
    )
    // 404, 409, 422 (panel and client side).
    yield* fail(
      "not-found",
      Effect.flatMap(clientApi(panel.keys.userClient), (api) => api.servers.get("ffffffff"))
    )
    yield* fail(
      "conflict",
      Effect.flatMap(clientApi(panel.keys.userClient), (api) => api.servers.resources("1a2b3c02"))
    )
    yield* fail(
      "validation-panel",
      Effect.flatMap(clientApi(panel.keys.userClient), (api) =>
        api.account.apiKeys.create({ description: "x", allowed_ips: [`${user}`, "not-an-ip"] })
      )
    )
    yield* fail(
      "validation-client",
      Effect.flatMap(clientApi(panel.keys.userClient), (api) =>
        api.account.apiKeys.create({ description: "", allowed_ips: Array.from({ length: 51 }, () => user) })
      )
    )
    // Faults whose bodies echo the key: 400, 429, 500, 502, a 200 that is not the expected body.
    for (const [label, status] of [
      ["echo-400", 400],
      ["echo-500", 500],
      ["echo-502", 502],
      ["echo-200", 200]
    ] as const) {
      yield* panel.control.injectFault({ path: "/api/client*", kind: "status", status, code: user, detail: echo })
      yield* fail(
        label,
        Effect.flatMap(panelClient("client", panel.keys.userClient), (c) =>
          c.json({ operation: "t", method: "GET", path: "" }, Schema.Struct({ object: Schema.Literal("list") }))
        )
      )
      yield* panel.control.injectFault({ path: "/api/client*", kind: "status", status, code: user, detail: echo })
      yield* fail(
        `${label}-typed`,
        Effect.flatMap(clientApi(panel.keys.userClient), (api) => api.servers.list())
      )
    }
    yield* panel.control.injectFault({ path: "/api/client*", kind: "rate-limit", retry_after: 1 })
    yield* fail(
      "rate-limited",
      // Not waited out, so the 429's error is what this path shows.
      Effect.flatMap(clientApi(panel.keys.userClient, { retry: false }), (api) => api.servers.list())
    )
    // No response: dropped, slower than the timeout, nothing listening.
    yield* panel.control.injectFault({ path: "/api/client*", kind: "drop" })
    yield* fail(
      "dropped",
      Effect.flatMap(clientApi(panel.keys.userClient), (api) => api.servers.list())
    )
    yield* panel.control.injectFault({ path: "/api/client*", kind: "delay", delay_ms: 2_000 })
    yield* fail(
      "timeout",
      Effect.flatMap(clientApi(panel.keys.userClient, { timeout: "100 millis" }), (api) => api.servers.list())
    )
    yield* fail(
      "refused",
      Effect.flatMap(
        Effect.orDie(ClientApi.make({ url: "http://127.0.0.1:9", credentials: panel.keys.userClient })),
        (api) => api.servers.list()
      )
    )
    // Bad configuration: a malformed key, a URL carrying a password, a malformed key from the environment.
    yield* fail("malformed-key", ClientApi.make({ url: panel.url, credentials: `${user} ` }))
    yield* fail("malformed-key-short", ApiKey.parse(user.slice(0, 40)))
    yield* fail(
      "url-with-password",
      ClientApi.make({ url: `http://admin:${user.slice(16)}@127.0.0.1/`, credentials: panel.keys.userClient })
    )
    yield* fail(
      "config",
      Effect.withConfigProvider(
        PanelClient.optionsConfig("client"),
        ConfigProvider.fromMap(
          new Map([
            ["PTERODACTYL_URL", panel.url],
            ["PTERODACTYL_CLIENT_KEY", `${user}!`]
          ])
        )
      )
    )
    // Key rotation: failures at create and at verify, then a successful rotation whose new secret
    // must not show either.
    const rotating = yield* clientApi(panel.keys.userClient)
    yield* panel.control.injectFault({
      path: "/api/client/account/api-keys",
      method: "POST",
      kind: "status",
      status: 503,
      detail: echo
    })
    yield* fail("rotate-create", rotating.account.apiKeys.rotate())
    yield* panel.control.injectFault({ path: "/api/client/account", method: "GET", kind: "drop" })
    yield* fail("rotate-verify", rotating.account.apiKeys.rotate())
    const rotation = yield* rotating.account.apiKeys.rotate()
    const fresh = Redacted.value(rotation.key.value)
    secrets.add(fresh.slice(16))
    yield* Effect.log("rotated", rotation, rotation.key)
    renderError(rotation)
    yield* fail(
      "after-rotation",
      Effect.flatMap(clientApi(user), (api) => api.servers.list())
    )

    // The mock's own records.
    record("journal", JSON.stringify(yield* panel.control.journal))
    record("keys", JSON.stringify(yield* panel.control.keys))
    const overHttp = yield* Effect.promise(() =>
      Promise.all([fetch(`${panel.url}/__mock/journal`), fetch(`${panel.url}/__mock/keys`)]).then((rs) =>
        Promise.all(rs.map((r) => r.text()))
      )
    )
    for (const text of overHttp) record("control", text)

    // Every path above really failed the way it was meant to.
    expect(tags).toEqual([
      "wrong-secret:InvalidCredentials",
      "expired:InvalidCredentials",
      "login-redirect:InvalidCredentials",
      "ip-blocked:InsufficientPermissions",
      "app-key-guard:InsufficientPermissions",
      "app-key-on-client:InsufficientPermissions",
      "non-admin-application:InsufficientPermissions",
      "read-only-write:InsufficientPermissions",
      "not-found:NotFound",
      "conflict:ServerStateConflict",
      "validation-panel:ValidationFailed",
      "validation-client:ValidationFailed",
      "echo-400:PanelRequestRejected",
      "echo-400-typed:PanelRequestRejected",
      "echo-500:PanelServerError",
      "echo-500-typed:PanelServerError",
      "echo-502:PanelServerError",
      "echo-502-typed:PanelServerError",
      "echo-200:UnexpectedResponse",
      "echo-200-typed:UnexpectedResponse",
      "rate-limited:RateLimited",
      "dropped:PanelUnreachable",
      "timeout:PanelUnreachable",
      "refused:PanelUnreachable",
      "malformed-key:MalformedApiKey",
      "malformed-key-short:MalformedApiKey",
      "url-with-password:InvalidPanelConfig",
      "config:ConfigError",
      "rotate-create:KeyRotationFailed",
      "rotate-verify:KeyRotationFailed",
      "after-rotation:InvalidCredentials"
    ])
    expect(seen.length).toBeGreaterThan(500)
    const leaks = seen.filter((line) =>
      [...secrets].some((secret) => line.includes(secret) || line.includes(secret.slice(0, 16)))
    )
    if (process.env.SECRETS_REPORT) {
      for (const spy of spies) spy.mockRestore()
      const where = new Map<string, number>()
      for (const line of seen)
        where.set(line.slice(1, line.indexOf("]")), (where.get(line.slice(1, line.indexOf("]"))) ?? 0) + 1)
      console.info(
        `${seen.length} captured texts, ${secrets.size} secrets, ${tags.length} failure paths`,
        Object.fromEntries(where)
      )
    }
    expect(leaks.map((line) => line.slice(0, 300))).toEqual([])
  }).pipe(Effect.provide(Layer.mergeAll(MockPanel.layer(), FetchHttpClient.layer, Observed)))
)
