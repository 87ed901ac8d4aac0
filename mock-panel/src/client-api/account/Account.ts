/**
 * `routes/api-client.php`, `/account` beyond the basics (§8.1): two-factor setup, enable and
 * disable, email and password changes, the account activity log and SSH keys.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Rules from "../../laravel/StringRules.js"
import * as SshKeys from "../SshPublicKey.js"
import * as Totp from "../Totp.js"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import { define, type RequestContext, type RouteDefinition } from "../../http/Route.js"
import { iso, type State } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { item, list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import { modify, now, read, withClient } from "../../state/Store.js"

const passwordMatches = (user: Fixture.User, given: unknown) =>
  user.password !== undefined && typeof given === "string" && given === user.password

const currentUser = (state: State, ctx: RequestContext): Fixture.User =>
  state.users.find((u) => u.id === ctx.auth!.user.id) ?? ctx.auth!.user

const updateUser = (state: State, user: Fixture.User): State => ({
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
    path: "/api/client/account/two-factor",
    api: "client",
    name: "api:client.account.two-factor",
    twoFactorExempt: true,
    handle: (ctx) =>
      Effect.gen(function* () {
        const bytes = yield* Effect.all(Array.from({ length: 20 }, () => Random.nextIntBetween(0, 256)))
        const secret = Totp.base32(Uint8Array.from(bytes)).slice(0, 32)
        const user = yield* modify((state) => {
          const user = currentUser(state, ctx)
          if (user.use_totp) return Failure.badRequest("Two-factor authentication is already enabled on this account.")
          return [user, updateUser(state, { ...user, totp_secret: secret })]
        })
        const issuer = encodeURIComponent("Pterodactyl")
        return {
          status: 200,
          body: {
            data: {
              image_url_data: `otpauth://totp/${issuer}:${encodeURIComponent(user.email)}?secret=${secret}&issuer=${issuer}`,
              secret
            }
          }
        }
      })
  }),
  define({
    method: "POST",
    path: "/api/client/account/two-factor",
    api: "client",
    name: "api:client.account.two-factor.enable",
    twoFactorExempt: true,
    validate: (ctx) => Rules.validate(ctx.input, { code: "required|string|size:6", password: "required|string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const tokens = yield* Effect.all(Array.from({ length: 10 }, () => G.randomString(10)))
        yield* modify((state) => {
          const user = currentUser(state, ctx)
          if (!passwordMatches(user, ctx.input.password))
            return Failure.badRequest("The password provided was not valid.")
          const secret = user.totp_secret ?? null
          if (secret === null || !Totp.verify(secret, String(ctx.input.code), at)) {
            return Failure.display("The token provided is not valid.", "TwoFactorAuthenticationTokenInvalid")
          }
          const next = updateUser(state, { ...user, use_totp: true, updated_at: iso(at) })
          return [undefined, Activity.log(next, ctx, at, "user:two-factor.create", { subjectUser: user.id })]
        })
        return { status: 200, body: item("recovery_tokens", { tokens }) }
      })
  }),
  define({
    method: "POST",
    path: "/api/client/account/two-factor/disable",
    api: "client",
    name: "api:client.account.two-factor.disable",
    twoFactorExempt: true,
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const user = currentUser(state, ctx)
          if (!passwordMatches(user, ctx.input.password))
            return Failure.badRequest("The password provided was not valid.")
          const next = updateUser(state, { ...user, use_totp: false, totp_secret: null, updated_at: iso(at) })
          return [{ status: 204 }, Activity.log(next, ctx, at, "user:two-factor.delete", { subjectUser: user.id })]
        })
      })
  }),
  define({
    method: "PUT",
    path: "/api/client/account/email",
    api: "client",
    name: "api:client.account.update-email",
    validate: (ctx) =>
      Effect.gen(function* () {
        yield* requirePassword("password")(ctx)
        const errors = Rules.check(ctx.input, { email: "required|email|between:1,191" })
        const state = yield* read
        const email = ctx.input.email
        if (
          errors.length === 0 &&
          typeof email === "string" &&
          state.users.some((u) => u.id !== ctx.auth!.user.id && u.email.toLowerCase() === email.toLowerCase())
        ) {
          errors.push({ field: "email", rule: "unique", detail: "The email has already been taken." })
        }
        if (errors.length > 0) return yield* Effect.fail(Failure.validation(errors))
      }),
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
    validate: (ctx) =>
      Effect.zipRight(
        requirePassword("current_password")(ctx),
        Rules.validate(ctx.input, { password: "required|string|confirmed|min:8" })
      ),
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
  }),
  define({
    method: "GET",
    path: "/api/client/account/activity",
    api: "client",
    name: "api:client.account.activity",
    handle: (ctx) =>
      Effect.gen(function* () {
        const state = yield* read
        const user = ctx.auth!.user
        return yield* Activity.page(
          state,
          ctx,
          state.client.activity.filter((a) => a.subject_user_id === user.id),
          `${ctx.baseUrl}/api/client/account/activity`
        )
      })
  }),
  define({
    method: "GET",
    path: "/api/client/account/ssh-keys",
    api: "client",
    name: "api:client.account.ssh-keys",
    handle: (ctx) =>
      Effect.map(read, (state) => ({
        status: 200,
        body: list(state.client.sshKeys.filter((k) => k.user_id === ctx.auth!.user.id).map(T.sshKey))
      }))
  }),
  define({
    method: "POST",
    path: "/api/client/account/ssh-keys",
    api: "client",
    name: "api:client.account.ssh-keys.store",
    validate: (ctx) =>
      Effect.gen(function* () {
        const errors = Rules.check(ctx.input, { name: "required|string", public_key: "required|string" })
        // The request's after-validation hook: messages without a rule (§7.3).
        if (errors.length === 0) {
          const key = SshKeys.parse(String(ctx.input.public_key))
          const add = (detail: string) => errors.push({ field: "public_key", rule: "", detail })
          if (key === undefined) add("The public key provided is not valid.")
          else {
            if (key.type === "ssh-dss") add("DSA keys are not supported.")
            if (key.rsaBits !== undefined && key.rsaBits < 2048) add("RSA keys must be at least 2048 bytes in length.")
            const state = yield* read
            if (
              state.client.sshKeys.some((k) => k.user_id === ctx.auth!.user.id && k.fingerprint === key.fingerprint)
            ) {
              add("The public key provided already exists on your account.")
            }
          }
        }
        if (errors.length > 0) return yield* Effect.fail(Failure.validation(errors))
      }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const key = SshKeys.parse(String(ctx.input.public_key))!
        const row = yield* modify((state) => {
          const [id, next] = G.nextId(state, "user_ssh_keys", state.client.sshKeys)
          const created = {
            id,
            user_id: ctx.auth!.user.id,
            name: String(ctx.input.name),
            fingerprint: key.fingerprint,
            public_key: String(ctx.input.public_key),
            created_at: iso(at)
          }
          const added = withClient(next, { sshKeys: [...next.client.sshKeys, created] })
          return [
            created,
            Activity.log(added, ctx, at, "user:ssh-key.create", {
              subjectUser: ctx.auth!.user.id,
              properties: { fingerprint: key.fingerprint }
            })
          ]
        })
        return { status: 200, body: T.sshKey(row) }
      })
  }),
  define({
    method: "POST",
    path: "/api/client/account/ssh-keys/remove",
    api: "client",
    name: "api:client.account.ssh-keys.destroy",
    validate: (ctx) => Rules.validate(ctx.input, { fingerprint: "required|string" }),
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const user = ctx.auth!.user
          const key = state.client.sshKeys.find((k) => k.user_id === user.id && k.fingerprint === ctx.input.fingerprint)
          // Removing a key that is not there is not an error.
          if (key === undefined) return [{ status: 204 }, state]
          const next = withClient(state, { sshKeys: state.client.sshKeys.filter((k) => k.id !== key.id) })
          return [
            { status: 204 },
            Activity.log(next, ctx, at, "user:ssh-key.delete", {
              subjectUser: user.id,
              properties: { fingerprint: key.fingerprint }
            })
          ]
        })
      })
  })
]
