// The mock panel against hostile or careless clients: fault patterns built to backtrack, clock
// moves past what dates hold, PHP-style brackets thousands deep, bodies of tens of thousands of
// `allowed_ips[]`, keys pasted into URLs, oversized bodies, huge JSON arrays, a non-JSON fixture,
// and the control API on an address other machines can reach. Times under each attack, before
// and after: mock-panel/test/reliability/hostile-mock.ts (RELIABILITY.md section 7).
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { Effect, Redacted } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Cli from "../../src/Cli.js"
import * as Control from "../../src/Control.js"
import * as MockPanel from "../../src/MockPanel.js"
import { MAX_INPUT_NESTING_LEVEL, MAX_INPUT_VARS, parseQuery } from "../../src/laravel/QueryString.js"
import * as Fixture from "../../src/state/Fixture.js"
import { call, k, postJson, usePanel } from "../helpers.js"

const LIMIT = 4 * 1024 * 1024
const panel = usePanel({ maxBodyBytes: LIMIT })
const USER = () => k(panel, "userClient")

const form = (key: string, body: string, method = "POST") =>
  call(panel, "/api/client/account/api-keys", {
    key,
    method,
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body
  })

describe("fault patterns", () => {
  // The regular expression the matcher replaced, as the reference on inputs too small to hurt it.
  const reference = (pattern: string, path: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`
    ).test(path)

  it("match exactly what the glob means (fast-check against a regular expression on small inputs)", () => {
    const text = fc.stringOf(fc.constantFrom("a", "b", "/", "."), { maxLength: 12 })
    const pattern = fc.stringOf(fc.constantFrom("a", "b", "/", ".", "*"), { maxLength: 8 })
    fc.assert(
      fc.property(pattern, text, (p, t) => Control.globMatches(p, t) === reference(p, t)),
      { seed: 21, numRuns: 3000 }
    )
  })

  it("`/api/client/*a*a…*aZ` against a path of a's: no match, and the mock keeps answering", async () => {
    // 30 stars against 40 a's took the regular expression about 24 s of blocked event loop.
    const fault = await postJson(panel, "/__mock/faults", "", {
      path: `/api/client/${"*a".repeat(30)}Z`,
      kind: "status",
      status: 500
    })
    expect(fault.status).toBe(201)
    const res = await call(panel, `/api/client/${"a".repeat(40)}`, { key: USER() })
    expect(res.status).toBe(404)
    expect((await call(panel, "/api/client/account", { key: USER() })).status).toBe(200)
  })
})

describe("the mock clock", () => {
  it("refuses to move past what the panel's dates hold: 422, clock and state unchanged", async () => {
    const before = await call(panel, "/__mock/clock")
    for (const body of [
      { advance_seconds: 1e13 },
      { advance_seconds: -1e10 },
      { set: "+275760-09-13T00:00:00Z" },
      { set: "2040-01-01T00:00:00Z" },
      { set: "1969-12-31T23:59:59Z" }
    ]) {
      const res = await postJson(panel, "/__mock/clock", "", body)
      expect(res.status).toBe(422)
      expect(res.json.error).toMatch(/2038-01-19T03:14:07\+00:00|set goes back/)
    }
    const after = await call(panel, "/__mock/clock")
    expect(Math.abs(Date.parse(after.json.now) - Date.parse(before.json.now))).toBeLessThan(60_000)
    expect((await call(panel, "/api/client/account", { key: USER() })).status).toBe(200)
    expect((await postJson(panel, "/__mock/clock", "", { set: "2038-01-19T03:14:07Z" })).status).toBe(200)
  })

  it("in process, advanceClock fails typed with the same rule", async () => {
    const started = await MockPanel.start()
    try {
      const exit = await Effect.runPromiseExit(
        Effect.scoped(Effect.flatMap(MockPanel.make(), (p) => Effect.flip(p.control.advanceClock("100000000 days"))))
      )
      expect(exit._tag === "Success" && exit.value._tag).toBe("InvalidControlInput")
      await expect(started.control.advanceClock(1e13)).rejects.toThrow("2038-01-19T03:14:07+00:00")
    } finally {
      await started.close()
    }
  })
})

describe("PHP-style input", () => {
  const nested = (levels: number) => `a${"[b]".repeat(levels)}=deep`

  it(`keeps ${MAX_INPUT_NESTING_LEVEL} bracket levels; one more drops the variable, earlier values of it too`, () => {
    expect(JSON.stringify(parseQuery(nested(MAX_INPUT_NESTING_LEVEL)))).toContain('"deep"')
    expect(parseQuery(`a=1&x=2&${nested(MAX_INPUT_NESTING_LEVEL + 1)}`)).toEqual({ x: "2" })
    expect(parseQuery(`x=2&${nested(300_000)}`)).toEqual({ x: "2" })
  })

  it(`reads ${MAX_INPUT_VARS} pairs of a query (empty pairs skipped) and ${MAX_INPUT_VARS + 1} of a POST body (every pair counted)`, () => {
    const pairs = Array.from({ length: 1500 }, (_, i) => `v${i}=${i}`).join("&")
    expect(Object.keys(parseQuery(pairs, "query"))).toHaveLength(MAX_INPUT_VARS)
    expect(Object.keys(parseQuery(pairs, "post"))).toHaveLength(MAX_INPUT_VARS + 1)
    expect(Object.keys(parseQuery(`&&&${pairs}`, "query"))).toHaveLength(MAX_INPUT_VARS)
    expect(Object.keys(parseQuery(`&&&${pairs}`, "post"))).toHaveLength(MAX_INPUT_VARS - 2)
  })

  it("appends after the largest integer key, as PHP's next free element", () => {
    expect(parseQuery("a[]=x&a[5]=y&a[]=z&a[k]=w&a[]=v")).toEqual({ a: { 0: "x", 5: "y", 6: "z", k: "w", 7: "v" } })
  })

  it("a query 4,000 brackets deep is ignored as PHP ignores it: 200, not 500", async () => {
    const res = await call(panel, `/api/client?a${"[b]".repeat(4000)}=1`, { key: USER() })
    expect(res.status).toBe(200)
  })

  it("a form body 300,000 brackets deep is answered like the same body without it", async () => {
    const plain = await form(USER(), "description=deep")
    const deep = await form(USER(), `description=deep&a${"[b]".repeat(300_000)}=1`)
    expect(plain.status).toBe(200)
    expect(deep.status).toBe(200)
  })

  it("5,000 `allowed_ips[]`: PHP keeps 1,000 of them, and the panel's 422 lists those only", async () => {
    const body = `description=x&${Array.from({ length: 5000 }, () => "allowed_ips[]=nope").join("&")}`
    const res = await form(USER(), body)
    expect(res.status).toBe(422)
    const fields: Array<string> = res.json.errors.map((e: any) => e.meta.source_field)
    expect(fields).toContain("allowed_ips")
    // description + 1,000 entries is the 1,001 variables $_POST holds.
    expect(fields.filter((f) => f.startsWith("allowed_ips."))).toHaveLength(MAX_INPUT_VARS)
  })

  it("a JSON array of 200,000 elements parses: the panel's 422 for allowed_ips, not a syntax error", async () => {
    const res = await postJson(panel, "/api/client/account/api-keys", USER(), {
      description: "x",
      // 2 MB of valid addresses: the only failure is the panel's `max:50`.
      allowed_ips: Array.from({ length: 200_000 }, () => "10.0.0.1")
    })
    expect(res.status).toBe(422)
    expect(res.json.errors[0].meta.source_field).toBe("allowed_ips")
  })
})

describe("the journal", () => {
  it("never shows a key pasted into a path or a query, nor the values of secret parameters", async () => {
    const key = USER()
    await call(panel, `/api/client/account?api_key=${key}&page=2`, { key })
    await call(panel, `/api/client/servers/${key}`, { key })
    await call(panel, `/api/client/account?token=abc&signature=xyz&filter[x]=${key.slice(16)}`, { key })
    await call(panel, `/api/client/servers/${"A".repeat(48)}`, { key })
    const journal = await call(panel, "/__mock/journal")
    const text = journal.text
    expect(text).not.toContain(key.slice(16))
    expect(text).not.toContain("A".repeat(48))
    expect(text).not.toContain("abc")
    expect(text).not.toContain("xyz")
    const entries: Array<{ path: string; query: string }> = journal.json.entries
    expect(entries.map((e) => e.query)).toContain("api_key=<redacted>&page=2")
    expect(entries.map((e) => e.path)).toContain("/api/client/servers/<redacted>")
  })
})

describe("an oversized body", () => {
  const port = () => Number(new URL(panel.url).port)

  /** Sends headers and part of a body, then waits; reports what came back and whether the server closed. */
  const oversized = (headers: string, sent: number) =>
    new Promise<{ received: string; closedByServer: boolean }>((resolve) => {
      const socket = Net.connect(port(), "127.0.0.1")
      let received = ""
      let closedByServer = false
      const timer = setTimeout(() => socket.destroy(), 5_000)
      socket.on("data", (d: Buffer) => {
        received += d.toString("latin1")
      })
      socket.on("end", () => {
        closedByServer = true
        socket.destroy()
      })
      socket.on("error", () => {})
      socket.on("close", () => {
        clearTimeout(timer)
        resolve({ received, closedByServer })
      })
      socket.on("connect", () => socket.write(headers + "x".repeat(sent)))
    })

  for (const [name, path] of [
    ["a panel route", "/api/client/account/api-keys"],
    ["the control API", "/__mock/faults"]
  ] as const) {
    it(`on ${name}: 413 with Connection: close, and the connection ends without the rest being read`, async () => {
      const declared = `POST ${path} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`
      const result = await oversized(declared, 16 * 1024)
      expect(result.received).toMatch(/^HTTP\/1\.1 413/)
      expect(result.received.toLowerCase()).toContain("connection: close")
      expect(result.closedByServer).toBe(true)
      const chunked = `POST ${path} HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`
      const size = LIMIT + 4096
      const streamed = await oversized(`${chunked}${size.toString(16)}\r\n`, size)
      expect(streamed.received).toMatch(/^HTTP\/1\.1 413/)
      expect(streamed.closedByServer).toBe(true)
    })
  }
})

describe("a fixture file that is not JSON", () => {
  it("is refused with where the parser stopped, never with the file's content", async () => {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "fixture-"))
    try {
      for (const content of ["ptlc_userclient1UserClientSecret0000000000000001", '{"users": [1,], "ptlc_x": 2}']) {
        const file = Path.join(dir, "fixture.json")
        Fs.writeFileSync(file, content)
        const error = await Effect.runPromise(Effect.flip(Fixture.load(file)))
        expect(error.message).toContain("valid JSON")
        expect(error.message).not.toContain("ptlc_")
        expect(error.message).not.toContain("users")
      }
    } finally {
      Fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("the control API off loopback", () => {
  it("a non-loopback host gets a generated token unless one is given or the opt-in is explicit", () => {
    for (const host of ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"]) {
      expect(MockPanel.controlTokenFor(host, {})).toBeUndefined()
    }
    for (const host of ["0.0.0.0", "::", "192.168.1.5", "example.test"]) {
      const token = MockPanel.controlTokenFor(host, {})
      expect(token === undefined ? "" : Redacted.value(token)).toMatch(/^[A-Za-z0-9_-]{32}$/)
      expect(MockPanel.controlTokenFor(host, { unsafeOpenControl: true })).toBeUndefined()
    }
    expect(Redacted.value(MockPanel.controlTokenFor("0.0.0.0", { controlToken: "given-token-1234567" })!)).toBe(
      "given-token-1234567"
    )
  })

  it("with a token, /__mock/ answers 401 without it or with a wrong one, and works with it", async () => {
    const guarded = await MockPanel.start({ controlToken: "a-token-for-the-test-0123" })
    try {
      expect((await call(guarded, "/__mock/journal")).status).toBe(401)
      const wrong = await call(guarded, "/__mock/journal", {
        headers: { "X-Mock-Control-Token": "a-token-for-the-test-0124" }
      })
      expect(wrong.status).toBe(401)
      const right = await call(guarded, "/__mock/journal", {
        headers: { "X-Mock-Control-Token": "a-token-for-the-test-0123" }
      })
      expect(right.status).toBe(200)
      // The panel's own routes are not affected.
      expect((await call(guarded, "/api/client/account", { key: guarded.plainKeys.userClient })).status).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it("the banner names the address bound, warns off loopback and prints a generated token once", () => {
    const token = Redacted.make("generated-token-abcdefghijklmnopq")
    const exposed = Cli.banner(
      { url: "http://127.0.0.1:8080", listening: "http://0.0.0.0:8080", exposed: true, controlToken: token },
      {}
    )
    expect(exposed[0]).toContain("listening on http://0.0.0.0:8080")
    expect(exposed.join("\n")).toContain("WARNING: http://0.0.0.0:8080 takes connections from other machines")
    expect(exposed.filter((line) => line.includes("generated-token-abcdefghijklmnopq"))).toHaveLength(1)
    const open = Cli.banner(
      { url: "http://127.0.0.1:8080", listening: "http://0.0.0.0:8080", exposed: true, controlToken: undefined },
      { unsafeOpenControl: true }
    )
    expect(open.join("\n")).toContain("the control API is open to anyone")
    const local = Cli.banner(
      { url: "http://127.0.0.1:8080", listening: "http://127.0.0.1:8080", exposed: false, controlToken: undefined },
      {}
    )
    expect(local).toEqual(["mock-panel listening on http://127.0.0.1:8080 (profile panel)"])
  })

  it("the CLI takes --control-token and --unsafe-open-control (which takes no value)", () => {
    expect(Cli.parse(["serve", "--unsafe-open-control", "--port", "0"])).toEqual({
      _tag: "Serve",
      options: { port: 0, unsafeOpenControl: true }
    })
    expect(Cli.parse(["serve", "--control-token", "abcdefghijklmnop"])).toEqual({
      _tag: "Serve",
      options: { port: 8080, controlToken: "abcdefghijklmnop" }
    })
    expect(Cli.parse(["serve", "--control-token", "short"])._tag).toBe("Invalid")
  })
})
