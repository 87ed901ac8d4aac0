// Starts a server, waits until Wings reports it running, then sends a console command.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Data, Effect, Layer, Schedule } from "effect"

class NotRunningYet extends Data.TaggedError("NotRunningYet")<{ readonly state: string }> {}

const startAndWait = (server: string) =>
  Effect.gen(function* () {
    const api = yield* ClientApi.ClientApi
    yield* api.servers.power(server, "start")
    // Poll the live resources every 2 s until Wings says "running", for at most 2 minutes; a
    // panel failure (404, 409, …) stops the polling at once (a 429 is first waited out by the
    // client's retry policy).
    yield* api.servers.resources(server).pipe(
      Effect.filterOrFail(
        (stats) => stats.current_state === "running",
        (stats) => new NotRunningYet({ state: stats.current_state })
      ),
      Effect.retry({
        while: (error) => error._tag === "NotRunningYet",
        schedule: Schedule.spaced("2 seconds").pipe(Schedule.upTo("2 minutes"))
      })
    )
    yield* api.servers.command(server, "say Hello from ptero-effect")
  })

const program = startAndWait("1a7ce997").pipe(
  Effect.catchTags({
    NotFound: () => Effect.logError("no such server, or this key cannot see it"),
    ServerStateConflict: (error) => Effect.logError(error.detail), // suspended, installing, …
    InsufficientPermissions: (error) => Effect.logError(`not allowed: ${error.detail}`),
    ValidationFailed: (error) => Effect.logError(error.message),
    NotRunningYet: (error) => Effect.logError(`still ${error.state} after 2 minutes`)
  })
)

const ClientApiLive = ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ClientApiLive)).then((exit) => {
  if (exit._tag === "Failure") process.exitCode = 1
})
