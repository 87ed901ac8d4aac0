import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import type * as HttpClient from "@effect/platform/HttpClient"
import * as NodeHttpClient from "@effect/platform-node/NodeHttpClient"
import { LeanHttpClient } from "@ptero-effect/node"
import * as UndiciHttpClient from "@ptero-effect/node/UndiciHttpClient"
import { Duration, Effect, type Layer } from "effect"

/** Every transport a user may give the client: the tests over real sockets run over each. */
export const transports: ReadonlyArray<readonly [string, Layer.Layer<HttpClient.HttpClient>]> = [
  ["FetchHttpClient", FetchHttpClient.layer],
  ["NodeHttpClient.layer (node:http)", NodeHttpClient.layer],
  ["NodeHttpClient.layerUndici", NodeHttpClient.layerUndici],
  ["LeanHttpClient (node:http)", LeanHttpClient.layer],
  ["UndiciHttpClient (dispatch)", UndiciHttpClient.layer]
]

/** Polls `done` every 5 ms until it holds or 5 s passed; whether it held. */
export const eventually = (done: () => boolean) =>
  Effect.gen(function* () {
    for (let waited = 0; waited < 5000 && !done(); waited += 5) yield* Effect.sleep(Duration.millis(5))
    return done()
  })
