/**
 * `mock-panel serve`: the panel as a standalone HTTP server for any language's tests. It prints
 * where it listens and its keys as a banner, or as one JSON line (`--json`) and/or a file
 * (`--ready-file`) for programs. `--help` and flag errors answer without loading the panel.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import type * as MockPanel from "./MockPanel.js"

/**
 * The `--help` text.
 *
 * @since 0.1.0
 * @category cli
 */
export const usage = `Usage: mock-panel serve [options]

A mock Pterodactyl Panel API with the real panel's authentication, permissions,
rate limits and error bodies.

Options:
  --host HOST                    address to listen on (default 127.0.0.1)
  --port PORT                    port to listen on, 0 for any free port (default 8080)
  --fixture FILE                 fixture file (default: the bundled default fixture)
  --profile panel|documented     error codes of the real panel (default), or
                                 InvalidCredentialsException / InsufficientPermissionsException
                                 for 401 / 403, as some API descriptions promise
  --client-rate-limit N          requests per minute on /api/client (default 720)
  --application-rate-limit N     requests per minute on /api/application (default 240)
  --request-timeout MS           how long a client may take to send a request before
                                 it gets a 408 (default 30000)
  --control-token TOKEN          require TOKEN in X-Mock-Control-Token on /__mock/
                                 (on a non-loopback host one is generated and printed
                                 when not given)
  --unsafe-open-control          on a non-loopback host, serve /__mock/ without a token
  --json                         print one JSON line once listening instead of the banner:
                                 url, host, port, profile, fixture, control and every key
                                 (name, identifier, type, user, role; the bearer value for
                                 the default fixture's keys)
  --ready-file FILE              write that JSON to FILE once listening (removed on stop)
  -h, --help                     show this help

Control endpoints live under /__mock/ (reset, fixture, journal, faults, clock, keys).
Anyone who can reach the panel can use the keys it prints: keep it on 127.0.0.1
unless other machines must reach it.
Stop with Ctrl-C (SIGINT) or SIGTERM, or by stopping whatever started it.
`

/**
 * The first lines `serve` prints: the address actually bound, and what is exposed when it is not
 * loopback. A generated control token is printed here, once, and nowhere else.
 *
 * @since 0.1.0
 * @category cli
 */
export const banner = (
  panel: Pick<MockPanel.Service, "url" | "listening" | "exposed" | "controlToken">,
  options: Pick<MockPanel.Options, "profile" | "controlToken" | "unsafeOpenControl">
): Array<string> => {
  const lines = [`mock-panel listening on ${panel.listening} (profile ${options.profile ?? "panel"})`]
  if (panel.exposed) {
    lines.push(
      `WARNING: ${panel.listening} takes connections from other machines; anyone who reaches it can use the keys below.`
    )
    lines.push(`  From this machine: ${panel.url}`)
  }
  if (panel.controlToken !== undefined) {
    lines.push(
      options.controlToken === undefined
        ? `Control token (send it in X-Mock-Control-Token on /__mock/): ${Redacted.value(panel.controlToken)}`
        : "The control API requires the --control-token in X-Mock-Control-Token."
    )
  } else if (panel.exposed) {
    lines.push("WARNING: the control API is open to anyone who reaches the panel (--unsafe-open-control).")
  }
  return lines
}

/**
 * Where `serve` reports that it listens, besides the banner.
 *
 * @since 0.1.0
 * @category cli
 */
export interface Output {
  /** One JSON line on stdout instead of the banner. */
  readonly json: boolean
  /** A file to write the same JSON to once listening. */
  readonly readyFile?: string
}

/**
 * Parsed command line, or a one-line error.
 *
 * @since 0.1.0
 * @category cli
 */
export type Parsed =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Serve"; readonly options: MockPanel.Options; readonly output: Output }
  | { readonly _tag: "Invalid"; readonly message: string }

const positiveInt = (text: string | undefined, allowZero: boolean): number | undefined =>
  text !== undefined && /^\d+$/.test(text) && (allowZero || Number(text) > 0) ? Number(text) : undefined

/**
 * Parses `argv` (without `node` and the script).
 *
 * @since 0.1.0
 * @category cli
 */
