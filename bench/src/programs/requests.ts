// For the instruction-count benchmark: `requests.mjs <contender> <concurrency> <count>` makes
// `count` requests of one server's details with one client after a warm-up of 300, then exits.
import { ClientApi } from "@ptero-effect/client-api"
import { LeanHttpClient } from "@ptero-effect/node"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { PteroClient } from "@devnote-dev/pterojs"
import { PanelClient } from "@ptero-effect/core"
import { Duration, Effect, type Layer, ManagedRuntime } from "effect"
import { HttpClient } from "@effect/platform"
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

// The steps under ClientApi, to say in instructions what each layer adds: the transport alone,
// then the panel client with nothing on, then with its defaults (ClientApi adds JSON.parse and
// the Schema decode on top of that).
const overStep = async (
  step: (
    runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>
  ) => Promise<Effect.Effect<unknown, unknown, HttpClient.HttpClient>>
) => {
  const runtime = ManagedRuntime.make(LeanHttpClient.layer)
  const call = await step(runtime)
  return {
    run: (n: number) =>
      runtime.runPromise(Effect.forEach(Array.from({ length: n }), () => call, { concurrency, discard: true })),
    close: () => runtime.dispose()
  }
}
const sendStep =
  (options: Partial<PanelClient.Options>) =>
  async (runtime: ManagedRuntime.ManagedRuntime<HttpClient.HttpClient, never>) =>
    (await runtime.runPromise(PanelClient.make({ url, api: "client", credentials: key, ...options }))).send({
      operation: "bench",
      method: "GET",
      path: `/servers/${id}`
    })

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
  "LeanHttpClient alone (get + text)": () =>
    overStep(async () =>
      Effect.flatMap(HttpClient.HttpClient, (c) =>
        Effect.flatMap(
          c.get(`${url}/api/client/servers/${id}`, {
            headers: { authorization: `Bearer ${key}`, accept: "Application/vnd.pterodactyl.v1+json" }
          }),
          (r) => r.text
        )
      )
    ),
  "PanelClient.send (LeanHttpClient), nothing on": () =>
    overStep(sendStep({ timeout: Duration.infinity, retry: false, pacer: false })),
  "PanelClient.send (LeanHttpClient), defaults": () => overStep(sendStep({})),
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
