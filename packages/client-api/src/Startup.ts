/**
 * `/servers/{server}/startup`: the startup variables a user may see and set (§8.1
 * "Startup and settings").
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * A client `egg_variable` (§9.1), from `app/Transformers/Api/Client/EggVariableTransformer.php::transform`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggVariable = Schema.Struct({
  name: Schema.String,
  description: Schema.String,
  env_variable: Schema.String,
  default_value: Schema.String,
  server_value: Schema.NullOr(Schema.String),
  is_editable: Schema.Boolean,
  /** Laravel validation rules, e.g. `required|string|max:20`. */
  rules: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface EggVariable extends Schema.Schema.Type<typeof EggVariable> {}

// The egg's images, display name → image. PHP renders an empty map as `[]`, and a list of images
// (no display names) is also seen; both become a map.
const DockerImages = Schema.transform(
  Schema.Union(Schema.Record({ key: Schema.String, value: Schema.String }), Schema.Array(Schema.String)),
  Schema.Record({ key: Schema.String, value: Schema.String }),
  {
    strict: true,
    decode: (value): Readonly<Record<string, string>> =>
      Array.isArray(value)
        ? Object.fromEntries((value as ReadonlyArray<string>).map((image) => [image, image]))
        : (value as Readonly<Record<string, string>>),
    encode: (value) => value
  }
)

/**
 * `GET /servers/{server}/startup`: a list of `egg_variable` with `meta.startup_command`,
 * `meta.docker_images` and `meta.raw_startup_command`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const StartupResponse = Schema.Struct({
  object: Schema.Literal("list"),
  data: Schema.Array(Schema.Struct({ object: Schema.Literal("egg_variable"), attributes: EggVariable })),
  meta: Schema.Struct({
    startup_command: Schema.String,
    docker_images: DockerImages,
    raw_startup_command: Schema.String
  })
})

/**
 * The startup configuration as the user sees it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Startup {
  readonly variables: ReadonlyArray<EggVariable>
  /** With variables substituted; hidden ones show as `[hidden]`. */
  readonly startup_command: string
  readonly docker_images: Readonly<Record<string, string>>
  readonly raw_startup_command: string
}

/**
 * `PUT /servers/{server}/startup/variable`: the variable, and the startup command it changed.
 *
 * @since 0.1.0
 * @category schemas
 */
// app/Http/Controllers/Api/Client/Servers/StartupController.php::update always adds both.
export const VariableUpdated = Schema.Struct({
  object: Schema.Literal("egg_variable"),
  attributes: EggVariable,
  meta: Schema.Struct({ startup_command: Schema.String, raw_startup_command: Schema.String })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface VariableUpdated {
  /** `server_value` is the value as sent (`null` for `""`), though the panel stores `""`. */
  readonly variable: EggVariable
  readonly startup_command: string
  readonly raw_startup_command: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /servers/{server}/startup` (`startup.read`). */
  readonly get: (server: string) => Effect.Effect<Startup, ServerError>
  /**
   * `PUT /servers/{server}/startup/variable` (`startup.update`). The value is checked against the
   * variable's own rules by the panel (422, field `value`); a variable hidden from users or
   * read-only is a 400 `BadRequestHttpException` (`PanelRequestRejected`). A key that is not a
   * variable of the egg at all makes the panel fail with a 500 `ErrorException`
   * (`PanelServerError`): it reads the missing variable before checking for it, a panel bug.
   */
  readonly setVariable: (
    server: string,
    input: { readonly key: string; readonly value: string | null }
  ) => Effect.Effect<VariableUpdated, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
}

/**
 * The startup group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => ({
  get: (server) =>
    panel
      .json(
        { operation: "ClientApi.startup.get", method: "GET", path: PanelClient.path`/servers/${server}/startup` },
        StartupResponse
      )
      .pipe(
        Effect.map(
          (body): Startup => ({
            variables: body.data.map((entry) => entry.attributes),
            startup_command: body.meta.startup_command,
            docker_images: body.meta.docker_images,
            raw_startup_command: body.meta.raw_startup_command
          })
        ),
        PanelError.narrow("NotFound", "ServerStateConflict")
      ),
  setVariable: (server, input) => {
    const path = PanelClient.path`/servers/${server}/startup/variable`
    // app/Http/Requests/Api/Client/Servers/Startup/UpdateStartupVariableRequest.php::rules:
    // key required|string, value present (null allowed, always sent).
    return Validate.refuse("PUT", path, [Validate.required("key", input.key)]).pipe(
      Effect.zipRight(
        panel.json(
          {
            operation: "ClientApi.startup.setVariable",
            method: "PUT",
            path,
            body: Request.json({ key: input.key, value: input.value })
          },
          VariableUpdated
        )
      ),
      Effect.map(
        (body): VariableUpdated => ({
          variable: body.attributes,
          startup_command: body.meta.startup_command,
          raw_startup_command: body.meta.raw_startup_command
        })
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  }
})
