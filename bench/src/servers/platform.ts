// @effect/platform's NodeHttpServer answering fixed bytes with a handler that does nothing else:
// the ceiling for any server built on it, the mock panel included.
import * as fs from "node:fs"
import * as http from "node:http"
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { HttpMiddleware, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"

const [bodyFile, contentType] = process.argv.slice(2)
const body = new Uint8Array(fs.readFileSync(bodyFile!))

const program = Effect.gen(function* () {
  const server = yield* NodeHttpServer.make(() => http.createServer(), { host: "127.0.0.1", port: 0 })
  // Served as the mock panel is served: no per-request tracing span.
  yield* server
    .serve(Effect.sync(() => HttpServerResponse.uint8Array(body, { contentType: contentType! })))
    .pipe(Effect.locally(HttpMiddleware.currentTracerDisabledWhen, () => true))
  const address = server.address
  process.stdout.write(`${JSON.stringify({ port: address._tag === "TcpAddress" ? address.port : 0 })}\n`)
  return yield* Effect.never
})

// runMain interrupts the program on SIGTERM, which closes the server.
NodeRuntime.runMain(Effect.scoped(program))
