// Rotates the client key in use and prints the identifier of the new one. The new key replaces the
// old one in memory at once; store it (here: print where to) before the process ends, since the
// old key is deleted on the panel.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const rotation = yield* api.account.apiKeys.rotate()
  // `rotation.key.value` is Redacted: hand it to your secret store, e.g.
  // yield* saveSecret("PTERODACTYL_CLIENT_KEY", Redacted.value(rotation.key.value))
  yield* Effect.log(`rotated ${rotation.previous} → ${rotation.key.identifier}`)
}).pipe(
  Effect.catchTag("KeyRotationFailed", (error) =>
    Effect.logError(
      `rotation stopped at ${error.step}: ${error.error.message}; ` +
        `in use: ${error.inUse}; delete by hand: ${error.leftBehind.join(", ") || "nothing"}`
    )
  )
)

const ClientApiLive = ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ClientApiLive)).then((exit) => {
  if (exit._tag === "Failure") process.exitCode = 1
})
