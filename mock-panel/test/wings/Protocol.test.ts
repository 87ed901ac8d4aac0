// The pure parts of the mock's Wings console: frames, token checks, the 1.12 limiter, and the
// simulated process, each against the Wings source it follows.
import { describe, expect, it } from "vitest"
import { Limiter } from "../../src/wings/websocket/Limiter.js"
import * as Process from "../../src/wings/websocket/Process.js"
import { decode, encode, Errors, errorMessage, isJwtError } from "../../src/wings/websocket/Protocol.js"
import * as Token from "../../src/wings/websocket/Token.js"
import * as Jwt from "../../src/wings/Jwt.js"

const sign = (claims: Record<string, unknown>, key: string) => Jwt.sign(claims, key)

describe("frames (message.go)", () => {
  it("omits empty args like `omitempty`, keeps them otherwise", () => {
    expect(encode({ event: "auth success" })).toBe('{"event":"auth success"}')
    expect(encode({ event: "status", args: ["running"] })).toBe('{"event":"status","args":["running"]}')
  })

  it("decodes what Go's Unmarshal accepts and refuses what it refuses", () => {
    expect(decode('{"event":"send logs"}')).toEqual({ event: "send logs" })
    expect(decode('{"event":"auth","args":["a","b"]}')).toEqual({ event: "auth", args: ["a", "b"] })
    expect(decode('{"event":"auth","args":[null]}')).toEqual({ event: "auth", args: [""] })
    expect(decode("not json")).toBeUndefined()
    expect(decode('{"event":1}')).toBeUndefined()
    expect(decode('{"event":"auth","args":[1]}')).toBeUndefined()
    expect(decode("[]")).toBeUndefined()
  })

  it("formats SendErrorJson's message and tells JWT errors apart", () => {
    expect(errorMessage("abc", "boom")).toBe("Error Event [abc]: boom")
    expect(isJwtError(Errors.expired)).toBe(true)
    expect(isJwtError(Errors.denylisted)).toBe(true)
    expect(isJwtError(Errors.signature)).toBe(false)
    expect(isJwtError(Errors.isRunning)).toBe(false)
  })
})

describe("token checks (tokens/websocket.go, websocket.go)", () => {
  const key = "k".repeat(64)
  const now = 1_800_000_000_000
  const iat = now / 1000
  const context: Token.Context = { bootTime: now - 60_000, denied: new Map(), requireScope: true }
  const claims = {
    iat,
    exp: iat + 600,
    jti: "j1",
    server_uuid: "s1",
    user_uuid: "u1",
    permissions: ["*"],
    scope: "websocket"
  }

  it("accepts a signed, current, scoped token with websocket.connect", () => {
    const parsed = Token.parse(sign(claims, key), (t: string) => Jwt.check(t, key), now, context)
    expect(parsed._tag).toBe("Ok")
  })

  it("refuses a forged or malformed token with non-JWT errors (daemon error), an expired one with a JWT error", () => {
    expect(Token.parse(sign(claims, "other"), (t: string) => Jwt.check(t, key), now, context)).toEqual({
      _tag: "Error",
      message: Errors.signature
    })
    expect(Token.parse("abc", (t: string) => Jwt.check(t, key), now, context)).toEqual({
      _tag: "Error",
      message: Errors.malformed
    })
    const expired = sign({ ...claims, exp: iat - 1 }, key)
    expect(Token.parse(expired, (t: string) => Jwt.check(t, key), now, context)).toEqual({
      _tag: "Error",
      message: Errors.expired
    })
  })

  it("is valid through the second of exp and invalid after it (ExpirationTimeValidator)", () => {
    const payload = {
      serverUuid: "s1",
      userUuid: "u",
      permissions: ["*"],
      jti: "j",
      iat,
      exp: iat + 10,
      scope: "websocket"
    }
    expect(Token.expired(payload, (iat + 10) * 1000)).toBe(false)
    expect(Token.expired(payload, (iat + 10) * 1000 + 1)).toBe(true)
  })

  it("refuses a token without the websocket scope as missing the connect permission (Wings 1.12.2)", () => {
    const { scope: _scope, ...unscoped } = claims
    expect(Token.parse(sign(unscoped, key), (t: string) => Jwt.check(t, key), now, context)).toEqual({
      _tag: "Error",
      message: Errors.noConnect
    })
    expect(
      Token.parse(sign(unscoped, key), (t: string) => Jwt.check(t, key), now, { ...context, requireScope: false })._tag
    ).toBe("Ok")
  })

  it("denylists tokens issued before boot or before their JTI was revoked", () => {
    const booted = { ...context, bootTime: now + 1 }
    expect(Token.parse(sign(claims, key), (t: string) => Jwt.check(t, key), now, booted)).toEqual({
      _tag: "Error",
      message: Errors.denylisted
    })
    const revoked = { ...context, denied: new Map([["j1", now + 500]]) }
    expect(Token.parse(sign(claims, key), (t: string) => Jwt.check(t, key), now, revoked)).toEqual({
      _tag: "Error",
      message: Errors.denylisted
    })
    expect(Token.parse(sign({ ...claims, jti: "j2" }, key), (t: string) => Jwt.check(t, key), now, revoked)._tag).toBe(
      "Ok"
    )
  })

  it("`*` grants everything but admin.*", () => {
    const payload = { serverUuid: "s1", userUuid: "u", permissions: ["*"], jti: "j", iat, exp: iat + 10, scope: "" }
    expect(Token.hasPermission(payload, "control.console", context)).toBe(true)
    expect(Token.hasPermission(payload, "admin.websocket.errors", context)).toBe(false)
    expect(
      Token.hasPermission({ ...payload, permissions: ["admin.websocket.errors"] }, "admin.websocket.errors", context)
    ).toBe(true)
  })

  it("TokenValid names the first reason: absent, expired, denylisted, connect, server", () => {
    const payload = {
      serverUuid: "s1",
      userUuid: "u",
      permissions: ["websocket.connect"],
      jti: "j",
      iat,
      exp: iat + 10,
      scope: "websocket"
    }
    expect(Token.invalidity(undefined, "s1", now, context)).toBe(Errors.notPresent)
    expect(Token.invalidity(payload, "s1", now, context)).toBeUndefined()
    expect(Token.invalidity(payload, "s2", now, context)).toBe(Errors.uuidMismatch)
    expect(Token.invalidity(payload, "s1", now + 11_000, context)).toBe(Errors.expired)
    expect(Token.invalidity({ ...payload, permissions: ["control.console"] }, "s1", now, context)).toBe(
      Errors.noConnect
    )
  })
})

