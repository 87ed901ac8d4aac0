/**
 * `/servers/{server}/databases`: the server's databases, addressed by hashid (§8.1
 * "Databases", §4.5 for when the password is included).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * `database_password` (§9.1), kept `Redacted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const DatabasePassword = Schema.Struct({ password: Schema.Redacted(Schema.String) })

/**
 * A client `server_database` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
// app/Transformers/Api/Client/DatabaseTransformer.php::transform, ::includePassword
export const Database = Schema.Struct({
  /** The hashid that addresses the database in the other routes. */
  id: Schema.String,
  host: Schema.Struct({ address: Schema.String, port: Schema.Int }),
  name: Schema.String,
  username: Schema.String,
  connections_from: Schema.String,
  /**
   * `null` in every create response (the panel saves the model and never re-reads it,
   * `app/Services/Databases/DatabaseManagementService.php::createModel`) and for rows written with
   * the field blank; the column is a nullable integer defaulting to 0
   * (database/migrations/2020_04_22_055500_add_max_connections_column.php).
   */
  max_connections: Schema.NullOr(Schema.Int),
  relationships: Schema.optional(
    Schema.Struct({
      /** A null resource without `database.view_password` (§4.5). */
      password: Schema.optional(Envelope.Relationship(Envelope.Item("database_password", DatabasePassword)))
    })
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Database extends Schema.Schema.Type<typeof Database> {}

/**
 * The password of a database, when the panel returned it (create, rotate, or `include=password`
 * with `database.view_password`).
 *
 * @since 0.1.0
 * @category accessors
 */
export const password = (database: Database): Option.Option<Redacted.Redacted<string>> => {
  const relation = database.relationships?.password
  return relation === undefined || relation.object === "null_resource"
    ? Option.none()
    : Option.some(relation.attributes.password)
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /servers/{server}/databases` (`database.read`); `include: ["password"]` asks for passwords. */
  readonly list: (
    server: string,
    options?: { readonly include?: ReadonlyArray<"password"> | undefined }
  ) => Effect.Effect<ReadonlyArray<Database>, ServerError>
  /**
   * `POST /servers/{server}/databases` (`database.create`). `database`: letters, numbers, `-`,
   * `_`, 3–48 characters, unique on the server (422 `unique`); `remote`: the hosts allowed to
   * connect, matching `^[\w\-\/.%:]+$` (`%`, a hostname, `10.0.0.0/255.255.255.0`, `::1`).
   * 400 (`PanelRequestRejected`): `TooManyDatabasesException`, `NoSuitableDatabaseHostException`,
   * `DuplicateDatabaseNameException`. A panel with client databases turned off answers a 500
   * `DatabaseClientFeatureNotEnabledException` (`PanelServerError`): the panel's exception is not
   * a `DisplayException`, a panel bug.
   */
  readonly create: (
    server: string,
    input: { readonly database: string; readonly remote: string }
  ) => Effect.Effect<Database, ServerError | PanelError.ValidationFailed>
  /** `POST /servers/{server}/databases/{database}/rotate-password` (`database.update`). */
  readonly rotatePassword: (server: string, database: string) => Effect.Effect<Database, ServerError>
  /** `DELETE /servers/{server}/databases/{database}` (`database.delete`). */
  readonly delete: (server: string, database: string) => Effect.Effect<void, ServerError>
}

/**
 * The databases group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => ({
  list: (server, options = {}) =>
    Request.list(
      panel,
      {
        operation: "ClientApi.databases.list",
        method: "GET",
        path: PanelClient.path`/servers/${server}/databases`,
        query: Request.listQuery({ include: options.include })
      },
      "server_database",
      Database
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  create: (server, input) => {
    const path = PanelClient.path`/servers/${server}/databases`
    // app/Http/Requests/Api/Client/Servers/Databases/StoreDatabaseRequest.php::rules (unique is
    // the panel's); `remote` has the model rule of app/Models/Database.php::$validationRules, not
    // the Application API's [0-9%.]{1,15}.
    return Validate.refuse("POST", path, [
      Validate.field(
        Validate.required("database", input.database),
        Validate.alphaDash("database", input.database),
        Validate.minLength("database", input.database, 3),
        Validate.maxLength("database", input.database, 48)
      ),
      Validate.field(
        Validate.required("remote", input.remote),
        Validate.matches("remote", input.remote, /^[\w\-/.%:]+$/)
      )
    ]).pipe(
      Effect.zipRight(
        Request.item(
          panel,
          {
            operation: "ClientApi.databases.create",
            method: "POST",
            path,
            body: Request.json({ database: input.database, remote: input.remote })
          },
          "server_database",
          Database
        )
      ),
      PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
    )
  },
  rotatePassword: (server, database) =>
    Request.item(
      panel,
      {
        operation: "ClientApi.databases.rotatePassword",
        method: "POST",
        path: PanelClient.path`/servers/${server}/databases/${database}/rotate-password`
      },
      "server_database",
      Database
    ).pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
  delete: (server, database) =>
    panel
      .empty({
        operation: "ClientApi.databases.delete",
        method: "DELETE",
        path: PanelClient.path`/servers/${server}/databases/${database}`
      })
      .pipe(PanelError.narrow("NotFound", "ServerStateConflict"))
})
