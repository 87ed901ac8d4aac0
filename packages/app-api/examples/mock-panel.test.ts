// Tests your own code against the mock panel: MockPanel.layer starts a panel on 127.0.0.1 for the
// suite, and ApplicationApi.layer points at it with one of the fixture's keys. Real sockets need
// real time, hence `excludeTestServices`. Writes change the panel's state for the rest of the
// suite; `panel.control.reset` puts the fixture back.
import { FetchHttpClient } from "@effect/platform"
import { expect, layer } from "@effect/vitest"
import { ApplicationApi } from "@ptero-effect/app-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Layer } from "effect"

// The code under test: it only needs the ApplicationApi service.
const adminNames = Effect.gen(function* () {
  const api = yield* ApplicationApi.ApplicationApi
  const page = yield* api.users.list()
  return page.items.filter((user) => user.root_admin).map((user) => user.username)
})

// ApplicationApi with the fixture's full-access application key, on the mock panel's URL.
const ApplicationApiOnMock = Layer.unwrapEffect(
  Effect.map(MockPanel.MockPanel, (panel) =>
    ApplicationApi.layer({ url: panel.url, credentials: panel.keys.rootApplication })
  )
).pipe(Layer.provideMerge(MockPanel.layer()), Layer.provideMerge(FetchHttpClient.layer))

layer(ApplicationApiOnMock, { excludeTestServices: true })("my code against the mock panel", (it) => {
  it.effect("finds the root admins", () =>
    Effect.gen(function* () {
      expect(yield* adminNames).toEqual(["admin"])
    })
  )

  it.effect("a key without r_users is refused with a typed InsufficientPermissions", () =>
    Effect.gen(function* () {
      const panel = yield* MockPanel.MockPanel
      const api = yield* ApplicationApi.make({ url: panel.url, credentials: panel.keys.noRightsApplication })
      const error = yield* Effect.flip(api.users.list())
      expect(error._tag).toBe("InsufficientPermissions")
    })
  )
})
