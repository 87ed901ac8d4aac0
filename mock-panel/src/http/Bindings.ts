/**
 * Route-model bindings (§2.2 step 8), shared by route groups. A miss is the binding 404 of
 * §7.3. Lookups follow MySQL's comparison rules, as the panel's queries do: string columns
 * compare case-insensitively and integer columns compare against the numeric prefix of the
 * path value.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "./Failure.js"
import type { Binding } from "./Route.js"
import { Store } from "../state/Store.js"

/**
 * How MySQL reads a string compared with an integer column: its leading number, or 0.
 *
 * @since 0.1.0
 * @category helpers
 */
export const mysqlNumber = (value: string): number => {
  const m = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(value)
  return m === null ? 0 : Number(m[0])
}

/**
 * Client `{server}`: 8 characters match `uuidShort`, anything else the full `uuid` (§4.1).
 *
 * @since 0.1.0
 * @category bindings
 */
export const clientServer: Binding = {
  param: "server",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* Ref.get((yield* Store).state)
      const wanted = value.toLowerCase()
      const server = state.servers.find((s) =>
        [...value].length === 8 ? s.uuid.slice(0, 8) === wanted : s.uuid === wanted
      )
      if (server === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.server = server
    })
}

/**
 * Application `{user}` by numeric id.
 *
 * @since 0.1.0
 * @category bindings
 */
export const applicationUser: Binding = {
  param: "user",
  bind: (value, ctx) =>
    Effect.gen(function* () {
      const state = yield* Ref.get((yield* Store).state)
      const id = mysqlNumber(value)
      const user = state.users.find((u) => u.id === id)
      if (user === undefined) return yield* Effect.fail(Failure.notFound())
      ctx.models.user = user
    })
}
