/**
 * Opening a WebSocket with request headers, which Wings needs and the standard constructor
 * cannot send.
 *
 * Wings refuses the upgrade of its console socket unless the `Origin` header equals the panel's
 * URL (`router/websocket/websocket.go::GetHandler`, `CheckOrigin`). A browser page served by
 * the panel sends that header by itself; a server-side program has to set it, and the
 * standard `WebSocket(url, protocols)` constructor has no way to. A dialer is the one place a
 * program says how its sockets are made: `@ptero-effect/node`'s `NodeSocket.layer` for Node,
 * `layerGlobal` for runtimes whose `WebSocket` takes `{ headers }`, `layerConstructor` for
 * browsers. Its output feeds `@effect/platform`'s `Socket.makeWebSocket` through `toConstructor`.
 *
 * @since 0.1.0
 */
import type * as Socket from "@effect/platform/Socket"
import * as Context from "effect/Context"
import * as Layer from "effect/Layer"

/**
 * What a socket is opened with.
 *
 * @since 0.1.0
 * @category models
 */
export interface DialOptions {
  /** Request headers of the upgrade, e.g. `{ Origin: "https://panel.example.com" }`. */
  readonly headers: Readonly<Record<string, string>>
  readonly protocols?: string | ReadonlyArray<string> | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** A new, not yet open socket to `url` (the platform's `Socket` waits for it to open). */
  readonly open: (url: string, options: DialOptions) => globalThis.WebSocket
  /** Whether `headers` reach the server; false for browsers, which set `Origin` themselves. */
  readonly sendsHeaders: boolean
}

/**
 * The dialer in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class WebSocketDialer extends Context.Tag("@ptero-effect/core/WebSocketDialer")<WebSocketDialer, Service>() {}

const protocolList = (protocols: DialOptions["protocols"]): string | Array<string> | undefined =>
  protocols === undefined ? undefined : typeof protocols === "string" ? protocols : [...protocols]

/**
 * A dialer over a standard constructor, which drops the headers: for browsers, where the page's
 * own origin is sent (Wings then accepts it only if the page is the panel or an allowed origin).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromConstructor = (
  construct: (url: string, protocols?: string | Array<string> | undefined) => globalThis.WebSocket
): Service => ({
  open: (url, options) => construct(url, protocolList(options.protocols)),
  sendsHeaders: false
})

/**
 * The browser's global `WebSocket`, headers dropped (see `fromConstructor`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConstructor: Layer.Layer<WebSocketDialer> = Layer.sync(WebSocketDialer, () =>
  fromConstructor((url, protocols) => new globalThis.WebSocket(url, protocols))
)

/**
 * The global `WebSocket` called as `new WebSocket(url, { protocols, headers })`, the form that
 * undici's WebSocket (Node 22 and later) and Bun accept. Node 20 has no global `WebSocket`:
 * use `@ptero-effect/node` there.
 *
 * @since 0.1.0
 * @category layers
 */
export const layerGlobal: Layer.Layer<WebSocketDialer> = Layer.succeed(WebSocketDialer, {
  open: (url, options) => {
    const init = { headers: { ...options.headers }, protocols: protocolList(options.protocols) }
    // The standard signature types the second argument as protocols; these runtimes take an object.
    return new globalThis.WebSocket(url, init as unknown as string)
  },
  sendsHeaders: true
})

/**
 * The platform's `Socket.WebSocketConstructor` for one connection's headers, so that
 * `Socket.makeWebSocket` opens its socket through the dialer.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toConstructor =
  (
    dialer: Service,
    headers: Readonly<Record<string, string>>
  ): Context.Tag.Service<typeof Socket.WebSocketConstructor> =>
  (url, protocols) =>
    dialer.open(url, { headers, protocols })

/**
 * The HTTP status of a refused upgrade, read from the error event the socket failed with, where
 * the implementation reports it (`ws` does, as "Unexpected server response: 403"); `undefined`
 * otherwise, as in browsers, which hide it.
 *
 * @since 0.1.0
 * @category errors
 */
export const refusedStatus = (cause: unknown): number | undefined => {
  const message =
    typeof cause === "object" && cause !== null && "message" in cause ? String(cause.message) : String(cause)
  const match = /Unexpected server response: (\d{3})/.exec(message)
  return match === null ? undefined : Number(match[1])
}
