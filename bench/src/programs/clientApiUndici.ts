// The minimal program over the undici-based lean transport: one server's details via ClientApi.
import { ClientApi } from "@ptero-effect/client-api"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { Effect } from "effect"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.make({ url: process.env.PANEL_URL!, credentials: process.env.PANEL_KEY! })
  const details = yield* api.servers.get(process.env.PANEL_SERVER!)
  console.log(details.server.name)
})

Effect.runPromise(Effect.provide(program, UndiciHttpClient.layer)).catch(() => {
  process.exitCode = 1
})