describe("limiter (limiter.go)", () => {
  it("auth: a burst of two, then one every five seconds; the first drop is announced once", () => {
    const limiter = new Limiter()
    const t = 1_000_000
    expect(limiter.check("auth", t)).toEqual({ throttled: false, notify: false })
    expect(limiter.check("auth", t)).toEqual({ throttled: false, notify: false })
    expect(limiter.check("auth", t)).toEqual({ throttled: true, notify: true })
    expect(limiter.check("auth", t + 1000)).toEqual({ throttled: true, notify: false })
    expect(limiter.check("auth", t + 5000)).toEqual({ throttled: false, notify: false })
    // Allowed again, so the next drop is announced again.
    expect(limiter.check("auth", t + 5000)).toEqual({ throttled: true, notify: true })
  })

  it("send command: ten at once, then one a second; set state and send stats share four", () => {
    const limiter = new Limiter()
    const t = 0
    const commands = Array.from({ length: 11 }, () => limiter.check("send command", t).throttled)
    expect(commands.filter((x) => !x)).toHaveLength(10)
    expect(limiter.check("send command", t + 1000).throttled).toBe(false)
    const shared = ["set state", "send stats", "set state", "send stats", "send stats"].map(
      (e) => limiter.check(e, t).throttled
    )
    expect(shared).toEqual([false, false, false, false, true])
    // `send logs` has its own bucket of two.
    expect([1, 2, 3].map(() => limiter.check("send logs", t).throttled)).toEqual([false, false, true])
  })
})

describe("process (power.go)", () => {
  const timings = { bootMs: 1000, stopMs: 500 }
  const events = (outcome: Process.Outcome) => outcome.events.map((e) => `${e.event}:${e.args.join("")}`)

  it("start: starting at once, running when the boot time has passed on the clock", () => {
    const started = Process.power(Process.make("offline", 0), "start", "Survival", 0, timings)
    expect(started.process.power).toBe("starting")
    expect(events(started)).toContain("status:starting")
    expect(Process.advance({ process: started.process, events: [] }, 999, "Survival", timings).process.power).toBe(
      "starting"
    )
    const running = Process.advance({ process: started.process, events: [] }, 1000, "Survival", timings)
    expect(running.process.power).toBe("running")
    expect(events(running)).toEqual(["status:running", "console output:Done! Survival is ready."])
  })

  it("refuses to start a running server, and any action but kill while another holds the lock", () => {
    expect(Process.power(Process.make("running", 0), "start", "S", 0, timings).error).toBe(Errors.isRunning)
    const stopping = Process.power(Process.make("running", 0), "stop", "S", 0, timings)
    expect(stopping.process.power).toBe("stopping")
    expect(Process.power(stopping.process, "start", "S", 10, timings).error).toBe(Errors.powerLocked)
    const killed = Process.power(stopping.process, "kill", "S", 10, timings)
    expect(killed.process.power).toBe("offline")
    expect(killed.process.steps).toEqual([])
  })

  it("a start releases the lock once the container runs: a stop while it boots is taken, not refused", () => {
    const booting = Process.power(Process.make("offline", 0), "start", "S", 0, timings).process
    expect(booting.power).toBe("starting")
    expect(Process.holdsPowerLock(booting)).toBe(false)
    const stopped = Process.power(booting, "stop", "S", 10, timings)
    expect(stopped.error).toBeUndefined()
    expect(stopped.process.power).toBe("stopping")
    expect(Process.holdsPowerLock(stopped.process)).toBe(true)
    // A restart holds it through the stop and until the start that follows has begun.
    const restarting = Process.power(Process.make("running", 0), "restart", "S", 0, timings)
    expect(Process.power(restarting.process, "start", "S", 10, timings).error).toBe(Errors.powerLocked)
    const rebooting = Process.advance({ process: restarting.process, events: [] }, 500, "S", timings).process
    expect([rebooting.power, Process.holdsPowerLock(rebooting)]).toEqual(["starting", false])
  })

  it("restart goes through stopping, offline, starting and running", () => {
    const restarted = Process.power(Process.make("running", 0), "restart", "S", 0, { bootMs: 0, stopMs: 0 })
    expect(events(restarted).filter((e) => e.startsWith("status"))).toEqual([
      "status:stopping",
      "status:offline",
      "status:starting",
      "status:running"
    ])
  })

  it("send logs replays the process' own output, not Wings' notices, and nothing while offline", () => {
    const started = Process.power(Process.make("offline", 0), "start", "S", 0, { bootMs: 0, stopMs: 0 })
    const said = Process.command(started.process, "say hi")
    expect(Process.readlog(said.process, 150)).toEqual(["Starting S...", "Done! S is ready.", "> say hi"])
    expect(Process.readlog(said.process, 1)).toEqual(["> say hi"])
    expect(Process.readlog(Process.make("offline", 0), 150)).toEqual([])
  })
})
