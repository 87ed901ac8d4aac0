/**
 * `/servers/{server}/users`: the server's subusers, addressed by their user UUID (§8.1
 * "Server: subusers", §4.4 for the 403s).
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
 * A `server_subuser` (§9.1).
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
  /** Permission strings of §4.2; `websocket.connect` is always among them. */
  permissions: Schema.Array(Schema.String)
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
   * new. Already a subuser, or the owner → 400.
   */
  readonly create: (
    server: string,
    input: { readonly email: string; readonly permissions: ReadonlyArray<string> }
  ) => Effect.Effect<Subuser, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /** `GET /servers/{server}/users/{user}` (`user.read`). */
  readonly get: (server: string, user: string) => Effect.Effect<Subuser, ServerError>
  /** `POST /servers/{server}/users/{user}` (`user.update`): replaces the permissions. */
  readonly update: (
    server: string,
    user: string,
    input: { readonly permissions: ReadonlyArray<string> }
  ) => Effect.Effect<Subuser, ServerError | PanelError.ValidationFailed>
  /** `DELETE /servers/{server}/users/{user}` (`user.delete`). */
  readonly delete: (server: string, user: string) => Effect.Effect<void, ServerError>
}

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
    return Validate.refuse("POST", path, [
      Validate.required("email", input.email) ??
        Validate.maxLength("email", input.email, 191) ??
        Validate.email("email", input.email)
    ]).pipe(
      Effect.zipRight(
        Request.item(
          panel,
          {
            operation: "ClientApi.subusers.create",
            method: "POST",
            path,
            body: Request.json({ email: input.email, permissions: input.permissions })
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
  update: (server, user, input) =>
    Request.item(
      panel,
      {
        operation: "ClientApi.subusers.update",
        method: "POST",
        path: PanelClient.path`/servers/${server}/users/${user}`,
        body: Request.json({ permissions: input.permissions })
      },
      "server_subuser",
      Subuser
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")),
  delete: (server, user) =>
    panel
      .empty({
        operation: "ClientApi.subusers.delete",
        method: "DELETE",
        path: PanelClient.path`/servers/${server}/users/${user}`
      })
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict"))
})
