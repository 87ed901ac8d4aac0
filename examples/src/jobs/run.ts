// Runs an example program: logs its failure, if any, and sets a non-zero exit code, so the
// examples can be run in CI as well as read.
import { Cause, Effect, type Layer } from "effect"

export const runMain = <A, E, R>(program: Effect.Effect<A, E, R>, live: Layer.Layer<R, unknown>) =>
  Effect.runPromiseExit(Effect.provide(program, live)).then((exit) => {
    if (exit._tag === "Failure") {
      console.error(Cause.pretty(exit.cause))
      process.exitCode = 1
    }
  })

/** A server identifier from `PTERODACTYL_SERVER`, if set. */
export const serverFromEnv = (): string | undefined => process.env.PTERODACTYL_SERVER
