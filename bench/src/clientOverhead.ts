// Client overhead: GET /api/client/servers/{id} through ClientApi, raw fetch, undici's request
// (the floor) and two peer libraries, against a bare server in another process that answers a
// body recorded from the mock. Wall and CPU time per request, one at a time and 64 in flight.
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { PteroClient } from "@devnote-dev/pterojs"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { ClientApi } from "@ptero-effect/client-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Duration, Effect, type Layer, ManagedRuntime } from "effect"
import Nodeactyl from "nodeactyl"
import { Agent, request } from "undici"
import { listAt, range, size, spawnJson, summarize, table, writeResults } from "./lib.js"

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
  timeout?: Duration.DurationInput
) =>
  fromEffect(
    name,
    transport,
    Effect.map(ClientApi.make({ url, credentials: key, timeout }), (api) => api.servers.get(id))
  )

// The platform's client alone (get + JSON, nothing of ours): the floor for anything built on it.
const platformClient = (
  name: string,
  target: string,
  headers: Record<string, string>,
  transport: Layer.Layer<HttpClient.HttpClient>
) =>
  fromEffect(
    name,
    transport,
    Effect.map(HttpClient.HttpClient, (client) =>
      Effect.flatMap(client.get(target, { headers }), (response) => response.json)
    )
  )

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
  const mock = await MockPanel.start()
  const key = mock.plainKeys.rootClient!
  const id = "1a2b3c04"
  const recorded = await fetch(`${mock.url}/api/client/servers/${id}`, {
    headers: { authorization: `Bearer ${key}`, accept: "application/json" }
  })
  const body = Buffer.from(await recorded.arrayBuffer())
  await mock.close()
  if (recorded.status !== 200) throw new Error(`mock answered ${recorded.status} for the recorded body`)

  const bodyFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "bench-")), "body.json")
  fs.writeFileSync(bodyFile, body)
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

  const contenders: ReadonlyArray<Contender> = [
    fromCall("undici request (floor)", async () => {
      const response = await request(`${url}/api/client/servers/${id}`, { headers, dispatcher: agent })
      await response.body.json()
    }),
    fromCall("raw fetch", async () => {
      const response = await fetch(`${url}/api/client/servers/${id}`, { headers })
      await response.json()
    }),
    await platformClient(
      "platform HttpClient (undici) alone",
      `${url}/api/client/servers/${id}`,
      headers,
      NodeHttpClient.layerUndici
    ),
    await clientApi("ClientApi (FetchHttpClient)", url, key, id, FetchHttpClient.layer),
    await clientApi("ClientApi (NodeHttpClient, undici)", url, key, id, NodeHttpClient.layerUndici),
    await clientApi("ClientApi (undici, timeout off)", url, key, id, NodeHttpClient.layerUndici, Duration.infinity),
    fromCall("nodeactyl 3.3.0", () => nodeactyl.getServerDetails(id)),
    fromCall("@devnote-dev/pterojs 2.2.2", () => ptero.servers.fetch(id, { force: true }))
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

  const summaries: Record<string, unknown> = {}
  for (const concurrency of [1, 64]) {
    const fetchWall = summarize(results[`raw fetch @${concurrency}`]!.map((r) => r.wallMsPerRequest)).median
    const fetchCpu = summarize(results[`raw fetch @${concurrency}`]!.map((r) => r.cpuMsPerRequest)).median
    const rows = contenders.map((c) => {
      const runs = results[`${c.name} @${concurrency}`]!
      const wall = summarize(runs.map((r) => r.wallMsPerRequest * 1000))
      const cpu = summarize(runs.map((r) => r.cpuMsPerRequest * 1000))
      summaries[`${c.name} @${concurrency}`] = { wallMicros: wall, cpuMicros: cpu }
      return [
        c.name,
        range(wall, 0),
        range(cpu, 0),
        (wall.median / 1000 / fetchWall).toFixed(2),
        (cpu.median / 1000 / fetchCpu).toFixed(2)
      ]
    })
    table(
      `Client overhead: GET /api/client/servers/{id}, ${concurrency === 1 ? "one at a time" : "64 in flight"}, ${n} requests × ${rounds} rounds (${body.length} B body)`,
      ["client", "wall µs/req", "CPU µs/req", "wall ÷ fetch", "CPU ÷ fetch"],
      rows
    )
  }
  console.log("\ntargets: ClientApi within 1.5× of raw fetch, and faster than both peers")
  writeResults("client-overhead", { n, rounds, bodyBytes: body.length, results: summaries })
}
