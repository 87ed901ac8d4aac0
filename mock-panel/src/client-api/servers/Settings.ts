/**
 * `SettingsController` (§8.1 `/servers/{server}/settings`): rename, reinstall and the Docker
 * image.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Validator from "../../laravel/Validator.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { RouteDefinition } from "../../http/Route.js"
import { iso, Store, modify, now, read, updateServer, withClient } from "../../state/Store.js"
import { reinstallRefused } from "../../wings/websocket/Daemon.js"
import * as Activity from "../Activity.js"
import * as Input from "../../laravel/Input.js"
import * as S from "./ServerGroup.js"
import { eggOf } from "./Startup.js"

const DOCKER_IMAGE = /^[\w#./\- ]*\|?~?[\w./\-:@ ]*$/

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/settings/rename",
    name: "api:client:server.settings.rename",
    permission: "settings.rename",
    // RenameServerRequest::rules(): the `Server` model's `name` rules.
    request: { rules: { name: "required|string|min:1|max:191", description: "string|nullable" } },
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
        yield* reinstallRefused(S.serverOf(yield* read, ctx).uuid)
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
    request: {
      // SetDockerImageRequest::rules(): the image must be one of the egg's.
      rules: (ctx, state) => ({
        docker_image: [
          "required",
          "string",
          "max:191",
          `regex:${DOCKER_IMAGE}`,
          Validator.inList(Object.values(eggOf(state, S.serverOf(state, ctx))?.docker_images ?? {}))
        ]
      })
    },
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
