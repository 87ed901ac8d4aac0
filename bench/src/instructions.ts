// CPU per request as instructions, which a loaded machine does not move: each contender's
// program (bundled, so no compiler runs in it) makes 300 requests to warm up and then either A or
// B more under valgrind's callgrind; (instructions with B − with A) ÷ (B − A) is what one request
// costs, start-up and warm-up cancelling out. Slow (valgrind runs node about 50 times slower),
// so the quick mode measures one contender with small counts.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import {
  bundleProgram,
  callgrindInstructions,
  quick,
  recordedServer,
  size,
  spawnJson,
  table,
  writeResults
} from "./lib.js"

const here = path.dirname(fileURLToPath(import.meta.url))
const NODEACTYL = "nodeactyl 3.3.0"
const concurrencies = quick ? [1] : [1, 64]
// The layers under ClientApi are measured one at a time only: what each adds is the question.
const layers = [
  "LeanHttpClient alone (get + text)",
  "PanelClient.send (LeanHttpClient), nothing on",
  "PanelClient.send (LeanHttpClient), defaults"
]
const contendersAt = (concurrency: number) =>
  quick ? contenders : concurrency === 1 ? [...layers, ...contenders] : contenders
const contenders = quick
  ? ["ClientApi (LeanHttpClient)", NODEACTYL]
  : [
      "ClientApi (LeanHttpClient)",
      "ClientApi (LeanHttpClient), pacer off",
      "ClientApi (UndiciHttpClient)",
      NODEACTYL,
      "@devnote-dev/pterojs 2.2.2"
    ]

export const run = async () => {
  const [a, b] = size([200, 1200], [20, 60])
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-instructions-"))
  const bundle = path.join(dir, "requests.mjs")
  await bundleProgram("requests.ts", bundle)
  const recorded = await recordedServer()
  const server = await spawnJson<{ port: number }>(path.join(here, "servers", "fixed.mjs"), [
    recorded.bodyFile,
    JSON.stringify({ "content-type": "application/json", "x-ratelimit-limit": "720", "x-ratelimit-remaining": "719" })
  ])
  const env = { PANEL_URL: `http://127.0.0.1:${server.value.port}`, PANEL_KEY: recorded.key, PANEL_SERVER: recorded.id }
  const perRequest: Record<string, number> = {}
  try {
    for (const concurrency of concurrencies) {
      for (const contender of contendersAt(concurrency)) {
        const low = await callgrindInstructions(bundle, [contender, String(concurrency), String(a)], env)
        const high = await callgrindInstructions(bundle, [contender, String(concurrency), String(b)], env)
        perRequest[`${contender} @${concurrency}`] = (high - low) / (b - a)
      }
    }
  } finally {
    await server.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  }
  for (const concurrency of concurrencies) {
    const reference = perRequest[`${NODEACTYL} @${concurrency}`]!
    table(
      `Instructions per request (callgrind), ${concurrency === 1 ? "one at a time" : "64 in flight"}, ${b - a} requests`,
      ["client", "instructions/req", "÷ nodeactyl"],
      contendersAt(concurrency).map((c) => {
        const mine = perRequest[`${c} @${concurrency}`]!
        return [c, Math.round(mine).toLocaleString("en"), (mine / reference).toFixed(2)]
      })
    )
  }
  writeResults("instructions", { a, b, perRequest })
}
