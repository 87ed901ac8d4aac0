// Creates a user. Run with PTERODACTYL_URL and PTERODACTYL_APPLICATION_KEY set.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Effect, Layer } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const created = yield* api.users.create({
    email: "ada@example.com",
    username: "ada",
    first_name: "Ada",
    last_name: "Lovelace",
    external_id: "crm-42"
  })
  yield* Effect.log(`created user ${created.value.id} at ${created.resource}`)
}).pipe(
  Effect.catchTags({
    ValidationFailed: (error) =>
      Effect.logError(
        `${error.source === "client" ? "refused before sending" : "the panel refused"}:`,
        error.issues.map((issue) => `${issue.field} (${issue.rule}): ${issue.detail}`)
      ),
    InsufficientPermissions: (error) => Effect.logError(`not allowed (${error.reason}): ${error.detail}`)
  })
)

const ApiLive = ApplicationApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ApiLive))
