/**
 * `routes/api-client.php`, `/servers/{server}/users` (§8.1). `{user}` is a user UUID among the
 * server's subusers (§4.1). `SubuserRequest::authorize` forbids editing oneself and assigning
 * permissions the requesting subuser lacks (§4.4).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import type { InputValue } from "../../laravel/Input.js"
import * as PhpArray from "../../laravel/PhpArray.js"
import * as Permissions from "../../state/Permissions.js"
import type { RequestContext, RouteDefinition } from "../../http/Route.js"
import { iso, type State, modify, now, read } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Bindings from "../../http/Bindings.js"
import { revokeUser } from "../../wings/websocket/Daemon.js"
import * as S from "./ServerGroup.js"

const subuserOf = (state: State, ctx: RequestContext) => {
  const uuid = (ctx.params.user ?? "").toLowerCase()
  const user = state.users.find((u) => u.uuid === uuid)
  const subuser =
    user === undefined
      ? undefined
      : state.subusers.find((s) => s.server_id === ctx.models.server!.id && s.user_id === user.id)
  return user === undefined || subuser === undefined ? undefined : { user, subuser }
}

const subuserBinding = Bindings.scoped("user", (state, ctx) => subuserOf(state, ctx) !== undefined)

const requested = (value: InputValue | undefined): ReadonlyArray<string> =>
  PhpArray.fromInput(value).map(([, permission]) => permission)

// SubuserController::getDefaultPermissions: array_intersect with the catalogue, array_merge with
// websocket.connect, array_unique. The first and last keep keys, so a repeated permission leaves
// a gap and the stored array is a JSON object (§4.2).
const stored = (value: InputValue | undefined): PhpArray.Json =>
  PhpArray.toJson(
    PhpArray.unique(
      PhpArray.merge(PhpArray.intersect(PhpArray.fromInput(value), Permissions.all), [[0, "websocket.connect"]])
    )
  )

const authorizeSubuserRequest = (ctx: RequestContext) =>
  Effect.gen(function* () {
    const state = yield* read
    const self = ctx.auth!.user
    if (ctx.params.user !== undefined && ctx.params.user.toLowerCase() === self.uuid) {
      return yield* Effect.fail(Failure.accessDenied())
    }
    if (ctx.method === "POST" && ctx.input.permissions !== undefined) {
      // validatePermissionsCanBeAssigned(array $permissions) gets `permissions ?? []` before any
      // rule: a string or a number there is a TypeError, a 500 for everyone (a panel bug).
      const given = ctx.input.permissions
      if (given !== null && typeof given !== "object") return yield* Effect.fail(Failure.unexpected("TypeError"))
      const mine = Permissions.serverPermissions(state, self, ctx.models.server!)
      if (mine !== "*" && requested(ctx.input.permissions).some((p) => !(mine ?? []).includes(p))) {
        return yield* Effect.fail(
          Failure.forbidden("Cannot assign permissions to a subuser that your account does not actively possess.")
        )
      }
    }
  })

const view = (pair: { user: Fixture.User; subuser: Fixture.Subuser }) => T.subuser(pair.user, pair.subuser)

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/users",
    name: "api:client:server.users",
    permission: "user.read",
    handle: (ctx) =>
      Effect.map(read, (state) => ({
        status: 200,
        body: list(
          state.subusers
            .filter((s) => s.server_id === ctx.models.server!.id)
            .flatMap((s) => {
              const user = state.users.find((u) => u.id === s.user_id)
              return user === undefined ? [] : [T.subuser(user, s)]
            })
        )
      }))
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/users",
    name: "api:client:server.users.create",
    permission: "user.create",
    request: {
      authorize: authorizeSubuserRequest,
      // StoreSubuserRequest::rules()
      rules: { email: "required|email|between:1,191", permissions: "required|array", "permissions.*": "string" }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const uuid = yield* G.randomUuid
        const suffix = yield* G.randomString(3)
        const pair = yield* modify((state) => {
          const server = S.serverOf(state, ctx)
          const email = String(ctx.input.email)
          let next = state
          let user = state.users.find((u) => u.email.toLowerCase() === email.toLowerCase())
          if (user === undefined) {
            const [id, s1] = G.nextId(state, "users", state.users)
            // SubuserCreationService::handle: the local part stripped to [\w.-], cut at 64, three
            // random characters appended; the model lower-cases it. A username that fails
            // app/Rules/Username.php (it must start with a letter or digit) makes the save fail with
            // a DataValidationException, a 500 (a panel bug).
            const local = (email.split("@")[0] ?? "").replace(/[^\w.-]+/g, "").slice(0, 64)
            const username = `${local}${suffix}`.toLowerCase()
            if (!/^[a-z0-9]([\w.-]+)[a-z0-9]$/.test(username)) {
              return new Failure.PanelFailure({
                status: 500,
                code: "DataValidationException",
                // DataValidationException's message: the model class, its (empty) key and the
                // MessageBag as JSON; the rule's message spans two source lines.
                detail: `Could not save Pterodactyl\\Models\\User[]: failed to validate data: {"username":["The username must start and end with alpha-numeric characters and\\n${" ".repeat(16)}contain only letters, numbers, dashes, underscores, and periods."]}`,
                style: "generic"
              })
            }
            user = {
              id,
              uuid,
              external_id: null,
              username,
              email,
              first_name: "Server",
              last_name: "Subuser",
              language: "en",
              root_admin: false,
              use_totp: false,
              created_at: iso(at),
              updated_at: iso(at)
            }
            next = { ...s1, users: [...s1.users, user] }
          }
          if (user.id === server.owner_id) {
            return Failure.display(
              "You cannot add the server owner as a subuser for this server.",
              "UserIsServerOwnerException"
            )
          }
          const owner = user
          if (state.subusers.some((s) => s.server_id === server.id && s.user_id === owner.id)) {
            return Failure.display(
              "A user with that email address is already assigned as a subuser for this server.",
              "ServerSubuserExistsException"
            )
          }
          const [id, s2] = G.nextId(next, "subusers", next.subusers)
          const subuser: Fixture.Subuser = {
            id,
            user_id: owner.id,
            server_id: server.id,
            permissions: stored(ctx.input.permissions),
            created_at: iso(at),
            updated_at: iso(at)
          }
          const s3 = { ...s2, subusers: [...s2.subusers, subuser] }
          return [
            { user: owner, subuser },
            Activity.log(s3, ctx, at, "server:subuser.create", {
              server,
              properties: { email: owner.email, permissions: subuser.permissions }
            })
          ]
        })
        return { status: 200, body: view(pair) }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/users/{user}",
    name: "api:client:server.users.view",
    bindings: [subuserBinding],
    permission: "user.read",
    request: { authorize: authorizeSubuserRequest, rules: {} },
    handle: (ctx) =>
      Effect.flatMap(read, (state) => {
        const pair = subuserOf(state, ctx)
        return pair === undefined ? Effect.fail(Failure.notFound()) : Effect.succeed({ status: 200, body: view(pair) })
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/users/{user}",
    name: "api:client:server.users.update",
    bindings: [subuserBinding],
    permission: "user.update",
    request: {
      authorize: authorizeSubuserRequest,
      // UpdateSubuserRequest::rules()
      rules: { permissions: "required|array", "permissions.*": "string" }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const pair = yield* modify((state) => {
          const current = subuserOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          // SubuserController::update writes only when the sorted lists differ, so a request that
          // changes nothing leaves the stored array (and its JSON form) as it was.
          const permissions = stored(ctx.input.permissions)
          const sorted = (json: PhpArray.Json) => [...PhpArray.values(json)].sort()
          const old = sorted(current.subuser.permissions)
          const updated = sorted(permissions)
          // Only a change is written and logged (inside `$log->transaction`; `$log->reset()` drops
          // the entry otherwise), with both lists sorted and `revoked`: the mock's Wings is always
          // reachable.
          const changed = old.join("\n") !== updated.join("\n")
          const subuser = changed ? { ...current.subuser, permissions, updated_at: iso(at) } : current.subuser
          const next = { ...state, subusers: state.subusers.map((s) => (s.id === subuser.id ? subuser : s)) }
          const result = { user: current.user, subuser, changed, server: S.serverOf(state, ctx) }
          if (!changed) return [result, next]
          return [
            result,
            Activity.log(next, ctx, at, "server:subuser.update", {
              server: S.serverOf(state, ctx),
              properties: { email: current.user.email, old, new: updated, revoked: true }
            })
          ]
        })
        // SubuserController::update revokes the user's console tokens when the permissions changed.
        if (pair.changed) yield* revokeUser(pair.user.id, pair.server.uuid)
        return { status: 200, body: view(pair) }
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/users/{user}",
    name: "api:client:server.users.delete",
    bindings: [subuserBinding],
    permission: "user.delete",
    request: { authorize: authorizeSubuserRequest, rules: {} },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const removed = yield* modify((state) => {
          const current = subuserOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const next = { ...state, subusers: state.subusers.filter((s) => s.id !== current.subuser.id) }
          return [
            { userId: current.user.id, serverUuid: S.serverOf(state, ctx).uuid },
            Activity.log(next, ctx, at, "server:subuser.delete", {
              server: S.serverOf(state, ctx),
              // `SubuserController::delete`: `revoked` is false only when Wings cannot be reached.
              properties: { email: current.user.email, revoked: true }
            })
          ]
        })
        // SubuserController::delete revokes the removed user's console tokens.
        yield* revokeUser(removed.userId, removed.serverUuid)
        return { status: 204 }
      })
  })
]
