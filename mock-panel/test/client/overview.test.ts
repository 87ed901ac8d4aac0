import * as Crypto from "node:crypto"
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
  ISO,
  MODDED,
  send,
  SURVIVAL,
  SURVIVAL_UUID
} from "./support.js"

const panel = usePanel()

const jwtClaims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"))

describe("GET /servers/{server}/websocket (§8.1, §10.4)", () => {
  it("owner: token and socket, 10-minute JWT with permissions ['*']", async () => {
    const res = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/websocket`, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(Object.keys(res.json)).toEqual(["data"])
    // The mock is the node's Wings too, so the socket is on the mock's own address (§12.4).
    expect(res.json.data.socket).toBe(`${panel.url.replace(/^http/, "ws")}/api/servers/${SURVIVAL_UUID}/ws`)
    const claims = jwtClaims(res.json.data.token)
    expect(claims.exp - claims.iat).toBe(600)
    expect(claims.iat - claims.nbf).toBe(300)
    expect(claims.permissions).toEqual(["*"])
    expect(claims.server_uuid).toBe(SURVIVAL_UUID)
    // NodeJWTService::handle: audience the node's address (an array), jti md5(user id . uuid),
    // panel 1.12.3's scope, a random unique_id.
    expect(claims.aud).toEqual(["https://node1.example.com:8080"])
    expect(claims.jti).toBe(Crypto.createHash("md5").update(`2${SURVIVAL_UUID}`).digest("hex"))
    expect(claims.scope).toBe("websocket")
    expect(claims.unique_id).toMatch(/^[A-Za-z0-9]{16}$/)
    expect(JSON.parse(Buffer.from(res.json.data.token.split(".")[0]!, "base64url").toString("utf8")).jti).toBe(
      claims.jti
    )
  })

  it("subuser: the permissions claim is the stored list", async () => {
    const res = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/websocket`, k(panel, "subuserClient"))
    expect(res.status).toBe(200)
    expect(jwtClaims(res.json.data.token).permissions).toEqual([
      "websocket.connect",
      "control.console",
      "control.start",
      "file.read"
    ])
  })

  it("subuser without websocket.connect → 403 HttpForbiddenException", async () => {
    const fixture = defaultFixtureJson()
    fixture.subusers[0].permissions = ["control.console"]
    const other = await MockPanel.start({ fixture })
    try {
      expectError(
        await send(other, "GET", `/api/client/servers/${SURVIVAL}/websocket`, k(other, "subuserClient")),
        403,
        "HttpForbiddenException",
        "You do not have permission to connect to this server's websocket."
      )
    } finally {
      await other.close()
    }
  })

  it("no access → 404; suspended → 409; root admin on an installing server is exempt (§4.1)", async () => {
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/websocket`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/websocket`, k(panel, "userClient")))
    expectInstalling(await send(panel, "GET", `/api/client/servers/${MODDED}/websocket`, k(panel, "userClient")))
    const admin = await send(panel, "GET", `/api/client/servers/${MODDED}/websocket`, k(panel, "rootClient"))
    expect(admin.status).toBe(200)
    expect(jwtClaims(admin.json.data.token).permissions).toEqual([
      "*",
      "admin.websocket.errors",
      "admin.websocket.install",
      "admin.websocket.transfer"
    ])
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/websocket`, k(panel, "rootClient")))
  })
})

describe("GET /servers/{server}/resources (§9.1 stats)", () => {
  it("needs no permission; running server reports its state; 409 when suspended", async () => {
    const res = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/resources`, k(panel, "subuserClient"))
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("stats")
    expect(res.json.attributes.current_state).toBe("running")
    expect(res.json.attributes.is_suspended).toBe(false)
    expect(Object.keys(res.json.attributes.resources).sort()).toEqual(
      ["cpu_absolute", "disk_bytes", "memory_bytes", "network_rx_bytes", "network_tx_bytes", "uptime"].sort()
    )
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/resources`, k(panel, "userClient")))
  })
})

describe("POST /servers/{server}/power (§4.5, §10.4 PowerControllerTest)", () => {
  it("owner: 204 for every signal, trimmed; the state follows", async () => {
    const key = k(panel, "userClient")
    for (const signal of ["stop", " restart", "kill ", "start"]) {
      const res = await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal })
      expect(res.status).toBe(204)
      expect(res.text).toBe("")
    }
    await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal: "stop" })
    const stats = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/resources`, key)
    expect(stats.json.attributes.current_state).toBe("offline")
  })

  it("owner: invalid signal → 422 rule in; missing → required", async () => {
    const key = k(panel, "userClient")
    expectValidation(await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal: "invalid" }), [
      ["signal", "in", "The selected signal is invalid."]
    ])
    expectValidation(await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, {}), [
      ["signal", "required", "The signal field is required."]
    ])
  })

  it("subuser: start allowed (control.start); stop, kill, restart and unknown signals → 403", async () => {
    const key = k(panel, "subuserClient")
    expect((await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal: "start" })).status).toBe(
      204
    )
    for (const signal of ["stop", "kill", "restart", "random"]) {
      expectDenied(await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal }))
    }
  })

  it("no access → 404, suspended → 409", async () => {
    expectNotVisible(
      await send(panel, "POST", `/api/client/servers/${ADMIN_LAB}/power`, k(panel, "userClient"), { signal: "start" })
    )
    expectSuspended(
      await send(panel, "POST", `/api/client/servers/${CREATIVE}/power`, k(panel, "userClient"), { signal: "start" })
    )
  })
})

