/**
 * The Application API's `StartupController` (§8.2 `PATCH /servers/{server}/startup`): egg,
 * image, startup command and variables.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Fixture from "../../state/Fixture.js"
import * as Validator from "../../laravel/Validator.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { read } from "../../state/Store.js"
import * as Bindings from "../../http/Bindings.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"
import { exists, IMAGE, STARTUP, update, validateVariables } from "./Servers.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "PATCH",
    path: "/api/application/servers/{server}/startup",
    api: "application",
    name: "api:application.servers.startup",
    bindings: [Bindings.server],
    acl: { resource: "servers", level: 2 },
    request: {
      // UpdateServerStartupRequest::rules(): the model's rules, so `startup` and `image` are required.
      rules: (_, state) => ({
        startup: STARTUP,
        environment: "present|array",
        egg: ["required", Validator.exists(exists(state.eggs))],
        image: IMAGE,
        skip_scripts: "present|boolean"
      })
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const input = ctx.input
        const server = ctx.models.server!
        const egg =
          state.eggs.find((e) => Mysql.sameNumber(e.id, input.egg)) ?? state.eggs.find((e) => e.id === server.egg_id)
        const environment = input.environment
        const values =
          egg !== undefined &&
          typeof environment === "object" &&
          environment !== null &&
          Object.keys(environment).length > 0
            ? yield* validateVariables(egg, environment)
            : undefined
        return yield* update(ctx, (current, row, now) => {
          const next: Fixture.Server = {
            ...row,
            ...(egg !== undefined ? { egg_id: egg.id } : {}),
            environment: values === undefined ? row.environment : { ...row.environment, ...values },
            startup: Input.phpString(input.startup),
            image: Input.phpString(input.image),
            skip_scripts: Input.toBool(input.skip_scripts),
            updated_at: now
          }
          return [next, { ...current, servers: current.servers.map((s) => (s.id === row.id ? next : s)) }]
        })
      })
  })
]
