// Figures for RELIABILITY.md (not a test): the mock panel under each attack of a hostile or careless
// client, run in a child process so that an attack that blocks the mock's event loop cannot stop
// the clock measuring it. For each: the answer, the time to it, and whether a plain request from
// someone else is answered meanwhile (the mock "stops answering everyone").
//
//   npx tsx --conditions=@ptero-effect/source mock-panel/test/reliability/hostile-mock.ts
import * as ChildProcess from "node:child_process"
import * as Net from "node:net"
import { Redacted } from "effect"
import * as MockPanel from "../../src/MockPanel.js"
import { rawRequest } from "./support.js"

const LIMIT_MS = Number(process.env.LIMIT_MS ?? 150_000)

const child = async () => {
  const panel = await MockPanel.start()
  process.stdout.write(`${JSON.stringify({ url: panel.url, key: Redacted.value(panel.keys.userClient) })}\n`)
}

interface Attack {
  readonly name: string
  readonly run: (url: string, key: string) => Promise<string>
}

const json = (key: string) => ({
  authorization: `Bearer ${key}`,
  accept: "application/json",
  "content-type": "application/json"
})
const form = (key: string) => ({
  authorization: `Bearer ${key}`,
  accept: "application/json",
  "content-type": "application/x-www-form-urlencoded"
})

const status = (answer: Awaited<ReturnType<typeof rawRequest>>) =>
  answer instanceof Error ? answer.message : `${answer.status} ${answer.body.slice(0, 80).replace(/\s+/g, " ")}`

const attacks: ReadonlyArray<Attack> = [
  {
    name: "fault glob `/api/client/*a*a…*aZ` (30 stars), then a path of 40 a's",
    run: async (url, key) => {
      const path = `/api/client/${"*a".repeat(30)}Z`
      const set = await rawRequest(`${url}`, {
        method: "POST",
        path: "/__mock/faults",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ path, kind: "status", status: 500, times: 1 })
      })
      const hit = await rawRequest(
        url,
        { method: "GET", path: `/api/client/${"a".repeat(40)}`, headers: json(key) },
        LIMIT_MS
      )
      return `set: ${status(set)}; request: ${status(hit)}`
    }
  },
  {
    name: 'clock `{"advance_seconds": 1e13}`, then GET /api/client/account',
    run: async (url, key) => {
      const move = await rawRequest(url, {
        method: "POST",
        path: "/__mock/clock",
        headers: { "content-type": "application/json" },
        body: '{"advance_seconds": 1e13}'
      })
      const after = await rawRequest(url, { method: "GET", path: "/api/client/account", headers: json(key) })
      await rawRequest(url, { method: "POST", path: "/__mock/reset" })
      return `clock: ${status(move)}; account: ${status(after)}`
    }
  },
  {
    name: "query 4,000 brackets deep",
    run: async (url, key) =>
      status(
        await rawRequest(
          url,
          { method: "GET", path: `/api/client?a${"[b]".repeat(4000)}=1`, headers: json(key) },
          LIMIT_MS
        )
      )
  },
  {
    name: "form body 300,000 brackets deep",
    run: async (url, key) =>
      status(
        await rawRequest(
          url,
          {
            method: "POST",
            path: "/api/client/account/api-keys",
            headers: form(key),
            body: `description=x&a${"[b]".repeat(300_000)}=1`.slice(0, 1_000_000)
          },
          LIMIT_MS
        )
      )
  },
  {
    name: "1 MB form body of `allowed_ips[]=…`",
    run: async (url, key) => {
      const entries = Array.from({ length: 60_000 }, (_, i) => `allowed_ips[]=10.0.${(i >> 8) & 255}.${i & 255}`)
      const body = `description=x&${entries.join("&")}`.slice(0, 1_000_000)
      return status(
        await rawRequest(
          url,
          { method: "POST", path: "/api/client/account/api-keys", headers: form(key), body },
          LIMIT_MS
        )
      )
    }
  },
  {
    name: "JSON array of 200,000 elements",
    run: async (url, key) =>
      status(
        await rawRequest(
          url,
          {
            method: "POST",
            path: "/api/client/account/api-keys",
            headers: json(key),
            body: JSON.stringify({ description: "x", allowed_ips: Array.from({ length: 200_000 }, () => 1) })
          },
          LIMIT_MS
        )
      )
  },
  {
    name: "POST with `Content-Length: 100 MiB`, 1 MiB + 1 sent, then the client keeps the socket open",
    run: (url, key) =>
      new Promise((resolve) => {
        const started = performance.now()
        const socket = Net.connect(Number(new URL(url).port), "127.0.0.1")
        let head = ""
        const limit = setTimeout(() => socket.destroy(), 10_000)
        socket.on("data", (d: Buffer) => {
          head += d.toString("latin1")
        })
        socket.on("error", () => {})
        socket.on("close", () => {
          clearTimeout(limit)
          const closed = performance.now() - started
          resolve(
            `${head.split("\r\n")[0]}, ${/connection: close/i.test(head) ? "Connection: close" : "keep-alive"}; socket ${closed >= 9_900 ? "still open after 10 s (closed by the client)" : `closed by the mock after ${closed.toFixed(0)} ms`}`
          )
        })
        socket.on("connect", () =>
          socket.write(
            `POST /api/client/account/api-keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n${"x".repeat(1024 * 1024 + 1)}`
          )
        )
      })
  },
  {
    name: "a key in `?api_key=` and in a path, then GET /__mock/journal",
    run: async (url, key) => {
      await rawRequest(url, { method: "GET", path: `/api/client/account?api_key=${key}`, headers: json(key) })
      await rawRequest(url, { method: "GET", path: `/api/client/servers/${key}`, headers: json(key) })
      const journal = await rawRequest(url, { method: "GET", path: "/__mock/journal" })
      const shown = journal instanceof Error ? 0 : journal.body.split(key.slice(16)).length - 1
      await rawRequest(url, { method: "POST", path: "/__mock/reset" })
      return `the key's secret appears ${shown} times in the journal`
    }
  }
]

