import * as Child from "node:child_process"
import * as Net from "node:net"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Cli } from "@ptero-effect/mock-panel"
import { beforeAll, describe, expect, it } from "vitest"

const root = Path.dirname(Path.dirname(fileURLToPath(import.meta.url)))
const bin = Path.join(root, "bin", "mock-panel.js")

const run = (args: Array<string>) =>
  Child.spawnSync(process.execPath, [bin, ...args], { encoding: "utf8", timeout: 15_000 })

beforeAll(() => {
  // The bin runs the built CLI; tsc -b is incremental, so this is quick when dist is current.
  Child.execFileSync(
    process.execPath,
    [Path.join(root, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.src.json"],
    { cwd: root }
  )
}, 60_000)

describe("mock-panel CLI", () => {
  it("--help prints usage and exits 0", () => {
    const res = run(["--help"])
    expect(res.status).toBe(0)
    expect(res.stdout).toContain("Usage: mock-panel serve")
  })

  it("a bad flag is a one-line error with a non-zero exit", () => {
    const res = run(["serve", "--port", "seventy"])
    expect(res.status).toBe(2)
    expect(res.stderr).toBe("mock-panel: --port expects a port between 0 and 65535\n")
    expect(run(["serve", "--nope"]).stderr.trim().split("\n")).toHaveLength(1)
  })

  it("an unreadable fixture is a one-line error with exit 1", () => {
    const res = run(["serve", "--port", "0", "--fixture", "/nonexistent/fixture.json"])
    expect(res.status).toBe(1)
    expect(res.stderr).toBe("mock-panel: invalid fixture /nonexistent/fixture.json: $: a readable file (ENOENT)\n")
  })

  it("a port in use is a one-line error with exit 1", async () => {
    const blocker = Net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const port = (blocker.address() as Net.AddressInfo).port
    try {
      const res = run(["serve", "--port", String(port)])
      expect(res.status).toBe(1)
      expect(res.stderr).toMatch(/^mock-panel: address already in use \(127\.0\.0\.1:\d+\)\n$/)
    } finally {
      blocker.close()
    }
  })

  it("serve prints the URL and keys, answers requests and stops cleanly on SIGTERM", async () => {
    const child = Child.spawn(process.execPath, [bin, "serve", "--port", "0", "--profile", "documented"], {
      stdio: ["ignore", "pipe", "pipe"]
    })
    let out = ""
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString()
        const m = /listening on (http:\/\/\S+)/.exec(out)
        if (m?.[1] !== undefined && out.includes("Control endpoints")) resolve(m[1])
      })
      child.on("exit", () => reject(new Error(out)))
    })
    expect(out).toContain("rootClient             ptlc_rootclient1RootClientSecret0000000000000001")
    const res = await fetch(`${url}/api/client`, { headers: { Accept: "application/json" } })
    expect(await res.json()).toEqual({
      errors: [{ code: "InvalidCredentialsException", status: "401", detail: "Unauthenticated." }]
    })
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", (c) => resolve(c))
      child.kill("SIGTERM")
    })
    expect(code).toBe(0)
  })
})

describe("mock-panel CLI flags", () => {
  it("parses every serve option, in both --flag value and --flag=value forms", () => {
    expect(
      Cli.parse([
        "serve",
        "--host",
        "::1",
        "--port=0",
        "--profile",
        "documented",
        "--client-rate-limit",
        "5",
        "--application-rate-limit=7",
        "--request-timeout",
        "1500"
      ])
    ).toEqual({
      _tag: "Serve",
      options: {
        host: "::1",
        port: 0,
        profile: "documented",
        clientRateLimit: 5,
        applicationRateLimit: 7,
        requestTimeout: 1500
      }
    })
  })

  it("names the flag and what it expects when a value is wrong", () => {
    expect(Cli.parse(["serve", "--request-timeout", "soon"])).toEqual({
      _tag: "Invalid",
      message: "--request-timeout expects a positive number of milliseconds"
    })
    expect(Cli.parse(["serve", "--client-rate-limit", "0"])).toEqual({
      _tag: "Invalid",
      message: "--client-rate-limit expects a positive integer"
    })
  })
})