export const parse = (argv: ReadonlyArray<string>): Parsed => {
  const args = [...argv]
  if (args.includes("--help") || args.includes("-h")) return { _tag: "Help" }
  const command = args.shift()
  if (command === undefined) return { _tag: "Help" }
  if (command !== "serve") return { _tag: "Invalid", message: `unknown command '${command}' (try 'mock-panel --help')` }
  const options: { -readonly [K in keyof MockPanel.Options]: MockPanel.Options[K] } = { port: 8080 }
  const output: { json: boolean; readyFile?: string } = { json: false }
  while (args.length > 0) {
    const arg = args.shift()!
    if (arg === "--json") {
      output.json = true
      continue
    }
    if (arg === "--unsafe-open-control") {
      options.unsafeOpenControl = true
      continue
    }
    const eq = arg.indexOf("=")
    const flag = eq === -1 ? arg : arg.slice(0, eq)
    const value = eq === -1 ? args.shift() : arg.slice(eq + 1)
    const invalid = (what: string): Parsed => ({ _tag: "Invalid", message: `${flag} expects ${what}` })
    switch (flag) {
      case "--host":
        if (value === undefined || value === "") return invalid("a host")
        options.host = value
        break
      case "--port": {
        const port = positiveInt(value, true)
        if (port === undefined || port > 65535) return invalid("a port between 0 and 65535")
        options.port = port
        break
      }
      case "--fixture":
        if (value === undefined || value === "") return invalid("a file")
        options.fixture = value
        break
      case "--profile":
        if (value !== "panel" && value !== "documented") return invalid("'panel' or 'documented'")
        options.profile = value
        break
      case "--client-rate-limit": {
        const n = positiveInt(value, false)
        if (n === undefined) return invalid("a positive integer")
        options.clientRateLimit = n
        break
      }
      case "--application-rate-limit": {
        const n = positiveInt(value, false)
        if (n === undefined) return invalid("a positive integer")
        options.applicationRateLimit = n
        break
      }
      case "--request-timeout": {
        const n = positiveInt(value, false)
        if (n === undefined) return invalid("a positive number of milliseconds")
        options.requestTimeout = n
        break
      }
      case "--control-token":
        // Sent in a header: printable ASCII without spaces, and long enough not to be guessed.
        if (value === undefined || !/^[\x21-\x7e]{16,256}$/.test(value))
          return invalid("a token of 16 to 256 printable characters without spaces")
        options.controlToken = value
        break
      case "--ready-file":
        if (value === undefined || value === "") return invalid("a file")
        output.readyFile = value
        break
      default:
        return { _tag: "Invalid", message: `unknown option '${arg}' (try 'mock-panel --help')` }
    }
  }
  return { _tag: "Serve", options, output }
}

/**
 * One key as `--json` shows it.
 *
 * @since 0.1.0
 * @category cli
 */
export interface ReadyKey {
  readonly name: string | null
  readonly identifier: string
  /** `client` (key_type 1), `application` (2), or `other` (0, 3, 4: legacy types, §1.2). */
  readonly type: "client" | "application" | "other"
  readonly user: string
  readonly root_admin: boolean
  /** The fixture's description of the key (`memo`). */
  readonly role: string
  readonly allowed_ips: ReadonlyArray<string>
  readonly expires_at: string | null
  /** Application keys: each resource's level (0 none, 1 read, 2 write, 3 both; §3). */
  readonly permissions?: Readonly<Record<string, number>>
  /** The whole bearer value; only for the default fixture, whose keys are public test data. */
  readonly bearer?: string
}

/**
 * What `--json` prints and `--ready-file` holds.
 *
 * @since 0.1.0
 * @category cli
 */
export interface Ready {
  readonly url: string
  readonly host: string
  readonly port: number
  readonly profile: "panel" | "documented"
  /** `default`, or the fixture file given. */
  readonly fixture: string
  /** The base URL of the control endpoints. */
  readonly control: string
  /** On a host other than loopback: the address bound (`url` is the one for this machine). */
  readonly listening?: string
  /** A control token the panel generated (non-loopback host, none given): printed only here. */
  readonly control_token?: string
  readonly keys: ReadonlyArray<ReadyKey>
}

const RESOURCES = [
  "servers",
  "nodes",
  "allocations",
  "users",
  "locations",
  "nests",
  "eggs",
  "database_hosts",
  "server_databases"
] as const

/**
 * The ready report of a panel listening at `url` with `fixture`.
 *
 * @since 0.1.0
 * @category cli
 */
export const ready = (
  panel: Pick<MockPanel.Service, "url" | "listening" | "exposed" | "controlToken" | "fixture">,
  options: {
    readonly profile?: "panel" | "documented"
    readonly fixtureFile?: string
    readonly isDefault: boolean
    /** The token was given on the command line, so it is not repeated. */
    readonly tokenGiven: boolean
  }
): Ready => {
  const { fixture, url } = panel
  const address = new URL(url)
  return {
    url,
    host: address.hostname.replace(/^\[|\]$/g, ""),
    port: Number(address.port),
    profile: options.profile ?? "panel",
    fixture: options.isDefault ? "default" : (options.fixtureFile ?? "inline"),
    control: `${url}/__mock`,
    ...(panel.exposed ? { listening: panel.listening } : {}),
    ...(panel.controlToken !== undefined && !options.tokenGiven
      ? { control_token: Redacted.value(panel.controlToken) }
      : {}),
    keys: fixture.api_keys.map((key): ReadyKey => {
      const user = fixture.users.find((u) => u.id === key.user_id)
      const type = key.key_type === 1 ? "client" : key.key_type === 2 ? "application" : "other"
      return {
        name: key.name ?? null,
        identifier: key.identifier,
        type,
        user: user?.username ?? `#${key.user_id}`,
        root_admin: user?.root_admin ?? false,
        role: key.memo,
        allowed_ips: key.allowed_ips ?? [],
        expires_at: key.expires_at,
        ...(type === "application"
          ? { permissions: Object.fromEntries(RESOURCES.map((r) => [r, key[`r_${r}`]])) }
          : {}),
        ...(options.isDefault ? { bearer: key.identifier + key.secret } : {})
      }
    })
  }
}

