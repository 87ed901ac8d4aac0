// Shared helpers: run sizing (quick mode), statistics, tables and the JSON results file.
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as esbuild from "esbuild"

/** `BENCH_QUICK=1` or `--quick`: small N, only to prove the benchmarks still work (CI). */
export const quick = process.env.BENCH_QUICK === "1" || process.argv.includes("--quick")

export const size = <A>(full: A, small: A): A => (quick ? small : full)

export interface Summary {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly runs: number
}

export const summarize = (values: ReadonlyArray<number>): Summary => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length }
}

export const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!

const fmt = (n: number, digits = 2) =>
  Number.isFinite(n) ? (Math.abs(n) >= 1000 ? n.toFixed(0) : n.toFixed(digits)) : String(n)

/** `median (min–max)`. */
export const range = (s: Summary, digits = 2) =>
  `${fmt(s.median, digits)} (${fmt(s.min, digits)}–${fmt(s.max, digits)})`

export const table = (title: string, header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ")} |`
  console.log(`\n### ${title}\n`)
  console.log(line(header))
  console.log(`| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`)
  for (const row of rows) console.log(line(row))
}

export const machine = () => ({
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? "unknown",
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()}`,
  quick
})

const resultsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "results")

export const writeResults = (name: string, data: unknown) => {
  fs.mkdirSync(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${name}.json`)
  fs.writeFileSync(
    file,
    `${JSON.stringify({ name, at: new Date().toISOString(), machine: machine(), data }, null, 2)}\n`
  )
  console.log(`\n(written ${path.relative(process.cwd(), file)})`)
}

/** Starts a script in a child process and resolves with the first JSON line it prints. */
export const spawnJson = async <A>(
  script: string,
  args: ReadonlyArray<string>,
  nodeFlags: ReadonlyArray<string> = []
): Promise<{ readonly value: A; readonly stop: () => Promise<void> }> => {
  const { spawn } = await import("node:child_process")
  const child = spawn(process.execPath, [...nodeFlags, script, ...args], { stdio: ["ignore", "pipe", "inherit"] })
  // The child must not outlive a benchmark that throws.
  const kill = () => child.kill("SIGKILL")
  process.once("exit", kill)
  child.once("exit", () => process.off("exit", kill))
  const value = await new Promise<A>((resolve, reject) => {
    let buffer = ""
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString()
      const newline = buffer.indexOf("\n")
      if (newline !== -1) resolve(JSON.parse(buffer.slice(0, newline)) as A)
    })
    child.once("exit", (code) => reject(new Error(`${script} exited with ${code}`)))
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => resolve())
      child.kill("SIGTERM")
    })
  return { value, stop }
}

/** The array stored under `key`, created empty on first use. */
export const listAt = <K extends PropertyKey, A>(record: Record<K, Array<A>>, key: K): Array<A> => {
  const existing = record[key]
  if (existing !== undefined) return existing
  const created: Array<A> = []
  record[key] = created
  return created
}

/** Node flags that let a child process run this workspace's TypeScript sources, as `pnpm bench` does. */
export const tsxFlags = ["--import", "tsx", "--conditions=@ptero-effect/source"] as const

/**
 * One server's details as the mock answers them, written to a file for the bare servers that
 * replay it: the body file, the key that fetched it and the server's identifier.
 */
export const recordedServer = async (): Promise<{
  readonly bodyFile: string
  readonly body: Buffer
  readonly key: string
  readonly id: string
}> => {
  const { MockPanel } = await import("@ptero-effect/mock-panel")
  const mock = await MockPanel.start()
  const key = mock.plainKeys.rootClient!
  const id = "1a2b3c04"
  const recorded = await fetch(`${mock.url}/api/client/servers/${id}`, {
    headers: { authorization: `Bearer ${key}`, accept: "application/json" }
  })
  const body = Buffer.from(await recorded.arrayBuffer())
  await mock.close()
  if (recorded.status !== 200) throw new Error(`mock answered ${recorded.status} for the recorded body`)
  const bodyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "body.json")
  fs.writeFileSync(bodyFile, body)
  return { bodyFile, body, key, id }
}

/** `REDIS_URL` when one runs already (CI starts one), else a redis-server of our own on a free loopback port. */
export const startRedis = async (): Promise<{ readonly url: string; readonly stop: () => Promise<void> }> => {
  if (process.env.REDIS_URL !== undefined) return { url: process.env.REDIS_URL, stop: async () => {} }
  const net = await import("node:net")
  const { spawn } = await import("node:child_process")
  const port = await new Promise<number>((resolve, reject) => {
    const probe = net.createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
  const child = spawn(
    "redis-server",
    ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
    {
      stdio: ["ignore", "pipe", "inherit"]
    }
  )
  const kill = () => child.kill("SIGKILL")
  process.once("exit", kill)
  await new Promise<void>((resolve, reject) => {
    let out = ""
    child.once("error", (error) => reject(new Error(`redis-server could not start: ${error.message}`)))
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes("Ready to accept connections")) resolve()
    })
    child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)))
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off("exit", kill)
        if (child.exitCode !== null) return resolve()
        child.once("exit", () => resolve())
        child.kill("SIGTERM")
      })
  }
}

// One program of `src/programs` bundled as a user's would be: esbuild, minified, Node ESM, with
// the workspace's sources (no compiler in the process that is measured).
export const bundleProgram = async (source: string, outfile: string): Promise<void> => {
  await esbuild.build({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), "programs", source)],
    outfile,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node20",
    conditions: ["@ptero-effect/source"],
    // CommonJS dependencies bundled into ESM need a require for Node's built-ins.
    banner: { js: "import{createRequire as __cr}from'module';const require=__cr(import.meta.url);" },
    logLevel: "error"
  })
}

// The instructions a run of `node file ...args` executes under valgrind's callgrind, start to exit:
// a count that the machine's load does not move.
export const callgrindInstructions = (
  file: string,
  args: ReadonlyArray<string>,
  env: Record<string, string>
): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const out = path.join(os.tmpdir(), `callgrind-${process.pid}-${Date.now()}.out`)
    execFile(
      "valgrind",
      ["--tool=callgrind", `--callgrind-out-file=${out}`, "--smc-check=all-non-file", process.execPath, file, ...args],
      { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        fs.rmSync(out, { force: true })
        const match = /Collected : (\d+)/.exec(stderr)
        if (error !== null || match === null)
          reject(new Error(`callgrind failed: ${error?.message ?? stderr.slice(-500)}`))
        else resolve(Number(match[1]))
      }
    )
  })
