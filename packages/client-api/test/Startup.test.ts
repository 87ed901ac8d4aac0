import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997"

describe("startup and settings (§8.1 Server: startup and settings)", () => {
  it.effect("startup returns the variables with startup_command, docker_images and raw_startup_command", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(
        routes({
          [`GET ${S}/startup`]: json(
            200,
            Wire.list("egg_variable", [Wire.eggVariable], {
              startup_command: "java -jar server.jar",
              docker_images: { "Java 17": "ghcr.io/pterodactyl/yolks:java_17" },
              raw_startup_command: "java -jar {{SERVER_JARFILE}}"
            })
          )
        })
      )
      const startup = yield* api.startup.get("1a7ce997")
      expect(startup.variables[0]!.env_variable).toBe("SERVER_JARFILE")
      expect(startup.docker_images).toEqual({ "Java 17": "ghcr.io/pterodactyl/yolks:java_17" })
      expect(startup.raw_startup_command).toBe("java -jar {{SERVER_JARFILE}}")
    })
  )

  it.effect("an empty image map sent as [] decodes to {}", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        json(200, Wire.list("egg_variable", [], { startup_command: "x", docker_images: [], raw_startup_command: "x" }))
      )
      expect((yield* api.startup.get("1a7ce997")).docker_images).toEqual({})
    })
  )

  it.effect("setVariable is PUT with key and value; a read-only variable is PanelRequestRejected", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`PUT ${S}/startup/variable`]: (request) =>
            (request.json as { key: string }).key === "LOCKED"
              ? panelError(
                  400,
                  "BadRequestHttpException",
                  "The environment variable you are trying to edit is read-only."
                )
              : json(200, {
                  ...Wire.item("egg_variable", { ...Wire.eggVariable, server_value: "paper.jar" }),
                  meta: { startup_command: "java -jar paper.jar", raw_startup_command: "java -jar {{SERVER_JARFILE}}" }
                })
        })
      )
      const updated = yield* api.startup.setVariable("1a7ce997", { key: "SERVER_JARFILE", value: "paper.jar" })
      expect(requests[0]!.method).toBe("PUT")
      expect(requests[0]!.json).toEqual({ key: "SERVER_JARFILE", value: "paper.jar" })
      expect(updated.variable.server_value).toBe("paper.jar")
      expect(updated.startup_command).toBe("java -jar paper.jar")
      const error = yield* Effect.flip(api.startup.setVariable("1a7ce997", { key: "LOCKED", value: "x" }))
      expect(error._tag).toBe("PanelRequestRejected")
    })
  )

  it.effect("a value failing the variable's own rules is the panel's ValidationFailed with field and rule", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(422, "ValidationException", "The Server Jar File format is invalid.", {
          source_field: "SERVER_JARFILE",
          rule: "regex"
        })
      )
      const error = yield* Effect.flip(api.startup.setVariable("1a7ce997", { key: "SERVER_JARFILE", value: "x" }))
      if (error._tag !== "ValidationFailed") return expect.fail(error._tag)
      expect(error.source).toBe("panel")
      expect(error.issues[0]).toMatchObject({ field: "SERVER_JARFILE", rule: "regex" })
    })
  )

  it.effect("settings: rename (name 1–191), reinstall (202), docker image (PUT)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`POST ${S}/settings/rename`]: noContent,
          [`POST ${S}/settings/reinstall`]: { status: 202 },
          [`PUT ${S}/settings/docker-image`]: noContent
        })
      )
      yield* api.settings.rename("1a7ce997", { name: "Creative", description: "build server" })
      yield* api.settings.reinstall("1a7ce997")
      yield* api.settings.dockerImage("1a7ce997", "ghcr.io/pterodactyl/yolks:java_21")
      const long = yield* Effect.flip(api.settings.rename("1a7ce997", { name: "x".repeat(192) }))
      expect(long._tag === "ValidationFailed" && long.issues[0]!.rule).toBe("max")
      expect(requests.map((r) => [r.method, r.url.pathname, r.json])).toEqual([
        ["POST", `${S}/settings/rename`, { name: "Creative", description: "build server" }],
        ["POST", `${S}/settings/reinstall`, undefined],
        ["PUT", `${S}/settings/docker-image`, { docker_image: "ghcr.io/pterodactyl/yolks:java_21" }]
      ])
    })
  )

  it.effect("reinstalling a server that is still installing is ServerStateConflict (§4.1)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(
          409,
          "ServerStateConflictException",
          "This server has not yet completed its installation process, please try again later."
        )
      )
      const error = yield* Effect.flip(api.settings.reinstall("1a7ce997"))
      expect(error._tag).toBe("ServerStateConflict")
    })
  )
})
