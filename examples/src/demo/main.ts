// `pnpm demo`: the authentication story (keys, key types, the root-admin rule, IP allow lists, ACLs,
// rate limits, a live key rotation), told with the library against the embedded mock panel.
// `pnpm demo --live`: the read-only steps against a real panel from PTERODACTYL_URL and the key variables.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { ClientApi, Console } from "@ptero-effect/client-api"
import { ApiKey } from "@ptero-effect/core"
import { MockPanel } from "@ptero-effect/mock-panel"
import { NodeSocket } from "@ptero-effect/node"
import { Duration, Effect, Fiber, Option, Queue, Redacted, Ref, Stream } from "effect"
import { describeError } from "./describe.js"
import * as Report from "./report.js"

type Step = Effect.Effect<boolean>

const run = <A, E extends { readonly _tag: string }>(
  effect: Effect.Effect<A, E, never>,
  onSuccess: (a: A) => string,
  expectError?: E["_tag"]
): Step =>
  Effect.match(effect, {
    onSuccess: (a) => {
      if (expectError !== undefined) {
        Report.failed(`expected ${expectError}, but the call succeeded: ${onSuccess(a)}`)
        return false
      }
      Report.ok(onSuccess(a))
      return true
    },
    onFailure: (error) => {
      if (error._tag === expectError) {
        Report.expected(describeError(error))
        return true
      }
      Report.failed(describeError(error))
      return false
    }
  })

const clientApi = (url: string, key: string | Redacted.Redacted<string>, options: Partial<ClientApi.Options> = {}) =>
  ClientApi.make({ url, credentials: key, ...options }).pipe(Effect.provide(FetchHttpClient.layer), Effect.orDie)

const applicationApi = (url: string, key: string | Redacted.Redacted<string>) =>
  ApplicationApi.make({ url, credentials: key }).pipe(Effect.provide(FetchHttpClient.layer), Effect.orDie)

const identifier = (key: string | Redacted.Redacted<string>) => ApiKey.unsafeMake(key).identifier

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`

const listServers = (url: string, key: string | Redacted.Redacted<string>): Step =>
  Effect.gen(function* () {
    Report.line("call", `yield* client.servers.list()  // with ${identifier(key)}`)
    const api = yield* clientApi(url, key)
    return yield* run(
      api.servers.list(),
      (page) =>
        `${plural(page.total, "server")}: ${page.items.map((s) => `${s.name} (${s.identifier}${s.status ? `, ${s.status}` : ""})`).join(", ")}`
    )
  })

const listUsers = (url: string, key: string | Redacted.Redacted<string>): Step =>
  Effect.gen(function* () {
    Report.line("call", `yield* application.users.list()  // with ${identifier(key)}`)
    const api = yield* applicationApi(url, key)
    return yield* run(
      api.users.list(),
      (page) =>
        `${plural(page.total, "user")}: ${page.items.map((u) => `${u.username}${u.root_admin ? " (admin)" : ""}`).join(", ")}`
    )
  })

// Each step prints the call as it is written in a program, with the key it is made with.
const howToRead = () => {
  Report.line("source", "examples/src/demo/main.ts")
  Report.line("code", "const client = yield* ClientApi.make({ url, credentials })  // @ptero-effect/client-api")
  Report.line("", "const application = yield* ApplicationApi.make({ url, credentials })  // @ptero-effect/app-api")
}

const WRONG_KEY = Redacted.make(`ptlc_Wr0ngKeyDemo${"x".repeat(31)}`)

const wrongKey = (url: string): Step =>
  Effect.gen(function* () {
    Report.line(
      "call",
      `yield* client.account.details()  // with ${identifier(WRONG_KEY)}, an identifier the panel does not know`
    )
    const api = yield* clientApi(url, WRONG_KEY)
    return yield* run(api.account.details(), (user) => user.username, "InvalidCredentials")
  })

const applicationKeyOnClientApi = (
  url: string,
  key: string | Redacted.Redacted<string>,
  requests: () => Promise<number>
): Step =>
  Effect.gen(function* () {
    Report.line("call", `yield* client.servers.list()  // with the application key ${identifier(key)}`)
    const api = yield* clientApi(url, key)
    const before = yield* Effect.promise(requests)
    const result = yield* run(api.servers.list(), (page) => `${page.total} servers`, "InsufficientPermissions")
    const after = yield* Effect.promise(requests)
    if (after === before) Report.note("refused before sending: the panel received no request")
    else Report.failed(`the panel received ${after - before} request(s)`)
    return result && after === before
  })

