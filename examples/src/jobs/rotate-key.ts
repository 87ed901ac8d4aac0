// Rotates the client key in use: a new key with the same description and allowed IPs, verified,
// swapped in, and the old one deleted. Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer } from "effect"
import { runMain } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const rotation = yield* api.account.apiKeys.rotate().pipe(
    Effect.tapError((failure) =>
      // The step that failed, the key now in use (it works) and any key left on the panel.
      Effect.logError(failure.message)
    )
  )
  // `rotation.key.value` is the new bearer value, still Redacted: hand it to your secret store
  // here. Printing it would defeat the point.
  yield* Effect.log(`rotated ${rotation.previous} → ${rotation.key.identifier}`)
  // Every later request of this ClientApi already uses the new key.
  const account = yield* api.account.details()
  yield* Effect.log(`still signed in as ${account.username}`)
})

runMain(program, ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
