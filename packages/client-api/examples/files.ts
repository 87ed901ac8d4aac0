// Uploads a file to a server and downloads it back, as bytes and as a stream. Signed URLs are
// fetched without the panel's Authorization header.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { Effect, Layer, Stream } from "effect"

const server = "1a7ce997"

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const content = new TextEncoder().encode("motd=Hello\n")
  yield* api.files.upload(server, { name: "server.properties", data: content, directory: "/" })

  // Small files: all bytes at once.
  const bytes = yield* api.files.download(server, "/server.properties")
  yield* Effect.log(`downloaded ${bytes.length} bytes`)

  // Large files: chunk by chunk, never holding the whole file.
  const total = yield* api.files
    .downloadStream(server, "/world/region/r.0.0.mca")
    .pipe(Stream.runFold(0, (size, chunk) => size + chunk.length))
  yield* Effect.log(`streamed ${total} bytes`)

  // A stream can be uploaded too; a failure of the stream comes back as its own typed error.
  yield* api.files.upload(server, { name: "copy.mca", data: Stream.make(content), directory: "/backups" })
})

const ClientApiLive = ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

Effect.runPromiseExit(Effect.provide(program, ClientApiLive)).then((exit) => {
  if (exit._tag === "Failure") process.exitCode = 1
})
