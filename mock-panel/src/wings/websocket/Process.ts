/**
 * A server's simulated process, as Wings drives a container (§12.10): the power state machine
 * of `server/power.go::HandlePowerAction` (offline → starting → running → stopping → offline,
 * `kill` straight to offline, a start refused while not offline, one power action at a time),
 * the console log `send logs` replays, and the events each step publishes on the server's bus.
 *
 * Pure: every function takes the mock clock's `now` and returns the next state and the events,
 * so timing is whatever the clock says.
 *
 * @since 0.1.0
 */
import { daemonLine, Errors, Outbound } from "./Protocol.js"

/**
 * A process state (`environment/environment.go`).
 *
 * @since 0.1.0
 * @category models
 */
export type PowerState = "offline" | "starting" | "running" | "stopping"

/**
 * An event on the server's bus, before a connection filters it.
 *
 * @since 0.1.0
 * @category models
 */
export interface BusEvent {
  readonly event: string
  readonly args: ReadonlyArray<string>
}

/**
 * How long the simulated steps take on the mock clock.
 *
 * @since 0.1.0
 * @category models
 */
export interface Timings {
  /** From `starting` to `running`. */
  readonly bootMs: number
  /** From `stopping` to `offline`. */
  readonly stopMs: number
}

type Step = { readonly at: number; readonly to: "running" | "offline" | "start" }

/**
 * @since 0.1.0
 * @category models
 */
export interface Process {
  readonly power: PowerState
  /** The container's output, newest last (what `docker logs` would return). */
  readonly log: ReadonlyArray<string>
  /** Steps still to come, in time order (see `holdsPowerLock`). */
  readonly steps: ReadonlyArray<Step>
  /** When the process last reached `starting`, for `uptime`. */
  readonly startedAt: number | undefined
}

/**
 * The most lines kept in a process' log.
 *
 * @since 0.1.0
 * @category constants
 */
export const LOG_CAPACITY = 1000

/**
 * A process in a given state with an empty log.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (power: PowerState, now: number): Process => ({
  power,
  log: [],
  steps: [],
  startedAt: power === "running" || power === "starting" ? now : undefined
})

/**
 * The outcome of an operation: the next process, what it published, and the error Wings'
 * handler returned (the console sends it as a `daemon error`).
 *
 * @since 0.1.0
 * @category models
 */
export interface Outcome {
  readonly process: Process
  readonly events: ReadonlyArray<BusEvent>
  readonly error?: string | undefined
}

/**
 * Whether a power action still holds the server's power lock. Wings releases it when the action's
 * function returns (`server/power.go::HandlePowerAction`): a start returns once the container is
 * started (`environment/docker/power.go::Start`, state `starting`), so the boot that follows holds
 * nothing; a stop or restart waits for the process to stop (`WaitForStop`), and a restart then
 * starts it, so both hold the lock until `offline` and the start that follows.
 *
 * @since 0.1.0
 * @category queries
 */
export const holdsPowerLock = (process: Process): boolean => process.steps.some((step) => step.to !== "running")

const status = (power: PowerState): BusEvent => ({ event: Outbound.status, args: [power] })
const output = (line: string): BusEvent => ({ event: Outbound.consoleOutput, args: [line] })

const withLines = (process: Process, lines: ReadonlyArray<string>): Process =>
  lines.length === 0 ? process : { ...process, log: [...process.log, ...lines].slice(-LOG_CAPACITY) }

/**
 * Lines the process itself prints (they are in the log `send logs` replays; the control
 * endpoints' console push uses it too). Wings' own notices are published but are not part of the
 * container's output.
 *
 * @since 0.1.0
 * @category operations
 */
export const emit = (process: Process, lines: ReadonlyArray<string>): Outcome => ({
  process: withLines(process, lines),
  events: lines.map(output)
})

