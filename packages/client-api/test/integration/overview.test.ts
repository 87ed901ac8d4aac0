// Contract: servers overview (websocket, resources, activity, command, power) and account routes.
import { describe, expect } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import {
  ADMIN_LAB,
  client,
  CREATIVE,
  describePanel,
  failsWith,
  issues,
  NOT_VISIBLE,
  SURVIVAL,
  SUSPENDED,
  UNAUTHORIZED
} from "./support.js"

describePanel("ClientApi servers overview against the mock panel", (it) => {
  describe("websocket, resources", () => {
    it.effect("the owner gets the socket (on the mock, its own Wings) and a token; the stats decode", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const ws = yield* api.servers.websocket(SURVIVAL)
        expect(ws.socket).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/api\/servers\/[0-9a-f-]{36}\/ws$/)
        expect(Redacted.value(ws.token).split(".")).toHaveLength(3)
        const stats = yield* api.servers.resources(SURVIVAL)
        expect(stats.current_state).toBe("running")
      })
    )

    it.effect("404 for a server alice cannot see, 409 for a suspended one", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        yield* failsWith(api.servers.websocket(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(api.servers.resources(CREATIVE), "ServerStateConflict", SUSPENDED)
      })
    )
  })

  describe("power, command, activity", () => {
    it.effect("power and command succeed for the owner; the activity log shows them", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        yield* api.servers.power(SURVIVAL, "restart")
        yield* api.servers.command(SURVIVAL, "say hello")
        const page = yield* api.servers.activity.list(SURVIVAL)
        expect(page.items.map((a) => a.event).slice(0, 2)).toEqual(["server:console.command", "server:power.restart"])
      })
    )

    it.effect("a subuser without control.stop gets 403; without activity.read gets 403", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const denied = yield* failsWith(bob.servers.power(SURVIVAL, "stop"), "InsufficientPermissions", UNAUTHORIZED)
        expect(denied.code).toBe("AccessDeniedHttpException")
        yield* failsWith(bob.servers.activity.list(SURVIVAL), "InsufficientPermissions", UNAUTHORIZED)
      })
    )

    it.effect("an offline server refuses commands with the panel's 502", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        yield* api.servers.power(SURVIVAL, "kill")
        const error = yield* failsWith(api.servers.command(SURVIVAL, "say hi"), "PanelServerError")
        expect(error.status).toBe(502)
        expect(error.detail).toBe("Server must be online in order to send commands.")
      })
    )

    it.effect("the panel's 422 for a command that is only spaces (trimmed to nothing)", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const error = yield* Effect.flip(api.servers.command(SURVIVAL, "   "))
        // Either the client's own check or the panel's answer: both name the field and rule.
        expect(error._tag).toBe("ValidationFailed")
        if (error._tag === "ValidationFailed")
          expect(error.issues.map((i) => [i.field, i.rule])).toEqual([["command", "required"]])
      })
    )
  })

  describe("account", () => {
    it.effect("email change: wrong password is a 400, a taken email a 422, then success", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const wrong = yield* failsWith(
          api.account.updateEmail({ email: "alice@new.example.com", password: Redacted.make("nope") }),
          "PanelRequestRejected",
          "The password provided was invalid for this account."
        )
        expect(wrong.code).toBe("InvalidPasswordProvidedException")
        const taken = yield* Effect.flip(
          api.account.updateEmail({ email: "bob@example.com", password: Redacted.make("alice-password") })
        )
        expect(issues(taken)).toEqual([["email", "unique"]])
        yield* api.account.updateEmail({ email: "alice@new.example.com", password: Redacted.make("alice-password") })
        expect((yield* api.account.details()).email).toBe("alice@new.example.com")
        const activity = yield* api.account.activity.list()
        expect(activity.items[0]!.event).toBe("user:account.email-changed")
      })
    )

    it.effect("two-factor setup returns a secret; SSH keys list decodes", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const setup = yield* api.account.twoFactor.setup()
        expect(Redacted.value(setup.secret)).toMatch(/^[A-Z2-7]+$/)
        expect(yield* api.account.sshKeys.list()).toEqual([])
      })
    )
  })
})
