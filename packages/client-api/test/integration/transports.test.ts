// The transport-level paths of the client API over every transport a user may give it, against
// the mock panel over real HTTP: JSON reads and typed errors, signed-URL uploads (bytes and a
// streamed body) and downloads (whole and streamed).
import { FetchHttpClient, type HttpClient } from "@effect/platform"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { expect, layer } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { MockPanel } from "@ptero-effect/mock-panel"
import { LeanHttpClient } from "@ptero-effect/node"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { Chunk, Effect, Layer, Stream } from "effect"
import { failsWith, SURVIVAL } from "./support.js"

const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["LeanHttpClient (node:http)", LeanHttpClient.layer],
  ["UndiciHttpClient (dispatch)", UndiciHttpClient.layer]
]

const client = Effect.gen(function* () {
  const panel = yield* MockPanel.MockPanel
  return yield* ClientApi.make({ url: panel.url, credentials: panel.keys.userClient })
})

// Bytes that are not text, spanning many transport chunks.
const bytes = new Uint8Array(128 * 1024).map((_, i) => (i * 7 + (i >> 9)) % 256)
// Compared as hex text: a deep equality walks 131,072 elements one by one (half a second each).
const hex = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("hex")

for (const [name, transport] of transports) {
  layer(Layer.merge(MockPanel.layer(), transport), { excludeTestServices: true })(`ClientApi over ${name}`, (it) => {
    it.effect("reads decode and failures are typed", () =>
      Effect.gen(function* () {
        const api = yield* client
        const servers = yield* api.servers.list()
        expect(servers.items.map((s) => s.identifier)).toContain(SURVIVAL)
        yield* failsWith(api.servers.get("ffffffff"), "NotFound")
      })
    )

    it.effect("a signed-URL upload of bytes comes back whole from a download", () =>
      Effect.gen(function* () {
        const api = yield* client
        yield* api.files.upload(SURVIVAL, { name: "bytes.bin", directory: "/", data: bytes })
        expect(hex(yield* api.files.download(SURVIVAL, "/bytes.bin"))).toBe(hex(bytes))
      })
    )

    it.effect("a streamed upload comes back whole from a streamed download", () =>
      Effect.gen(function* () {
        const api = yield* client
        const pieces = Array.from({ length: 8 }, (_, i) => bytes.subarray(i * 16384, (i + 1) * 16384))
        yield* api.files.upload(SURVIVAL, { name: "streamed.bin", directory: "/", data: Stream.fromIterable(pieces) })
        const chunks = yield* Stream.runCollect(api.files.downloadStream(SURVIVAL, "/streamed.bin"))
        const joined = new Uint8Array(Chunk.reduce(chunks, 0, (n, c) => n + c.length))
        let at = 0
        for (const chunk of chunks) {
          joined.set(chunk, at)
          at += chunk.length
        }
        expect(hex(joined)).toBe(hex(bytes))
      })
    )
  })
}
