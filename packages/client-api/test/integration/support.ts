// Shared setup of the contract tests: the client against the mock panel over real HTTP.
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import { expect, layer, type Vitest } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Layer } from "effect"

export const Live = Layer.merge(MockPanel.layer(), FetchHttpClient.layer)

/** The tests of one file against one mock panel over real HTTP, each starting from the fixture. */
export const describePanel = (
  name: string,
  tests: (it: Vitest.MethodsNonLive<MockPanel.MockPanel | HttpClient.HttpClient, true>) => void
) => layer(Live, { excludeTestServices: true })(name, (it) => tests(MockPanel.resetEach(it)))

export const SURVIVAL = "1a2b3c01" // alice's, running; bob is a subuser with a few permissions
export const CREATIVE = "1a2b3c02" // alice's, suspended
export const ADMIN_LAB = "1a2b3c04" // the admin's; alice and bob cannot see it

export type KeyName = "rootClient" | "userClient" | "subuserClient" | "rootApplication"

export const client = (name: KeyName) =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    return yield* ClientApi.make({ url: panel.url, credentials: panel.keys[name] })
  })

export const reset = MockPanel.reset

/** Runs an effect that must fail and checks the error's tag and, when given, its detail. */
export const failsWith = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>,
  tag: string,
  detail?: string
) =>
  Effect.gen(function* () {
    const error: any = yield* Effect.flip(effect)
    expect(error._tag).toBe(tag)
    if (detail !== undefined) expect(error.detail).toBe(detail)
    return error
  })

export const NOT_VISIBLE = "The requested resource does not exist on this server."
export const UNAUTHORIZED = "This action is unauthorized."
export const SUSPENDED = "This server is currently suspended and the functionality requested is unavailable."

/** The panel-side issues of a `ValidationFailed`, as `[field, rule]`. */
export const issues = (error: any): Array<[string, string]> => {
  expect(error._tag).toBe("ValidationFailed")
  expect(error.source).toBe("panel")
  return error.issues.map((i: any) => [i.field, i.rule])
}
