// Figures for RELIABILITY.md (not a test): for each transport, a panel answering an endless body
// (chunked, and with a false Content-Length of 10 GiB) against the default 16 MiB limit. Prints what
// the server could write before the client closed, the peak RSS above the start, the error and the
// time to it. Each transport runs in its own process so that one's memory does not colour another's.
//
//   npx tsx --conditions=@ptero-effect/source mock-panel/test/reliability/hostile-measure.ts
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { PanelClient } from "@ptero-effect/core"
import { Effect, type Layer } from "effect"
import * as ChildProcess from "node:child_process"
import { flood } from "./hostile.js"

const transports: Record<string, Layer.Layer<HttpClient.HttpClient>> = {
  FetchHttpClient: FetchHttpClient.layer,
  "NodeHttpClient.layerUndici": NodeHttpClient.layerUndici,
  "NodeHttpClient.layer": NodeHttpClient.layer
}

const MiB = 1024 * 1024
const TOTAL = 4096 * MiB

const one = async (name: string, declare: number | undefined) => {
  const server = await flood({ total: TOTAL, declare })
  const start = process.memoryUsage().rss
  let peak = start
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 5)
  const began = performance.now()
  const error = await Effect.runPromise(
    Effect.gen(function* () {
      const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: `ptlc_${"a".repeat(43)}` })
      return yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/servers" }))
    }).pipe(Effect.provide(transports[name]!))
  )
  const ms = performance.now() - began
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  await server.close()
  const reason = error._tag === "UnexpectedResponse" ? `${error._tag}(${error.reason})` : error._tag
  console.log(
    `| ${name} | ${declare === undefined ? "chunked" : "Content-Length 10 GiB"} | ${(server.written() / MiB).toFixed(1)} | ${((peak - start) / MiB).toFixed(1)} | ${reason} | ${ms.toFixed(0)} |`
  )
}

const which = process.env.TRANSPORT
if (which === undefined) {
  console.log("| transport | body | MiB written by the server | peak RSS above start (MiB) | error | ms |")
  console.log("| --- | --- | --- | --- | --- | --- |")
  for (const name of Object.keys(transports)) {
    ChildProcess.execFileSync(process.execPath, [...process.execArgv, process.argv[1]!], {
      env: { ...process.env, TRANSPORT: name },
      stdio: "inherit"
    })
  }
} else {
  await one(which, undefined)
  await one(which, 10 * 1024 * MiB)
}
