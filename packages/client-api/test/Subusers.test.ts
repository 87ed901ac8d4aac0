import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/users"
const U = Wire.subuser.uuid

describe("subusers (§8.1 Server: subusers)", () => {
  it.effect("list, create by email with permissions, get, update permissions, delete by user UUID", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}`]: json(200, Wire.list("server_subuser", [Wire.subuser])),
          [`POST ${S}`]: json(200, Wire.item("server_subuser", Wire.subuser)),
          [`GET ${S}/${U}`]: json(200, Wire.item("server_subuser", Wire.subuser)),
          [`POST ${S}/${U}`]: json(200, Wire.item("server_subuser", Wire.subuser)),
          [`DELETE ${S}/${U}`]: noContent
        })
      )
      const [listed] = yield* api.subusers.list("1a7ce997")
      expect(listed!["2fa_enabled"]).toBe(false)
      yield* api.subusers.create("1a7ce997", { email: "helper@example.com", permissions: ["control.console"] })
      expect((yield* api.subusers.get("1a7ce997", U)).permissions).toContain("websocket.connect")
      yield* api.subusers.update("1a7ce997", U, { permissions: ["control.start"] })
      yield* api.subusers.delete("1a7ce997", U)
      expect(requests.map((r) => [r.method, r.url.pathname, r.json])).toEqual([
        ["GET", S, undefined],
        ["POST", S, { email: "helper@example.com", permissions: ["control.console"] }],
        ["GET", `${S}/${U}`, undefined],
        ["POST", `${S}/${U}`, { permissions: ["control.start"] }],
        ["DELETE", `${S}/${U}`, undefined]
      ])
    })
  )

  // app/Http/Requests/Api/Client/Servers/Subusers/StoreSubuserRequest.php::rules:
  // email required|email|between:1,191 (every failing rule reported), permissions required|array.
  it.effect("create checks email (email, between:1,191) and a non-empty permissions list before sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const bad = yield* Effect.flip(api.subusers.create("1a7ce997", { email: "nobody", permissions: ["file.read"] }))
      const long = yield* Effect.flip(
        api.subusers.create("1a7ce997", { email: `${"a".repeat(190)}@x.io`, permissions: [] })
      )
      expect(requests).toHaveLength(0)
      const rules = (e: typeof bad) => (e._tag === "ValidationFailed" ? e.issues.map((i) => [i.field, i.rule]) : [])
      expect(rules(bad)).toEqual([["email", "email"]])
      expect(rules(long)).toEqual([
        ["email", "between"],
        ["permissions", "required"]
      ])
    })
  )

  it.effect("an existing subuser is PanelRequestRejected; assigning permissions one lacks is a 403 (§4.4)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(
        routes({
          [`POST ${S}`]: panelError(
            400,
            "ServerSubuserExistsException",
            "A user with that email address is already assigned as a subuser for this server."
          ),
          [`POST ${S}/${U}`]: panelError(
            403,
            "HttpForbiddenException",
            "Cannot assign permissions to a subuser that your account does not actively possess."
          )
        })
      )
      const exists = yield* Effect.flip(
        api.subusers.create("1a7ce997", { email: "helper@example.com", permissions: ["control.console"] })
      )
      const forbidden = yield* Effect.flip(api.subusers.update("1a7ce997", U, { permissions: ["user.delete"] }))
      expect(exists._tag === "PanelRequestRejected" && exists.code).toBe("ServerSubuserExistsException")
      expect(forbidden._tag === "InsufficientPermissions" && forbidden.code).toBe("HttpForbiddenException")
    })
  )
})
