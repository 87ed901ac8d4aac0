/**
 * `StartupController` (§8.1 `/servers/{server}/startup`): the startup variables with their
 * meta, and setting one against the egg's own rules.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Validator from "../../laravel/Validator.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RouteDefinition } from "../../http/Route.js"
import { type State, modify, now, read, updateServer } from "../../state/Store.js"
import { list } from "../../laravel/Fractal.js"
import * as T from "../Transformers.js"
import * as Activity from "../Activity.js"
import * as Input from "../../laravel/Input.js"
import * as S from "./ServerGroup.js"

/**
 * The server's egg.
 *
 * @since 0.1.0
 * @category helpers
 */
export const eggOf = (state: State, server: Fixture.Server) => state.eggs.find((e) => e.id === server.egg_id)

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/startup",
    name: "api:client:server.startup.index",
    permission: "startup.read",
    handle: (ctx) =>
      Effect.map(read, (state) => {
        const server = S.serverOf(state, ctx)
        const egg = eggOf(state, server)
        return {
          status: 200,
          body: {
            ...list((egg?.variables ?? []).filter((v) => v.user_viewable).map((v) => T.eggVariable(server, v))),
            meta: {
              startup_command: T.invocation(state, server, false),
              docker_images: egg?.docker_images ?? {},
              raw_startup_command: server.startup
            }
          }
        }
      })
  }),
  S.serverRoute({
    method: "PUT",
    path: "/api/client/servers/{server}/startup/variable",
    name: "api:client:server.startup.variable",
    permission: "startup.update",
    // UpdateStartupVariableRequest::rules()
    request: { rules: { key: "required|string", value: "present" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const state0 = yield* read
        const server0 = S.serverOf(state0, ctx)
        const variable = eggOf(state0, server0)?.variables.find((v) => v.env_variable === ctx.input.key)
        // StartupController::update reads $variable->server_value before its null check: a key
        // that is no variable of the egg is a PHP warning turned ErrorException, a 500 (a panel bug).
        if (variable === undefined) return yield* Effect.fail(Failure.unexpected("ErrorException"))
        if (!variable.user_viewable) {
          return yield* Effect.fail(
            Failure.badRequest("The environment variable you are trying to edit does not exist.")
          )
        }
        if (!variable.user_editable) {
          return yield* Effect.fail(Failure.badRequest("The environment variable you are trying to edit is read-only."))
        }
        // The value is checked again with the variable's own rules.
        yield* Validator.validateOrFail(ctx.input, { value: variable.rules })
        const value = Input.text(ctx.input.value) ?? ""
        const server = yield* modify((state) => {
          const current = S.serverOf(state, ctx)
          const updated = { ...current, environment: { ...current.environment, [variable.env_variable]: value } }
          return [
            updated,
            Activity.log(updateServer(state, updated), ctx, at, "server:startup.edit", {
              server: updated,
              properties: {
                variable: variable.env_variable,
                old: current.environment[variable.env_variable] ?? null,
                new: value
              }
            })
          ]
        })
        const state = yield* read
        // Stored as `value ?? ''`, but the answer's server_value is the request's value itself.
        const answered = T.eggVariable(server, variable)
        return {
          status: 200,
          body: {
            ...answered,
            attributes: {
              ...(answered.attributes as Record<string, unknown>),
              server_value: Input.text(ctx.input.value) ?? null
            },
            meta: { startup_command: T.invocation(state, server, false), raw_startup_command: server.startup }
          }
        }
      })
  })
]
