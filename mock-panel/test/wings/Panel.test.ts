// Wings' console as the whole mock serves it: at the URL `/websocket` returns, with tokens the
// panel side issued, driven by the REST and Application API routes and the control endpoints,
// and usable by an unmodified third-party client.
import { PteroClient } from "@devnote-dev/pterojs"
import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Redacted, Ref } from "effect"
import * as MockPanel from "../../src/MockPanel.js"
import { call } from "../helpers.js"
import { ADMIN_LAB, connect, type Frame, is, SURVIVAL } from "./support.js"

const rest = (panel: MockPanel.Service, key: string, method: string, path: string, body?: unknown) =>
  Effect.promise(() =>
    call(panel, path, {
      key: Redacted.value(panel.keys[key]!),
      method,
      ...(body === undefined ? {} : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
    })
  )

// Credentials from the panel, then the socket they name, authenticated.
const console = (panel: MockPanel.Service, key: string, server: string) =>
  Effect.gen(function* () {
    const credentials = yield* rest(panel, key, "GET", `/api/client/servers/${server.slice(0, 8)}/websocket`)
    expect(credentials.status).toBe(200)
    const client = yield* connect(credentials.json.data.socket)
    yield* client.send({ event: "auth", args: [credentials.json.data.token] })
    yield* client.next(is("auth success"))
    // The first authentication is followed by the state.
    yield* client.next(is("status"))
    return client
  })

// The mock with `allowed_origins: ["*"]`: the test client (the platform's, over `ws`) sends no Origin.
const panelWithoutOriginCheck = MockPanel.make({ wings: { allowedOrigins: ["*"] } })

describe("an unmodified third-party client", () => {
  it.live("PteroJS 2.2.2 with its own useOrigin option connects, authenticates and receives events", () =>
    Effect.gen(function* () {
      const panel = yield* MockPanel.make()
      const client = new PteroClient(panel.url, Redacted.value(panel.keys.userClient))
      client.ws.useOrigin = true
      const shard = client.addSocketServer(SURVIVAL.slice(0, 8))
      const events: Array<string> = []
      const got = (event: string) =>
        Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              const check = () => (events.includes(event) ? resolve() : setTimeout(check, 5))
              check()
            })
        )
      shard.on("authSuccess", () => events.push("authSuccess"))
      shard.on("statusUpdate", (status: string) => events.push(`status:${status}`))
      shard.on("serverOutput", (line: string) => events.push(`output:${line}`))
      shard.on("error", (error: string) => events.push(`error:${error}`))
      yield* Effect.promise(() => shard.connect())
      yield* got("authSuccess")
      yield* got("status:running")
      yield* Effect.promise(() => shard.request("sendCommand", "say from pterojs"))
      yield* got("output:> say from pterojs")
      shard.disconnect()
      expect(events.filter((e) => e.startsWith("error:"))).toEqual([])
    }).pipe(Effect.scoped)
  )

  it.live("the same client without useOrigin is refused at the upgrade, as by Wings", () =>
    Effect.gen(function* () {
      const panel = yield* MockPanel.make()
      const client = new PteroClient(panel.url, Redacted.value(panel.keys.userClient))
      const shard = client.addSocketServer(SURVIVAL.slice(0, 8))
      const disconnected = Effect.promise(
        () => new Promise<void>((resolve) => shard.on("serverDisconnect", () => resolve()))
      )
      let authenticated = false
      shard.on("authSuccess", () => {
        authenticated = true
      })
      yield* Effect.promise(() => shard.connect())
      yield* disconnected
      expect(authenticated).toBe(false)
    }).pipe(Effect.scoped)
  )
})

describe("the REST routes and the socket drive one process", () => {
  it.live("power through REST shows on the socket; power through the socket shows in /resources; commands echo", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const socket = yield* console(panel, "userClient", SURVIVAL)
      expect(
        (yield* rest(panel, "userClient", "POST", "/api/client/servers/1a2b3c01/power", { signal: "stop" })).status
      ).toBe(204)
      expect(yield* socket.next(is("status"))).toEqual({ event: "status", args: ["stopping"] })
      expect(yield* socket.next(is("status"))).toEqual({ event: "status", args: ["offline"] })
      const offline = yield* rest(panel, "userClient", "POST", "/api/client/servers/1a2b3c01/command", { command: "x" })
      expect(offline.status).toBe(502)
      yield* socket.send({ event: "set state", args: ["start"] })
      yield* socket.next((f) => f.event === "status" && f.args?.[0] === "running")
      const resources = yield* rest(panel, "userClient", "GET", "/api/client/servers/1a2b3c01/resources")
      expect(resources.json.attributes.current_state).toBe("running")
      expect(
        (yield* rest(panel, "userClient", "POST", "/api/client/servers/1a2b3c01/command", { command: "say rest" }))
          .status
      ).toBe(204)
      yield* socket.next((f) => f.event === "console output" && f.args?.[0] === "> say rest")
    }).pipe(Effect.scoped)
  )

  it.live("a backup made through the API is announced when it completes; a reinstall streams its install", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const admin = yield* console(panel, "rootClient", SURVIVAL)
      const created = yield* rest(panel, "userClient", "POST", "/api/client/servers/1a2b3c01/backups", {})
      expect(created.status).toBe(200)
      const done = yield* admin.next((f) => f.event === "backup completed")
      expect(JSON.parse(done.args![0]!)).toMatchObject({
        uuid: created.json.attributes.uuid,
        is_successful: true,
        checksum_type: "sha1"
      })
      expect((yield* rest(panel, "userClient", "POST", "/api/client/servers/1a2b3c01/settings/reinstall")).status).toBe(
        202
      )
      yield* admin.next(is("install started"))
      expect((yield* admin.next(is("install output"))).args![0]).toContain("Survival")
      yield* panel.control.advanceClock(Duration.minutes(5))
      yield* admin.next(is("install completed"))
    }).pipe(Effect.scoped)
  )
})

