/**
 * `AccountController` (§8.1 `/account`): the account's details, email and password changes.
 * The password checks live here for `TwoFactorController` too.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Validator from "../../laravel/Validator.js"
import { sameText } from "../../state/Mysql.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State, modify, now, read } from "../../state/Store.js"
import * as T from "../Transformers.js"
import * as Activity from "../Activity.js"

/**
 * Whether `given` is the user's password.
 *
 * @since 0.1.0
 * @category helpers
 */
export const passwordMatches = (user: Fixture.User, given: unknown) =>
  user.password !== undefined && typeof given === "string" && given === user.password

/**
 * The authenticated user's current row.
 *
 * @since 0.1.0
 * @category helpers
 */
export const currentUser = (state: State, ctx: RequestContext): Fixture.User =>
  state.users.find((u) => u.id === ctx.auth!.user.id) ?? ctx.auth!.user

/**
 * Replaces one user row.
 *
 * @since 0.1.0
 * @category helpers
 */
export const updateUser = (state: State, user: Fixture.User): State => ({
  ...state,
  users: state.users.map((u) => (u.id === user.id ? user : u))
})

// The FormRequests of email and password changes check the password in `authorize()`, so a
// wrong one is a 400 before any 422 (§8.1, §10.4 AccountControllerTest).
const requirePassword = (field: string) => (ctx: RequestContext) =>
  Effect.flatMap(read, (state) =>
    passwordMatches(currentUser(state, ctx), ctx.input[field])
      ? Effect.void
      : Effect.fail(
          Failure.display("The password provided was invalid for this account.", "InvalidPasswordProvidedException")
        )
  )

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/client/account",
    api: "client",
    name: "api:client.account",
    twoFactorExempt: true,
    handle: (ctx) => Effect.succeed({ status: 200, body: T.account(ctx.auth!.user) })
  }),
  define({
    method: "PUT",
    path: "/api/client/account/email",
    api: "client",
    name: "api:client.account.update-email",
    request: {
      authorize: requirePassword("password"),
      // UpdateEmailRequest::rules(): the `User` model's `email` rules for this user.
      rules: (ctx, state) => ({
        email: [
          "required",
          "email",
          "between:1,191",
          Validator.unique((v) => state.users.some((u) => u.id !== ctx.auth!.user.id && sameText(u.email, v)))
        ]
      })
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const user = currentUser(state, ctx)
          const email = String(ctx.input.email)
          const next = updateUser(state, { ...user, email, updated_at: iso(at) })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "user:account.email-changed", {
              subjectUser: user.id,
              properties: { old: user.email, new: email }
            })
          ]
        })
      })
  }),
  define({
    method: "PUT",
    path: "/api/client/account/password",
    api: "client",
    name: "api:client.account.update-password",
    request: {
      authorize: requirePassword("current_password"),
      // UpdatePasswordRequest::rules()
      rules: { password: "required|string|confirmed|min:8" }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const user = currentUser(state, ctx)
          const next = updateUser(state, { ...user, password: String(ctx.input.password), updated_at: iso(at) })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "user:account.password-changed", { subjectUser: user.id })
          ]
        })
      })
  })
]
