// The console's pure parts: frames, the client-side pacing with Wings 1.12's limits, and the
// replay filter that keeps a reconnection from delivering lines twice.
import { describe, expect, it } from "@effect/vitest"
import { Redacted } from "effect"
import * as Frames from "../../src/internal/console/frames.js"
import { ReplayFilter } from "../../src/internal/console/replay.js"
import { Buckets } from "../../src/internal/console/throttle.js"

const token = (claims: Record<string, unknown>) =>
  Redacted.make(
    `${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`
  )

describe("frames", () => {
  it("encodes without args when there are none and decodes Wings' frames", () => {
    expect(Frames.encode("send logs")).toBe('{"event":"send logs"}')
    expect(Frames.encode("send command", ["say hi"])).toBe('{"event":"send command","args":["say hi"]}')
    expect(Frames.decode('{"event":"status","args":["running"]}')).toEqual({ event: "status", args: ["running"] })
    expect(Frames.decode('{"event":"auth success"}')).toEqual({ event: "auth success", args: [] })
    expect(Frames.decode("nope")).toBeUndefined()
    expect(Frames.decode('{"args":[]}')).toBeUndefined()
  })

  it("reads the permissions claim (non-ASCII safe) and applies Wings' `*` rule", () => {
    const perms = Frames.permissionsOf(token({ permissions: ["control.console", "websocket.connect"], name: "é" }))
    expect(perms).toEqual(["control.console", "websocket.connect"])
    expect(Frames.permissionsOf(Redacted.make("not-a-jwt"))).toBeUndefined()
    expect(Frames.hasPermission(["*"], "control.stop")).toBe(true)
    expect(Frames.hasPermission(["*"], "admin.websocket.errors")).toBe(false)
    expect(Frames.hasPermission(["control.start"], "control.stop")).toBe(false)
  })

  it("tells an answer to `auth` (SendErrorJson's prefix) from a lapsed token's jwt error", () => {
    expect(Frames.isErrorEvent("Error Event [1f0c]: jwt: exp claim is invalid")).toBe(true)
    expect(Frames.isErrorEvent("jwt: exp claim is invalid")).toBe(false)
  })
})

describe("pacing (limiter.go values)", () => {
  it("auth: two at once, the third waits five seconds; buckets are separate per limiter", () => {
    const buckets = new Buckets()
    expect([buckets.reserve("auth", 0), buckets.reserve("auth", 0), buckets.reserve("auth", 0)]).toEqual([0, 0, 5000])
    expect(buckets.reserve("send logs", 0)).toBe(0)
    // A fourth reservation queues behind the third.
    expect(buckets.reserve("auth", 0)).toBe(10_000)
  })

  it("commands: ten at once then one a second; set state and send stats share four", () => {
    const buckets = new Buckets()
    const waits = Array.from({ length: 12 }, () => buckets.reserve("send command", 0))
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0))
    expect(waits.slice(10)).toEqual([1000, 2000])
    const shared = ["set state", "send stats", "set state", "send stats", "set state"].map((e) => buckets.reserve(e, 0))
    expect(shared).toEqual([0, 0, 0, 0, 1000])
  })

  it("refills over time up to the burst", () => {
    const buckets = new Buckets()
    buckets.reserve("auth", 0)
    buckets.reserve("auth", 0)
    expect(buckets.reserve("auth", 5000)).toBe(0)
    expect(buckets.reserve("auth", 60_000)).toBe(0)
    expect(buckets.reserve("auth", 60_000)).toBe(0)
    expect(buckets.reserve("auth", 60_000)).toBe(5000)
  })
})

describe("replay filter", () => {
  const feed = (filter: ReplayFilter, lines: ReadonlyArray<string>) => lines.flatMap((line) => [...filter.push(line)])

  it("delivers everything outside a replay", () => {
    const filter = new ReplayFilter(150)
    expect(feed(filter, ["a", "b"])).toEqual(["a", "b"])
  })

  it("after a reconnection, drops the replayed lines already delivered and keeps the new ones", () => {
    const filter = new ReplayFilter(150)
    feed(filter, ["boot", "x1", "x2", "x3"])
    filter.start()
    // Wings replays the log's tail: what was seen, then what was missed while away.
    expect(feed(filter, ["x1", "x2", "x3", "missed", "live"])).toEqual(["missed", "live"])
  })

  it("prefers the longest overlap when lines repeat", () => {
    const filter = new ReplayFilter(150)
    feed(filter, ["a", "b", "c", "a", "b"])
    filter.start()
    expect(feed(filter, ["a", "b", "c", "a", "b", "new"])).toEqual(["new"])
  })

  it("a replay with nothing in common is delivered whole", () => {
    const filter = new ReplayFilter(150)
    feed(filter, ["old1", "old2"])
    filter.start()
    expect(feed(filter, ["n1", "n2"])).toEqual(["n1", "n2"])
  })

  it("stop() releases lines held on a partial match (no replay came: the server is offline)", () => {
    const filter = new ReplayFilter(150)
    feed(filter, ["a", "b", "c"])
    filter.start()
    expect(feed(filter, ["b"])).toEqual([])
    expect(filter.stop()).toEqual(["b"])
    expect(feed(filter, ["z"])).toEqual(["z"])
  })

  it("a window of N lines matches a replay of at most N", () => {
    const filter = new ReplayFilter(3)
    feed(filter, ["1", "2", "3", "4", "5"])
    filter.start()
    expect(feed(filter, ["3", "4", "5", "6"])).toEqual(["6"])
  })
})
