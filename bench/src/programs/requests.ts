// For the instruction-count benchmark: `requests.mjs <contender> <concurrency> <count>` makes
// `count` requests of one server's details with one client after a warm-up of 300, then exits.
import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { PteroClient } from "@devnote-dev/pterojs"
import { Effect, type Layer, ManagedRuntime } from "effect"
import type { HttpClient } from "@effect/platform"
import Nodeactyl from "nodeactyl"

const [contender, concurrencyText, countText] = process.argv.slice(2) as [string, string, string]
const url = process.env.PANEL_URL!
const key = process.env.PANEL_KEY!
const id = process.env.PANEL_SERVER!
const concurrency = Number(concurrencyText)

const overEffect = async (layer: Layer.Layer<HttpClient.HttpClient>, options: Partial<ClientApi.Options> = {}) => {
  const runtime = ManagedRuntime.make(layer)
  const api = await runtime.runPromise(ClientApi.make({ url, credentials: key, ...options }))
  const call = api.servers.get(id)
  return {
    run: (n: number) =>
      runtime.runPromise(Effect.forEach(Array.from({ length: n }), () => call, { concurrency, discard: true })),
    close: () => runtime.dispose()
  }
}

const overPromise = (call: () => Promise<unknown>) => ({
  run: async (n: number) => {
    let next = 0
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next++
          await call()
        }
      })
    )
  },
  close: async () => {}
})

const clients: Record<string, () => Promise<{ run: (n: number) => Promise<unknown>; close: () => Promise<void> }>> = {
  "ClientApi (LeanHttpClient)": () => overEffect(LeanHttpClient.layer),
  "ClientApi (LeanHttpClient), pacer off": () => overEffect(LeanHttpClient.layer, { pacer: false }),
  "ClientApi (UndiciHttpClient)": () => overEffect(UndiciHttpClient.layer),
  "nodeactyl 3.3.0": async () => {
    const client = new Nodeactyl.NodeactylClient(url, key)
    return overPromise(() => client.getServerDetails(id))
  },
  "@devnote-dev/pterojs 2.2.2": async () => {
    const client = new PteroClient(url, key)
    return overPromise(() => client.servers.fetch(id, { force: true }))
  }
}

const client = await clients[contender]!()
await client.run(300)
await client.run(Number(countText))
await client.close()
process.exit(0)
