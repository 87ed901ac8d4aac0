/**
 * `UserController` (§8.2 `/users`): list, view, create, update, delete.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Bindings from "../../http/Bindings.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { type State, Store, iso, read } from "../../state/Store.js"
import { list, pageNumber, paginate } from "../../laravel/Fractal.js"
import * as A from "../Transformers.js"
import * as Responses from "../Responses.js"
import * as G from "../../state/Generate.js"
import * as Validator from "../../laravel/Validator.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["email", "uuid", "username", "external_id"]
const SORTS = ["id", "uuid"]

/**
 * A user as `UserTransformer` renders it, nested includes (`servers.allocations`) included.
 *
 * @since 0.1.0
 * @category helpers
 */
export const userItem = (state: State, ctx: RequestContext, user: Fixture.User) =>
  A.user(A.context(ctx, state), user, A.includes(ctx))

// The languages the panel ships (`resources/lang/*`).
const LANGUAGES = ["en"]

const USERNAME = /^[a-z0-9]([\w.-]+)[a-z0-9]$/

const ATTRIBUTES = { external_id: "Third Party Identifier", root_admin: "Root Administrator Status" }

// `StoreUserRequest::rules()`: the `User` model rules it keeps, in the model's order, then the
// renamed name fields. An update ignores the user's own row in the unique rules.
const rules = (ctx: RequestContext, state: State): Validator.Rules => {
  const others = state.users.filter((u) => u.id !== ctx.models.user?.id)
  const unique = (column: (u: Fixture.User) => string | null) =>
    Validator.unique((v) => others.some((u) => Mysql.sameText(column(u), v)))
  return {
    email: ["required", "email", "between:1,191", unique((u) => u.email)],
    external_id: ["sometimes", "nullable", "string", "max:191", unique((u) => u.external_id)],
    username: [
      "required",
      "between:1,191",
      unique((u) => u.username),
      Validator.custom(
        "p_username",
        (v) => USERNAME.test(Input.phpString(v).toLowerCase()),
        (name) =>
          `The ${name} must start and end with alpha-numeric characters and contain only letters, numbers, dashes, underscores, and periods.`
      )
    ],
    password: "sometimes|nullable|string",
    root_admin: "boolean",
    language: ["string", Validator.inList(LANGUAGES)],
    first_name: "required|string|between:1,191",
    last_name: "required|string|between:1,191"
  }
}

const str = (v: unknown): string => Input.phpString(v)

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/users",
    api: "application",
    name: "api:application.users",
    acl: { resource: "users", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const sorts = yield* ListQuery.sorts(ctx.query, SORTS)
        const state = yield* Ref.get((yield* Store).state)
        let users = state.users
        for (const [name, alternatives] of filters) {
          users = users.filter((u) =>
            ListQuery.partial(name === "external_id" ? u.external_id : (u[name as "email"] ?? null), alternatives)
          )
        }
        users = ListQuery.applySorts(users, sorts)
        const page = paginate(users, {
          page: pageNumber(ctx.query.page),
          perPage: Responses.perPage(ctx.query.per_page),
          url: `${ctx.baseUrl}/api/application/users`,
          query: {}
        })
        return { status: 200, body: { ...list(page.items.map((u) => userItem(state, ctx, u))), meta: page.meta } }
      })
  }),
  define({
    method: "GET",
    path: "/api/application/users/{user}",
    api: "application",
    name: "api:application.users.view",
    bindings: [Bindings.user],
    acl: { resource: "users", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* Ref.get((yield* Store).state)
        return { status: 200, body: userItem(state, ctx, ctx.models.user!) }
      })
  }),
  define({
    method: "POST",
    path: "/api/application/users",
    api: "application",
    name: "api:application.users.store",
    acl: { resource: "users", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const input = ctx.input
        const created = yield* Ref.modify(store.state, (state): [Fixture.User, State] => {
          const [id, next] = G.nextId(state, "users", state.users)
          const password = input.password
          const row: Fixture.User = {
            id,
            uuid: G.uuid(`user:${id}`),
            external_id: input.external_id === undefined || input.external_id === null ? null : str(input.external_id),
            // The panel stores usernames in lower case.
            username: str(input.username).toLowerCase(),
            email: str(input.email),
            first_name: str(input.first_name),
            last_name: str(input.last_name),
            language: input.language === undefined || input.language === null ? "en" : str(input.language),
            root_admin: input.root_admin === undefined ? false : Input.toBool(input.root_admin),
            use_totp: false,
            ...(typeof password === "string" ? { password } : {}),
            created_at: now,
            updated_at: now
          }
          return [row, { ...next, users: [...next.users, row] }]
        })
        const state = yield* read
        return Responses.created(
          ctx,
          A.user(A.context(ctx, state), created, A.includes(ctx)),
          `/api/application/users/${created.id}`
        )
      })
  }),
  define({
    method: "PATCH",
    path: "/api/application/users/{user}",
    api: "application",
    name: "api:application.users.update",
    bindings: [Bindings.user],
    acl: { resource: "users", level: 2 },
    request: { rules, attributes: ATTRIBUTES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const now = iso(yield* store.now)
        const input = ctx.input
        const id = ctx.models.user!.id
        const updated = yield* Ref.modify(store.state, (state): [Fixture.User | undefined, State] => {
          const current = state.users.find((u) => u.id === id)
          if (current === undefined) return [undefined, state]
          const password = input.password
          const row: Fixture.User = {
            ...current,
            email: str(input.email),
            username: str(input.username).toLowerCase(),
            first_name: str(input.first_name),
            last_name: str(input.last_name),
            ...(input.external_id !== undefined
              ? { external_id: input.external_id === null ? null : str(input.external_id) }
              : {}),
            ...(input.language !== undefined && input.language !== null ? { language: str(input.language) } : {}),
            ...(input.root_admin !== undefined ? { root_admin: Input.toBool(input.root_admin) } : {}),
            // An empty password leaves the current one (`UserUpdateService`).
            ...(typeof password === "string" && password !== "" ? { password } : {}),
            updated_at: now
          }
          return [row, { ...state, users: state.users.map((u) => (u.id === id ? row : u)) }]
        })
        if (updated === undefined) return yield* Effect.fail(Failure.notFound())
        const state = yield* read
        return { status: 200, body: A.user(A.context(ctx, state), updated, A.includes(ctx)) }
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/users/{user}",
    api: "application",
    name: "api:application.users.delete",
    bindings: [Bindings.user],
    acl: { resource: "users", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const id = ctx.models.user!.id
        const blocked = yield* Ref.modify(store.state, (state): [boolean, State] => {
          if (state.servers.some((s) => s.owner_id === id)) return [true, state]
          return [
            false,
            {
              ...state,
              users: state.users.filter((u) => u.id !== id),
              keys: state.keys.filter((k) => k.user_id !== id),
              subusers: state.subusers.filter((s) => s.user_id !== id)
            }
          ]
        })
        if (blocked) {
          return yield* Effect.fail(
            Failure.display(
              "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."
            )
          )
        }
        return Responses.noContent
      })
  })
]
