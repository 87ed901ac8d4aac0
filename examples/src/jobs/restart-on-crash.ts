// Tails a server's live console and restarts the server when a line says it crashed.
// Env: PTERODACTYL_URL, PTERODACTYL_CLIENT_KEY, PTERODACTYL_SERVER (else the first server listed);
// CRASH_PATTERN, a regular expression (default: a Java exception or a crash report);
// MAX_RESTARTS, stop after this many restarts (default: run until interrupted).
import { FetchHttpClient } from "@effect/platform"
import { ClientApi, Console } from "@ptero-effect/client-api"
import { NodeSocket } from "@ptero-effect/node"
import { Effect, Layer, Option, Stream } from "effect"
import { runMain, serverFromEnv } from "./run.js"

const crash = new RegExp(process.env.CRASH_PATTERN ?? "Exception in server tick loop|This crash report has been saved")
const maxRestarts = process.env.MAX_RESTARTS === undefined ? undefined : Number(process.env.MAX_RESTARTS)

const program = Effect.gen(function* () {
  const api = yield* ClientApi.ClientApi
  const server = serverFromEnv() ?? (yield* api.servers.list()).items[0]?.identifier
  if (server === undefined) return yield* Effect.dieMessage("this key sees no server")
  // Connected and authenticated once this returns; the token is refreshed and the socket
  // reopened as needed until the scope closes.
  const console = yield* api.console(server)
  yield* Effect.log(`tailing ${server}`)
  const restarts = console.events.pipe(
    Stream.tap((event) => (Console.isOutput(event) ? Effect.log(event.line) : Effect.void)),
    Stream.filter((event) => Console.isOutput(event) && crash.test(event.line)),
    // A crash line printed while the server is already going down needs no second restart.
    Stream.filterEffect(() => Effect.map(console.state, (state) => Option.getOrUndefined(state) === "running")),
    Stream.mapEffect(() =>
      Effect.zipRight(Effect.logWarning(`crash line on ${server}: restarting`), console.power("restart"))
    )
  )
  yield* (maxRestarts === undefined ? restarts : Stream.take(restarts, maxRestarts)).pipe(Stream.runDrain)
  yield* Effect.log(`restarted ${server} ${maxRestarts} time(s); done`)
}).pipe(Effect.scoped)

runMain(program, Layer.mergeAll(ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)), NodeSocket.layer))
