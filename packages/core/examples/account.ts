// Reads the account behind a client key. Run with PTERODACTYL_URL and PTERODACTYL_CLIENT_KEY set.
import { FetchHttpClient } from "@effect/platform"
import { Envelope, PanelClient, RateLimit } from "@ptero-effect/core"
import { Effect, Layer, Option, Schema } from "effect"

const Account = Envelope.Item(
  "user",
  Schema.Struct({ id: Schema.Number, admin: Schema.Boolean, username: Schema.String, email: Schema.String })
)

const program = Effect.gen(function* () {
  const panel = yield* PanelClient.PanelClient
  const account = yield* panel.json({ operation: "example.account", method: "GET", path: "/account" }, Account)
  const quota = yield* panel.rateLimit.last
  yield* Effect.log(`signed in as ${account.attributes.username}`, Option.getOrUndefined(quota))
}).pipe(
  Effect.catchTags({
    InvalidCredentials: (error) => Effect.logError(`the panel refused the key: ${error.detail}`),
    RateLimited: (error) => Effect.logWarning(`rate limited, retry in ${error.retryAfter}`)
  })
)

const PanelLive = PanelClient.layerConfig({ api: "client", retry: RateLimit.retryPolicy() }).pipe(
  Layer.provide(FetchHttpClient.layer)
)

Effect.runPromiseExit(Effect.provide(program, PanelLive)).then((exit) => {
  if (exit._tag === "Failure") {
    console.error(String(exit.cause))
    process.exitCode = 1
  }
})