const parent = async () => {
  const mock = ChildProcess.spawn(process.execPath, [...process.execArgv, process.argv[1]!], {
    env: { ...process.env, HOSTILE_CHILD: "1" },
    stdio: ["ignore", "pipe", "inherit"]
  })
  const { key, url } = await new Promise<{ url: string; key: string }>((resolve) => {
    let out = ""
    mock.stdout.on("data", (d: Buffer) => {
      out += d.toString()
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!))
    })
  })
  console.log("| attack | answer | ms | a plain request meanwhile |")
  console.log("| --- | --- | --- | --- |")
  for (const attack of attacks) {
    const started = performance.now()
    let attackDone = false
    const result = attack.run(url, key).finally(() => {
      attackDone = true
    })
    // Someone else's request, 200 ms into the attack.
    await new Promise((r) => setTimeout(r, 200))
    const probeStart = performance.now()
    const probe = attackDone
      ? "attack already over"
      : await rawRequest(url, { method: "GET", path: "/api/client/account", headers: json(key) }, LIMIT_MS).then(
          (answer) =>
            `${answer instanceof Error ? answer.message : answer.status} after ${(performance.now() - probeStart).toFixed(0)} ms`
        )
    const answer = await result
    console.log(`| ${attack.name} | ${answer} | ${(performance.now() - started).toFixed(0)} | ${probe} |`)
    if (answer.includes("no answer within")) {
      console.log("(the mock no longer answers: the remaining attacks were not run)")
      break
    }
  }
  mock.kill("SIGTERM")
  const exited = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 5_000)
    mock.on("exit", () => {
      clearTimeout(timer)
      resolve(true)
    })
  })
  if (!exited) {
    console.log("SIGTERM ignored for 5 s: killed")
    mock.kill("SIGKILL")
  }
}

if (process.env.HOSTILE_CHILD === "1") await child()
else await parent()
