/**
 * `routes/api-application.php`, `/users` writes (§8.2): create, update, delete.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import * as R from "../../laravel/Validator.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, read } from "../../state/Store.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

// The languages the panel ships (`resources/lang/*`).
const LANGUAGES = ["en"]

const USERNAME = /^[a-z0-9]([\w.-]+)[a-z0-9]$/

const ATTRIBUTES = { external_id: "Third Party Identifier", root_admin: "Root Administrator Status" }

// `StoreUserRequest::rules()`: the `User` model rules it keeps, in the model's order, then the
// renamed name fields. An update ignores the user's own row in the unique rules.
const rules = (state: State, self: number | undefined): R.Rules => {
  const others = state.users.filter((u) => u.id !== self)
  return [
    [
      "email",
      [R.required, R.email, R.between(1, 191), R.unique((v) => others.some((u) => Mysql.sameText(u.email, v)))]
    ],
    [
      "external_id",
      [
        R.sometimes,
        R.nullable,
        R.string,
        R.max(191),
        R.unique((v) => others.some((u) => Mysql.sameText(u.external_id, v)))
      ]
    ],
    [
      "username",
      [
        R.required,
        R.between(1, 191),
        R.unique((v) => others.some((u) => Mysql.sameText(u.username, v))),
        R.custom(
          "p_username",
          (v) => USERNAME.test(Input.phpString(v).toLowerCase()),
          (name) =>
            `The ${name} must start and end with alpha-numeric characters and contain only letters, numbers, dashes, underscores, and periods.`
        )
      ]
    ],
    ["password", [R.sometimes, R.nullable, R.string]],
    ["root_admin", [R.boolean]],
    ["language", [R.string, R.inList(LANGUAGES)]],
    ["first_name", [R.required, R.string, R.between(1, 191)]],
    ["last_name", [R.required, R.string, R.between(1, 191)]]
  ]
}

const validate = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const state = yield* read
    yield* R.validateInput(ctx.input, rules(state, ctx.models.user?.id), ATTRIBUTES)
  })

const str = (v: unknown): string => Input.phpString(v)

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "POST",
    path: "/api/application/users",
    api: "application",
    name: "api:application.users.store",
    acl: { resource: "users", level: 2 },
    validate,
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
    validate,
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