// The process ids above this one, parent first, up to (not including) init.
const ancestors = async (): Promise<ReadonlyArray<number>> => {
  const [Fs, Child] = await Promise.all([import("node:fs"), import("node:child_process")])
  const parentOf = (pid: number): number => {
    try {
      // Linux: the fourth field of /proc/<pid>/stat, after the command name in parentheses.
      const stat = Fs.readFileSync(`/proc/${pid}/stat`, "utf8")
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
    } catch {
      try {
        return Number(Child.execFileSync("ps", ["-o", "ppid=", "-p", String(pid)], { encoding: "utf8" }).trim())
      } catch {
        return 0
      }
    }
  }
  const out: Array<number> = []
  for (let pid = process.ppid; pid > 1 && out.length < 64; pid = parentOf(pid)) out.push(pid)
  return out
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

// Stops the panel when a process that started it exits. Started through a package runner
// (`npx pnpm mock-panel serve`, `npx mock-panel serve`), the panel sits under a shell and the
// runner, and a SIGTERM to the outermost process reaches neither the shell's child nor the panel:
// without this, the panel would outlive whoever started it.
const watchStarters = (stop: () => void): ReturnType<typeof setInterval> => {
  let watched: ReadonlyArray<number> = []
  void ancestors().then((pids) => {
    watched = pids
  })
  const timer = setInterval(() => {
    if (watched.some((pid) => !alive(pid))) stop()
  }, 500)
  timer.unref()
  return timer
}

/**
 * Runs the CLI; resolves with the exit code.
 *
 * @since 0.1.0
 * @category cli
 */
export const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const parsed = parse(argv)
  if (parsed._tag === "Help") {
    process.stdout.write(usage)
    return 0
  }
  if (parsed._tag === "Invalid") {
    process.stderr.write(`mock-panel: ${parsed.message}\n`)
    return 2
  }
  // Loaded only to serve: `--help` and flag errors answer without loading effect and the panel.
  const [Cause, Effect, Exit, Fiber, Fs, Fixture, MockPanel] = await Promise.all([
    import("effect/Cause"),
    import("effect/Effect"),
    import("effect/Exit"),
    import("effect/Fiber"),
    import("node:fs"),
    import("./state/Fixture.js"),
    import("./MockPanel.js")
  ])
  const { options, output } = parsed
  const readyFile = output.readyFile
  const program = Effect.scoped(
    Effect.gen(function* () {
      const panel = yield* MockPanel.make(options)
      const isDefault = options.fixture === undefined || options.fixture === Fixture.defaultPath
      const report = ready(panel, {
        isDefault,
        tokenGiven: options.controlToken !== undefined,
        ...(options.profile === undefined ? {} : { profile: options.profile }),
        ...(typeof options.fixture === "string" ? { fixtureFile: options.fixture } : {})
      })
      const json = `${JSON.stringify(report)}\n`
      if (readyFile !== undefined) {
        // Written whole, then renamed: a reader polling for the file never sees half of it.
        const partial = `${readyFile}.${process.pid}.tmp`
        yield* Effect.sync(() => {
          Fs.writeFileSync(partial, json)
          Fs.renameSync(partial, readyFile)
        })
        yield* Effect.addFinalizer(() => Effect.sync(() => Fs.rmSync(readyFile, { force: true })))
      }
      if (output.json) {
        process.stdout.write(json)
      } else {
        const lines = banner(panel, options)
        lines.push(isDefault ? "Keys of the default fixture (test credentials):" : "Keys of the fixture (identifiers):")
        for (const key of report.keys) {
          lines.push(`  ${(key.name ?? `#${key.identifier}`).padEnd(22)} ${key.bearer ?? key.identifier}`)
        }
        lines.push(
          "Control endpoints: /__mock/reset, /__mock/fixture, /__mock/journal, /__mock/faults, /__mock/clock, /__mock/keys"
        )
        process.stdout.write(`${lines.join("\n")}\n`)
      }
      return yield* Effect.never
    })
  )
  return new Promise((resolve) => {
    const fiber = Effect.runFork(program)
    const stop = () => {
      Effect.runFork(Fiber.interrupt(fiber))
    }
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
    const watch = watchStarters(stop)
    fiber.addObserver((exit) => {
      clearInterval(watch)
      process.off("SIGINT", stop)
      process.off("SIGTERM", stop)
      if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) {
        // With --json, stdout carries JSON only; the stop is told on stderr.
        ;(output.json ? process.stderr : process.stdout).write("mock-panel stopped\n")
        return resolve(0)
      }
      const failure = exit.cause._tag === "Fail" ? exit.cause.error : undefined
      process.stderr.write(
        `mock-panel: ${failure === undefined ? "unexpected failure" : MockPanel.startErrorMessage(failure)}\n`
      )
      resolve(1)
    })
  })
}
