/**
 * Users of the panel (§8.2.1, object `user` of §9.2.2).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Redacted_ from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Check from "./internal/check.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Servers from "./Servers.js"

/**
 * The attributes of an application `user` (§9.2.2, `UserTransformer::transform`), without
 * relationships. `first_name` and `last_name` are nullable columns
 * (2017_01_12_135449_add_more_user_data): users older than that migration have none.
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserFields = Schema.Struct({
  id: Schema.Int,
  external_id: Schema.NullOr(Schema.String),
  uuid: Schema.String,
  username: Schema.String,
  email: Schema.String,
  first_name: Schema.NullOr(Schema.String),
  last_name: Schema.NullOr(Schema.String),
  language: Schema.String,
  root_admin: Schema.Boolean,
  "2fa": Schema.Boolean,
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface UserFields extends Schema.Schema.Type<typeof UserFields> {}

/**
 * The includes a user can carry (`include=servers`); `null` is a null resource (§3.4).
 *
 * @since 0.1.0
 * @category schemas
 */
export const UserRelationships = Schema.Struct({
  servers: Schema.optional(Related.many("server", () => Servers.ServerFields))
})

/**
 * An application `user` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const User = Schema.Struct({
  ...UserFields.fields,
  relationships: Schema.optional(UserRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

/**
 * Includes of the user endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "servers"

/**
 * Filters of `GET /users` (§7.2): partial, case-insensitive matches.
 *
 * @since 0.1.0
 * @category models
 */
export type Filter = "email" | "uuid" | "username" | "external_id"

/**
 * Sorts of `GET /users` (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export type Sort = "id" | "uuid"

/**
 * Options of `users.list` / `users.stream`.
 *
 * @since 0.1.0
 * @category models
 */
export interface ListOptions extends Query.FilteredListOptions<Filter, Sort, Include> {}

/**
 * Options of the single-user reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * The body of `POST /users` and `PATCH /users/{id}` (§8.2.1). The update requires the same four
 * fields (`UpdateUserRequest::rules` keeps `required`); the optional ones left out stay as they are.
 *
 * @since 0.1.0
 * @category models
 */
export interface UserInput {
  readonly email: string
  readonly username: string
  readonly first_name: string
  readonly last_name: string
  readonly external_id?: string | null
  /** Without one, the panel emails the user a link to set it; an empty one leaves it unchanged on update. */
  readonly password?: string | Redacted.Redacted<string>
  readonly language?: string
  readonly root_admin?: boolean
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** One page of users (`GET /users`); an unknown filter or sort sent anyway is the panel's 400. */
  readonly list: (
    options?: ListOptions
  ) => Effect.Effect<Pagination.Page<User>, PanelError.Common | PanelError.PanelRequestRejected>
  /** Every user, page after page, with the same filters, sorts and includes on each request. */
  readonly stream: (options?: ListOptions) => Stream.Stream<User, PanelError.Common | PanelError.PanelRequestRejected>
  /** `GET /users/{id}`. */
  readonly get: (id: number, options?: GetOptions) => Effect.Effect<User, PanelError.Common | PanelError.NotFound>
  /** `GET /users/external/{external_id}`. */
  readonly getByExternalId: (
    externalId: string,
    options?: GetOptions
  ) => Effect.Effect<User, PanelError.Common | PanelError.NotFound>
  /**
   * `POST /users`: 201 with the new user and `meta.resource`. A 500 (`PanelServerError`) can
   * mean the welcome mail failed after the user was created (`UserCreationService::handle`).
   */
  readonly create: (
    input: UserInput
  ) => Effect.Effect<Request.Created<User>, PanelError.Common | PanelError.ValidationFailed>
  /** `PATCH /users/{id}`. */
  readonly update: (
    id: number,
    input: UserInput
  ) => Effect.Effect<User, PanelError.Common | PanelError.NotFound | PanelError.ValidationFailed>
  /** `DELETE /users/{id}`; a user who still owns servers is the panel's 400 (`PanelRequestRejected`). */
  readonly delete: (
    id: number
  ) => Effect.Effect<void, PanelError.Common | PanelError.NotFound | PanelError.PanelRequestRejected>
}

const check = (method: string, path: string, input: UserInput) =>
  Check.validate(method, Request.PREFIX + path, [
    Check.required("email", input.email),
    Check.required("username", input.username),
    Check.required("first_name", input.first_name),
    Check.required("last_name", input.last_name)
  ])

const body = (input: UserInput) => ({
  ...input,
  ...(input.password !== undefined
    ? { password: Redacted_.isRedacted(input.password) ? Redacted_.value(input.password) : input.password }
    : {})
})

/**
 * The user endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "users")
  const list: Service["list"] = (options) =>
    requests.page("user", User, "list", "/users", Query.toQuery(options)).pipe(PanelError.narrow())
  return {
    list,
    stream: (options) => Pagination.paginate((page) => list({ ...options, page }), { startPage: options?.page ?? 1 }),
    get: (id, options) =>
      requests
        .item("user", User, "get", "GET", PanelClient.path`/users/${id}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound")),
    getByExternalId: (externalId, options) =>
      requests
        .item(
          "user",
          User,
          "getByExternalId",
          "GET",
          PanelClient.path`/users/external/${externalId}`,
          Query.toQuery(options)
        )
        .pipe(PanelError.narrow("NotFound")),
    create: (input) =>
      Effect.zipRight(
        check("POST", "/users", input),
        requests.created("user", User, "create", "/users", body(input)).pipe(PanelError.narrow("ValidationFailed"))
      ),
    update: (id, input) => {
      const path = PanelClient.path`/users/${id}`
      return Effect.zipRight(
        check("PATCH", path, input),
        requests
          .item("user", User, "update", "PATCH", path, undefined, body(input))
          .pipe(PanelError.narrow("NotFound", "ValidationFailed"))
      )
    },
    delete: (id) =>
      requests.empty("delete", "DELETE", PanelClient.path`/users/${id}`).pipe(PanelError.narrow("NotFound"))
  }
}
