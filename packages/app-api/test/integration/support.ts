// The mock panel for the Application API integration tests: the default fixture plus two
// application keys of the root admin with partial rights, for the denied includes of §3.4.
// `limitedA` reads everything but servers, eggs and database hosts; `limitedB` reads only
// servers and eggs.
import { FetchHttpClient } from "@effect/platform"
import { layer, type Vitest } from "@effect/vitest"
import { ApplicationApi } from "@ptero-effect/app-api"
import { Fixture, MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Layer } from "effect"

/** A fixture key to add: the key named `from`, with the given fields in its place. */
export type ExtraKey = { readonly from: string } & Partial<Fixture.Key>

/** The mock panel with the default fixture and the extra keys. */
export const panelWith = (keys: ReadonlyArray<ExtraKey>) =>
  Layer.scoped(
    MockPanel.MockPanel,
    Effect.gen(function* () {
      const base = yield* Fixture.loadDefault
      const added = keys.map(({ from, ...fields }) => ({
        ...base.api_keys.find((key) => key.name === from)!,
        ...fields
      }))
      return yield* MockPanel.make({ fixture: { ...base, api_keys: [...base.api_keys, ...added] } })
    })
  )

export const Panel = panelWith([
  {
    from: "noRightsApplication",
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
    from: "noRightsApplication",
    name: "limitedB",
    identifier: "ptla_limitedb001",
    secret: "LimitedApplicationSecretB0000001",
    r_servers: 1,
    r_eggs: 1
  }
])

/** The tests of one file against one mock panel, each starting from the fixture. */
export const describeWith =
  (panel: Layer.Layer<MockPanel.MockPanel, MockPanel.StartError>) =>
  (name: string, tests: (it: Vitest.MethodsNonLive<MockPanel.MockPanel, true>) => void) =>
    layer(panel, { excludeTestServices: true })(name, (it) => tests(MockPanel.resetEach(it)))

/** The tests of one file against one `Panel`, each starting from the fixture. */
export const describePanel = describeWith(Panel)

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
export const reset = MockPanel.reset

/** The panel's URL. */
export const url = Effect.map(MockPanel.MockPanel, (panel) => panel.url)
