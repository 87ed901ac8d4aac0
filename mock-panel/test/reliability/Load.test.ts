// Issue 8 item 5, the short version: 14 concurrent clients, 4 phases of at most 1.5 s each (one
// rate-limit window each), against the mock with its real limits. Zero 5xx, zero transport
// errors, exactly the 429s the limiter's arithmetic predicts per user and API, a flat heap, and
// no fiber left once the panel is closed. The long version is soak.ts.
import { expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Load from "./load.js"

it.live("load: no 5xx, exactly the predicted 429s, flat heap, nothing left running", () =>
  Effect.gen(function* () {
    const report = yield* Load.run({ clients: 14, phases: 4, phaseMillis: 1_500, maxPerClientPerPhase: 250 })
    if (process.env.LOAD_REPORT) console.info(JSON.stringify(report))
    expect(report.serverErrors).toBe(0)
    expect(report.transportErrors).toBe(0)
    expect(report.otherErrors).toEqual([])
    for (const phase of report.phases) {
      for (const bucket of Object.values(phase.buckets)) expect(bucket.limited).toBe(bucket.predicted)
    }
    // The run did reach a limit (the application API's 240) in some window.
    expect(report.phases.some((p) => (p.buckets["admin/application"]?.limited ?? 0) > 0)).toBe(true)
    // Heap after a full collection: the last phase within 8 MiB of the second (the first warms up).
    const heaps = report.phases.map((p) => p.heapBytes)
    expect(heaps.at(-1)! - heaps[1]!).toBeLessThan(8 * 1024 * 1024)
    expect(report.rootFibersAfter).toBe(report.rootFibersBefore)
  })
)
