import * as Child from "node:child_process"
import * as Fs from "node:fs"
import * as Net from "node:net"
import * as Os from "node:os"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"
import { Cli } from "@ptero-effect/mock-panel"
import { describe, expect, it } from "vitest"

const packageRoot = Path.dirname(Path.dirname(fileURLToPath(import.meta.url)))
const repositoryRoot = Path.dirname(packageRoot)
const bin = Path.join(packageRoot, "bin", "mock-panel.js")

// The real bin, running the TypeScript sources through tsx: no build needed before the tests,
// and the packed bin running the built files is exercised by CI's consumer check.
const command = (args: ReadonlyArray<string>) =>
  [process.execPath, "--import", "tsx", "--conditions=@ptero-effect/source", bin, ...args] as const

const quoted = (args: ReadonlyArray<string>) => args.map((a) => `'${a}'`).join(" ")

interface Finished {
  readonly status: number
  readonly stdout: string
  readonly stderr: string
}

// The CLI in this process, its output captured: what the bin runs, without a process per case.
const run = async (args: ReadonlyArray<string>): Promise<Finished> => {
  let stdout = ""
  let stderr = ""
  const write = { out: process.stdout.write, err: process.stderr.write }
  process.stdout.write = ((chunk: string) => {
    stdout += chunk
    return true
  }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string) => {
    stderr += chunk
    return true
  }) as typeof process.stderr.write
  try {
    const status = await Cli.main(args)
    return { status, stdout, stderr }
  } finally {
    process.stdout.write = write.out
    process.stderr.write = write.err
  }
}

describe("mock-panel CLI", () => {
  it("--help prints usage, a bad flag or fixture is one line on stderr with exit 2 or 1", async () => {
    const help = await run(["--help"])
    expect(help.status).toBe(0)
    expect(help.stdout).toContain("Usage: mock-panel serve")
    const badPort = await run(["serve", "--port", "seventy"])
    expect(badPort.status).toBe(2)
    expect(badPort.stderr).toBe("mock-panel: --port expects a port between 0 and 65535\n")
    const unknown = await run(["serve", "--nope"])
    expect(unknown.status).toBe(2)
    expect(unknown.stderr.trim().split("\n")).toHaveLength(1)
    const fixture = await run(["serve", "--port", "0", "--fixture", "/nonexistent/fixture.json"])
    expect(fixture.status).toBe(1)
    expect(fixture.stderr).toBe("mock-panel: invalid fixture /nonexistent/fixture.json: $: a readable file (ENOENT)\n")
  })

  it("a port in use is a one-line error with exit 1", async () => {
    const blocker = Net.createServer()
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve))
    const port = (blocker.address() as Net.AddressInfo).port
    try {
      const res = await run(["serve", "--port", String(port)])
      expect(res.status).toBe(1)
      expect(res.stderr).toMatch(/^mock-panel: address already in use \(127\.0\.0\.1:\d+\)\n$/)
    } finally {
      blocker.close()
    }
  })

  it("the bin under a shell: --json and --ready-file report the panel; killing the shell stops it", async () => {
    const dir = Fs.mkdtempSync(Path.join(Os.tmpdir(), "mock-panel-cli-"))
    const readyFile = Path.join(dir, "ready.json")
    const args = ["serve", "--port", "0", "--profile", "documented", "--json", "--ready-file", readyFile]
    // `; true`: the shell waits for the panel instead of becoming it, as a package runner's
    // shell does; a SIGTERM to the shell never reaches the panel itself.
    const shell = Child.spawn("sh", ["-c", `${quoted(command(args))}; true`], { cwd: repositoryRoot })
    let stdout = ""
    let stderr = ""
    shell.stderr.on("data", (d: Buffer) => {
      stderr += d.toString()
    })
    const closed = new Promise<void>((resolve) => shell.stdout.on("close", () => resolve()))
    // A failed assertion must not leave the shell and its panel running.
    try {
      const ready = await new Promise<Cli.Ready>((resolve, reject) => {
        shell.stdout.on("data", (d: Buffer) => {
          stdout += d.toString()
          if (stdout.includes("\n")) resolve(JSON.parse(stdout.split("\n")[0]!))
        })
        void closed.then(() => reject(new Error(`exited before listening: ${stdout} ${stderr}`)))
      })
      expect(ready).toMatchObject({ host: "127.0.0.1", profile: "documented", fixture: "default" })
      expect(ready.url).toBe(`http://127.0.0.1:${ready.port}`)
      expect(ready.control).toBe(`${ready.url}/__mock`)
      expect(ready.keys).toHaveLength(10)
      expect(ready.keys.find((k) => k.name === "rootClient")).toEqual({
        name: "rootClient",
        identifier: "ptlc_rootclient1",
        type: "client",
        user: "admin",
        root_admin: true,
        role: "Root admin client key",
        allowed_ips: [],
        expires_at: null,
        bearer: "ptlc_rootclient1RootClientSecret0000000000000001"
      })
      expect(ready.keys.find((k) => k.name === "readOnlyApplication")?.permissions?.users).toBe(1)
      // The ready file holds the same line, written once the panel listens.
      expect(JSON.parse(Fs.readFileSync(readyFile, "utf8"))).toEqual(ready)
      const unknownKey = await fetch(`${ready.url}/api/client`, {
        headers: { Accept: "application/json", Authorization: "Bearer ptlc_subuser0001x" }
      })
      expect(await unknownKey.json()).toEqual({
        errors: [{ code: "InvalidCredentialsException", status: "401", detail: "Unauthenticated." }]
      })
      const subuser = ready.keys.find((k) => k.name === "subuserClient")!
      const servers = await fetch(`${ready.url}/api/client`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${subuser.bearer}` }
      })
      expect(servers.status).toBe(200)
      shell.kill("SIGTERM")
      // The panel's output closes once the panel itself has exited: it noticed the shell go.
      await closed
      expect(stderr).toBe("mock-panel stopped\n")
      expect(Fs.existsSync(readyFile)).toBe(false)
      await expect(fetch(`${ready.url}/__mock/keys`)).rejects.toThrow()
    } finally {
      if (shell.exitCode === null) shell.kill("SIGTERM")
      Fs.rmSync(dir, { recursive: true, force: true })
    }
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
        "1500",
        "--json",
        "--ready-file",
        "/tmp/ready.json"
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
      },
      output: { json: true, readyFile: "/tmp/ready.json" }
    })
    expect(Cli.parse(["serve"])).toEqual({ _tag: "Serve", options: { port: 8080 }, output: { json: false } })
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
    expect(Cli.parse(["serve", "--ready-file"])).toEqual({ _tag: "Invalid", message: "--ready-file expects a file" })
  })
})