const begin = (process: Process, name: string, now: number, timings: Timings): Outcome => {
  const daemon = [daemonLine("Updating process configuration files...")]
  const started: Process = { ...process, power: "starting", startedAt: now }
  const booting = emit(started, [`Starting ${name}...`])
  return {
    process: { ...booting.process, steps: [...process.steps, { at: now + timings.bootMs, to: "running" }] },
    events: [...daemon.map(output), status("starting"), ...booting.events]
  }
}

/**
 * Applies a power action (`start`, `stop`, `restart`, `kill`).
 *
 * @since 0.1.0
 * @category operations
 */
export const power = (process: Process, action: string, name: string, now: number, timings: Timings): Outcome => {
  // Every action but `kill` needs the power lock.
  if (action !== "kill" && holdsPowerLock(process)) return { process, events: [], error: Errors.powerLocked }
  switch (action) {
    case "start":
      if (process.power !== "offline") return { process, events: [], error: Errors.isRunning }
      return advance(begin(process, name, now, timings), now, name, timings)
    case "stop":
    case "restart": {
      if (process.power === "offline") {
        return action === "restart"
          ? advance(begin(process, name, now, timings), now, name, timings)
          : { process, events: [] }
      }
      const stopping = emit({ ...process, power: "stopping" }, ["Stopping the server..."])
      const steps: Array<Step> = [{ at: now + timings.stopMs, to: "offline" }]
      if (action === "restart") steps.push({ at: now + timings.stopMs, to: "start" })
      return advance(
        { process: { ...stopping.process, steps }, events: [status("stopping"), ...stopping.events] },
        now,
        name,
        timings
      )
    }
    case "kill":
      if (process.power === "offline") return { process: { ...process, steps: [] }, events: [] }
      return { process: { ...process, power: "offline", steps: [], startedAt: undefined }, events: [status("offline")] }
  }
  return { process, events: [], error: "attempting to handle unknown power action" }
}

/**
 * Runs the steps that are due by `now`, after an outcome.
 *
 * @since 0.1.0
 * @category operations
 */
export const advance = (outcome: Outcome, now: number, name: string, timings: Timings): Outcome => {
  let process = outcome.process
  const events = [...outcome.events]
  while (process.steps.length > 0 && process.steps[0]!.at <= now) {
    const [step, ...rest] = process.steps
    process = { ...process, steps: rest }
    if (step!.to === "running") {
      const done = emit({ ...process, power: "running" }, [`Done! ${name} is ready.`])
      process = done.process
      events.push(status("running"), ...done.events)
    } else if (step!.to === "offline") {
      process = { ...process, power: "offline", startedAt: undefined }
      events.push(status("offline"))
    } else {
      const started = begin(process, name, step!.at, timings)
      process = started.process
      events.push(...started.events)
    }
  }
  return { ...outcome, process, events }
}

/**
 * A console command: echoed to the console as the process would (Wings drops commands for an
 * offline server before they reach here).
 *
 * @since 0.1.0
 * @category operations
 */
export const command = (process: Process, line: string): Outcome => emit(process, [`> ${line}`])

/**
 * A state forced from outside (the control endpoints, or the panel's store changed under the
 * process): no steps, a `status` event if it changed.
 *
 * @since 0.1.0
 * @category operations
 */
export const force = (process: Process, power: PowerState, now: number): Outcome =>
  process.power === power && process.steps.length === 0
    ? { process, events: [] }
    : {
        process: {
          ...process,
          power,
          steps: [],
          startedAt: power === "offline" ? undefined : (process.startedAt ?? now)
        },
        events: process.power === power ? [] : [status(power)]
      }

/**
 * `Readlog`: the last `count` lines of the log, which `send logs` replays only while running.
 *
 * @since 0.1.0
 * @category operations
 */
export const readlog = (process: Process, count: number): ReadonlyArray<string> =>
  process.power === "offline" ? [] : process.log.slice(-count)

/**
 * Milliseconds since the process started, 0 while offline.
 *
 * @since 0.1.0
 * @category operations
 */
export const uptime = (process: Process, now: number): number =>
  process.startedAt === undefined || process.power === "offline" ? 0 : Math.max(0, now - process.startedAt)