const demo = async () => {
  Report.title("ptero-effect demo: the panel's authentication rules, against the embedded mock panel")
  howToRead()
  const panel = await MockPanel.start()
  const throttled = await MockPanel.start({ clientRateLimit: 5 })
  const keys = panel.keys
  const journalSize = async () => (await panel.control.journal()).length
  Report.line(
    "panel",
    `mock panel at ${panel.url} (a second one, limited to 5 client requests a minute, at ${throttled.url})`
  )
  const results: Array<boolean> = []
  const stepRun = async (n: number, text: string, step: Step) => {
    Report.step(n, text)
    results.push(await Effect.runPromise(step))
  }
  try {
    await stepRun(1, "List servers with a client key", listServers(panel.url, keys.rootClient))
    await stepRun(2, "List users with an application key", listUsers(panel.url, keys.rootApplication))
    await stepRun(3, "A wrong key", wrongKey(panel.url))
    await stepRun(
      4,
      "A non-admin's client key on the Application API",
      Effect.gen(function* () {
        Report.line(
          "call",
          `yield* application.users.list()  // with ${identifier(keys.userClient)} (not a root admin)`
        )
        const api = yield* applicationApi(panel.url, keys.userClient)
        return yield* run(api.users.list(), (page) => `${page.total} users`, "InsufficientPermissions")
      })
    )
    await stepRun(
      5,
      "An application key on the Client API",
      applicationKeyOnClientApi(panel.url, keys.rootApplication, journalSize)
    )
    await stepRun(
      6,
      "An IP-restricted key used from a disallowed address",
      Effect.gen(function* () {
        Report.line(
          "call",
          `yield* client.servers.list()  // with ${identifier(keys.ipRestrictedClient)}, allowed only from its CIDR, sent from loopback`
        )
        const api = yield* clientApi(panel.url, keys.ipRestrictedClient)
        return yield* run(api.servers.list(), (page) => `${page.total} servers`, "InsufficientPermissions")
      })
    )
    await stepRun(
      7,
      "A read-only application key trying to write",
      Effect.gen(function* () {
        Report.line(
          "call",
          `yield* application.users.create({ username: "demo", … })  // with ${identifier(keys.readOnlyApplication)} (r_users = read)`
        )
        const api = yield* applicationApi(panel.url, keys.readOnlyApplication)
        return yield* run(
          api.users.create({ email: "demo@example.com", username: "demo", first_name: "Demo", last_name: "User" }),
          (created) => `created user ${created.value.username}`,
          "InsufficientPermissions"
        )
      })
    )
    await stepRun(8, "Running into the rate limit and recovering after Retry-After", rateLimit(throttled))
    await stepRun(9, "Rotating a client key with no failed request in between", rotation(panel.url, keys.userClient))
    await stepRun(10, "The live console: a command, a token refresh, a reconnect, a refused Origin", liveConsole(panel))
  } finally {
    await panel.close()
    await throttled.close()
  }
  const passed = results.filter(Boolean).length
  const summary = `${passed} of ${results.length} steps behaved as the panel does`
  console.log(`\n${passed === results.length ? Report.green(summary) : Report.red(summary)}\n`)
  return passed === results.length
}

const rateLimit = (panel: MockPanel.Started): Step =>
  Effect.gen(function* () {
    const key = panel.keys.userClient
    // By default the client paces itself under the limit and waits out a 429 on a GET; this one
    // does neither, to show the panel's answer as it is.
    const api = yield* clientApi(panel.url, key, { pacer: false, retry: false })
    Report.note("pacer and retries off for this step: by default the sixth request would wait for the window")
    const remaining = () =>
      api.panel.rateLimit.last.pipe(
        Effect.map((quota) => Option.match(quota, { onNone: () => "?", onSome: (q) => `${q.remaining}/${q.limit}` }))
      )
    Report.line(
      "call",
      `yield* client.account.details()  // 6 times, with ${identifier(key)}, on a panel allowing 5 a minute`
    )
    yield* api.account.details()
    // The window is fixed and starts at the first request (§5): moving the mock's clock 55 s on
    // makes the wait a few seconds instead of a minute.
    yield* Effect.promise(() => panel.control.advanceClock(55))
    Report.note("moved the mock panel's clock 55 s forward, so the window ends in about 5 s")
    for (let i = 2; i <= 5; i++) yield* api.account.details()
    Report.line("quota", `remaining ${yield* remaining()} after 5 requests`)
    const sixth = yield* Effect.either(api.account.details())
    if (sixth._tag === "Right" || sixth.left._tag !== "RateLimited") {
      Report.failed(sixth._tag === "Right" ? "the sixth request was not rate limited" : describeError(sixth.left))
      return false
    }
    const error = sixth.left
    Report.expected(describeError(error))
    const seconds = Math.ceil(Duration.toSeconds(error.retryAfter))
    Report.line("retry", `Retry-After: ${seconds} s`)
    yield* Effect.promise(() => Report.countdown(seconds, "Retry-After"))
    return yield* run(
      Effect.zipRight(api.account.details(), remaining()),
      (quota) => `the next request succeeded; remaining ${quota}`
    )
  }).pipe(
    Effect.catchAll((error) =>
      Effect.sync(() => {
        Report.failed(describeError(error))
        return false
      })
    )
  )

