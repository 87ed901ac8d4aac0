// Sends a console command to a running server.
// Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY, PTERODACTYL_SERVER (else the first server listed).
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer } from "effect"
import { runMain, serverFromEnv } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const server = serverFromEnv() ?? (yield* api.servers.list()).items[0]?.identifier
  if (server === undefined) return yield* Effect.dieMessage("this key sees no server")
  yield* api.servers.command(server, "say Hello from ptero-effect").pipe(
    // An offline server answers 502 "Server must be online in order to send commands." (§8.1).
    Effect.tapErrorTag("PanelServerError", (error) =>
      error.status === 502 ? Effect.logError(`${server} is offline: start it first`) : Effect.void
    )
  )
  yield* Effect.log(`command sent to ${server}`)
})

runMain(program, ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
