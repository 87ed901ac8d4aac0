// Pagination memory: stream 10,000 and 100,000 servers in pages of 50 through
// ClientApi.servers.stream, sampling the heap; items per second and peak heap growth per size.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect, ManagedRuntime, Stream } from "effect"
import { listAt, range, size, spawnJson, summarize, table, writeResults } from "./lib.js"

const gc = (globalThis as { gc?: () => void }).gc

export const run = async () => {
  if (gc === undefined) throw new Error("run with --expose-gc (pnpm bench does)")
  const sizes = size([10_000, 100_000], [1_000, 5_000])
  const rounds = size(3, 1)
  const mock = await MockPanel.start()
  const key = mock.plainKeys.rootClient!
  const recorded = await fetch(`${mock.url}/api/client?per_page=1`, {
    headers: { authorization: `Bearer ${key}`, accept: "application/json" }
  })
  const first = ((await recorded.json()) as { data: Array<unknown> }).data[0]
  await mock.close()
  const templateFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "server.json")
  fs.writeFileSync(templateFile, JSON.stringify(first))
  const pager = path.join(path.dirname(fileURLToPath(import.meta.url)), "servers", "pager.mjs")

  const runtime = ManagedRuntime.make(FetchHttpClient.layer)
  const rates: Record<number, Array<number>> = {}
  const peaks: Record<number, Array<number>> = {}
  const retained: Record<number, Array<number>> = {}
  const lives: Record<number, Array<number>> = {}
  try {
    for (let round = 0; round < rounds; round++) {
      for (const total of sizes) {
        const server = await spawnJson<{ port: number }>(pager, [templateFile, String(total)])
        try {
          const api = await runtime.runPromise(
            Effect.orDie(ClientApi.make({ url: `http://127.0.0.1:${server.value.port}`, credentials: key }))
          )
          gc()
          const baseline = process.memoryUsage().heapUsed
          let peak = baseline
          const sampler = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage().heapUsed)
          }, 5)
          const started = performance.now()
          // Every 2,000 items a full collection, then a reading: the live heap while streaming,
          // without the garbage V8 lets pile up when it has room.
          let live = baseline
          const count = await runtime.runPromise(
            api.servers.stream({ per_page: 50 }).pipe(
              Stream.runFold(0, (n) => {
                if ((n + 1) % 2_000 === 0) {
                  gc()
                  live = Math.max(live, process.memoryUsage().heapUsed)
                }
                return n + 1
              })
            )
          )
          const seconds = (performance.now() - started) / 1000
          clearInterval(sampler)
          peak = Math.max(peak, process.memoryUsage().heapUsed)
          if (count !== total) throw new Error(`streamed ${count} of ${total}`)
          gc()
          listAt(rates, total).push(total / seconds)
          listAt(peaks, total).push((peak - baseline) / 2 ** 20)
          listAt(retained, total).push((process.memoryUsage().heapUsed - baseline) / 2 ** 20)
          listAt(lives, total).push((live - baseline) / 2 ** 20)
        } finally {
          await server.stop()
        }
      }
    }
  } finally {
    await runtime.dispose()
  }
  const rows = sizes.map((total) => [
    total.toLocaleString("en"),
    range(summarize(rates[total]!), 0),
    range(summarize(lives[total]!), 2),
    range(summarize(peaks[total]!), 1),
    range(summarize(retained[total]!), 2)
  ])
  table(
    `Pagination memory: ClientApi.servers.stream, pages of 50, ${rounds} rounds (heap sampled every 5 ms; peak includes garbage not yet collected)`,
    ["servers", "items/s", "peak live heap growth MB", "peak heapUsed growth MB", "retained after GC MB"],
    rows
  )
  const small = summarize(lives[sizes[0]!]!).median
  const large = summarize(lives[sizes[1]!]!).median
  console.log(
    `\npeak live heap growth: ${small.toFixed(2)} MB for ${sizes[0]}, ${large.toFixed(2)} MB for ${sizes[1]} (target: under 50 MB and flat)`
  )
  console.log(
    "heapUsed also counts garbage V8 has not collected yet; the live figure is sampled after full collections"
  )
  writeResults("pagination-memory", {
    sizes,
    rounds,
    results: Object.fromEntries(
      sizes.map((s) => [
        s,
        {
          rate: summarize(rates[s]!),
          liveMB: summarize(lives[s]!),
          peakMB: summarize(peaks[s]!),
          retainedMB: summarize(retained[s]!)
        }
      ])
    )
  })
}