const rotation = (url: string, key: Redacted.Redacted<string>): Step =>
  Effect.gen(function* () {
    const api = yield* clientApi(url, key)
    const before = identifier(key)
    Report.line(
      "call",
      `yield* client.account.apiKeys.rotate()  // on ${before}, while another fiber keeps calling account.details()`
    )
    const counts = yield* Ref.make({ ok: 0, failed: 0 })
    const traffic = yield* Effect.fork(
      Effect.forever(
        api.account.details().pipe(
          Effect.matchEffect({
            onSuccess: () => Ref.update(counts, (c) => ({ ...c, ok: c.ok + 1 })),
            onFailure: () => Ref.update(counts, (c) => ({ ...c, failed: c.failed + 1 }))
          }),
          Effect.zipRight(Effect.sleep(Duration.millis(5)))
        )
      )
    )
    yield* Effect.sleep(Duration.millis(50))
    const rotated = yield* Effect.either(api.account.apiKeys.rotate())
    yield* Effect.sleep(Duration.millis(50))
    yield* Fiber.interrupt(traffic)
    const { failed, ok } = yield* Ref.get(counts)
    if (rotated._tag === "Left") {
      Report.failed(describeError(rotated.left))
      return false
    }
    const now = (yield* api.panel.credentials.current).identifier
    Report.ok(`now using ${now}; ${before} was deleted`)
    Report.line("traffic", `${ok} requests during the rotation, ${failed} failed`)
    const old = yield* clientApi(url, key)
    const oldKey = yield* run(old.account.details(), (user) => user.username, "InvalidCredentials")
    Report.note("the old key is refused by the panel from now on")
    return failed === 0 && now !== before && oldKey
  })

const liveConsole = (panel: MockPanel.Started): Step =>
  Effect.gen(function* () {
    const server = "1a2b3c01"
    // The root admin's key: step 9 rotated the user's away.
    const api = yield* clientApi(panel.url, panel.keys.rootClient)
    Report.line("call", `yield* client.console("${server}")  // with ${identifier(panel.keys.rootClient)}`)
    const console = yield* api.console(server)
    // The events, collected in the background, so each step can wait for the next of a kind.
    const events = yield* Queue.unbounded<Console.ConsoleEvent>()
    const lines: Array<string> = []
    yield* Effect.forkScoped(
      Stream.runForEach(console.events, (event) => {
        if (Console.isOutput(event)) lines.push(event.line)
        return Queue.offer(events, event)
      })
    )
    const next = <T extends Console.ConsoleEvent["_tag"]>(
      tag: T,
      where: (event: Extract<Console.ConsoleEvent, { _tag: T }>) => boolean = () => true
    ): Effect.Effect<Extract<Console.ConsoleEvent, { _tag: T }>> =>
      Effect.flatMap(Queue.take(events), (event) =>
        event._tag === tag && where(event as Extract<Console.ConsoleEvent, { _tag: T }>)
          ? Effect.succeed(event as Extract<Console.ConsoleEvent, { _tag: T }>)
          : next(tag, where)
      )
    const state = (yield* next("Status")).state
    Report.ok(`authenticated with Origin ${new URL(panel.url).origin}; Wings says the server is ${state}`)

    Report.line("call", 'console.command("say Hello from ptero-effect")')
    yield* console.command("say Hello from ptero-effect")
    Report.ok(`console output: ${(yield* next("Output", (e) => e.line.includes("Hello"))).line}`)

    yield* Effect.promise(() => panel.control.advanceClock(9 * 60 + 15))
    Report.note("moved the mock's clock 9 min 15 s on: the 10-minute token is about to expire")
    yield* next("TokenRefreshed")
    Report.ok("Wings said `token expiring`; a fresh token was sent on the same socket (no reconnect)")

    const dropped = yield* Effect.promise(() => panel.control.wings.drop(server))
    Report.note(`the mock cut ${dropped} console connection without a close frame`)
    const gone = yield* next("Disconnected")
    Report.line("event", `Disconnected (${gone.code ?? "no close frame"}): reconnecting with backoff`)
    yield* Effect.promise(() =>
      panel.control.wings.print(server, ["[Server] a line printed while the client was away"])
    )
    yield* next("Connected", (e) => e.reconnected)
    const missed = yield* next("Output", (e) => e.line.includes("while the client was away"))
    const repeated = lines.filter((line) => line.includes("Hello from ptero-effect")).length - 1
    if (repeated !== 0) {
      Report.failed(`the replay repeated ${repeated} line(s) already delivered`)
      return false
    }
    Report.ok(
      `reconnected with fresh credentials; the replay brought the missed line and none already seen: ${missed.line}`
    )

    Report.line("call", `yield* client.console("${server}", { origin: "https://evil.example" })`)
    return yield* run(
      Effect.scoped(api.console(server, { origin: "https://evil.example" })).pipe(Effect.provide(NodeSocket.layer)),
      () => "connected",
      "OriginRefused"
    )
  }).pipe(
    Effect.scoped,
    Effect.provide(NodeSocket.layer),
    Effect.catchAll((error) =>
      Effect.sync(() => {
        Report.failed(describeError(error))
        return false
      })
    )
  )

