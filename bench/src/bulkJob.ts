// Bulk job: N GETs of one server's details against the panel's throttle (another process), at
// the real limit (720 a minute) or, in quick mode, 20 per 2 s. Time to the last answer over the
// theoretical minimum — the windows the limit needs, (⌈N ÷ limit⌉ − 1) × window — with the
// defaults (pacer and 429 waits on), with both off (the previous defaults), and with two
// processes sharing one key through Redis. Wall time is the measure here: it is what a job
// waits for, and the waiting is the panel's, not the CPU's.
import { spawn } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { HttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import { Duration, Effect } from "effect"
import { recordedServer, size, spawnJson, startRedis, table, tsxFlags, writeResults } from "./lib.js"

const here = path.dirname(fileURLToPath(import.meta.url))

interface Outcome {
  readonly seconds: number
  readonly succeeded: number
  readonly failures: number
  readonly refusedSeen: number
}

const oneProcess = async (
  url: string,
  key: string,
  id: string,
  n: number,
  windowMillis: number,
  defaults: boolean
): Promise<Outcome> => {
  let refusedSeen = 0
  const program = Effect.gen(function* () {
    const api = yield* ClientApi.make({
      url,
      credentials: key,
      ...(defaults ? { pacer: { window: Duration.millis(windowMillis) } } : { pacer: false, retry: false }),
      transformClient: HttpClient.tap((response) =>
        Effect.sync(() => {
          if (response.status === 429) refusedSeen++
        })
      )
    })
    return yield* Effect.forEach(Array.from({ length: n }), () => Effect.either(api.servers.get(id)), {
      concurrency: 64
    })
  })
  const started = process.hrtime.bigint()
  const outcomes = await Effect.runPromise(Effect.scoped(Effect.provide(program, LeanHttpClient.layer)))
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const failures = outcomes.filter((o) => o._tag === "Left").length
  return { seconds, succeeded: n - failures, failures, refusedSeen }
}

// Starts the workers, waits until every one is loaded, then starts them together and times them.
const runWorkers = (argsList: ReadonlyArray<ReadonlyArray<string>>) =>
  new Promise<{ readonly seconds: number; readonly results: ReadonlyArray<Omit<Outcome, "seconds">> }>(
    (resolve, reject) => {
      let ready = 0
      let started = 0n
      const results: Array<Omit<Outcome, "seconds">> = []
      const children = argsList.map((args) =>
        spawn(process.execPath, [...tsxFlags, path.join(here, "bulkWorker.ts"), ...args], {
          stdio: ["pipe", "pipe", "inherit"]
        })
      )
      for (const child of children) {
        let buffer = ""
        child.stdout.on("data", (chunk: Buffer) => {
          buffer += chunk.toString()
          let newline = buffer.indexOf("\n")
          while (newline !== -1) {
            const line = buffer.slice(0, newline)
            buffer = buffer.slice(newline + 1)
            newline = buffer.indexOf("\n")
            // Log lines (a warning from the shared budget) pass through; messages are JSON.
            if (!line.startsWith("{")) {
              process.stderr.write(`worker: ${line}\n`)
              continue
            }
            const message = JSON.parse(line)
            if (message.ready === true) {
              if (++ready === children.length) {
                started = process.hrtime.bigint()
                for (const c of children) c.stdin.write("go\n")
              }
            } else {
              results.push(message)
              if (results.length === children.length) {
                resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, results })
              }
            }
          }
        })
        child.once("exit", (code) => {
          if (code !== 0) reject(new Error(`a bulk-job worker exited with ${code}`))
        })
      }
    }
  )

export const run = async () => {
  const limit = size(720, 20)
  const windowMillis = size(60_000, 2_000)
  const n = size(1500, 50)
  const theoretical = ((Math.ceil(n / limit) - 1) * windowMillis) / 1000
  const recorded = await recordedServer()
  const throttle = await spawnJson<{ port: number }>(path.join(here, "servers", "throttle.mjs"), [
    recorded.bodyFile,
    String(limit),
    String(windowMillis)
  ])
  const url = `http://127.0.0.1:${throttle.value.port}`
  const counts = async (reset: boolean) =>
    (await (await fetch(`${url}/${reset ? "reset" : "counts"}`, { method: reset ? "POST" : "GET" })).json()) as {
      answered: number
      refused: number
      refusedAfterFirstWindow: number
      windows: number
    }
  // Each job starts on a fresh window: the previous one must be over, and the server forgets it.
  // Before the first job nothing has run, so there is nothing to wait for.
  let jobsRun = 0
  const fresh = async () => {
    if (jobsRun++ > 0) await new Promise((resolve) => setTimeout(resolve, windowMillis + 1000))
    await counts(true)
  }
  const redis = await startRedis()
  const rows: Array<{ job: string; outcome: Outcome; server: Awaited<ReturnType<typeof counts>> }> = []
  try {
    for (const defaults of [true, false]) {
      await fresh()
      const outcome = await oneProcess(url, recorded.key, recorded.id, n, windowMillis, defaults)
      rows.push({
        job: defaults ? "one process, defaults" : "one process, pacer and retries off (previous defaults)",
        outcome,
        server: await counts(false)
      })
    }
    await fresh()
    const prefix = `bench-${process.pid}-${Date.now()}:`
    const workers = await runWorkers(
      [Math.ceil(n / 2), Math.floor(n / 2)].map((count) => [
        url,
        recorded.key,
        recorded.id,
        String(count),
        String(limit),
        String(windowMillis),
        redis.url,
        prefix
      ])
    )
    rows.push({
      job: "two processes, one key, shared through Redis",
      outcome: {
        seconds: workers.seconds,
        succeeded: workers.results.reduce((sum, w) => sum + w.succeeded, 0),
        failures: workers.results.reduce((sum, w) => sum + w.failures, 0),
        refusedSeen: workers.results.reduce((sum, w) => sum + w.refusedSeen, 0)
      },
      server: await counts(false)
    })
  } finally {
    await redis.stop()
    await throttle.stop()
  }
  table(
    `Bulk job: ${n} GETs at ${limit} per ${windowMillis / 1000} s, 64 in flight per process; theoretical minimum ${theoretical} s (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
    ["job", "s", "÷ theoretical", "succeeded", "failed", "429s seen", "429s after the first window"],
    rows.map(({ job, outcome, server }) => [
      job,
      outcome.seconds.toFixed(1),
      (outcome.seconds / theoretical).toFixed(3),
      String(outcome.succeeded),
      String(outcome.failures),
      String(server.refused),
      String(server.refusedAfterFirstWindow)
    ])
  )
  console.log("\ntargets: ≤ 1.02× the theoretical minimum and 0 failures (one process, and two through Redis)")
  writeResults("bulk-job", { n, limit, windowMillis, theoretical, loadAverage: os.loadavg(), rows })
  fs.rmSync(path.dirname(recorded.bodyFile), { recursive: true, force: true })
}
