// Contract tests: the client's schemas and errors against the mock panel, whose routes were written
// independently from the same spec, over real HTTP on 127.0.0.1.
import { describe, expect } from "@effect/vitest"
import { ClientApi, Permissions } from "@ptero-effect/client-api"
import { type PanelError, PanelClient } from "@ptero-effect/core"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Chunk, Effect, Stream } from "effect"
import { ADMIN_LAB, CREATIVE, client, describePanel, reset, SURVIVAL } from "./integration/support.js"

describePanel("ClientApi against the mock panel", (it) => {
  describe("GET /api/client (§4.6, §7.2)", () => {
    it.effect("alice sees her three servers, decoded with the §9.1 server schema", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const page = yield* api.servers.list()
        expect(page.items.map((s) => s.identifier).sort()).toEqual([SURVIVAL, CREATIVE, "1a2b3c03"])
        expect(page.items.every((s) => s.server_owner)).toBe(true)
        expect(page.perPage).toBe(50)
      })
    )

    it.effect("the stream walks every page with per_page=1 and keeps the filter", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const all = yield* Stream.runCollect(api.servers.stream({ per_page: 1 }))
        expect(Chunk.size(all)).toBe(3)
        const filtered = yield* Stream.runCollect(api.servers.stream({ per_page: 1, filter: { name: "surv" } }))
        expect(Chunk.toArray(filtered).map((s) => s.name)).toEqual(["Survival"])
      })
    )

    it.effect("type=admin-all shows the root admin every server; a non-admin gets an empty list", () =>
      Effect.gen(function* () {
        const root = yield* client("rootClient")
        const alice = yield* client("userClient")
        expect((yield* root.servers.list({ type: "admin-all" })).total).toBe(4)
        expect((yield* alice.servers.list({ type: "admin-all" })).items).toEqual([])
      })
    )

    it.effect("bob, a subuser, sees Survival as not his, with egg included", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const page = yield* bob.servers.list({ include: ["egg"] })
        expect(page.items.map((s) => [s.identifier, s.server_owner])).toEqual([[SURVIVAL, false]])
        expect(page.items[0]!.relationships.egg?.object).toBe("egg")
      })
    )
  })

  describe("GET /servers/{server} (§8.1, §4.1, §4.3)", () => {
    it.effect("the owner gets is_server_owner and user_permissions [*]", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const view = yield* api.servers.get(SURVIVAL)
        expect(view.is_server_owner).toBe(true)
        expect(view.user_permissions).toEqual(["*"])
        expect(view.server.name).toBe("Survival")
      })
    )

    it.effect("a subuser gets its stored permissions; the full UUID addresses the same server", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const view = yield* bob.servers.get("1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c")
        expect(view.is_server_owner).toBe(false)
        expect(view.user_permissions).toContain("control.start")
        expect(view.user_permissions).not.toContain("*")
      })
    )

    it.effect("a server alice cannot see is NotFound with the panel's detail", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const error = yield* Effect.flip(api.servers.get(ADMIN_LAB))
        expect(error._tag).toBe("NotFound")
        if (error._tag === "NotFound")
          expect(error.detail).toBe("The requested resource does not exist on this server.")
      })
    )

    it.effect("a suspended server can still be viewed: no 409 on this route", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const view = yield* api.servers.get(CREATIVE)
        expect(view.server.status).toBe("suspended")
      })
    )
  })

  describe("account and permissions", () => {
    it.effect("GET /account decodes alice's account", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const user = yield* api.account.details()
        expect(user.username).toBe("alice")
        expect(user.admin).toBe(false)
      })
    )

    it.effect("GET /permissions serves the 40 permissions of §4.2", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const all = Permissions.flatten(yield* api.permissions())
        expect(all).toHaveLength(40)
        expect(all).toContain("database.view_password")
      })
    )

    it.effect("an application key is refused before anything reaches the panel (§2.4 row 11)", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        yield* panel.control.clearJournal
        const api = yield* client("rootApplication")
        const error = yield* Effect.flip(api.account.details())
        expect(error._tag === "InsufficientPermissions" && error.reason).toBe("application-key-on-client-api")
        expect(yield* panel.control.journal).toEqual([])
      })
    )

    it.effect("the panel's own 403 for an application key decodes to the same error as the client-side refusal", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const raw = yield* PanelClient.make({ url: panel.url, api: "client", credentials: panel.keys.rootApplication })
        const fromPanel = yield* Effect.flip(raw.send({ operation: "t", method: "GET", path: "/account" }))
        const api = yield* client("rootApplication")
        const fromClient = yield* Effect.flip(api.account.details())
        expect(
          fromPanel._tag === "InsufficientPermissions" && [fromPanel.code, fromPanel.detail, fromPanel.reason]
        ).toEqual(
          fromClient._tag === "InsufficientPermissions" && [fromClient.code, fromClient.detail, fromClient.reason]
        )
      })
    )
  })

  describe("account API keys (§4.7)", () => {
    it.effect("create, list and delete a key; the new key works on its own", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const api = yield* client("userClient")
        const created = yield* api.account.apiKeys.create({ description: "ci runner", allowed_ips: ["127.0.0.1"] })
        expect(created.info.allowed_ips).toEqual(["127.0.0.1"])
        const listed = yield* api.account.apiKeys.list()
        expect(listed.map((k) => k.identifier)).toContain(created.info.identifier)
        const viaNewKey = yield* ClientApi.make({ url: panel.url, credentials: created.key })
        expect((yield* viaNewKey.account.details()).username).toBe("alice")
        yield* api.account.apiKeys.delete(created.info.identifier)
        const error = yield* Effect.flip(viaNewKey.account.details())
        expect(error._tag).toBe("InvalidCredentials")
      })
    )

    it.effect("deleting an unknown identifier is NotFound", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const error = yield* Effect.flip(api.account.apiKeys.delete("ptlc_nosuchkey00"))
        expect(error._tag).toBe("NotFound")
      })
    )

    it.effect(
      "the panel's 422 for a bad key request names the same fields, rules and details as the client-side check",
      () =>
        Effect.gen(function* () {
          const panel = yield* MockPanel.MockPanel
          const raw = yield* PanelClient.make({ url: panel.url, api: "client", credentials: panel.keys.userClient })
          const api = yield* client("userClient")
          for (const body of [
            { description: "" },
            { description: "x".repeat(501) },
            { description: "ok", allowed_ips: ["hodor", "127.0.0.1", "hodor/24"] }
          ]) {
            const fromPanel = yield* Effect.flip(
              raw.send({
                operation: "t",
                method: "POST",
                path: "/account/api-keys",
                body: { _tag: "Json", value: body }
              })
            )
            const fromClient = yield* Effect.flip(api.account.apiKeys.create(body))
            const issues = (e: PanelError.PanelError) =>
              e._tag === "ValidationFailed" ? e.issues.map((i) => [i.field, i.rule, i.detail]) : e._tag
            expect(issues(fromClient)).toEqual(issues(fromPanel))
          }
        })
    )
  })

  describe("account.apiKeys.rotate end to end", () => {
    it.effect("replaces alice's key: the new one works, the old one is gone, description and IPs copied", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const api = yield* client("userClient")
        const before = (yield* api.account.apiKeys.list()).find((k) => k.identifier === "ptlc_userclient1")!
        const rotation = yield* api.account.apiKeys.rotate()
        expect(rotation.previous).toBe("ptlc_userclient1")
        expect((yield* api.panel.credentials.current).identifier).toBe(rotation.key.identifier)
        const after = yield* api.account.apiKeys.list()
        expect(after.map((k) => k.identifier)).not.toContain("ptlc_userclient1")
        const fresh = after.find((k) => k.identifier === rotation.key.identifier)!
        expect([fresh.description, fresh.allowed_ips]).toEqual([before.description, before.allowed_ips ?? []])
        const old = yield* ClientApi.make({ url: panel.url, credentials: panel.keys.userClient })
        expect((yield* Effect.flip(old.account.details()))._tag).toBe("InvalidCredentials")
        yield* reset
      })
    )

    it.effect("a failure injected at create leaves alice's key working and nothing behind", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        yield* panel.control.injectFault({
          path: "/api/client/account/api-keys",
          method: "POST",
          kind: "status",
          status: 503,
          times: 1
        })
        const api = yield* client("userClient")
        const error = yield* Effect.flip(api.account.apiKeys.rotate())
        expect(error).toMatchObject({ step: "create", inUse: "ptlc_userclient1", leftBehind: [] })
        expect((yield* api.account.details()).username).toBe("alice")
        yield* panel.control.clearFaults
      })
    )

    it.effect("a failure injected at delete-old leaves the new key in use and reports the old one", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        yield* panel.control.injectFault({
          path: "/api/client/account/api-keys/ptlc_userclient1",
          method: "DELETE",
          kind: "status",
          status: 500,
          times: 1
        })
        const api = yield* client("userClient")
        const error = yield* Effect.flip(api.account.apiKeys.rotate())
        expect(error).toMatchObject({ step: "delete-old", leftBehind: ["ptlc_userclient1"] })
        const inUse = yield* api.panel.credentials.current
        expect(error.inUse).toBe(inUse.identifier)
        expect(inUse.identifier).not.toBe("ptlc_userclient1")
        expect((yield* api.account.details()).username).toBe("alice")
        expect((yield* api.account.apiKeys.list()).map((k) => k.identifier)).toContain("ptlc_userclient1")
        yield* panel.control.clearFaults
        yield* reset
      })
    )
  })
})
