/**
 * `/servers/{server}/users`: the server's subusers, addressed by their user UUID (§8.1
 * "Subusers", §4.4 for the 403s).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Php from "./internal/php.js"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * A `server_subuser` (§9.1), from `app/Transformers/Api/Client/SubuserTransformer.php::transform`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Subuser = Schema.Struct({
  uuid: Schema.String,
  username: Schema.String,
  email: Schema.String,
  /** A gravatar URL. */
  image: Schema.String,
  "2fa_enabled": Schema.Boolean,
  created_at: Schema.String,
  /**
   * Permission strings of §4.2; `websocket.connect` is always among them. The panel may send them
   * as an object (an array with gaps in its keys) and sends `null` for legacy rows; both are read
   * here as the list they stand for, `null` as none.
   */
  permissions: Php.StringListOrNone
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Subuser extends Schema.Schema.Type<typeof Subuser> {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /servers/{server}/users` (`user.read`). */
  readonly list: (server: string) => Effect.Effect<ReadonlyArray<Subuser>, ServerError>
  /**
   * `POST /servers/{server}/users` (`user.create`): adds a user by email, creating the account if
   * new. `permissions` must not be empty; duplicates are dropped before sending, since the panel
   * would store the list with gaps in its keys. Already a subuser → 400
   * `ServerSubuserExistsException`, the owner → 400 `UserIsServerOwnerException`
   * (`PanelRequestRejected`); permissions the caller lacks → 403. A new account whose email starts
   * with `_`, `.` or `-` makes the panel fail with a 500 `DataValidationException` (the username it
   * derives breaks its own rule, a panel bug).
   */
  readonly create: (
    server: string,
    input: { readonly email: string; readonly permissions: ReadonlyArray<string> }
  ) => Effect.Effect<Subuser, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /** `GET /servers/{server}/users/{user}` (`user.read`). */
  readonly get: (server: string, user: string) => Effect.Effect<Subuser, ServerError>
  /**
   * `POST /servers/{server}/users/{user}` (`user.update`): replaces the permissions (not empty;
   * duplicates dropped before sending). Permissions the caller lacks → 403; a subuser editing
   * itself → 403.
   */
  readonly update: (
    server: string,
    user: string,
    input: { readonly permissions: ReadonlyArray<string> }
  ) => Effect.Effect<Subuser, ServerError | PanelError.ValidationFailed>
  /** `DELETE /servers/{server}/users/{user}` (`user.delete`). */
  readonly delete: (server: string, user: string) => Effect.Effect<void, ServerError>
}

// app/Http/Controllers/Api/Client/Servers/SubuserController.php::getDefaultPermissions keeps the
// keys of what it is sent through array_intersect and array_unique: a repeated entry would leave a
// gap, and the stored permissions would then be a JSON object everywhere they are shown.
const distinct = (permissions: ReadonlyArray<string>): ReadonlyArray<string> => [...new Set(permissions)]

/**
 * The subusers group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => ({
  list: (server) =>
    Request.list(
      panel,
      { operation: "ClientApi.subusers.list", method: "GET", path: PanelClient.path`/servers/${server}/users` },
      "server_subuser",
      Subuser
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  create: (server, input) => {
    const path = PanelClient.path`/servers/${server}/users`
    // app/Http/Requests/Api/Client/Servers/Subusers/StoreSubuserRequest.php::rules:
    // email required|email|between:1,191; permissions required|array (an empty array fails).
    return Validate.refuse("POST", path, [
      Validate.field(
        Validate.required("email", input.email),
        Validate.email("email", input.email),
        Validate.lengthBetween("email", input.email, 1, 191)
      ),
      Validate.required("permissions", input.permissions)
    ]).pipe(
      Effect.zipRight(
        Request.item(
          panel,
          {
            operation: "ClientApi.subusers.create",
            method: "POST",
            path,
            body: Request.json({ email: input.email, permissions: distinct(input.permissions) })
          },
          "server_subuser",
          Subuser
        )
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  },
  get: (server, user) =>
    Request.item(
      panel,
      { operation: "ClientApi.subusers.get", method: "GET", path: PanelClient.path`/servers/${server}/users/${user}` },
      "server_subuser",
      Subuser
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  update: (server, user, input) => {
    const path = PanelClient.path`/servers/${server}/users/${user}`
    // app/Http/Requests/Api/Client/Servers/Subusers/UpdateSubuserRequest.php::rules
    return Validate.refuse("POST", path, [Validate.required("permissions", input.permissions)]).pipe(
      Effect.zipRight(
        Request.item(
          panel,
          {
            operation: "ClientApi.subusers.update",
            method: "POST",
            path,
            body: Request.json({ permissions: distinct(input.permissions) })
          },
          "server_subuser",
          Subuser
        )
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  },
  delete: (server, user) =>
    panel
      .empty({
        operation: "ClientApi.subusers.delete",
        method: "DELETE",
        path: PanelClient.path`/servers/${server}/users/${user}`
      })
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict"))
})
