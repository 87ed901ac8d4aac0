// Client overhead: GET /api/client/servers/{id} through ClientApi over each transport, the
// transports alone, raw fetch, undici's request (the floor) and two peer libraries, against a bare
// server in another process that answers a body recorded from the mock. Wall and CPU time per
// request, one at a time and 64 in flight; every ratio is taken within a round, contenders
// alternating, and given as the median over rounds with its range.
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { PteroClient } from "@devnote-dev/pterojs"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { Duration, Effect, type Layer, ManagedRuntime } from "effect"
import Nodeactyl from "nodeactyl"
import { Agent, request } from "undici"
import { listAt, range, recordedServer, size, spawnJson, summarize, table, writeResults } from "./lib.js"

type Call = () => Promise<unknown>

interface Contender {
  readonly name: string
  /** Runs `n` calls with at most `concurrency` in flight. */
  readonly run: (n: number, concurrency: number) => Promise<void>
}

const fromCall = (name: string, call: Call): Contender => ({
  name,
  run: async (n, concurrency) => {
    let next = 0
    const worker = async () => {
      while (next < n) {
        next++
        await call()
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
  }
})

// One runtime per contender for the whole benchmark keeps the transport's connection pool alive
// between runs; `make` builds the call once.
const fromEffect = async (
  name: string,
  transport: Layer.Layer<HttpClient.HttpClient>,
  make: Effect.Effect<Effect.Effect<unknown, unknown>, unknown, HttpClient.HttpClient>
): Promise<Contender> => {
  const runtime = ManagedRuntime.make(transport)
  const call = await runtime.runPromise(Effect.orDie(make))
  return {
    name,
    run: (n, concurrency) =>
      runtime.runPromise(Effect.forEach(Array.from({ length: n }), () => call, { concurrency, discard: true }))
  }
}

const clientApi = (
  name: string,
  url: string,
  key: string,
  id: string,
  transport: Layer.Layer<HttpClient.HttpClient>,
  options: Partial<ClientApi.Options> = {}
) =>
  fromEffect(
    name,
    transport,
    Effect.map(ClientApi.make({ url, credentials: key, ...options }), (api) => api.servers.get(id))
  )

// A transport alone (get + JSON, nothing of ours, no tracing span): the floor for anything built on it.
const transportAlone = (
  name: string,
  target: string,
  headers: Record<string, string>,
  transport: Layer.Layer<HttpClient.HttpClient>
) =>
  fromEffect(
    name,
    transport,
    Effect.map(HttpClient.HttpClient, (client) =>
      Effect.flatMap(client.get(target, { headers }), (response) => response.json).pipe(Effect.withTracerEnabled(false))
    )
  )

const NODEACTYL = "nodeactyl 3.3.0"
const PTEROJS = "@devnote-dev/pterojs 2.2.2"

const measure = async (contender: Contender, n: number, concurrency: number) => {
  const cpu = process.cpuUsage()
  const start = process.hrtime.bigint()
  await contender.run(n, concurrency)
  const wall = Number(process.hrtime.bigint() - start) / 1e6
  const used = process.cpuUsage(cpu)
  return { wallMsPerRequest: wall / n, cpuMsPerRequest: (used.user + used.system) / 1000 / n }
}

export const run = async () => {
  const n = size(2000, 100)
  const rounds = size(7, 2)
  const { bodyFile, body, key, id } = await recordedServer()
  const serverScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "servers", "fixed.mjs")
  const server = await spawnJson<{ port: number }>(serverScript, [
    bodyFile,
    JSON.stringify({ "content-type": "application/json", "x-ratelimit-limit": "720", "x-ratelimit-remaining": "719" })
  ])
  const url = `http://127.0.0.1:${server.value.port}`
  const headers = { authorization: `Bearer ${key}`, accept: "Application/vnd.pterodactyl.v1+json" }
  const agent = new Agent({ connections: 128 })
  const nodeactyl = new Nodeactyl.NodeactylClient(url, key)
  const ptero = new PteroClient(url, key)

  const target = `${url}/api/client/servers/${id}`
  const contenders: ReadonlyArray<Contender> = [
    fromCall("undici request (floor)", async () => {
      const response = await request(target, { headers, dispatcher: agent })
      await response.body.json()
    }),
    fromCall("raw fetch", async () => {
      const response = await fetch(target, { headers })
      await response.json()
    }),
    await transportAlone("platform NodeHttpClient.layerUndici alone", target, headers, NodeHttpClient.layerUndici),
    await transportAlone("LeanHttpClient (node:http) alone", target, headers, LeanHttpClient.layer),
    await transportAlone("UndiciHttpClient (dispatch) alone", target, headers, UndiciHttpClient.layer),
    await clientApi("ClientApi (FetchHttpClient)", url, key, id, FetchHttpClient.layer),
    await clientApi("ClientApi (NodeHttpClient.layerUndici)", url, key, id, NodeHttpClient.layerUndici),
    await clientApi("ClientApi (NodeHttpClient.layer, node:http)", url, key, id, NodeHttpClient.layer),
    await clientApi("ClientApi (LeanHttpClient)", url, key, id, LeanHttpClient.layer),
    await clientApi("ClientApi (UndiciHttpClient)", url, key, id, UndiciHttpClient.layer),
    await clientApi("ClientApi (LeanHttpClient, timeout off)", url, key, id, LeanHttpClient.layer, {
      timeout: Duration.infinity
    }),
    await clientApi("ClientApi (LeanHttpClient, pacer off)", url, key, id, LeanHttpClient.layer, { pacer: false }),
    fromCall(NODEACTYL, () => nodeactyl.getServerDetails(id)),
    fromCall(PTEROJS, () => ptero.servers.fetch(id, { force: true }))
  ]

  const results: Record<string, Array<{ wallMsPerRequest: number; cpuMsPerRequest: number }>> = {}
  try {
    for (const contender of contenders) await contender.run(50, 8) // warm-up: JIT, pools, caches
    for (let round = 0; round < rounds; round++) {
      // Rotate the order every round so no contender always runs first or last.
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]!)
      for (const concurrency of [1, 64]) {
        for (const contender of order) {
          listAt(results, `${contender.name} @${concurrency}`).push(await measure(contender, n, concurrency))
        }
      }
    }
  } finally {
    await agent.close()
    await server.stop()
  }

  // Each round's CPU per request over the same round's reference: ratios within one round.
  const ratios = (name: string, reference: string, concurrency: number) => {
    const mine = results[`${name} @${concurrency}`]!
    const theirs = results[`${reference} @${concurrency}`]!
    return summarize(mine.map((r, i) => r.cpuMsPerRequest / theirs[i]!.cpuMsPerRequest))
  }
  const summaries: Record<string, unknown> = {}
  for (const concurrency of [1, 64]) {
    const rows = contenders.map((c) => {
      const runs = results[`${c.name} @${concurrency}`]!
      const wall = summarize(runs.map((r) => r.wallMsPerRequest * 1000))
      const cpu = summarize(runs.map((r) => r.cpuMsPerRequest * 1000))
      const overNodeactyl = ratios(c.name, NODEACTYL, concurrency)
      const overPterojs = ratios(c.name, PTEROJS, concurrency)
      summaries[`${c.name} @${concurrency}`] = {
        wallMicros: wall,
        cpuMicros: cpu,
        cpuOverNodeactyl: overNodeactyl,
        cpuOverPterojs: overPterojs
      }
      return [c.name, range(wall, 0), range(cpu, 0), range(overNodeactyl), range(overPterojs)]
    })
    table(
      `Client overhead: GET /api/client/servers/{id}, ${concurrency === 1 ? "one at a time" : "64 in flight"}, ${n} requests × ${rounds} rounds (${body.length} B body)`,
      ["client", "wall µs/req", "CPU µs/req", "CPU ÷ nodeactyl", "CPU ÷ pterojs"],
      rows
    )
  }
  console.log(
    `\nload average at the end: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`
  )
  console.log(
    "targets: ClientApi over the recommended transport ≤ 0.8× nodeactyl CPU one at a time, ≤ 1.0× with 64 in flight"
  )
  writeResults("client-overhead", { n, rounds, bodyBytes: body.length, loadAverage: os.loadavg(), results: summaries })
}
