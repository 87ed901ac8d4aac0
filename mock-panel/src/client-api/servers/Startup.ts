/**
 * `routes/api-client.php`, `/servers/{server}/startup` and `/settings` (§8.1): startup
 * variables with their meta, setting a variable against the egg's own rules, rename, reinstall
 * and the Docker image.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Rules from "../../laravel/StringRules.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store } from "../../state/Store.js"
import * as T from "../Transformers.js"
import * as Activity from "../Activity.js"
import * as Input from "../../laravel/Input.js"
import * as S from "./ServerGroup.js"
import { modify, now, read, updateServer, withClient } from "../../state/Store.js"
import { list } from "../../laravel/Fractal.js"

const eggOf = (state: State, server: Fixture.Server) => state.eggs.find((e) => e.id === server.egg_id)

const DOCKER_IMAGE = /^[\w#./\- ]*\|?~?[\w./\-:@ ]*$/

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
    validate: (ctx) => Rules.validate(ctx.input, { key: "required|string", value: "present" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const state0 = yield* read
        const server0 = S.serverOf(state0, ctx)
        const variable = eggOf(state0, server0)?.variables.find((v) => v.env_variable === ctx.input.key)
        if (variable === undefined || !variable.user_viewable) {
          return yield* Effect.fail(
            Failure.badRequest("The environment variable you are trying to edit does not exist.")
          )
        }
        if (!variable.user_editable) {
          return yield* Effect.fail(Failure.badRequest("The environment variable you are trying to edit is read-only."))
        }
        // The value is checked again with the variable's own rules.
        yield* Rules.validate({ value: ctx.input.value ?? null }, { value: variable.rules })
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
        return {
          status: 200,
          body: {
            ...T.eggVariable(server, variable),
            meta: { startup_command: T.invocation(state, server, false), raw_startup_command: server.startup }
          }
        }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/settings/rename",
    name: "api:client:server.settings.rename",
    permission: "settings.rename",
    validate: (ctx) =>
      Rules.validate(ctx.input, { name: "required|string|min:1|max:191", description: "string|nullable" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = S.serverOf(state, ctx)
          const description =
            "description" in ctx.input ? (Input.text(ctx.input.description) ?? "") : current.description
          const updated = { ...current, name: String(ctx.input.name), description, updated_at: iso(at) }
          let next = updateServer(state, updated)
          if (updated.name !== current.name) {
            next = Activity.log(next, ctx, at, "server:settings.rename", {
              server: updated,
              properties: { old: current.name, new: updated.name }
            })
          }
          if (updated.description !== current.description) {
            next = Activity.log(next, ctx, at, "server:settings.description", {
              server: updated,
              properties: { old: current.description, new: updated.description }
            })
          }
          return [{ status: 204 }, next]
        })
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/settings/reinstall",
    name: "api:client:server.settings.reinstall",
    permission: "settings.reinstall",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const seconds = (yield* Store).fixture.settings.client.install_seconds
        return yield* modify((state) => {
          const current = S.serverOf(state, ctx)
          const updated: Fixture.Server = { ...current, status: "installing" }
          const next = withClient(updateServer(state, updated), {
            installing: { ...state.client.installing, [current.id]: at + seconds * 1000 },
            power: { ...state.client.power, [current.id]: "offline" }
          })
          // `new JsonResponse([], 202)` (§7.1).
          return [{ status: 202, body: [] }, Activity.log(next, ctx, at, "server:reinstall", { server: updated })]
        })
      })
  }),
  S.serverRoute({
    method: "PUT",
    path: "/api/client/servers/{server}/settings/docker-image",
    name: "api:client:server.settings.docker-image",
    permission: "startup.docker-image",
    validate: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const images = Object.values(eggOf(state, S.serverOf(state, ctx))?.docker_images ?? {})
        const errors = Rules.check(ctx.input, { docker_image: "required|string|max:191" })
        const image = ctx.input.docker_image
        if (errors.length === 0 && typeof image === "string") {
          if (!DOCKER_IMAGE.test(image)) {
            errors.push({ field: "docker_image", rule: "regex", detail: "The docker image format is invalid." })
          }
          if (!images.includes(image)) {
            errors.push({ field: "docker_image", rule: "in", detail: "The selected docker image is invalid." })
          }
        }
        if (errors.length > 0) return yield* Effect.fail(Failure.validation(errors))
      }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = S.serverOf(state, ctx)
          const images = Object.values(eggOf(state, current)?.docker_images ?? {})
          if (!images.includes(current.image)) {
            return Failure.badRequest(
              "This server's Docker image has been manually set by an administrator and cannot be updated."
            )
          }
          const updated = { ...current, image: String(ctx.input.docker_image), updated_at: iso(at) }
          return [
            { status: 204 },
            Activity.log(updateServer(state, updated), ctx, at, "server:startup.image", {
              server: updated,
              properties: { old: current.image, new: updated.image }
            })
          ]
        })
      })
  })
]
