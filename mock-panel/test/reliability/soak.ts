// The long version of Load.test.ts: longer, with more clients, bounded in time, at the panel's limits.
// Run: pnpm soak (or npx tsx --conditions=@ptero-effect/source mock-panel/test/reliability/soak.ts)
// Settings: SOAK_CLIENTS (24), SOAK_PHASES (10), SOAK_PHASE_SECONDS (20, at most 50: one rate-limit
// window each), SOAK_MAX_PER_CLIENT (5000 per phase). Exits 1 if any check fails.
import { Effect } from "effect"
import * as Load from "./load.js"

const setting = (name: string, fallback: number, max: number) => {
  const value = Number(process.env[name] ?? fallback)
  return Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback
}

const options: Load.Options = {
  clients: setting("SOAK_CLIENTS", 24, 200),
  phases: setting("SOAK_PHASES", 10, 100),
  phaseMillis: setting("SOAK_PHASE_SECONDS", 20, 50) * 1000,
  maxPerClientPerPhase: setting("SOAK_MAX_PER_CLIENT", 5000, 100_000)
}

const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

const program = Effect.gen(function* () {
  console.log(`soak: ${JSON.stringify(options)}, node ${process.version}`)
  const report = yield* Load.run(options)
  console.log("| phase | s | requests | req/s | 200 | 429 | 429 predicted | p50 ms | p99 ms | heap MiB |")
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
  const problems: Array<string> = []
  for (const p of report.phases) {
    const limited = Object.values(p.buckets).reduce((n, b) => n + b.limited, 0)
    const predicted = Object.values(p.buckets).reduce((n, b) => n + b.predicted, 0)
    for (const [bucket, b] of Object.entries(p.buckets)) {
      if (b.limited !== b.predicted)
        problems.push(`phase ${p.phase} ${bucket}: ${b.limited} 429s, predicted ${b.predicted}`)
    }
    console.log(
      `| ${p.phase} | ${(p.millis / 1000).toFixed(1)} | ${p.requests} | ${Math.round(p.requests / (p.millis / 1000))} | ` +
        `${p.byStatus["200"] ?? 0} | ${p.byStatus["429"] ?? 0} | ${predicted} | ${p.p50Millis} | ${p.p99Millis} | ${mib(p.heapBytes)} |`
    )
    if (limited !== (p.byStatus["429"] ?? 0)) problems.push(`phase ${p.phase}: 429 count mismatch`)
  }
  const buckets = new Map<string, { attempts: number; limited: number }>()
  for (const p of report.phases) {
    for (const [bucket, b] of Object.entries(p.buckets)) {
      const sum = buckets.get(bucket) ?? { attempts: 0, limited: 0 }
      buckets.set(bucket, { attempts: sum.attempts + b.attempts, limited: sum.limited + b.limited })
    }
  }
  console.log(`per bucket (all phases): ${JSON.stringify(Object.fromEntries(buckets))}`)
  const heaps = report.phases.map((p) => p.heapBytes)
  const half = heaps.slice(Math.floor(heaps.length / 2))
  console.log(
    `heap after GC: first ${mib(heaps[0]!)} MiB, min ${mib(Math.min(...heaps))}, max ${mib(Math.max(...heaps))}, ` +
      `last ${mib(heaps.at(-1)!)}; second half spread ${mib(Math.max(...half) - Math.min(...half))} MiB`
  )
  console.log(
    `5xx: ${report.serverErrors}, transport errors: ${report.transportErrors}, other: ${report.otherErrors.length}, ` +
      `root fibers before/after: ${report.rootFibersBefore}/${report.rootFibersAfter}`
  )
  if (report.serverErrors > 0) problems.push(`${report.serverErrors} 5xx`)
  if (report.transportErrors > 0) problems.push(`${report.transportErrors} transport errors`)
  problems.push(...report.otherErrors)
  if (report.rootFibersAfter !== report.rootFibersBefore) problems.push("fibers left running")
  if (Math.max(...half) - Math.min(...half) > 16 * 1024 * 1024) problems.push("heap grew in the second half")
  console.log(problems.length === 0 ? "soak: OK" : `soak: FAILED\n${problems.join("\n")}`)
  return problems.length === 0
})

Effect.runPromise(program).then(
  (ok) => process.exit(ok ? 0 : 1),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
