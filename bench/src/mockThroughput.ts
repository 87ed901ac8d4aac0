// Mock-panel throughput: authenticated GET /api/client under keep-alive load from autocannon,
// against a bare node:http server that answers the same bytes, in the same run.
import * as http from "node:http"
import type { AddressInfo } from "node:net"
import { MockPanel } from "@ptero-effect/mock-panel"
import autocannon from "autocannon"
import { range, size, summarize, table, writeResults } from "./lib.js"

const load = (url: string, headers: Record<string, string>, duration: number, connections: number) =>
  new Promise<autocannon.Result>((resolve, reject) => {
    autocannon({ url, headers, duration, connections, pipelining: 1 }, (error, result) =>
      error ? reject(error) : resolve(result)
    )
  })

export const run = async () => {
  const duration = size(5, 1)
  const rounds = size(3, 1)
  const connections = 32
  const panel = await MockPanel.start({ clientRateLimit: 100_000_000, applicationRateLimit: 100_000_000 })
  const key = panel.plainKeys.rootClient!
  const headers = { authorization: `Bearer ${key}`, accept: "application/json" }
  const sample = await fetch(`${panel.url}/api/client`, { headers })
  const body = Buffer.from(await sample.arrayBuffer())
  if (sample.status !== 200) throw new Error(`mock answered ${sample.status}`)
  const contentType = sample.headers.get("content-type") ?? "application/json"

  const bare = http.createServer((_, res) => {
    res.writeHead(200, { "content-type": contentType, "content-length": body.length })
    res.end(body)
  })
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/api/client`

  const results = { mock: [] as Array<autocannon.Result>, bare: [] as Array<autocannon.Result> }
  try {
    // Alternate the two targets so drift on a shared machine hits both alike.
    for (let round = 0; round < rounds; round++) {
      results.bare.push(await load(bareUrl, headers, duration, connections))
      results.mock.push(await load(`${panel.url}/api/client`, headers, duration, connections))
    }
  } finally {
    await new Promise<void>((resolve) => bare.close(() => resolve()))
    await panel.close()
  }
  const non2xx = results.mock.reduce((n, r) => n + r.non2xx + r.errors, 0)
  const rps = (rs: ReadonlyArray<autocannon.Result>) => summarize(rs.map((r) => r.requests.average))
  const p50 = (rs: ReadonlyArray<autocannon.Result>) => summarize(rs.map((r) => r.latency.p50))
  const p99 = (rs: ReadonlyArray<autocannon.Result>) => summarize(rs.map((r) => r.latency.p99))
  const ratio = summarize(results.mock.map((r, i) => r.requests.average / results.bare[i]!.requests.average))
  table(
    `Mock-panel throughput: GET /api/client, ${connections} keep-alive connections, ${duration} s × ${rounds} rounds (${body.length} B body)`,
    ["target", "req/s median (min–max)", "p50 ms", "p99 ms", "non-2xx"],
    [
      [
        "bare node:http, same bytes",
        range(rps(results.bare), 0),
        range(p50(results.bare), 1),
        range(p99(results.bare), 1),
        "0"
      ],
      [
        "mock panel (auth + rate limiter + render)",
        range(rps(results.mock), 0),
        range(p50(results.mock), 1),
        range(p99(results.mock), 1),
        String(non2xx)
      ]
    ]
  )
  console.log(`\nmock / bare throughput ratio: ${range(ratio)} (target ≥ 0.5)`)
  writeResults("mock-throughput", {
    duration,
    rounds,
    connections,
    bodyBytes: body.length,
    bare: { rps: rps(results.bare), p50: p50(results.bare), p99: p99(results.bare) },
    mock: { rps: rps(results.mock), p50: p50(results.mock), p99: p99(results.mock), non2xx },
    ratio
  })
  if (non2xx > 0) throw new Error(`the mock answered ${non2xx} non-2xx responses under load`)
}
