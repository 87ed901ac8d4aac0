// The mock's Wings console over real sockets: the handshake, authentication, the events and
// their permission filters, the token's lifetime on the mock clock, throttling, deletion.
import { describe, expect, it } from "@effect/vitest"
import { Effect, Ref } from "effect"
import { ADMIN_LAB, connect, CREATIVE, handshake, is, node, SURVIVAL } from "./support.js"

describe("the upgrade (GetHandler, ServerExists)", () => {
  it.scoped("refuses a missing or foreign Origin with 403, accepts the panel's URL, 404 for an unknown server", () =>
    Effect.gen(function* () {
      const wings = yield* node()
      const url = `${wings.url}/api/servers/${SURVIVAL}/ws`
      expect(yield* handshake(url, {})).toBe(403)
      expect(yield* handshake(url, { Origin: "http://evil.test" })).toBe(403)
      expect(yield* handshake(url, { Origin: wings.panelUrl })).toBe(101)
      expect(
        yield* handshake(`${wings.url}/api/servers/00000000-0000-0000-0000-000000000000/ws`, { Origin: wings.panelUrl })
      ).toBe(404)
    })
  )

  it.scoped("allowed_origins admits another origin, or any with `*`", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["http://tools.test"] })
      const url = `${wings.url}/api/servers/${SURVIVAL}/ws`
      expect(yield* handshake(url, { Origin: "http://tools.test" })).toBe(101)
      expect(yield* handshake(url, { Origin: "http://other.test" })).toBe(403)
    })
  )
})

describe("authentication and events", () => {
  it.scoped("auth success, then the status (and stats when offline); a second auth gets auth success only", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${ADMIN_LAB}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB)] })
      expect(yield* client.next()).toEqual({ event: "auth success" })
      expect(yield* client.next()).toEqual({ event: "status", args: ["offline"] })
      const stats = yield* client.next()
      expect(stats.event).toBe("stats")
      expect(JSON.parse(stats.args![0]!)).toMatchObject({ state: "offline", memory_bytes: 0, uptime: 0 })
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB)] })
      expect(yield* client.next()).toEqual({ event: "auth success" })
      yield* client.send({ event: "send stats" })
      expect((yield* client.next()).event).toBe("stats")
    })
  )

  it.scoped("a forged token is a daemon error without details; an expired one a jwt error with them", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      const token = yield* wings.token(SURVIVAL)
      yield* client.send({ event: "auth", args: [`${token.slice(0, -4)}AAAA`] })
      const forged = yield* client.next()
      expect(forged.event).toBe("daemon error")
      expect(forged.args![0]).toMatch(/^Error Event \[[0-9a-f-]+\]: an unexpected error was encountered/)
      const now = Math.floor((yield* wings.store.now) / 1000)
      yield* client.send({ event: "auth", args: [yield* wings.token(SURVIVAL, { exp: now - 5 })] })
      const expired = yield* client.next()
      expect(expired.event).toBe("jwt error")
      expect(expired.args![0]).toMatch(/: jwt: exp claim is invalid$/)
      // Nothing else is answered before a token is accepted.
      yield* client.send({ event: "send stats" })
      expect(yield* client.next()).toEqual({ event: "jwt error", args: ["jwt: no jwt present"] })
    })
  )

  it.scoped("send logs replays the running process' lines; a command is echoed; power drives the state", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(SURVIVAL)] })
      expect(yield* client.next(is("status"))).toEqual({ event: "status", args: ["running"] })
      yield* client.send({ event: "send command", args: ["say hello"] })
      expect(yield* client.next(is("console output"))).toEqual({ event: "console output", args: ["> say hello"] })
      yield* client.send({ event: "send logs" })
      expect(yield* client.next(is("console output"))).toEqual({ event: "console output", args: ["> say hello"] })
      yield* client.send({ event: "set state", args: ["stop"] })
      expect(yield* client.next(is("status"))).toEqual({ event: "status", args: ["stopping"] })
      expect(yield* client.next(is("status"))).toEqual({ event: "status", args: ["offline"] })
      // The panel's store follows, so the REST routes see the same state.
      const state = yield* Ref.get(wings.store.state)
      expect(state.client.power[1]).toBe("offline")
      yield* client.send({ event: "set state", args: ["start"] })
      expect(yield* client.next(is("status"))).toEqual({ event: "status", args: ["starting"] })
      expect(yield* client.next(is("status"))).toEqual({ event: "status", args: ["running"] })
      // Starting a running server is refused with a daemon error.
      yield* client.send({ event: "set state", args: ["start"] })
      expect((yield* client.next(is("daemon error"))).args![0]).toMatch(/an unexpected error/)
    })
  )

  it.scoped("without control.stop a stop is dropped silently; without control.console a command too", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      const token = yield* wings.token(SURVIVAL, { permissions: ["websocket.connect", "control.start"] })
      yield* client.send({ event: "auth", args: [token] })
      yield* client.next(is("status"))
      yield* client.send({ event: "set state", args: ["stop"] })
      yield* client.send({ event: "send command", args: ["say hi"] })
      yield* client.send({ event: "send stats" })
      // The stats answer comes; nothing for the two dropped frames came before it.
      expect((yield* client.next()).event).toBe("stats")
      expect(yield* wings.daemon.powerState(SURVIVAL)).toBe("running")
    })
  )

  it.scoped("install output and backup events need their permissions; admins get daemon errors in full", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const admin = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* admin.send({
        event: "auth",
        args: [
          yield* wings.token(SURVIVAL, { permissions: ["*", "admin.websocket.errors", "admin.websocket.install"] })
        ]
      })
      yield* admin.next(is("status"))
      const user = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* user.send({ event: "auth", args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect"] })] })
      yield* user.next(is("status"))
      yield* Ref.update(wings.store.state, (s) => ({
        ...s,
        client: { ...s.client, installing: { 1: Number.MAX_SAFE_INTEGER } }
      }))
      yield* wings.daemon.sync
      expect(yield* admin.next(is("install output"))).toEqual({
        event: "install output",
        args: ["Installing Survival..."]
      })
      yield* wings.daemon.daemonError(SURVIVAL, "disk is full")
      expect((yield* admin.next(is("daemon error"))).args![0]).toMatch(/: disk is full$/)
      expect((yield* user.next(is("daemon error"))).args![0]).toMatch(/: an unexpected error/)
      // The user saw install started but no install output before the daemon error.
      expect((yield* Ref.get(user.seen)).map((f) => f.event)).not.toContain("install output")
      expect((yield* Ref.get(user.seen)).map((f) => f.event)).toContain("install started")
    })
  )
})

