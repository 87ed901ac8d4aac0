import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { defaultFixtureJson, expectError, k, usePanel } from "../helpers.js"
import {
  ADMIN_LAB,
  CREATIVE,
  expectDenied,
  expectInstalling,
  expectNotVisible,
  expectSuspended,
  expectValidation,
  send,
  SURVIVAL
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}`

describe("startup (§8.1, §9.1 egg_variable)", () => {
  it("lists visible variables with meta; hidden values shown as [hidden]", async () => {
    const res = await send(panel, "GET", `${base}/startup`, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.data.map((d: any) => d.attributes.env_variable)).toEqual([
      "SERVER_JARFILE",
      "MINECRAFT_VERSION",
      "BUILD_NUMBER"
    ])
    expect(res.json.data[0]).toEqual({
      object: "egg_variable",
      attributes: {
        name: "Server Jar File",
        description: "Server Jar File",
        env_variable: "SERVER_JARFILE",
        default_value: "server.jar",
        server_value: "paper.jar",
        is_editable: true,
        rules: "required|regex:/^([\\w\\d._-]+)(\\.jar)$/"
      }
    })
    expect(res.json.meta).toEqual({
      startup_command: "java -Xms128M -Xmx2048M -jar paper.jar --port 25565 --rcon-password [hidden]",
      docker_images: { "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 21": "ghcr.io/pterodactyl/yolks:java_21" },
      raw_startup_command:
        "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}} --port {{SERVER_PORT}} --rcon-password {{RCON_PASSWORD}}"
    })
  })

  it("set a variable: 200 with meta; its own rules → 422; read-only and unknown → 400", async () => {
    const key = k(panel, "userClient")
    const ok = await send(panel, "PUT", `${base}/startup/variable`, key, { key: "SERVER_JARFILE", value: "purpur.jar" })
    expect(ok.status).toBe(200)
    expect(ok.json.attributes.server_value).toBe("purpur.jar")
    expect(ok.json.meta.startup_command).toContain("-jar purpur.jar")
    expectValidation(
      await send(panel, "PUT", `${base}/startup/variable`, key, { key: "SERVER_JARFILE", value: "x.zip" }),
      [["value", "regex", "The value format is invalid."]]
    )
    expectError(
      await send(panel, "PUT", `${base}/startup/variable`, key, { key: "BUILD_NUMBER", value: "1" }),
      400,
      "BadRequestHttpException",
      "The environment variable you are trying to edit is read-only."
    )
    expectError(
      await send(panel, "PUT", `${base}/startup/variable`, key, { key: "RCON_PASSWORD", value: "x" }),
      400,
      "BadRequestHttpException",
      "The environment variable you are trying to edit does not exist."
    )
  })

  it("subuser without startup.* → 403; no access → 404; suspended → 409", async () => {
    expectDenied(await send(panel, "GET", `${base}/startup`, k(panel, "subuserClient")))
    expectDenied(
      await send(panel, "PUT", `${base}/startup/variable`, k(panel, "subuserClient"), { key: "A", value: "b" })
    )
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/startup`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/startup`, k(panel, "userClient")))
  })
})

describe("settings (§8.1)", () => {
  it("rename (204) changes name and description; 422 without a name", async () => {
    const key = k(panel, "userClient")
    const res = await send(panel, "POST", `${base}/settings/rename`, key, { name: "Survival II", description: "new" })
    expect(res.status).toBe(204)
    const server = await send(panel, "GET", base, key)
    expect(server.json.attributes).toMatchObject({ name: "Survival II", description: "new" })
    expectValidation(await send(panel, "POST", `${base}/settings/rename`, key, { name: "" }), [
      ["name", "required", "The name field is required."]
    ])
    expectDenied(await send(panel, "POST", `${base}/settings/rename`, k(panel, "subuserClient"), { name: "x" }))
  })

  it("reinstall → 202 []; the server is installing (409) until the mock clock moves", async () => {
    const key = k(panel, "userClient")
    const res = await send(panel, "POST", `${base}/settings/reinstall`, key)
    expect(res.status).toBe(202)
    expect(res.text).toBe("[]")
    expect((await send(panel, "GET", base, key)).json.attributes.status).toBe("installing")
    expectInstalling(await send(panel, "GET", `${base}/startup`, key))
    await panel.control.advanceClock(11)
    expect((await send(panel, "GET", base, key)).json.attributes.status).toBeNull()
  })

  it("docker image: one of the egg's (204); another → 422; a custom admin image → 400", async () => {
    const key = k(panel, "userClient")
    expect(
      (
        await send(panel, "PUT", `${base}/settings/docker-image`, key, {
          docker_image: "ghcr.io/pterodactyl/yolks:java_21"
        })
      ).status
    ).toBe(204)
    expect((await send(panel, "GET", base, key)).json.attributes.docker_image).toBe("ghcr.io/pterodactyl/yolks:java_21")
    expectValidation(await send(panel, "PUT", `${base}/settings/docker-image`, key, { docker_image: "alpine:3" }), [
      ["docker_image", "in", "The selected docker image is invalid."]
    ])
    const fixture = defaultFixtureJson()
    fixture.servers[0].image = "registry.example.com/custom:1"
    const other = await MockPanel.start({ fixture })
    try {
      expectError(
        await send(other, "PUT", `${base}/settings/docker-image`, k(other, "userClient"), {
          docker_image: "ghcr.io/pterodactyl/yolks:java_21"
        }),
        400,
        "BadRequestHttpException",
        "This server's Docker image has been manually set by an administrator and cannot be updated."
      )
    } finally {
      await other.close()
    }
  })
})
