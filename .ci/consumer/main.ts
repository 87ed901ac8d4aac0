// A consumer of the packed packages: imports them as ESM, type-checks against their .d.ts and
// runs against the mock panel started from its CLI. Exits non-zero on any surprise.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { ClientApi, Console } from "@ptero-effect/client-api"
import { ApiKey, type PanelError } from "@ptero-effect/core"
import { NodeSocket } from "@ptero-effect/node"
import { Effect, Layer, Option, Redacted, Stream } from "effect"

const env = (name: string): string => {
  const value = process.env[name]
  if (value === undefined) throw new Error(`${name} is not set`)
  return value
}

const url = env("PTERODACTYL_URL")
const clientKey = Redacted.make(env("PTERODACTYL_CLIENT_KEY"))
const applicationKey = Redacted.make(env("PTERODACTYL_APPLICATION_KEY"))

const program = Effect.gen(function* () {
  const client = yield* ClientApi.ClientApi
  const application = yield* ApplicationApi.ApplicationApi
  const servers = yield* client.servers.list()
  const users = yield* application.users.list({ per_page: 60 })
  const wrong = yield* ClientApi.make({ url, credentials: ApiKey.unsafeMake(`ptlc_NotAKey0000${"z".repeat(32)}`) })
  const refused: PanelError.PanelError["_tag"] = yield* wrong.account
    .details()
    .pipe(Effect.match({ onFailure: (error) => error._tag, onSuccess: () => "UnexpectedResponse" as const }))
  if (servers.items.length === 0 || users.items.length === 0 || refused !== "InvalidCredentials") {
    return yield* Effect.dieMessage(
      `unexpected: ${servers.items.length} servers, ${users.items.length} users, ${refused}`
    )
  }
  // The live console of the default fixture's running server, through the packed node package.
  const echoed = yield* Effect.scoped(
    Effect.gen(function* () {
      const live = yield* client.console("1a2b3c01")
      yield* live.command("say consumer")
      return yield* live.events.pipe(
        Stream.filter((event) => Console.isOutput(event) && event.line === "> say consumer"),
        Stream.runHead,
        Effect.timeout("10 seconds")
      )
    })
  ).pipe(Effect.provide(NodeSocket.layer))
  if (Option.isNone(echoed)) return yield* Effect.dieMessage("unexpected: the console ended without the echo")
  console.log(
    `consumer ok: ${servers.total} servers, ${users.total} users, a wrong key → ${refused}, a console command echoed`
  )
})

const Live = Layer.mergeAll(
  ClientApi.layer({ url, credentials: clientKey }),
  ApplicationApi.layer({ url, credentials: applicationKey })
).pipe(Layer.provideMerge(FetchHttpClient.layer))

Effect.runPromise(Effect.provide(program, Live)).catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
