// Issue 8 item 6: the mock panel's limits. Request body size (declared and streamed), header size
// and count, slow clients (headers or body trickling in), and the secret comparison going through
// a constant-time primitive for every input length.
import * as Crypto from "node:crypto"
import * as Net from "node:net"
import { describe, expect, it, vi } from "vitest"
import { secretMatches } from "../../src/http/Kernel.js"
import { rawRequest } from "./support.js"
import { usePanel } from "../helpers.js"

// Every call of timingSafeEqual, with the lengths it compared.
const comparisons: Array<readonly [number, number]> = []
vi.mock("node:crypto", async (original) => {
  const actual = await original<typeof import("node:crypto")>()
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.push([a.byteLength, b.byteLength])
      return actual.timingSafeEqual(a, b)
    }
  }
})

const USER_CLIENT = "ptlc_userclient1UserClientSecret0000000000000001"
const IDENTIFIER = USER_CLIENT.slice(0, 16)
const SECRET = USER_CLIENT.slice(16)

const panel = usePanel({ maxBodyBytes: 4096, requestTimeout: 400 }, { resetEachTest: false })

const port = () => Number(new URL(panel.url).port)

/** Opens a raw connection, runs `script` on it, and collects everything the server sends until it closes. */
const rawConnection = (script: (socket: Net.Socket) => void, limitMs = 5_000) =>
  new Promise<{ readonly received: string; readonly closedByServer: boolean }>((resolve) => {
    const socket = Net.connect(port(), "127.0.0.1")
    let received = ""
    let closedByServer = false
    const timer = setTimeout(() => socket.destroy(), limitMs)
    socket.on("data", (d: Buffer) => {
      received += d.toString("latin1")
    })
    socket.on("end", () => {
      closedByServer = true
    })
    socket.on("error", () => {})
    socket.on("close", () => {
      clearTimeout(timer)
      resolve({ received, closedByServer })
    })
    socket.on("connect", () => script(socket))
  })

const keysWithMemo = async (memo: string) => {
  const res = await fetch(`${panel.url}/api/client/account/api-keys`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${USER_CLIENT}` }
  })
  const body = (await res.json()) as { data: Array<{ attributes: { description: string } }> }
  return body.data.filter((k) => k.attributes.description === memo).length
}

describe("request body size limit", () => {
  it("a declared Content-Length above the limit → 413 before authentication", async () => {
    const res = await rawRequest(panel.url, {
      method: "POST",
      path: "/api/client/account/api-keys",
      headers: { Accept: "application/json", "Content-Type": "application/json", "Content-Length": "5000" },
      body: "x".repeat(5000)
    })
    expect(res instanceof Error ? res.message : res.status).toBe(413)
  })

  // Creates a key with the given JSON fields as its body, chunked or with a Content-Length.
  const createKey = async (fields: Record<string, string>, framing: "chunked" | "length") => {
    const body = JSON.stringify(fields)
    const res = await rawRequest(panel.url, {
      method: "POST",
      path: "/api/client/account/api-keys",
      headers: {
        Accept: "application/json",
        "Content-Type": "application/json",
        Authorization: `Bearer ${USER_CLIENT}`,
        ...(framing === "chunked"
          ? { "Transfer-Encoding": "chunked" }
          : { "Content-Length": String(Buffer.byteLength(body)) })
      },
      body
    })
    return res instanceof Error ? res.message : res.status
  }

  it("a chunked body that grows past the limit → 413, and nothing is applied", async () => {
    expect(await createKey({ description: "chunked-big", pad: "y".repeat(8000) }, "chunked")).toBe(413)
    expect(await keysWithMemo("chunked-big")).toBe(0)
  })

  it("a chunked body under the limit is read whole (no Content-Length is no reason to skip the body)", async () => {
    expect(await createKey({ description: "chunked-small" }, "chunked")).toBe(200)
    expect(await keysWithMemo("chunked-small")).toBe(1)
  })

  it("a body just under the limit is handled normally", async () => {
    expect(await createKey({ description: "under-limit", pad: "z".repeat(3900) }, "length")).toBe(200)
    expect(await keysWithMemo("under-limit")).toBe(1)
  })
})

describe("header limits", () => {
  it("headers above Node's 16 KiB → 431; 200 headers of 50 bytes → answered", async () => {
    const huge = await rawRequest(panel.url, {
      method: "GET",
      path: "/api/client",
      headers: { Accept: "application/json", "X-Big": "a".repeat(17 * 1024) }
    })
    expect(huge instanceof Error ? huge.message : huge.status).toBe(431)
    const many: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${USER_CLIENT}` }
    for (let i = 0; i < 200; i++) many[`x-filler-${i}`] = "v".repeat(40)
    const ok = await rawRequest(panel.url, { method: "GET", path: "/api/client", headers: many })
    expect(ok instanceof Error ? ok.message : ok.status).toBe(200)
  })

  it("3000 headers (more than Node keeps) → still a panel answer, never a 500", async () => {
    const many: Record<string, string> = { Accept: "application/json" }
    for (let i = 0; i < 3000; i++) many[`x-${i}`] = "1"
    const res = await rawRequest(panel.url, { method: "GET", path: "/api/client", headers: many })
    expect(res instanceof Error ? res.message : res.status).toBeOneOf([401, 431])
  })
})

