// Follows a server's console, restarts it on a crash line, and stops on what cannot heal.
import { FetchHttpClient } from "@effect/platform"
import { ClientApi } from "@ptero-effect/client-api"
import { NodeSocket } from "@ptero-effect/node"
import { Effect, Layer, Stream } from "effect"

const follow = (server: string) =>
  Effect.gen(function* () {
    const api = yield* ClientApi.ClientApi
    // Connected and authenticated when this succeeds; open until the scope closes.
    const console = yield* api.console(server)
    yield* console.command("say Hello from ptero-effect")
    yield* console.events.pipe(
      Stream.runForEach((event) => {
        switch (event._tag) {
          case "Output":
            return event.line.includes("Exception in server tick loop")
              ? console.power("restart")
              : Effect.log(event.line)
          case "Status":
            return Effect.log(`now ${event.state}`)
          case "Stats":
            return Effect.logDebug(`${event.stats.memory_bytes} bytes in use`)
          case "Disconnected":
            return Effect.logWarning(`connection lost (${event.reason}); reconnecting`)
          default:
            return Effect.void
        }
      })
    )
  }).pipe(Effect.scoped)

const program = follow("1a7ce997").pipe(
  Effect.catchTags({
    ConsoleDenied: (error) => Effect.logError(error.message), // no websocket.connect
    ServerDeleted: () => Effect.logError("the server was deleted"),
    ServerSuspended: (error) => Effect.logError(error.message),
    OriginRefused: (error) => Effect.logError(error.message), // Wings' Origin check
    ActionNotPermitted: (error) => Effect.logError(error.message) // e.g. no control.restart
  })
)

const Live = Layer.mergeAll(ClientApi.layerConfig().pipe(Layer.provide(FetchHttpClient.layer)), NodeSocket.layer)

Effect.runPromiseExit(Effect.provide(program, Live)).then((exit) => {
  if (exit._tag === "Failure") process.exitCode = 1
})
