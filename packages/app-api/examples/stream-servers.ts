// Streams every server of the panel, 100 per request, with their owners.
// Run with PTERODACTYL_URL and PTERODACTYL_APPLICATION_KEY set.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { RateLimit } from "@ptero-effect/core"
import { Effect, Layer, Stream } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const suspended = yield* api.servers.stream({ sort: "id", include: ["user"], per_page: 100 }).pipe(
    Stream.filter((server) => server.status === "suspended"),
    Stream.map((server) => `${server.name} (owner: ${server.relationships?.user?.username ?? "hidden"})`),
    Stream.runCollect
  )
  yield* Effect.log(`suspended servers: ${[...suspended].join(", ") || "none"}`)
})

// Wait out a 429 instead of failing: a long listing can run into the 240-a-minute limit.
const ApiLive = ApplicationApi.layerConfig({ retry: RateLimit.retryPolicy() }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

Effect.runPromiseExit(Effect.provide(program, ApiLive))
