/**
 * `SSHKeyController` (§8.1 `/account/ssh-keys`): list, add (with `StoreSSHKeyRequest`'s key
 * checks) and remove.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as SshKeys from "../SshPublicKey.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { iso, modify, now, read, withClient } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
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
    request: {
      // StoreSSHKeyRequest::rules(): the `UserSSHKey` model's rules.
      rules: { name: "required|string", public_key: "required|string" },
      // The request's after-validation hook: messages without a rule (§7.3). It runs whatever
      // the rules said, so a missing key is also "not valid" (StoreSSHKeyRequest::withValidator).
      after: (ctx, state) => {
        const key = typeof ctx.input.public_key === "string" ? SshKeys.parse(ctx.input.public_key) : undefined
        if (key === undefined) return [{ field: "public_key", detail: "The public key provided is not valid." }]
        const messages: Array<string> = []
        if (key.type === "ssh-dss") messages.push("DSA keys are not supported.")
        if (key.rsaBits !== undefined && key.rsaBits < 2048)
          messages.push("RSA keys must be at least 2048 bytes in length.")
        if (state.client.sshKeys.some((k) => k.user_id === ctx.auth!.user.id && k.fingerprint === key.fingerprint)) {
          messages.push("The public key provided already exists on your account.")
        }
        return messages.map((detail) => ({ field: "public_key", detail }))
      }
    },
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
    // No form request of its own: the controller validates `fingerprint` (§8.1).
    request: { rules: { fingerprint: "required|string" } },
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
