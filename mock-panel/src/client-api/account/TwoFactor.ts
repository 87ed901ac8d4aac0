/**
 * `TwoFactorController` (§8.1 `/account/two-factor`): setup, enable with a TOTP code, disable.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Totp from "../Totp.js"
import * as Failure from "../../http/Failure.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { iso, modify, now } from "../../state/Store.js"
import { item } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import { currentUser, passwordMatches, updateUser } from "./Account.js"

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
        // TwoFactorSetupService::handle: 16 characters drawn from the base32 alphabet.
        const bytes = yield* Effect.all(Array.from({ length: 10 }, () => Random.nextIntBetween(0, 256)))
        const secret = Totp.base32(Uint8Array.from(bytes)).slice(0, 16)
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
    request: { rules: { code: "required|string|size:6", password: "required|string" } },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const tokens = yield* Effect.all(Array.from({ length: 10 }, () => G.randomString(10)))
        yield* modify((state) => {
          const user = currentUser(state, ctx)
          if (!passwordMatches(user, ctx.input.password))
            return Failure.badRequest("The password provided was not valid.")
          const secret = user.totp_secret ?? null
          // ToggleTwoFactorService::handle decrypts the stored secret first: without one (no setup
          // ever) decrypt(null) throws, a 500 (a panel bug).
          if (secret === null) return Failure.unexpected("DecryptException")
          if (!Totp.verify(secret, String(ctx.input.code), at)) {
            return Failure.display(
              "The provided two-factor authentication token was not valid.",
              "TwoFactorAuthenticationTokenInvalid"
            )
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
          // TwoFactorController::delete only switches use_totp off; the secret stays.
          const next = updateUser(state, { ...user, use_totp: false, updated_at: iso(at) })
          return [{ status: 204 }, Activity.log(next, ctx, at, "user:two-factor.delete", { subjectUser: user.id })]
        })
      })
  })
]