describe("the Application API", () => {
  it.live("deleting a server sends deleted and closes its sockets with 1001", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const socket = yield* console(panel, "rootClient", ADMIN_LAB)
      expect((yield* rest(panel, "rootApplication", "DELETE", "/api/application/servers/4")).status).toBe(204)
      expect(yield* socket.next(is("deleted"))).toEqual({ event: "deleted", args: ["null"] })
      expect(yield* socket.closed).toBe(1001)
    }).pipe(Effect.scoped)
  )

  it.live("suspending stops the process; every frame is then answered with a daemon error; /websocket is a 409", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const socket = yield* console(panel, "userClient", SURVIVAL)
      expect((yield* rest(panel, "rootApplication", "POST", "/api/application/servers/1/suspend")).status).toBe(204)
      yield* socket.next((f) => f.event === "status" && f.args?.[0] === "offline")
      yield* socket.send({ event: "send stats" })
      expect((yield* socket.next(is("daemon error"))).args![0]).toMatch(/an unexpected error/)
      expect((yield* rest(panel, "userClient", "GET", "/api/client/servers/1a2b3c01/websocket")).status).toBe(409)
    }).pipe(Effect.scoped)
  )
})

describe("tokens", () => {
  it.live("moving the mock clock brings token expiring, then a jwt error; a fresh token heals on the same socket", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const socket = yield* console(panel, "userClient", SURVIVAL)
      yield* panel.control.advanceClock(Duration.seconds(9 * 60 + 15))
      yield* socket.next(is("token expiring"))
      yield* panel.control.advanceClock(Duration.seconds(60))
      expect(yield* socket.next(is("jwt error"))).toEqual({ event: "jwt error", args: ["jwt: exp claim is invalid"] })
      const fresh = yield* rest(panel, "userClient", "GET", "/api/client/servers/1a2b3c01/websocket")
      yield* socket.send({ event: "auth", args: [fresh.json.data.token] })
      // Stats keep coming as jwt errors until Wings has the fresh token.
      yield* socket.next(is("auth success"))
      yield* socket.next(is("stats"))
    }).pipe(Effect.scoped)
  )

  it.live("changing a subuser's permissions revokes their tokens (ws/deny); a token issued a second later works", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const bob = yield* console(panel, "subuserClient", SURVIVAL)
      const bobUuid = (yield* rest(panel, "userClient", "GET", "/api/client/servers/1a2b3c01/users")).json.data[0]
        .attributes.uuid
      yield* panel.control.advanceClock(Duration.seconds(1))
      const updated = yield* rest(panel, "userClient", "POST", `/api/client/servers/1a2b3c01/users/${bobUuid}`, {
        permissions: ["control.console"]
      })
      expect(updated.status).toBe(200)
      yield* bob.send({ event: "send stats" })
      expect(yield* bob.next(is("jwt error"))).toEqual({
        event: "jwt error",
        args: ["jwt: created too far in past (denylist)"]
      })
      yield* panel.control.advanceClock(Duration.seconds(1))
      const fresh = yield* rest(panel, "subuserClient", "GET", "/api/client/servers/1a2b3c01/websocket")
      yield* bob.send({ event: "auth", args: [fresh.json.data.token] })
      yield* bob.next(is("auth success"))
      yield* bob.send({ event: "send stats" })
      yield* bob.next(is("stats"))
    }).pipe(Effect.scoped)
  )
})

describe("control endpoints", () => {
  it.live("push lines and errors, force a state, read and cut connections over HTTP", () =>
    Effect.gen(function* () {
      const panel = yield* panelWithoutOriginCheck
      const socket = yield* console(panel, "rootClient", SURVIVAL)
      const control = (path: string, body?: unknown) =>
        Effect.promise(() =>
          call(panel, `/__mock/wings${path}`, {
            method: body === undefined ? "GET" : "POST",
            ...(body === undefined
              ? {}
              : { headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
          })
        )
      expect((yield* control("/console", { server: "1a2b3c01", lines: ["pushed"] })).status).toBe(204)
      expect(yield* socket.next(is("console output"))).toEqual({ event: "console output", args: ["pushed"] })
      yield* control("/daemon-error", { server: "1a2b3c01", message: "out of disk" })
      expect((yield* socket.next(is("daemon error"))).args![0]).toMatch(/: out of disk$/)
      yield* control("/state", { server: "1a2b3c01", state: "stopping" })
      expect(yield* socket.next(is("status"))).toEqual({ event: "status", args: ["stopping"] })
      const overview = yield* control("")
      expect(overview.json.servers.find((s: { identifier: string }) => s.identifier === "1a2b3c01")).toEqual({
        uuid: SURVIVAL,
        identifier: "1a2b3c01",
        state: "stopping",
        connections: 1
      })
      expect((yield* control("/console", { server: "nope", lines: [] })).status).toBe(404)
      expect((yield* control("/drop", { server: "1a2b3c01" })).json).toEqual({ dropped: 1 })
      expect(yield* socket.closed).toBe(1006)
      const frames: ReadonlyArray<Frame> = yield* Ref.get(socket.seen)
      expect(frames.map((f) => f.event)).toContain("status")
    }).pipe(Effect.scoped)
  )
})
