/**
 * WebSockets for Node.js through the `ws` package, which (unlike the standard constructor, and
 * unlike Node 20, which has none) sends request headers: Wings refuses a console socket whose
 * `Origin` is not the panel's URL.
 *
 * @example
 * ```ts
 * import { ClientApi } from "@ptero-effect/client-api"
 * import { NodeSocket } from "@ptero-effect/node"
 * import { Effect, Layer, Stream } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const api = yield* ClientApi.ClientApi
 *   const console = yield* api.console("1a7ce997")
 *   yield* console.events.pipe(Stream.take(10), Stream.runForEach(Effect.log))
 * }).pipe(Effect.scoped, Effect.provide(NodeSocket.layer))
 * ```
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import { WebSocketDialer, type Service } from "@ptero-effect/core/WebSocketDialer"
import * as WS from "ws"

/**
 * Options of `make`.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Largest frame accepted from the server, in bytes (`ws`'s `maxPayload`; 100 MiB by default). */
  readonly maxPayload?: number | undefined
  /** Milliseconds the opening handshake may take (`ws`'s `handshakeTimeout`). */
  readonly handshakeTimeout?: number | undefined
}

/**
 * A dialer that opens `ws` sockets with the given headers.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Service => ({
  open: (url, dial) => {
    const protocols =
      dial.protocols === undefined
        ? undefined
        : typeof dial.protocols === "string"
          ? dial.protocols
          : [...dial.protocols]
    const socket = new WS.WebSocket(url, protocols, {
      headers: { ...dial.headers },
      // Redirects would carry the headers to another host.
      followRedirects: false,
      ...(options.maxPayload === undefined ? {} : { maxPayload: options.maxPayload }),
      ...(options.handshakeTimeout === undefined ? {} : { handshakeTimeout: options.handshakeTimeout })
    })
    // `ws` implements the standard event-target interface the platform's `Socket` listens on.
    return socket as unknown as globalThis.WebSocket
  },
  sendsHeaders: true
})

/**
 * The `ws` dialer with its defaults.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<WebSocketDialer> = Layer.sync(WebSocketDialer, () => make())

/**
 * The `ws` dialer with options.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Options): Layer.Layer<WebSocketDialer> =>
  Layer.sync(WebSocketDialer, () => make(options))
