import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { seen, withFake } from "./utils/api.js"
import { CLIENT_KEY, panelError } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

describe("server databases (§8.2 Server databases)", () => {
  it.effect("list is a plain list; the password include stays redacted and a denied host is null", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(
          Wire.list("server_database", [
            {
              ...Wire.serverDatabase(1),
              relationships: {
                password: Wire.item("database_password", { password: "p4ssw0rd-db" }),
                host: Wire.NULL_RESOURCE
              }
            }
          ])
        )
      )
      const databases = yield* api.databases.list(7, { include: ["password", "host"] })
      expect(seen(requests[0]!)).toEqual({
        method: "GET",
        path: "/api/application/servers/7/databases",
        query: { include: "password,host" }
      })
      const password = databases[0]?.relationships?.password?.password
      expect(password && Redacted.value(password)).toBe("p4ssw0rd-db")
      expect(String(password)).not.toContain("p4ssw0rd-db")
      expect(databases[0]?.relationships?.host).toBeNull()
    })
  )

  it.effect("get reads one database with its host", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(
          Wire.item("server_database", {
            ...Wire.serverDatabase(3),
            relationships: { host: Wire.item("database_host", Wire.databaseHost(2)) }
          })
        )
      )
      const database = yield* api.databases.get(7, 3, { include: ["host"] })
      expect(requests[0]?.url.pathname).toBe("/api/application/servers/7/databases/3")
      expect(database.relationships?.host).toMatchObject({ id: 2, port: 3306, node: null })
    })
  )

  it.effect("create posts database, remote and host and returns meta.resource (201)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.created({
          ...Wire.item("server_database", Wire.serverDatabase(4, { database: "s7_stats" })),
          meta: { resource: "https://panel.example/api/application/servers/7/databases/4" }
        })
      )
      const created = yield* api.databases.create(7, { database: "stats", remote: "%", host: 2 })
      expect(created.value.database).toBe("s7_stats")
      expect(created.resource).toBe("https://panel.example/api/application/servers/7/databases/4")
      expect(seen(requests[0]!)).toEqual({ method: "POST", path: "/api/application/servers/7/databases", query: {} })
      expect(JSON.parse(requests[0]?.body ?? "")).toEqual({ database: "stats", remote: "%", host: 2 })
    })
  )

  it.effect("create refuses a name that is not alpha_dash 1–48 and a bad remote without sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      const error = yield* Effect.flip(
        api.databases.create(7, { database: "bad name!", remote: "10.0.0.0/8", host: 2 })
      )
      const tooLong = yield* Effect.flip(api.databases.create(7, { database: "a".repeat(49), remote: "%", host: 2 }))
      expect(error).toMatchObject({
        _tag: "ValidationFailed",
        source: "client",
        issues: [
          { field: "database", rule: "alpha_dash" },
          { field: "remote", rule: "regex" }
        ]
      })
      expect(tooLong).toMatchObject({ issues: [{ field: "database", rule: "between" }] })
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("reset-password and delete hit their routes (204); a missing database is NotFound", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.url.pathname.includes("/99")
          ? panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")
          : Wire.noContent
      )
      yield* api.databases.resetPassword(7, 3)
      yield* api.databases.delete(7, 3)
      const error = yield* Effect.flip(api.databases.delete(7, 99))
      expect(requests.map((request) => [request.method, request.url.pathname])).toEqual([
        ["POST", "/api/application/servers/7/databases/3/reset-password"],
        ["DELETE", "/api/application/servers/7/databases/3"],
        ["DELETE", "/api/application/servers/7/databases/99"]
      ])
      expect(error._tag).toBe("NotFound")
    })
  )
})

describe("nests and eggs (§8.2 Nests and eggs)", () => {
  it.effect("nests list is paginated and includes eggs", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(
          Wire.page("nest", [{ ...Wire.nest(1), relationships: { eggs: Wire.list("egg", [Wire.egg(5)]) } }], 1, 50)
        )
      )
      const page = yield* api.nests.list({ include: ["eggs"] })
      expect(seen(requests[0]!)).toEqual({ method: "GET", path: "/api/application/nests", query: { include: "eggs" } })
      expect(page.perPage).toBe(50)
      expect(page.items[0]?.relationships?.eggs?.[0]?.name).toBe("Paper")
    })
  )

  it.effect("a nest's eggs are a plain list with config, script and variables includes", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(
          Wire.list("egg", [
            {
              ...Wire.egg(5),
              relationships: {
                nest: Wire.item("nest", Wire.nest(1)),
                servers: Wire.NULL_RESOURCE,
                // EggTransformer::includeConfig / includeScript: items without a resource name.
                config: Wire.item(null, { files: {}, startup: { done: "Done" }, stop: "stop", logs: {} }),
                script: Wire.item(null, {
                  privileged: true,
                  install: "#!/bin/ash",
                  entry: "ash",
                  container: "alpine:3.4"
                }),
                variables: Wire.list("egg_variable", [Wire.eggVariable(1)])
              }
            }
          ])
        )
      )
      const eggs = yield* api.eggs.list(1, { include: ["nest", "servers", "config", "script", "variables"] })
      expect(requests[0]?.url.pathname).toBe("/api/application/nests/1/eggs")
      const egg = eggs[0]
      expect(egg?.config.stop).toBe("stop")
      expect(egg?.script.entry).toBe("ash")
      expect(egg?.relationships?.nest?.name).toBe("Minecraft")
      expect(egg?.relationships?.servers).toBeNull()
      expect(egg?.relationships?.config).toEqual({ files: {}, startup: { done: "Done" }, stop: "stop", logs: {} })
      expect(egg?.relationships?.script?.install).toBe("#!/bin/ash")
      expect(egg?.relationships?.variables?.[0]?.env_variable).toBe("SERVER_JARFILE")
    })
  )

  it.effect("an egg is read within its nest; a missing one is NotFound", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.url.pathname.endsWith("/5")
          ? Wire.ok(Wire.item("egg", Wire.egg(5)))
          : panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")
      )
      const egg = yield* api.eggs.get(1, 5)
      const error = yield* Effect.flip(api.nests.get(99))
      expect(egg.docker_image).toBe("ghcr.io/pterodactyl/yolks:java_17")
      expect(requests.map((request) => request.url.pathname)).toEqual([
        "/api/application/nests/1/eggs/5",
        "/api/application/nests/99"
      ])
      expect(error._tag).toBe("NotFound")
    })
  )
})

describe("keys (§2.4 rows 10, 13, 14)", () => {
  it.effect("a client key is sent as is (not refused locally); a non-admin's 403 is not-root-admin", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(
        () => panelError(403, "AccessDeniedHttpException", "This account does not have permission to access the API."),
        CLIENT_KEY
      )
      const error = yield* Effect.flip(api.users.list())
      expect(requests[0]?.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`)
      expect(error).toMatchObject({ _tag: "InsufficientPermissions", reason: "not-root-admin" })
    })
  )
})
