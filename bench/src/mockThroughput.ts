// Mock-panel throughput: authenticated GET /api/client under keep-alive load from autocannon,
// against a bare node:http server that answers the same bytes, in the same run. Every server runs
// in its own process, so the load generator's own work is not counted against any of them; the
// platform's server answering the same bytes shows the ceiling of the design's HTTP layer.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"
import { range, size, spawnJson, summarize, type Summary, table, tsxFlags, writeResults } from "./lib.js"

const load = (url: string, headers: Record<string, string>, duration: number, connections: number) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, headers, duration, connections, pipelining: 1 }, (error, result) =>
      error ? reject(error) : resolve(result)
    )
  })

const servers = path.join(path.dirname(fileURLToPath(import.meta.url)), "servers")

export const run = async () => {
  const duration = size(5, 1)
  const rounds = size(3, 1)
  const connections = 32
  const mock = await spawnJson<{ url: string; key: string }>(path.join(servers, "mock.ts"), [], tsxFlags)
  const headers = { authorization: `Bearer ${mock.value.key}`, accept: "application/json" }
  const mockUrl = `${mock.value.url}/api/client`
  const sample = await fetch(mockUrl, { headers })
  const body = Buffer.from(await sample.arrayBuffer())
  if (sample.status !== 200) throw new Error(`mock answered ${sample.status}`)
  const contentType = sample.headers.get("content-type") ?? "application/json"
  const bodyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ptero-bench-")), "body.json")
  fs.writeFileSync(bodyFile, body)
  const bare = await spawnJson<{ port: number }>(path.join(servers, "fixed.mjs"), [
    bodyFile,
    JSON.stringify({ "content-type": contentType })
  ])
  const platform = await spawnJson<{ port: number }>(
    path.join(servers, "platform.ts"),
    [bodyFile, contentType],
    tsxFlags
  )

  const targets = [
    { name: "bare node:http, same bytes", url: `http://127.0.0.1:${bare.value.port}/api/client` },
    { name: "@effect/platform NodeHttpServer, same bytes", url: `http://127.0.0.1:${platform.value.port}/api/client` },
    { name: "mock panel (auth + rate limiter + render)", url: mockUrl }
  ] as const
  const results = targets.map(() => [] as Array<autocannon.Result>)
  try {
    // Alternate the targets so drift on a shared machine hits all alike.
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries())
        results[i]!.push(await load(target.url, headers, duration, connections))
    }
  } finally {
    await Promise.all([mock.stop(), bare.stop(), platform.stop()])
    fs.rmSync(path.dirname(bodyFile), { recursive: true, force: true })
  }
  const stat = (rs: ReadonlyArray<autocannon.Result>, pick: (r: autocannon.Result) => number): Summary =>
    summarize(rs.map(pick))
  const ratio = (i: number, of: number) =>
    summarize(results[i]!.map((r, round) => r.requests.average / results[of]![round]!.requests.average))
  const failures = results.map((rs) => rs.reduce((n, r) => n + r.non2xx + r.errors, 0))
  table(
    `Mock-panel throughput: GET /api/client, ${connections} keep-alive connections, ${duration} s × ${rounds} rounds (${body.length} B body, each server in its own process)`,
    ["target", "req/s median (min–max)", "p50 ms", "p99 ms", "÷ bare", "non-2xx"],
    targets.map((target, i) => [
      target.name,
      range(
        stat(results[i]!, (r) => r.requests.average),
        0
      ),
      range(
        stat(results[i]!, (r) => r.latency.p50),
        1
      ),
      range(
        stat(results[i]!, (r) => r.latency.p99),
        1
      ),
      range(ratio(i, 0)),
      String(failures[i])
    ])
  )
  console.log(`\nmock / bare throughput ratio: ${range(ratio(2, 0))} (target ≥ 0.5)`)
  console.log(
    `the platform's server alone reaches ${range(ratio(1, 0))} of bare; the mock ${range(ratio(2, 1))} of that`
  )
  writeResults("mock-throughput", {
    duration,
    rounds,
    connections,
    bodyBytes: body.length,
    targets: targets.map((target, i) => ({
      name: target.name,
      rps: stat(results[i]!, (r) => r.requests.average),
      p50: stat(results[i]!, (r) => r.latency.p50),
      p99: stat(results[i]!, (r) => r.latency.p99),
      failures: failures[i]
    })),
    ratio: ratio(2, 0),
    platformRatio: ratio(1, 0),
    mockOfPlatform: ratio(2, 1)
  })
  if (failures.some((n) => n > 0)) throw new Error(`non-2xx responses under load: ${failures.join(", ")}`)
}
