// Runs every benchmark, or those named on the command line: `pnpm bench [--quick] [name…]`.
import { machine, quick } from "./lib.js"

const benchmarks: Record<string, () => Promise<{ run: () => Promise<void> }>> = {
  "client-overhead": () => import("./clientOverhead.js"),
  "client-steps": () => import("./clientSteps.js"),
  instructions: () => import("./instructions.js"),
  "pagination-memory": () => import("./paginationMemory.js"),
  "mock-throughput": () => import("./mockThroughput.js"),
  "cold-start": () => import("./coldStart.js"),
  "bulk-job": () => import("./bulkJob.js"),
  "mock-lifecycle": () => import("./mockLifecycle.js")
}

const selected = process.argv.slice(2).filter((arg) => !arg.startsWith("--"))
const names = selected.length > 0 ? selected : Object.keys(benchmarks)
console.log(`# ptero-effect benchmarks${quick ? " (quick mode: small N, figures not meaningful)" : ""}`)
console.log(JSON.stringify(machine()))
for (const name of names) {
  const load = benchmarks[name]
  if (load === undefined) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(", ")}`)
    process.exit(2)
  }
  await (await load()).run()
}
