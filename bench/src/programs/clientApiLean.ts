// The minimal program over the recommended Node transport: one server's details via ClientApi.
import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.make({ url: process.env.PANEL_URL!, credentials: process.env.PANEL_KEY! })
  const details = yield* api.servers.get(process.env.PANEL_SERVER!)
  console.log(details.server.name)
})

Effect.runPromise(Effect.provide(program, LeanHttpClient.layer)).catch(() => {
  process.exitCode = 1
})