describe("each inbound event with and without its permission", () => {
  const cases: ReadonlyArray<readonly [string, string, "running" | "offline", "running" | "offline"]> = [
    // [action, permission, state before, state after when permitted]
    ["start", "control.start", "offline", "running"],
    ["stop", "control.stop", "running", "offline"],
    ["restart", "control.restart", "running", "running"],
    ["kill", "control.stop", "running", "offline"]
  ]
  for (const [action, permission, before, after] of cases) {
    it.scoped(`set state ${action}: acted on with ${permission}, dropped without it`, () =>
      Effect.gen(function* () {
        const wings = yield* node({ allowedOrigins: ["*"] })
        yield* wings.daemon.setState(SURVIVAL, before)
        const others = ["control.start", "control.stop", "control.restart"].filter((p) => p !== permission)
        const without = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
        yield* without.send({
          event: "auth",
          args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect", ...others] })]
        })
        yield* without.next(is("status"))
        yield* without.send({ event: "set state", args: [action] })
        yield* without.send({ event: "send stats" })
        expect(JSON.parse((yield* without.next(is("stats"))).args![0]!).state).toBe(before)
        const statuses = (yield* Ref.get(without.seen)).filter(is("status"))
        expect(statuses).toHaveLength(1)
        const granted = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
        yield* granted.send({
          event: "auth",
          args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect", permission] })]
        })
        yield* granted.next(is("status"))
        yield* granted.send({ event: "set state", args: [action] })
        // A restart passes through offline and back; every action ends in `after`.
        yield* granted.next((f) => f.event === "status" && f.args?.[0] === (action === "restart" ? "starting" : after))
        expect(yield* wings.daemon.powerState(SURVIVAL)).toBe(after)
      })
    )
  }

  it.scoped("send command: echoed with control.console, dropped without it", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const without = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* without.send({
        event: "auth",
        args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect"] })]
      })
      yield* without.next(is("status"))
      yield* without.send({ event: "send command", args: ["say dropped"] })
      const granted = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* granted.send({
        event: "auth",
        args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect", "control.console"] })]
      })
      yield* granted.next(is("status"))
      yield* granted.send({ event: "send command", args: ["say kept"] })
      // Both sockets see the process' output: only the permitted command reached it.
      expect(yield* without.next(is("console output"))).toEqual({ event: "console output", args: ["> say kept"] })
    })
  )

  it.scoped("auth: refused without websocket.connect; send logs and send stats need nothing more", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(SURVIVAL, { permissions: ["control.console"] })] })
      expect((yield* client.next()).args![0]).toMatch(/^Error Event \[.+\]: jwt: missing connect permission$/)
      yield* client.send({
        event: "auth",
        args: [yield* wings.token(SURVIVAL, { permissions: ["websocket.connect"] })]
      })
      yield* client.next(is("status"))
      yield* client.send({ event: "send logs" })
      yield* client.send({ event: "send stats" })
      expect((yield* client.next(is("stats"))).event).toBe("stats")
    })
  )

  it.scoped("a frame over 4096 bytes closes the socket (1009), as Wings 1.12's read limit does", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${SURVIVAL}/ws`)
      yield* client.send({ event: "send command", args: ["x".repeat(5000)] })
      expect(yield* client.closed).toBe(1009)
    })
  )
})

describe("on the mock clock", () => {
  it.scoped("token expiring within the last minute, a jwt error once it expired, a fresh auth heals", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${ADMIN_LAB}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB)] })
      yield* client.next(is("stats"))
      yield* wings.advance(9 * 60_000 + 15_000)
      expect(yield* client.next()).toEqual({ event: "token expiring" })
      yield* wings.advance(60_000)
      expect(yield* client.next()).toEqual({ event: "jwt error", args: ["jwt: exp claim is invalid"] })
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB)] })
      expect(yield* client.next()).toEqual({ event: "auth success" })
      yield* client.send({ event: "send stats" })
      expect((yield* client.next()).event).toBe("stats")
    })
  )

  it.scoped("a revoked JTI stops the token at once (ws/deny)", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${ADMIN_LAB}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB, { jti: "revoke-me" })] })
      yield* client.next(is("stats"))
      yield* wings.advance(1_000)
      yield* wings.daemon.deny(["revoke-me"])
      yield* client.send({ event: "send stats" })
      expect(yield* client.next()).toEqual({ event: "jwt error", args: ["jwt: created too far in past (denylist)"] })
    })
  )

  it.scoped(
    "throttling: a third auth within five seconds is dropped with one throttled notice, a fourth silently",
    () =>
      Effect.gen(function* () {
        const wings = yield* node({ allowedOrigins: ["*"] })
        const client = yield* connect(`${wings.url}/api/servers/${ADMIN_LAB}/ws`)
        const token = yield* wings.token(ADMIN_LAB)
        // The mock clock stands still here (TestClock), so all four fall in one window.
        for (let i = 0; i < 4; i++) yield* client.send({ event: "auth", args: [token] })
        yield* client.send({ event: "send stats" })
        yield* client.next(is("stats"))
        yield* client.next(is("stats"))
        expect((yield* Ref.get(client.seen)).map((f) => f.event)).toEqual([
          "auth success",
          "status",
          "stats",
          "auth success",
          "throttled",
          "stats"
        ])
        expect((yield* Ref.get(client.seen))[4]).toEqual({ event: "throttled", args: ["auth"] })
        yield* wings.advance(5_000)
        yield* client.send({ event: "auth", args: [token] })
        expect(yield* client.next()).toEqual({ event: "auth success" })
      })
  )
})

describe("the server's lifecycle", () => {
  it.scoped("deleting the server sends deleted and closes with 1001", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${ADMIN_LAB}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(ADMIN_LAB)] })
      yield* client.next(is("stats"))
      yield* Ref.update(wings.store.state, (s) => ({ ...s, servers: s.servers.filter((x) => x.uuid !== ADMIN_LAB) }))
      yield* wings.daemon.sync
      expect(yield* client.next()).toEqual({ event: "deleted", args: ["null"] })
      expect(yield* client.closed).toBe(1001)
    })
  )

  it.scoped("a suspended server answers every frame with a daemon error (Wings 1.12)", () =>
    Effect.gen(function* () {
      const wings = yield* node({ allowedOrigins: ["*"] })
      const client = yield* connect(`${wings.url}/api/servers/${CREATIVE}/ws`)
      yield* client.send({ event: "auth", args: [yield* wings.token(CREATIVE)] })
      expect((yield* client.next()).event).toBe("daemon error")
    })
  )
})
