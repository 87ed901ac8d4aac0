// The load run, short version: 14 concurrent clients send 8 requests each in each of 4 phases, one
// rate-limit window per phase (the mock's clock moves 61 s between them). Counts, not time, bound
// every phase, so the outcome is the same on a fast and on a busy machine: zero 5xx, zero
// transport errors, exactly the 429s the limiter's arithmetic predicts per user and API, a flat
// heap, and no fiber left once the panel is closed. The limits are lowered (40 client, 24
// application requests a minute) so that a few requests reach them; the arithmetic is the one of
// the panel's 720 and 240. The long version, bounded in time and at the real limits, is soak.ts.
import { expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Load from "./load.js"

const PER_CLIENT = 8

it.live("load: no 5xx, exactly the predicted 429s, flat heap, nothing left running", () =>
  Effect.gen(function* () {
    const report = yield* Load.run({
      clients: 14,
      phases: 4,
      maxPerClientPerPhase: PER_CLIENT,
      limits: { client: 40, application: 24 }
    })
    if (process.env.LOAD_REPORT) console.info(JSON.stringify(report))
    expect(report.serverErrors).toBe(0)
    expect(report.transportErrors).toBe(0)
    expect(report.otherErrors).toEqual([])
    for (const phase of report.phases) {
      expect(phase.requests).toBe(14 * PER_CLIENT)
      for (const bucket of Object.values(phase.buckets)) expect(bucket.limited).toBe(bucket.predicted)
      // Six clients are alice's keys on the client API, four the admin's on the application API:
      // both go over their limit by 8 in every window; bob and the admin's client bucket do not.
      expect(phase.buckets["alice/client"]).toEqual({ attempts: 48, limited: 8, predicted: 8 })
      expect(phase.buckets["admin/application"]).toEqual({ attempts: 32, limited: 8, predicted: 8 })
      expect(phase.buckets["bob/client"]).toEqual({ attempts: 16, limited: 0, predicted: 0 })
    }
    // Heap after a full collection: the last phase within 8 MiB of the second (the first warms up).
    const heaps = report.phases.map((p) => p.heapBytes)
    expect(heaps.at(-1)! - heaps[1]!).toBeLessThan(8 * 1024 * 1024)
    expect(report.rootFibersAfter).toBe(report.rootFibersBefore)
  })
)
