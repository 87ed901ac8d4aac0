/**
 * Databases of a server (§8.2.6, objects `server_database`, `database_password` and
 * `database_host` of §9.2.12 and §9.2.13).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Check from "./internal/check.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"

/**
 * The attributes of an application `server_database` (§9.2), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerDatabaseFields = Schema.Struct({
  id: Schema.Int,
  /** The server id. */
  server: Schema.Int,
  /** The database host id. */
  host: Schema.Int,
  database: Schema.String,
  username: Schema.String,
  /** Where connections may come from, e.g. `%`. */
  remote: Schema.String,
  max_connections: Schema.NullOr(Schema.Number),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerDatabaseFields extends Schema.Schema.Type<typeof ServerDatabaseFields> {}

/**
 * The `password` include (`database_password`); the password stays `Redacted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DatabasePassword = Schema.Struct({ password: Schema.Redacted(Schema.String) })

/**
 * @since 0.1.0
 * @category models
 */
export interface DatabasePassword extends Schema.Schema.Type<typeof DatabasePassword> {}

/**
 * The `host` include (`database_host`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const DatabaseHost = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  host: Schema.String,
  port: Schema.Int,
  username: Schema.String,
  /** The node the host is linked to, if any. */
  node: Schema.NullOr(Schema.Int),
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface DatabaseHost extends Schema.Schema.Type<typeof DatabaseHost> {}

/**
 * The includes a server database can carry; `null` is a null resource (§3.4). `password` has no
 * permission check; `host` needs the key's `database_hosts` read permission.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerDatabaseRelationships = Schema.Struct({
  password: Schema.optional(Related.one("database_password", () => DatabasePassword)),
  host: Schema.optional(Related.one("database_host", () => DatabaseHost))
})

/**
 * A `server_database` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ServerDatabase = Schema.Struct({
  ...ServerDatabaseFields.fields,
  relationships: Schema.optional(ServerDatabaseRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ServerDatabase extends Schema.Schema.Type<typeof ServerDatabase> {}

/**
 * Includes of the server database endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "password" | "host"

/**
 * Options of the database reads; the list is not paginated (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * The body of `POST /servers/{id}/databases`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreateInput {
  /** Letters, digits, `-` and `_`, 1–48 characters. */
  readonly database: string
  /** Where connections may come from: digits, `%` and `.`, up to 15 characters (`%` for anywhere). */
  readonly remote: string
  /** The database host id. */
  readonly host: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /servers/{id}/databases`. */
  readonly list: (
    serverId: number,
    options?: GetOptions
  ) => Effect.Effect<ReadonlyArray<ServerDatabase>, PanelError.Common | PanelError.NotFound>
  /**
   * `GET /servers/{id}/databases/{db}`. The panel binds `{db}` without scoping it to the server
   * (§8.2.6), so a database of another server is answered too.
   */
  readonly get: (
    serverId: number,
    databaseId: number | string,
    options?: GetOptions
  ) => Effect.Effect<ServerDatabase, PanelError.Common | PanelError.NotFound>
  /**
   * `POST /servers/{id}/databases`: 201 with the new database and `meta.resource`
   * (`max_connections` is `null` in it: the panel does not re-read the row). A server at its
   * database limit (a limit of 0 allows none) or a name it already has is the panel's 400
   * (`PanelRequestRejected`: `TooManyDatabasesException`, `DuplicateDatabaseNameException`).
   */
  readonly create: (
    serverId: number,
    input: CreateInput,
    options?: GetOptions
  ) => Effect.Effect<
    Request.Created<ServerDatabase>,
    PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed | PanelError.PanelRequestRejected
  >
  /** `POST /servers/{id}/databases/{db}/reset-password` (204): read it back with `include: ["password"]`. */
  readonly resetPassword: (
    serverId: number,
    databaseId: number | string
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
  /** `DELETE /servers/{id}/databases/{db}`. */
  readonly delete: (
    serverId: number,
    databaseId: number | string
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
}

/**
 * The server database endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "databases")
  return {
    list: (serverId, options) =>
      requests
        .list(
          "server_database",
          ServerDatabase,
          "list",
          PanelClient.path`/servers/${serverId}/databases`,
          Query.toQuery(options)
        )
        .pipe(PanelError.narrow("NotFound")),
    get: (serverId, databaseId, options) =>
      requests
        .item(
          "server_database",
          ServerDatabase,
          "get",
          "GET",
          PanelClient.path`/servers/${serverId}/databases/${databaseId}`,
          Query.toQuery(options)
        )
        .pipe(PanelError.narrow("NotFound")),
    create: (serverId, input, options) => {
      const path = PanelClient.path`/servers/${serverId}/databases`
      return Effect.zipRight(
        Check.validate("POST", Request.PREFIX + path, [
          Check.required("database", input.database),
          Check.between("database", input.database, 1, 48),
          Check.alphaDash("database", input.database),
          Check.required("remote", input.remote),
          Check.regex("remote", input.remote, /^[0-9%.]{1,15}$/),
          Check.integerAtLeast("host", input.host, 1)
        ]),
        requests
          .created("server_database", ServerDatabase, "create", path, input, Query.toQuery(options))
          .pipe(PanelError.narrow("NotFound", "ValidationFailed"))
      )
    },
    resetPassword: (serverId, databaseId) =>
      requests
        .empty("resetPassword", "POST", PanelClient.path`/servers/${serverId}/databases/${databaseId}/reset-password`)
        .pipe(PanelError.narrow("NotFound")),
    delete: (serverId, databaseId) =>
      requests
        .empty("delete", "DELETE", PanelClient.path`/servers/${serverId}/databases/${databaseId}`)
        .pipe(PanelError.narrow("NotFound"))
  }
}
