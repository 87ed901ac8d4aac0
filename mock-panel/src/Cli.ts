/**
 * `mock-panel serve`: the panel as a standalone HTTP server for any language's tests.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Redacted from "effect/Redacted"
import * as Fixture from "./state/Fixture.js"
import * as MockPanel from "./MockPanel.js"

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
  --profile panel|documented     error codes of the real panel (default) or of the
                                 seed document (InvalidCredentialsException, ...)
  --client-rate-limit N          requests per minute on /api/client (default 720)
  --application-rate-limit N     requests per minute on /api/application (default 240)
  --request-timeout MS           how long a client may take to send a request before
                                 it gets a 408 (default 30000)
  --control-token TOKEN          require TOKEN in X-Mock-Control-Token on /__mock/
                                 (on a non-loopback host one is generated and printed
                                 when not given)
  --unsafe-open-control          on a non-loopback host, serve /__mock/ without a token
  -h, --help                     show this help

Control endpoints live under /__mock/ (reset, journal, faults, clock, keys).
Anyone who can reach the panel can use the keys it prints: keep it on 127.0.0.1
unless other machines must reach it.
Stop with Ctrl-C (SIGINT) or SIGTERM.
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
 * Parsed command line, or a one-line error.
 *
 * @since 0.1.0
 * @category cli
 */
export type Parsed =
  | { readonly _tag: "Help" }
  | { readonly _tag: "Serve"; readonly options: MockPanel.Options }
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
  while (args.length > 0) {
    const arg = args.shift()!
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
      default:
        return { _tag: "Invalid", message: `unknown option '${arg}' (try 'mock-panel --help')` }
    }
  }
  return { _tag: "Serve", options }
}

/**
 * Runs the CLI; resolves with the exit code.
 *
 * @since 0.1.0
 * @category cli
 */
export const main = (argv: ReadonlyArray<string>): Promise<number> => {
  const parsed = parse(argv)
  if (parsed._tag === "Help") {
    process.stdout.write(usage)
    return Promise.resolve(0)
  }
  if (parsed._tag === "Invalid") {
    process.stderr.write(`mock-panel: ${parsed.message}\n`)
    return Promise.resolve(2)
  }
  const options = parsed.options
  const program = Effect.scoped(
    Effect.gen(function* () {
      const panel = yield* MockPanel.make(options)
      const lines = banner(panel, options)
      const isDefault = options.fixture === undefined || options.fixture === Fixture.defaultPath
      lines.push(isDefault ? "Keys of the default fixture (test credentials):" : "Keys of the fixture (identifiers):")
      for (const key of panel.fixture.api_keys) {
        const name = (key.name ?? `#${key.identifier}`).padEnd(22)
        const shown = isDefault ? Redacted.value(Redacted.make(key.identifier + key.secret)) : key.identifier
        lines.push(`  ${name} ${shown}`)
      }
      lines.push("Control endpoints: /__mock/reset, /__mock/journal, /__mock/faults, /__mock/clock, /__mock/keys")
      process.stdout.write(`${lines.join("\n")}\n`)
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
    fiber.addObserver((exit) => {
      process.off("SIGINT", stop)
      process.off("SIGTERM", stop)
      if (Exit.isSuccess(exit) || Cause.isInterruptedOnly(exit.cause)) {
        process.stdout.write("mock-panel stopped\n")
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
