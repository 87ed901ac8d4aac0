// Cold start and size: the same minimal program (one server's details) with ClientApi and with
// each peer, bundled by esbuild (minified, Node ESM); the bundle's size, gzipped size, and the
// time from process start to the first completed request.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import * as zlib from "node:zlib"
import {
  bundleProgram,
  callgrindInstructions,
  listAt,
  quick,
  range,
  recordedServer,
  size,
  spawnJson,
  summarize,
  table,
  writeResults
} from "./lib.js"

const here = path.dirname(fileURLToPath(import.meta.url))

const NODEACTYL = "nodeactyl 3.3.0"
const RECOMMENDED = "ClientApi (LeanHttpClient, recommended)"
const programs = {
  "ClientApi (FetchHttpClient)": "clientApi.ts",
  [RECOMMENDED]: "clientApiLean.ts",
  "ClientApi (UndiciHttpClient)": "clientApiUndici.ts",
  "Effect + effect/Schema alone (the floor)": "effectFloor.ts",
  [NODEACTYL]: "nodeactyl.ts",
  "@devnote-dev/pterojs 2.2.2": "pterojs.ts"
} as const

const timeRun = (file: string, env: Record<string, string>) =>
  new Promise<number>((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString()
    })
    child.once("exit", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6
      if (code !== 0 || out.trim() === "") reject(new Error(`${file} exited ${code} printing ${JSON.stringify(out)}`))
      else resolve(ms)
    })
  })

export const run = async () => {
  const rounds = size(15, 3)
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-bundles-"))
  const bundles: Record<string, { file: string; bytes: number; gzip: number }> = {}
  for (const [name, source] of Object.entries(programs)) {
    const file = path.join(out, source.replace(/\.ts$/, ".mjs"))
    await bundleProgram(source, file)
    const content = fs.readFileSync(file)
    bundles[name] = { file, bytes: content.length, gzip: zlib.gzipSync(content).length }
  }

  // Answers one recorded server body, in its own process.
  const { bodyFile, key, id } = await recordedServer()
  const server = await spawnJson<{ port: number }>(path.join(here, "servers", "fixed.mjs"), [
    bodyFile,
    JSON.stringify({ "content-type": "application/json" })
  ])
  const env = { PANEL_URL: `http://127.0.0.1:${server.value.port}`, PANEL_KEY: key, PANEL_SERVER: id }
  const times: Record<string, Array<number>> = {}
  const instructions: Record<string, number> = {}
  try {
    for (const name of Object.keys(programs)) await timeRun(bundles[name]!.file, env) // warm the disk cache
    for (let round = 0; round < rounds; round++) {
      for (const name of Object.keys(programs)) listAt(times, name).push(await timeRun(bundles[name]!.file, env))
    }
    // Quick mode counts only the recommended program and nodeactyl: valgrind is slow.
    for (const name of Object.keys(programs)) {
      if (quick && name !== NODEACTYL && name !== RECOMMENDED) continue
      instructions[name] = await callgrindInstructions(bundles[name]!.file, [], env)
    }
  } finally {
    await server.stop()
  }
  // Each run's start time over nodeactyl's in the same round.
  const startRatio = (name: string) => summarize(times[name]!.map((ms, i) => ms / times[NODEACTYL]![i]!))
  table(
    `Cold start and size: one server's details, esbuild --bundle --minify (Node ESM), ${rounds} runs (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
    [
      "program",
      "bundle KiB",
      "gzip KiB",
      "gzip ÷ nodeactyl",
      "start → first response ms",
      "start ÷ nodeactyl",
      "instructions (M)",
      "instructions ÷ nodeactyl"
    ],
    Object.keys(programs).map((name) => [
      name,
      (bundles[name]!.bytes / 1024).toFixed(1),
      (bundles[name]!.gzip / 1024).toFixed(1),
      (bundles[name]!.gzip / bundles[NODEACTYL]!.gzip).toFixed(2),
      range(summarize(times[name]!), 0),
      range(startRatio(name)),
      instructions[name] === undefined ? "—" : (instructions[name]! / 1e6).toFixed(0),
      instructions[name] === undefined ? "—" : (instructions[name]! / instructions[NODEACTYL]!).toFixed(2)
    ])
  )
  console.log("\ntargets: cold start ≤ 1.5× nodeactyl; gzip bundle of a one-call program ≤ 90 KiB")
  writeResults("cold-start", {
    rounds,
    results: Object.fromEntries(
      Object.keys(programs).map((name) => [
        name,
        {
          bytes: bundles[name]!.bytes,
          gzipBytes: bundles[name]!.gzip,
          startMs: summarize(times[name]!),
          startOverNodeactyl: startRatio(name),
          instructions: instructions[name]
        }
      ])
    )
  })
}
