// Creates a server that the panel places itself (`deploy`), then suspends it.
// Run with PTERODACTYL_URL and PTERODACTYL_APPLICATION_KEY set.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Effect, Layer } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const server = yield* api.servers.create({
    name: "Survival",
    user: 1,
    egg: 5,
    docker_image: "ghcr.io/pterodactyl/yolks:java_17",
    startup: "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
    environment: { SERVER_JARFILE: "server.jar", BUILD_NUMBER: "latest" },
    limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200 },
    feature_limits: { databases: 1, allocations: 1, backups: 2 },
    // Any node in location 1 with a free port between 25565 and 25600.
    deploy: { locations: [1], dedicated_ip: false, port_range: ["25565-25600"] }
  })
  yield* Effect.log(`server ${server.identifier} created on node ${server.node}`)

  yield* api.servers.suspend(server.id)
  const suspended = yield* api.servers.get(server.id)
  yield* Effect.log(`status is now ${suspended.status}`)
}).pipe(
  Effect.catchTags({
    ValidationFailed: (error) => Effect.logError(error.message),
    // The 400 of a deploy with no node or port that fits.
    PanelRequestRejected: (error) => Effect.logError(`${error.code}: ${error.detail}`),
    NotFound: (error) => Effect.logError(`gone before it could be suspended: ${error.path}`)
  })
)

const ApiLive = ApplicationApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ApiLive))
