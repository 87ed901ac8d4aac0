// Streams every server on the panel through the Application API, page after page, keeping the
// filter and include on every request. Env: PTERODACTYL_URL, PTERODACTYL_APPLICATION_KEY.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Effect, Layer, Stream } from "effect"
import { runMain } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const total = yield* api.servers.stream({ per_page: 2, include: ["user"] }).pipe(
    Stream.tap((server) => {
      const owner = server.relationships?.user
      return Effect.log(`#${server.id} ${server.name} owned by ${owner ? owner.username : "(hidden)"}`)
    }),
    Stream.runCount
  )
  yield* Effect.log(`${total} servers`)
})

runMain(program, ApplicationApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
