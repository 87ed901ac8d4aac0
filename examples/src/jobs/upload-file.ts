// Uploads a file to a server through a signed URL and downloads it back as bytes. The signed URLs
// point at Wings and get no Authorization header.
// Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY, PTERODACTYL_SERVER (else the first server listed).
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer } from "effect"
import { runMain, serverFromEnv } from "./run.js"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const server = serverFromEnv() ?? (yield* api.servers.list()).items[0]?.identifier
  if (server === undefined) return yield* Effect.dieMessage("this key sees no server")
  // Every byte value, to show nothing is decoded as text on the way.
  const content = Uint8Array.from({ length: 256 }, (_, i) => i)
  yield* api.files.upload(server, { name: "ptero-effect.bin", data: content, directory: "/" })
  const back = yield* api.files.download(server, "/ptero-effect.bin")
  const same = back.length === content.length && back.every((byte, i) => byte === content[i])
  if (!same) return yield* Effect.dieMessage(`downloaded ${back.length} bytes that differ from the upload`)
  yield* Effect.log(`uploaded and downloaded ${back.length} bytes to ${server}, identical`)
})

runMain(program, ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)))
