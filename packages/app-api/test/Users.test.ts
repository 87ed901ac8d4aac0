import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { seen, withFake } from "./utils/api.js"
import { json, panelError } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const NOT_FOUND = panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")

describe("users (§8.2 Users)", () => {
  it.effect("list sends the filters, sorts, include and page size of §7.2 and decodes the page", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.page("user", [Wire.user(1), Wire.user(2)], 1, 60)))
      const page = yield* api.users.list({
        filter: { email: "example.com", username: ["ada", "bob"] },
        sort: ["-id", "uuid"],
        include: ["servers"],
        per_page: 60
      })
      expect(requests.map(seen)).toEqual([
        {
          method: "GET",
          path: "/api/application/users",
          query: {
            "filter[email]": "example.com",
            "filter[username]": "ada,bob",
            sort: "-id,uuid",
            include: "servers",
            per_page: "60"
          }
        }
      ])
      expect(page.items.map((user) => user.username)).toEqual(["user1", "user2"])
      expect({ total: page.total, perPage: page.perPage, totalPages: page.totalPages }).toEqual({
        total: 2,
        perPage: 60,
        totalPages: 1
      })
      expect(page.items[0]?.["2fa"]).toBe(false)
    })
  )

  it.effect("stream walks every page and repeats the filter and sort on each request (§7.1)", () =>
    Effect.gen(function* () {
      const all = Array.from({ length: 7 }, (_, i) => Wire.user(i + 1))
      const { api, requests } = yield* withFake((request) =>
        Wire.ok(
          Wire.page(
            "user",
            all,
            Number(request.url.searchParams.get("page") ?? 1),
            Number(request.url.searchParams.get("per_page"))
          )
        )
      )
      const users = yield* Stream.runCollect(
        api.users.stream({ filter: { email: "@example" }, sort: "id", per_page: 3 })
      )
      expect(Chunk.toReadonlyArray(users).map((user) => user.id)).toEqual([1, 2, 3, 4, 5, 6, 7])
      expect(requests.map((request) => seen(request).query)).toEqual(
        ["1", "2", "3"].map((page) => ({ "filter[email]": "@example", sort: "id", per_page: "3", page }))
      )
    })
  )

  it.effect("get decodes the servers include, and a denied include as null (§3.4 null_resource)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.url.pathname.endsWith("/1")
          ? Wire.ok(
              Wire.item("user", { ...Wire.user(1), relationships: { servers: Wire.list("server", [Wire.server(7)]) } })
            )
          : Wire.ok(Wire.item("user", { ...Wire.user(2), relationships: { servers: Wire.NULL_RESOURCE } }))
      )
      const allowed = yield* api.users.get(1, { include: ["servers"] })
      const denied = yield* api.users.get(2, { include: ["servers"] })
      expect(allowed.relationships?.servers?.map((server) => server.name)).toEqual(["server 7"])
      expect(allowed.relationships?.servers?.[0]?.limits.threads).toBeNull()
      expect(denied.relationships?.servers).toBeNull()
      expect(requests.map(seen)).toEqual([
        { method: "GET", path: "/api/application/users/1", query: { include: "servers" } },
        { method: "GET", path: "/api/application/users/2", query: { include: "servers" } }
      ])
    })
  )

  it.effect("getByExternalId encodes the external id as one path segment", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(Wire.item("user", Wire.user(3, { external_id: "crm/42" })))
      )
      const user = yield* api.users.getByExternalId("crm/42")
      expect(user.external_id).toBe("crm/42")
      expect(requests[0]?.url.pathname).toBe("/api/application/users/external/crm%2F42")
    })
  )

  it.effect("a missing user is NotFound (§7.3)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() => NOT_FOUND)
      const error = yield* Effect.flip(api.users.get(999))
      expect(error._tag).toBe("NotFound")
      expect(error).toMatchObject({ path: "/api/application/users/999" })
    })
  )

  it.effect("create posts the body, unwraps a redacted password, and returns meta.resource (201, §7.1)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.created({
          ...Wire.item("user", Wire.user(9, { email: "new@example.com" })),
          meta: { resource: "https://panel.example/api/application/users/9" }
        })
      )
      const created = yield* api.users.create({
        email: "new@example.com",
        username: "newbie",
        first_name: "New",
        last_name: "User",
        password: Redacted.make("correct horse battery"),
        root_admin: false
      })
      expect(created.value.id).toBe(9)
      expect(created.resource).toBe("https://panel.example/api/application/users/9")
      expect(requests[0]?.method).toBe("POST")
      expect(requests[0]?.url.pathname).toBe("/api/application/users")
      expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
        email: "new@example.com",
        username: "newbie",
        first_name: "New",
        last_name: "User",
        password: "correct horse battery",
        root_admin: false
      })
    })
  )

  it.effect("create refuses blank required fields without sending anything", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      const error = yield* Effect.flip(api.users.create({ email: " ", username: "", first_name: "A", last_name: "B" }))
      expect(error._tag).toBe("ValidationFailed")
      if (error._tag !== "ValidationFailed") return
      expect(error.source).toBe("client")
      expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
        ["email", "required"],
        ["username", "required"]
      ])
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("a panel 422 keeps every field and rule (§7.3)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        json(422, {
          errors: [
            {
              code: "ValidationException",
              status: "422",
              detail: "The email must be a valid email address.",
              meta: { source_field: "email", rule: "email" }
            },
            {
              code: "ValidationException",
              status: "422",
              detail: "The username has already been taken.",
              meta: { source_field: "username", rule: "unique" }
            }
          ]
        })
      )
      const error = yield* Effect.flip(
        api.users.create({ email: "nope", username: "taken", first_name: "A", last_name: "B" })
      )
      expect(error._tag).toBe("ValidationFailed")
      if (error._tag !== "ValidationFailed") return
      expect(error.source).toBe("panel")
      expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
        ["email", "email"],
        ["username", "unique"]
      ])
    })
  )

  it.effect("update sends PATCH with the same fields", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.item("user", Wire.user(4, { language: "de" }))))
      const user = yield* api.users.update(4, {
        email: "user4@example.com",
        username: "user4",
        first_name: "Ada",
        last_name: "Lovelace",
        language: "de"
      })
      expect(user.language).toBe("de")
      expect(seen(requests[0]!)).toEqual({ method: "PATCH", path: "/api/application/users/4", query: {} })
      expect(JSON.parse(requests[0]?.body ?? "").language).toBe("de")
    })
  )

  it.effect("delete is a 204; a user with servers is the panel's 400 as PanelRequestRejected (§8.2)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.url.pathname.endsWith("/5")
          ? Wire.noContent
          : panelError(
              400,
              "DisplayException",
              "Cannot delete a user with active servers attached to their account. Please delete their servers before continuing."
            )
      )
      yield* api.users.delete(5)
      const error = yield* Effect.flip(api.users.delete(6))
      expect(requests.map((request) => [request.method, request.url.pathname])).toEqual([
        ["DELETE", "/api/application/users/5"],
        ["DELETE", "/api/application/users/6"]
      ])
      expect(error._tag).toBe("PanelRequestRejected")
      expect(error).toMatchObject({ status: 400, code: "DisplayException" })
    })
  )

  it.effect("an unknown filter sent anyway comes back as the panel's 400 InvalidFilterQuery (§7.2)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        panelError(
          400,
          "InvalidFilterQuery",
          "Requested filter(s) `name` are not allowed. Allowed filter(s) are `email, uuid, username, external_id`."
        )
      )
      const options = { filter: { name: "x" } } as unknown as Parameters<typeof api.users.list>[0]
      const error = yield* Effect.flip(api.users.list(options))
      expect(error).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "InvalidFilterQuery" })
    })
  )

  it.effect("a body that is not a user is UnexpectedResponse naming the field", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() => Wire.ok(Wire.item("user", { ...Wire.user(1), root_admin: "yes" })))
      const error = yield* Effect.flip(api.users.get(1))
      expect(error._tag).toBe("UnexpectedResponse")
      expect(error.message).toContain("root_admin")
    })
  )
})