const live = async () => {
  Report.title("ptero-effect demo --live: read-only steps against a real panel")
  howToRead()
  const url = process.env.PTERODACTYL_URL
  const clientKey = process.env.PTERODACTYL_CLIENT_KEY
  const applicationKey = process.env.PTERODACTYL_APPLICATION_KEY
  const missing = [
    url === undefined ? "PTERODACTYL_URL (the panel's base URL, e.g. https://panel.example.com)" : undefined,
    clientKey === undefined ? "PTERODACTYL_CLIENT_KEY (a ptlc_ key from Account → API Credentials)" : undefined
  ].filter((m): m is string => m !== undefined)
  if (missing.length > 0 || url === undefined || clientKey === undefined) {
    console.error("The live demo needs these environment variables, which are not set:")
    for (const m of missing) console.error(`  - ${m}`)
    console.error("Optional: PTERODACTYL_APPLICATION_KEY (a ptla_ key) for the Application API steps.")
    return false
  }
  const malformed = [clientKey, applicationKey].flatMap((value, i) =>
    value === undefined || ApiKey.decode(value)._tag === "Right"
      ? []
      : [i === 0 ? "PTERODACTYL_CLIENT_KEY" : "PTERODACTYL_APPLICATION_KEY"]
  )
  if (malformed.length > 0) {
    console.error(`Not a Pterodactyl API key (48 characters of [A-Za-z0-9_]): ${malformed.join(", ")}`)
    return false
  }
  const results: Array<boolean> = []
  const stepRun = async (n: number, text: string, step: Step) => {
    Report.step(n, text)
    results.push(await Effect.runPromise(step))
  }
  await stepRun(1, "List servers with a client key", listServers(url, Redacted.make(clientKey)))
  if (applicationKey !== undefined)
    await stepRun(2, "List users with an application key", listUsers(url, Redacted.make(applicationKey)))
  else Report.note("step 2 skipped: PTERODACTYL_APPLICATION_KEY is not set")
  await stepRun(3, "A wrong key", wrongKey(url))
  if (applicationKey !== undefined) {
    await stepRun(
      5,
      "An application key on the Client API (refused before sending)",
      Effect.gen(function* () {
        const api = yield* clientApi(url, Redacted.make(applicationKey))
        Report.line("call", `yield* client.servers.list()  // with ${identifier(applicationKey)}`)
        return yield* run(api.servers.list(), (page) => `${page.total} servers`, "InsufficientPermissions")
      })
    )
  }
  Report.note("steps 4 and 6–9 need the mock panel's fixture or write to the panel; run `pnpm demo` for them")
  return results.every(Boolean)
}

const main = process.argv.includes("--live") ? live : demo
main().then(
  (ok) => {
    process.exitCode = ok ? 0 : 1
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 1
  }
)
