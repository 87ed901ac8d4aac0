import { describe, expect, it } from "@effect/vitest"
import { Databases } from "@ptero-effect/client-api"
import { Effect, Option, Redacted } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/databases"

describe("databases (§8.1 Server: databases)", () => {
  it.effect("list asks include=password; create and rotate return the password redacted when allowed (§4.5)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}`]: json(200, Wire.list("server_database", [Wire.database("null")])),
          [`POST ${S}`]: json(200, Wire.item("server_database", Wire.database("password"))),
          [`POST ${S}/bEY4yAD5/rotate-password`]: json(200, Wire.item("server_database", Wire.database("password"))),
          [`DELETE ${S}/bEY4yAD5`]: noContent
        })
      )
      const [listed] = yield* api.databases.list("1a7ce997", { include: ["password"] })
      expect(requests[0]!.url.searchParams.get("include")).toBe("password")
      expect(Databases.password(listed!)).toEqual(Option.none())
      const created = yield* api.databases.create("1a7ce997", { database: "main_db", remote: "%" })
      expect(requests[1]!.json).toEqual({ database: "main_db", remote: "%" })
      expect(Option.map(Databases.password(created), Redacted.value)).toEqual(Option.some("hunter2pass"))
      expect(JSON.stringify(created)).not.toContain("hunter2pass")
      const rotated = yield* api.databases.rotatePassword("1a7ce997", "bEY4yAD5")
      expect(rotated.host).toEqual({ address: "10.0.0.9", port: 3306 })
      yield* api.databases.delete("1a7ce997", "bEY4yAD5")
      expect(requests.map((r) => r.method)).toEqual(["GET", "POST", "POST", "DELETE"])
    })
  )

  it.effect("a database without the relationship has no password", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => json(200, Wire.list("server_database", [Wire.database()])))
      const [db] = yield* api.databases.list("1a7ce997")
      expect(Databases.password(db!)).toEqual(Option.none())
    })
  )

  it.effect("create checks database is alpha_dash and 3–48 characters, and remote is given, before sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const rules = []
      for (const database of ["ab", "x".repeat(49), "bad name!"]) {
        const error = yield* Effect.flip(api.databases.create("1a7ce997", { database, remote: "%" }))
        rules.push(error._tag === "ValidationFailed" ? error.issues[0]!.rule : error._tag)
      }
      const remote = yield* Effect.flip(api.databases.create("1a7ce997", { database: "good", remote: "" }))
      expect(rules).toEqual(["min", "max", "alpha_dash"])
      expect(remote._tag === "ValidationFailed" && remote.issues[0]!.field).toBe("remote")
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("a database of another server is NotFound with the panel's detail (§4.1)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(404, "NotFoundHttpException", "The requested resource was not found for this server.")
      )
      const error = yield* Effect.flip(api.databases.delete("1a7ce997", "otherDb1"))
      expect(error._tag === "NotFound" && error.detail).toBe("The requested resource was not found for this server.")
    })
  )
})