describe("slow clients (requestTimeout 400 ms in this suite)", () => {
  it("headers sent one byte at a time, never finished → 408 and the connection closed", async () => {
    const head = "GET /api/client HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nX-Slow: "
    const result = await rawConnection((socket) => {
      let i = 0
      const tick = setInterval(() => {
        // Bounded: at most 200 bytes, one every 20 ms.
        if (socket.destroyed || i >= 200) return clearInterval(tick)
        socket.write(i < head.length ? head[i]! : "x")
        i++
      }, 20)
      socket.on("close", () => clearInterval(tick))
    })
    expect(result.received).toMatch(/^HTTP\/1\.1 408/)
    expect(result.closedByServer).toBe(true)
  })

  it("a body that trickles in slower than allowed → 408 and the connection closed, nothing applied", async () => {
    const body = JSON.stringify({ description: "slow-body" })
    const result = await rawConnection((socket) => {
      socket.write(
        "POST /api/client/account/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" +
          `Authorization: Bearer ${USER_CLIENT}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
      )
      let i = 0
      const tick = setInterval(() => {
        // One byte every 100 ms: the whole body would take about 2.5 s.
        if (socket.destroyed || i >= body.length - 1) return clearInterval(tick)
        socket.write(body[i]!)
        i++
      }, 100)
      socket.on("close", () => clearInterval(tick))
    })
    expect(result.received).toMatch(/^HTTP\/1\.1 408/)
    expect(result.closedByServer).toBe(true)
    expect(await keysWithMemo("slow-body")).toBe(0)
  })

  it("an idle connection that never sends anything is closed by the server", async () => {
    const result = await rawConnection(() => {})
    expect(result.closedByServer).toBe(true)
  })
})

describe("constant-time secret comparison (§1.3: the mock does better than the panel)", () => {
  it("equal, shorter, longer, empty and non-ASCII secrets all go through timingSafeEqual on equal lengths", () => {
    const cases: ReadonlyArray<readonly [string, boolean]> = [
      [SECRET, true],
      [SECRET.slice(0, 31), false],
      [SECRET.slice(0, 1), false],
      [`${SECRET}0`, false],
      [SECRET.repeat(40), false],
      ["", false],
      [`${SECRET.slice(0, 31)}é`, false],
      [SECRET.toLowerCase(), false]
    ]
    for (const [given, expected] of cases) {
      comparisons.length = 0
      expect(secretMatches(SECRET, given)).toBe(expected)
      expect(comparisons).toHaveLength(1)
      const [a, b] = comparisons[0]!
      expect(a).toBe(b)
    }
  })

  it("over HTTP, a known identifier with an equal-length wrong, a shorter and a longer secret → one comparison each, 401", async () => {
    for (const secret of [`${SECRET.slice(0, 31)}X`, SECRET.slice(0, 20), `${SECRET}extra`]) {
      comparisons.length = 0
      const res = await fetch(`${panel.url}/api/client`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${IDENTIFIER}${secret}` }
      })
      expect(res.status).toBe(401)
      expect(comparisons.length).toBe(1)
      expect(comparisons[0]![0]).toBe(comparisons[0]![1])
    }
    // The module under test really uses the spied primitive.
    expect(Crypto.timingSafeEqual).toBeDefined()
  })
})