describe("POST /servers/{server}/command (§10.4 CommandControllerTest)", () => {
  it("204 while running; 502 HttpException when offline; 422 for an empty command", async () => {
    const key = k(panel, "userClient")
    const ok = await send(panel, "POST", `/api/client/servers/${SURVIVAL}/command`, key, { command: "say hi" })
    expect(ok.status).toBe(204)
    expectValidation(await send(panel, "POST", `/api/client/servers/${SURVIVAL}/command`, key, { command: "" }), [
      ["command", "required", "The command field is required."]
    ])
    await send(panel, "POST", `/api/client/servers/${SURVIVAL}/power`, key, { signal: "kill" })
    expectError(
      await send(panel, "POST", `/api/client/servers/${SURVIVAL}/command`, key, { command: "say hi" }),
      502,
      "HttpException",
      "Server must be online in order to send commands."
    )
  })

  it("subuser with control.console may; without it → 403", async () => {
    expect(
      (
        await send(panel, "POST", `/api/client/servers/${SURVIVAL}/command`, k(panel, "subuserClient"), {
          command: "list"
        })
      ).status
    ).toBe(204)
  })
})

describe("GET /servers/{server}/activity (§4.4, §7.2)", () => {
  it("owner: paginated activity_log, newest first, filter[event], include=actor", async () => {
    const key = k(panel, "userClient")
    await send(panel, "POST", `/api/client/servers/${SURVIVAL}/command`, key, { command: "say hi" })
    const res = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity?include=actor`, key)
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("list")
    expect(res.json.meta.pagination).toMatchObject({
      total: 2,
      count: 2,
      per_page: 25,
      current_page: 1,
      total_pages: 1
    })
    const [first, second] = res.json.data
    expect(first.object).toBe("activity_log")
    expect(first.attributes.event).toBe("server:console.command")
    expect(first.attributes.is_api).toBe(true)
    expect(first.attributes.properties).toEqual({ command: "say hi" })
    expect(first.attributes.id).toMatch(/^[0-9a-f]{40}$/)
    expect(first.attributes.timestamp).toMatch(ISO)
    expect(first.attributes.relationships.actor.attributes.username).toBe("alice")
    expect(second.attributes.event).toBe("server:power.start")
    const filtered = await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity?filter[event]=power`, key)
    expect(filtered.json.data.map((d: any) => d.attributes.event)).toEqual(["server:power.start"])
    expectError(
      await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity?filter[nope]=x`, key),
      400,
      "InvalidFilterQuery",
      "Requested filter(s) `nope` are not allowed. Allowed filter(s) are `event`."
    )
  })

  it("subuser without activity.read → 403 AccessDenied (checked in the controller)", async () => {
    expectDenied(await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity`, k(panel, "subuserClient")))
  })
})

describe("every server state of §4.1 blocks the sub-resource routes with its own detail", () => {
  it("maintenance, restoring, transferring: 409 on resources, files and backups; the server view stays 200", async () => {
    const cases: Array<[(f: any) => void, string]> = [
      [
        (f) => {
          f.nodes[0].maintenance_mode = true
        },
        "The node of this server is currently under maintenance and the functionality requested is unavailable."
      ],
      [
        (f) => {
          f.servers[0].status = "restoring_backup"
        },
        "This server is currently restoring from a backup, please try again later."
      ],
      [
        (f) => {
          f.servers[0].transferring = true
        },
        "This server is currently being transferred to a new machine, please try again later."
      ]
    ]
    for (const [change, detail] of cases) {
      const fixture = defaultFixtureJson()
      change(fixture)
      const other = await MockPanel.start({ fixture })
      try {
        const key = k(other, "userClient")
        for (const path of ["resources", "files/list", "backups", "schedules", "network/allocations", "startup"]) {
          expectError(
            await send(other, "GET", `/api/client/servers/${SURVIVAL}/${path}`, key),
            409,
            "ServerStateConflictException",
            detail
          )
        }
        expect((await send(other, "GET", `/api/client/servers/${SURVIVAL}`, key)).status).toBe(200)
      } finally {
        await other.close()
      }
    }
  })
})
