// The minimal program for the size and cold-start benchmark: one server's details via ClientApi.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.make({ url: process.env.PANEL_URL!, credentials: process.env.PANEL_KEY! })
  const details = yield* api.servers.get(process.env.PANEL_SERVER!)
  console.log(details.server.name)
})

Effect.runPromise(Effect.provide(program, FetchHttpClient.layer)).catch(() => {
  process.exitCode = 1
})
