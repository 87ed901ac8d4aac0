/**
 * `/servers/{server}/settings/*`: rename, reinstall and the Docker image (§8.1
 * "Startup and settings").
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * `POST /servers/{server}/settings/rename` (`settings.rename`): `name` is 1–191 characters. An
   * omitted `description` is kept; `null` or `""` clears it
   * (`app/Http/Controllers/Api/Client/Servers/SettingsController.php::rename`).
   */
  readonly rename: (
    server: string,
    input: { readonly name: string; readonly description?: string | null | undefined }
  ) => Effect.Effect<void, ServerError | PanelError.ValidationFailed>
  /**
   * `POST /servers/{server}/settings/reinstall` (`settings.reinstall`): 202, the reinstall runs on.
   * Wings refuses during a power action with a 409 (`ServerStateConflict`, code
   * `DaemonConnectionException`).
   */
  readonly reinstall: (server: string) => Effect.Effect<void, ServerError>
  /**
   * `PUT /servers/{server}/settings/docker-image` (`startup.docker-image`): one of the egg's
   * images (422 `in` otherwise); 400 `BadRequestHttpException` (`PanelRequestRejected`) when an
   * admin set a custom image.
   */
  readonly dockerImage: (
    server: string,
    image: string
  ) => Effect.Effect<void, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
}

/**
 * The settings group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => ({
  rename: (server, input) => {
    const path = PanelClient.path`/servers/${server}/settings/rename`
    // app/Http/Requests/Api/Client/Servers/Settings/RenameServerRequest.php::rules: name is
    // required|string|min:1|max:191 (app/Models/Server.php), description string|nullable.
    return Validate.refuse("POST", path, [
      Validate.field(Validate.required("name", input.name), Validate.maxLength("name", input.name, 191))
    ]).pipe(
      Effect.zipRight(
        panel.empty({
          operation: "ClientApi.settings.rename",
          method: "POST",
          path,
          body: Request.json(Request.defined({ name: input.name, description: input.description }))
        })
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  },
  reinstall: (server) =>
    panel
      .empty({
        operation: "ClientApi.settings.reinstall",
        method: "POST",
        path: PanelClient.path`/servers/${server}/settings/reinstall`
      })
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  dockerImage: (server, image) => {
    const path = PanelClient.path`/servers/${server}/settings/docker-image`
    // app/Http/Requests/Api/Client/Servers/Settings/SetDockerImageRequest.php::rules; the `in` over
    // the egg's images is the panel's.
    return Validate.refuse("PUT", path, [
      Validate.field(
        Validate.required("docker_image", image),
        Validate.maxLength("docker_image", image, 191),
        Validate.matches("docker_image", image, /^[\w#./\- ]*\|*[\w./\-:@ ]*$/)
      )
    ]).pipe(
      Effect.zipRight(
        panel.empty({
          operation: "ClientApi.settings.dockerImage",
          method: "PUT",
          path,
          body: Request.json({ docker_image: image })
        })
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  }
})
