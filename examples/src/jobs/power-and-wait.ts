// Starts a server and waits until Wings reports it running.
// Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY, and PTERODACTYL_SERVER (else the first server listed).
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Data, Effect, Layer, Schedule } from "effect"
import { runMain, serverFromEnv } from "./run.js"

class NotRunningYet extends Data.TaggedError("NotRunningYet")<{ readonly state: string }> {}

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const server = serverFromEnv() ?? (yield* api.servers.list()).items[0]?.identifier
  if (server === undefined) return yield* Effect.dieMessage("this key sees no server")
  yield* api.servers.power(server, "start")
  // Poll every second for at most a minute; a panel failure (404, 409, 429, …) ends it at once.
  const stats = yield* api.servers.resources(server).pipe(
    Effect.filterOrFail(
      (stats) => stats.current_state === "running",
      (stats) => new NotRunningYet({ state: stats.current_state })
    ),
    Effect.retry({
      while: (e) => e._tag === "NotRunningYet",
      schedule: Schedule.spaced("1 second").pipe(Schedule.upTo("1 minute"))
    })
  )
  yield* Effect.log(`${server} is ${stats.current_state}, using ${stats.resources.memory_bytes} bytes of memory`)
})

runMain(program, ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
