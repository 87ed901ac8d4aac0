// Lists every server the client key can see, as a Stream over all pages.
// Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer, Stream } from "effect"
import { runMain } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  // `type: "admin-all"` lists every server for a root admin; a non-admin gets an empty list (§4.6).
  const count = yield* api.servers.stream({ per_page: 2, type: "admin-all" }).pipe(
    Stream.tap((server) => Effect.log(`${server.identifier}  ${server.name}  (${server.status ?? "ready"})`)),
    Stream.runCount
  )
  yield* Effect.log(`${count} servers, fetched two per page`)
})

runMain(program, ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
