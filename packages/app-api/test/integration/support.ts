// The mock panel for the Application API integration tests: the default fixture plus two
// application keys of the root admin with partial rights, for the denied includes of §3.4.
// `limitedA` reads everything but servers, eggs and database hosts; `limitedB` reads only
// servers and eggs.
import { FetchHttpClient } from "@effect/platform"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Fixture, MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Layer } from "effect"

export const Panel = Layer.scoped(
  MockPanel.MockPanel,
  Effect.gen(function* () {
    const base = yield* Fixture.loadDefault
    const none = base.api_keys.find((key) => key.name === "noRightsApplication")!
    const fixture: Fixture.Fixture = {
      ...base,
      api_keys: [
        ...base.api_keys,
        {
          ...none,
          name: "limitedA",
          identifier: "ptla_limiteda001",
          secret: "LimitedApplicationSecretA0000001",
          r_users: 1,
          r_nodes: 1,
          r_allocations: 1,
          r_locations: 1,
          r_nests: 1,
          r_server_databases: 1
        },
        {
          ...none,
          name: "limitedB",
          identifier: "ptla_limitedb001",
          secret: "LimitedApplicationSecretB0000001",
          r_servers: 1,
          r_eggs: 1
        }
      ]
    }
    return yield* MockPanel.make({ fixture })
  })
)

/** The Application API over real HTTP with one of the fixture's keys. */
export const apiWith = (name: string) =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    const key = panel.keys[name]
    if (key === undefined) return yield* Effect.dieMessage(`no key named ${name} in the fixture`)
    return yield* ApplicationApi.make({ url: panel.url, credentials: key }).pipe(
      Effect.provide(FetchHttpClient.layer),
      Effect.orDie
    )
  })

/** Back to the fixture's state (and a fresh rate-limit window). */
export const reset = Effect.flatMap(MockPanel.MockPanel, (panel) => panel.control.reset)

/** The panel's URL. */
export const url = Effect.map(MockPanel.MockPanel, (panel) => panel.url)
