// What a test suite waits for from the mock panel: starting one, resetting it between tests (in
// the test's process, and over HTTP through POST /__mock/reset as a suite in another language
// would) and closing it. Wall time, because waiting is what a suite feels; ranges over rounds.
import * as os from "node:os"
import { MockPanel } from "@ptero-effect/mock-panel"
import { range, size, summarize, table, writeResults } from "./lib.js"

const millisSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6

export const run = async () => {
  const rounds = size(20, 3)
  const resets = size(200, 20)
  const startMs: Array<number> = []
  const resetInProcessMs: Array<number> = []
  const resetOverHttpMs: Array<number> = []
  const closeMs: Array<number> = []
  await (await MockPanel.start()).close() // warm-up: module evaluation, JIT
  for (let round = 0; round < rounds; round++) {
    let at = process.hrtime.bigint()
    const panel = await MockPanel.start()
    startMs.push(millisSince(at))
    // A request between resets, so each reset has a journal entry and a rate-limit window to clear.
    const touch = () =>
      fetch(`${panel.url}/api/client`, { headers: { authorization: `Bearer ${panel.plainKeys.userClient}` } }).then(
        (r) => r.arrayBuffer()
      )
    for (let i = 0; i < resets / rounds + 1; i++) {
      await touch()
      at = process.hrtime.bigint()
      await panel.control.reset()
      resetInProcessMs.push(millisSince(at))
      await touch()
      at = process.hrtime.bigint()
      const response = await fetch(`${panel.url}/__mock/reset`, { method: "POST" })
      await response.arrayBuffer()
      resetOverHttpMs.push(millisSince(at))
      if (response.status >= 300) throw new Error(`POST /__mock/reset answered ${response.status}`)
    }
    at = process.hrtime.bigint()
    await panel.close()
    closeMs.push(millisSince(at))
  }
  const rows = [
    ["start (MockPanel.start, fixture loaded, listening)", range(summarize(startMs))],
    ["reset in the test's process (control.reset)", range(summarize(resetInProcessMs), 3)],
    ["reset over HTTP (POST /__mock/reset)", range(summarize(resetOverHttpMs))],
    ["close", range(summarize(closeMs))]
  ]
  table(
    `Mock panel lifecycle: ${rounds} panels, ${resetInProcessMs.length} resets of each kind (load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
    ["step", "ms"],
    rows
  )
  writeResults("mock-lifecycle", {
    rounds,
    loadAverage: os.loadavg(),
    startMs: summarize(startMs),
    resetInProcessMs: summarize(resetInProcessMs),
    resetOverHttpMs: summarize(resetOverHttpMs),
    closeMs: summarize(closeMs)
  })
}
