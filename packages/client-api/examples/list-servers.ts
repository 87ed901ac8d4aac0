// Lists every server the key can see, page after page. Run with PTERODACTYL_URL and
// PTERODACTYL_CLIENT_KEY set.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer, Stream } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  // One page, with the panel's pagination meta:
  const first = yield* api.servers.list({ per_page: 25, filter: { name: "survival" } })
  yield* Effect.log(`${first.total} matching servers over ${first.totalPages} pages`)
  // Every page; the filter and per_page are repeated on each request:
  yield* api.servers
    .stream({ per_page: 25, include: ["egg"] })
    .pipe(
      Stream.runForEach((server) => Effect.log(`${server.identifier} ${server.name} (${server.status ?? "ready"})`))
    )
})

const ClientApiLive = ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ClientApiLive)).then((exit) => {
  if (exit._tag === "Failure") process.exitCode = 1
})
