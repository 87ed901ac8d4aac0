// Creates a user and a server for them, placed by the panel (`deploy`).
// Env: PTERODACTYL_URL, PTERODACTYL_APPLICATION_KEY.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Effect, Layer } from "effect"
import { runMain } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const suffix = Date.now().toString(36)
  const user = yield* api.users.create({
    email: `player-${suffix}@example.com`,
    username: `player_${suffix}`,
    first_name: "Ada",
    last_name: "Lovelace"
  })
  yield* Effect.log(`user ${user.value.username} (#${user.value.id}) at ${user.resource}`)

  // The first egg of the first nest with its variables, and every location, so the panel can
  // pick a node.
  const nest = (yield* api.nests.list()).items[0]
  const first = nest === undefined ? undefined : (yield* api.eggs.list(nest.id))[0]
  if (nest === undefined || first === undefined) return yield* Effect.dieMessage("the panel has no egg to use")
  const egg = yield* api.eggs.get(nest.id, first.id, { include: ["variables"] })
  // Legacy eggs can lack a startup command (a nullable column).
  if (egg.startup === null) return yield* Effect.dieMessage(`egg ${egg.id} has no startup command`)
  // Each egg variable is validated against its own rules; start from the egg's defaults.
  const environment = Object.fromEntries(
    (egg.relationships?.variables ?? []).map((variable) => [
      variable.env_variable,
      variable.default_value || "changeme"
    ])
  )
  const locations = (yield* api.locations.list()).items.map((location) => location.id)
  const server = yield* api.servers.create({
    name: `server-${suffix}`,
    user: user.value.id,
    egg: egg.id,
    docker_image: egg.docker_image,
    startup: egg.startup,
    environment,
    limits: { memory: 1024, swap: 0, disk: 4096, io: 500, cpu: 100 },
    feature_limits: { databases: 0, allocations: 1, backups: 1 },
    deploy: { locations, dedicated_ip: false, port_range: ["25565-25600"] }
  })
  yield* Effect.log(`server ${server.identifier} (#${server.id}) created on node ${server.node}`)
})

runMain(program, ApplicationApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
