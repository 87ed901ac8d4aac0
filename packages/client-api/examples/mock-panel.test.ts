// Tests your own code against the mock panel: MockPanel.layer starts a panel on 127.0.0.1 for the
// suite, and ClientApi.layer points at it with one of the fixture's keys. Real sockets need real
// time, hence `excludeTestServices`; move the panel's clock with `panel.control.advanceClock`.
import { FetchHttpClient } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Layer } from "effect"

// The code under test: it only needs the ClientApi service.
const runningServers = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const page = yield* api.servers.list()
  return page.items.filter((server) => server.status === null).map((server) => server.name)
})

// ClientApi for alice (`userClient` in the default fixture), on the mock panel's URL.
const ClientApiOnMock = Layer.unwrapEffect(
  Effect.map(MockPanel.MockPanel, (panel) => ClientApi.layer({ url: panel.url, credentials: panel.keys.userClient }))
).pipe(Layer.provideMerge(MockPanel.layer()), Layer.provideMerge(FetchHttpClient.layer))

layer(ClientApiOnMock, { excludeTestServices: true })("my code against the mock panel", (it) => {
  it.effect("lists the servers that are ready (suspended and installing ones are not)", () =>
    Effect.gen(function* () {
      expect(yield* runningServers).toEqual(["Survival"])
    })
  )

  it.effect("a wrong key is a typed InvalidCredentials", () =>
    Effect.gen(function* () {
      const panel = yield* MockPanel.MockPanel
      const api = yield* ClientApi.make({ url: panel.url, credentials: `ptlc_NotAKey0000${"z".repeat(32)}` })
      const error = yield* Effect.flip(api.servers.list())
      expect(error._tag).toBe("InvalidCredentials")
    })
  )
})
