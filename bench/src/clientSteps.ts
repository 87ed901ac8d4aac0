// Where a request's CPU goes, layer by layer, over the recommended transport: the transport alone,
// then PanelClient.send with each default added in turn, then ClientApi (the Schema decode), and
// the same defaults with the lean path off (a `transformClient`, which brings back the generic
// redirect guard, tracing switch and two-fiber timeout). One at a time against a bare server in
// another process; CPU per request over nodeactyl's in the same round, median and range.
import * as os from "node:os"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { HttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { PanelClient } from "@ptero-effect/core"
import { LeanHttpClient } from "@ptero-effect/node"
import { Duration, Effect, ManagedRuntime } from "effect"
import Nodeactyl from "nodeactyl"
import { listAt, range, recordedServer, size, spawnJson, summarize, table, writeResults } from "./lib.js"

const NODEACTYL = "nodeactyl 3.3.0"

export const run = async () => {
  const n = size(3000, 100)
  const rounds = size(9, 2)
  const recorded = await recordedServer()
  const server = await spawnJson<{ port: number }>(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "servers", "fixed.mjs"),
    [
      recorded.bodyFile,
      JSON.stringify({ "content-type": "application/json", "x-ratelimit-limit": "720", "x-ratelimit-remaining": "719" })
    ]
  )
  const url = `http://127.0.0.1:${server.value.port}`
  const runtime = ManagedRuntime.make(LeanHttpClient.layer)
  const panel = (options: Partial<PanelClient.Options>) =>
    runtime.runPromise(PanelClient.make({ url, api: "client", credentials: recorded.key, ...options }))
  const request = { operation: "bench", method: "GET" as const, path: `/servers/${recorded.id}` }
  const target = `${url}/api/client/servers/${recorded.id}`
  const headers = { authorization: `Bearer ${recorded.key}`, accept: "Application/vnd.pterodactyl.v1+json" }
  const steps: Array<readonly [string, Effect.Effect<unknown, unknown, HttpClient.HttpClient>]> = [
    [
      "LeanHttpClient alone (get + text)",
      Effect.flatMap(HttpClient.HttpClient, (c) => Effect.flatMap(c.get(target, { headers }), (r) => r.text))
    ],
    [
      "PanelClient.send, no timeout, no retry, no pacer",
      (await panel({ timeout: Duration.infinity, retry: false, pacer: false })).send(request)
    ],
    ["+ the 30 s timeout", (await panel({ retry: false, pacer: false })).send(request)],
    ["+ the default retry policy", (await panel({ pacer: false })).send(request)],
    ["+ the pacer (the defaults)", (await panel({})).send(request)],
    [
      "the defaults, lean path off (transformClient)",
      (await panel({ transformClient: (client) => client })).send(request)
    ],
    [
      "ClientApi.servers.get (defaults: + JSON.parse and Schema)",
      (await runtime.runPromise(ClientApi.make({ url, credentials: recorded.key }))).servers.get(recorded.id)
    ]
  ]
  const nodeactyl = new Nodeactyl.NodeactylClient(url, recorded.key)
  const contenders: Array<readonly [string, () => Promise<unknown>]> = [
    ...steps.map(
      ([name, step]) =>
        [
          name,
          () => runtime.runPromise(Effect.forEach(Array.from({ length: n }), () => step, { discard: true }))
        ] as const
    ),
    [
      NODEACTYL,
      async () => {
        for (let i = 0; i < n; i++) await nodeactyl.getServerDetails(recorded.id)
      }
    ]
  ]
  const cpu: Record<string, Array<number>> = {}
  try {
    for (const [, go] of contenders) await go() // warm-up
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < contenders.length; i++) {
        const [name, go] = contenders[(i + round) % contenders.length]!
        const before = process.cpuUsage()
        await go()
        const used = process.cpuUsage(before)
        listAt(cpu, name).push((used.user + used.system) / n)
      }
    }
  } finally {
    await runtime.dispose()
    await server.stop()
  }
  const over = (name: string) => summarize(cpu[name]!.map((us, i) => us / cpu[NODEACTYL]![i]!))
  table(
    `Where a request's CPU goes (one at a time, ${n} requests × ${rounds} rounds, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")})`,
    ["step", "CPU µs/req", "CPU ÷ nodeactyl"],
    contenders.map(([name]) => [name, range(summarize(cpu[name]!), 0), range(over(name))])
  )
  writeResults("client-steps", {
    n,
    rounds,
    loadAverage: os.loadavg(),
    results: Object.fromEntries(
      contenders.map(([name]) => [name, { cpuMicros: summarize(cpu[name]!), cpuOverNodeactyl: over(name) }])
    )
  })
}
