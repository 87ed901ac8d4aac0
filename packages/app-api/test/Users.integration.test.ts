// The user routes over real HTTP against the mock panel (spec §8.2 Users, §3, §7.1, §7.2, §10.2).
// The mock renders its JSON from its own state, so this checks our schemas against an
// independent reading of §9.2.
import { describe, expect } from "@effect/vitest"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { apiWith, describeWith, panelWith } from "./integration/support.js"

// The default fixture plus an application key that may read users but not servers, for the
// denied include of §3.4 (`testKeyWithoutPermissionCannotLoadRelationship`, §10.2).
const USERS_ONLY = "usersOnlyApplication"
const Panel = panelWith([
  { from: "readOnlyApplication", name: USERS_ONLY, identifier: "ptla_usersonly01", r_servers: 0, r_users: 1 }
])

describeWith(Panel)("users against the mock panel", (it) => {
  describe("reads (§8.2 Users)", () => {
    it.effect("list decodes every user of the fixture with per_page=60 (§10.2 testGetUsers)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const page = yield* api.users.list({ per_page: 60 })
        expect(page.perPage).toBe(60)
        expect(page.currentPage).toBe(1)
        expect(page.totalPages).toBe(1)
        expect(page.count).toBe(page.items.length)
        expect(page.total).toBe(page.items.length)
        expect(page.items.map((user) => user.username)).toEqual(expect.arrayContaining(["admin", "alice", "bob"]))
        const admin = page.items.find((user) => user.username === "admin")
        expect(admin?.root_admin).toBe(true)
        expect(typeof admin?.["2fa"]).toBe("boolean")
      })
    )

    it.effect("filters by email and sorts by id descending (§7.2)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const filtered = yield* api.users.list({ filter: { email: "ALICE@" } })
        expect(filtered.items.map((user) => user.username)).toEqual(["alice"])
        const sorted = yield* api.users.list({ sort: "-id" })
        const ids = sorted.items.map((user) => user.id)
        expect(ids).toEqual([...ids].sort((a, b) => b - a))
        expect(ids.length).toBeGreaterThanOrEqual(3)
      })
    )

    it.effect("an unknown filter or sort sent anyway is the panel's 400 (§7.2)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        type Options = Parameters<typeof api.users.list>[0]
        const filter = yield* Effect.flip(api.users.list({ filter: { name: "x" } } as unknown as Options))
        const sort = yield* Effect.flip(api.users.list({ sort: "email" } as unknown as Options))
        expect(filter).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "InvalidFilterQuery" })
        expect(sort).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "InvalidSortQuery" })
      })
    )

    it.effect("stream walks every page, one user per page, and keeps the sort", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const all = yield* api.users.list({ sort: "id" })
        const streamed = yield* Stream.runCollect(api.users.stream({ sort: "id", per_page: 1 }))
        expect(Chunk.toReadonlyArray(streamed).map((user) => user.id)).toEqual(all.items.map((user) => user.id))
      })
    )

    it.effect("stream keeps the filter on every page", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const streamed = yield* Stream.runCollect(
          api.users.stream({ filter: { username: ["alice", "bob"] }, sort: "-id", per_page: 1 })
        )
        // Two pages of one: without the filter on page 2 the admin (id 1) would show up too.
        expect(Chunk.toReadonlyArray(streamed).map((user) => user.username)).toEqual(["bob", "alice"])
      })
    )

    it.effect("get and getByExternalId read one user", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const alice = yield* api.users.getByExternalId("ext-alice")
        const again = yield* api.users.get(alice.id)
        expect(alice.username).toBe("alice")
        expect(again).toEqual(alice)
      })
    )

    it.effect("include=servers lists the user's servers", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const alice = yield* api.users.getByExternalId("ext-alice", { include: ["servers"] })
        const servers = alice.relationships?.servers
        expect(servers).not.toBeNull()
        expect(servers?.length).toBeGreaterThan(0)
        expect(servers?.every((server) => server.user === alice.id)).toBe(true)
      })
    )

    it.effect("include=servers without r_servers is a null resource (§3.4, §10.2)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith(USERS_ONLY)
        const alice = yield* api.users.getByExternalId("ext-alice", { include: ["servers"] })
        expect(alice.relationships?.servers).toBeNull()
        const page = yield* api.users.list({ include: ["servers"] })
        expect(page.items.every((user) => user.relationships?.servers === null)).toBe(true)
      })
    )
  })

  describe("permissions (§3, §2.2, §2.4)", () => {
    it.effect("a key without r_users is refused: InsufficientPermissions, unauthorized (§10.2)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("noRightsApplication")
        const error = yield* Effect.flip(api.users.get(1))
        expect(error).toMatchObject({
          _tag: "InsufficientPermissions",
          reason: "unauthorized",
          code: "AccessDeniedHttpException",
          detail: "This action is unauthorized."
        })
      })
    )

    it.effect("a write-only key cannot read users (§3.1: 2 grants writes, not reads)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("writeOnlyApplication")
        const error = yield* Effect.flip(api.users.list())
        expect(error).toMatchObject({ _tag: "InsufficientPermissions", reason: "unauthorized" })
      })
    )

    it.effect("a read-only key can read", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("readOnlyApplication")
        const page = yield* api.users.list()
        expect(page.items.length).toBeGreaterThanOrEqual(3)
      })
    )

    it.effect("a missing user is NotFound, also for a key without r_users (§2.2: 404 before 403)", () =>
      Effect.gen(function* () {
        const root = yield* apiWith("rootApplication")
        const none = yield* apiWith("noRightsApplication")
        const missing = yield* Effect.flip(root.users.get(999999))
        const missingForNone = yield* Effect.flip(none.users.get(999999))
        expect(missing).toMatchObject({
          _tag: "NotFound",
          detail: "The requested resource could not be found on the server."
        })
        expect(missingForNone._tag).toBe("NotFound")
        const byExternal = yield* Effect.flip(root.users.getByExternalId("nobody-has-this"))
        expect(byExternal._tag).toBe("NotFound")
      })
    )

    it.effect("a non-admin's client key is refused with not-root-admin (§2.4 rows 10, 14)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("userClient")
        const error = yield* Effect.flip(api.users.list())
        expect(error).toMatchObject({
          _tag: "InsufficientPermissions",
          reason: "not-root-admin",
          detail: "This account does not have permission to access the API."
        })
      })
    )

    it.effect("a root admin's client key has full access, includes too (§2.4 row 13, §3.2)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootClient")
        const alice = yield* api.users.getByExternalId("ext-alice", { include: ["servers"] })
        expect(alice.relationships?.servers?.length).toBeGreaterThan(0)
      })
    )

    it.effect("the application rate limit is reported after a call (§5)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        yield* api.users.list()
        const last = yield* api.rateLimit.last
        expect(last._tag).toBe("Some")
        if (last._tag === "Some") expect(last.value.limit).toBe(240)
      })
    )

    it.effect("the key never appears in an error", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const api = yield* apiWith("noRightsApplication")
        const error = yield* Effect.flip(api.users.list())
        const secret = Redacted.value(panel.keys.noRightsApplication).slice(16)
        expect(JSON.stringify(error)).not.toContain(secret)
        expect(error.message).not.toContain(secret)
      })
    )
  })
})
