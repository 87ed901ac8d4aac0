/**
 * A lean `HttpClient` over `node:http` / `node:https`, the recommended transport on Node.
 *
 * It is a real `@effect/platform` `HttpClient` (every combinator works on it) that does only
 * what a request needs: one `Effect.async` per exchange, the URL split as a string, the body
 * read with plain listeners, interruption by destroying the request. The platform's own clients
 * also build a `URL`, an `AbortController`, a scope and (on undici) a web `Response` per request;
 * see BENCHMARKS.md for what that costs and for the undici-based variant it was measured against.
 *
 * Redirects are never followed, like every `node:http` client. Nothing else is added: no
 * timeout (the panel client has its own), no retries, no decompression.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Error from "@effect/platform/HttpClientError"
import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import type * as ClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import * as Http from "node:http"
import * as Https from "node:https"
import { deadlineOf } from "@ptero-effect/core/LeanTransport"
import { LeanResponse, type Source } from "./internal/incoming.js"
import { fromExchange } from "./internal/client.js"
import { Deadline } from "./internal/deadline.js"
import type { Outgoing } from "./internal/send.js"
import type { Target } from "./internal/target.js"

/**
 * The connection pools a client uses.
 *
 * @since 0.1.0
 * @category models
 */
export interface Agents {
  readonly http: Http.Agent
  readonly https: Https.Agent
}

/**
 * Keep-alive pools for the life of the scope, destroyed with it.
 *
 * @since 0.1.0
 * @category constructors
 */
export const makeAgents = (options: Https.AgentOptions = {}): Effect.Effect<Agents, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => ({
      http: new Http.Agent({ keepAlive: true, ...options }),
      https: new Https.Agent({ keepAlive: true, ...options })
    })),
    (agents) =>
      Effect.sync(() => {
        agents.http.destroy()
        agents.https.destroy()
      })
  )

const transportError = (request: ClientRequest.HttpClientRequest, cause: unknown) =>
  new Error.RequestError({ request, reason: "Transport", cause })

const prematureClose = () => new globalThis.Error("the connection closed before the body ended")

const sourceOf = (request: Http.ClientRequest, response: Http.IncomingMessage, deadline: Deadline): Source => ({
  status: response.statusCode ?? 0,
  headers: response.headers,
  remoteAddress: response.socket?.remoteAddress,
  readAll: () =>
    Effect.async<Uint8Array, unknown>((resume) => {
      const chunks: Array<Buffer> = []
      const cleanup = () => {
        response.off("data", onData)
        response.off("end", onEnd)
        response.off("error", onError)
        response.off("close", onClose)
      }
      const onData = (chunk: Buffer) => {
        chunks.push(chunk)
      }
      const onEnd = () => {
        cleanup()
        deadline.clear()
        resume(Effect.succeed(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)))
      }
      const onError = (error: unknown) => {
        cleanup()
        deadline.clear()
        resume(Effect.fail(deadline.reason(error)))
      }
      const onClose = () => {
        if (!response.complete) onError(prematureClose())
      }
      response.on("data", onData)
      response.on("end", onEnd)
      response.on("error", onError)
      response.on("close", onClose)
      return Effect.sync(() => {
        cleanup()
        deadline.clear()
        request.destroy()
      })
    }),
  stream: () =>
    Stream.ensuring(
      Stream.fromAsyncIterable(response as AsyncIterable<Uint8Array>, (error) => deadline.reason(error)),
      // Dropped before its end (a size limit, an interruption): the connection cannot be reused.
      Effect.sync(() => {
        deadline.clear()
        if (!response.complete) request.destroy()
      })
    )
})

const writeStream = (request: Http.ClientRequest, stream: Stream.Stream<Uint8Array, Error.RequestError>) =>
  Effect.zipRight(
    Stream.runForEach(stream, (chunk) =>
      Effect.async<void>((resume) => {
        if (request.write(chunk)) resume(Effect.void)
        else request.once("drain", () => resume(Effect.void))
      })
    ),
    Effect.sync(() => request.end())
  )

const exchange = (
  agents: Agents,
  request: ClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>,
  body: Outgoing
): Effect.Effect<ClientResponse.HttpClientResponse, Error.RequestError> =>
  Effect.async((resume) => {
    let outgoing: Http.ClientRequest
    try {
      outgoing = (target.secure ? Https : Http).request({
        agent: target.secure ? agents.https : agents.http,
        hostname: target.hostname,
        port: target.port,
        path: target.path,
        method: request.method,
        headers
      })
    } catch (cause) {
      // Node checks the method, path and header values before anything is sent.
      resume(Effect.fail(new Error.RequestError({ request, reason: "InvalidUrl", cause })))
      return
    }
    let answered = false
    let writer: { readonly interrupt: () => void } | undefined
    const deadline = new Deadline(deadlineOf(request), (reason) => outgoing.destroy(reason))
    outgoing.once("response", (response) => {
      answered = true
      outgoing.off("error", onError)
      // Errors while the body is read reach the body's reader; one must be listening meanwhile.
      outgoing.on("error", ignore)
      resume(Effect.succeed(new LeanResponse(request, sourceOf(outgoing, response, deadline))))
    })
    const onError = (cause: unknown) => {
      if (answered) return
      answered = true
      deadline.clear()
      writer?.interrupt()
      resume(Effect.fail(transportError(request, deadline.reason(cause))))
    }
    outgoing.on("error", onError)
    switch (body._tag) {
      case "None":
        outgoing.end()
        break
      case "Bytes":
        outgoing.end(body.bytes)
        break
      case "Stream": {
        const fiber = Effect.runFork(writeStream(outgoing, body.stream))
        fiber.addObserver((exit) => {
          if (exit._tag === "Failure" && !answered) outgoing.destroy(new globalThis.Error("the request body failed"))
        })
        writer = { interrupt: () => Effect.runFork(Fiber.interrupt(fiber)) }
      }
    }
    return Effect.sync(() => {
      writer?.interrupt()
      deadline.clear()
      if (!answered) {
        answered = true
        outgoing.destroy()
      }
    })
  })

const ignore = () => {}

/**
 * A client over the given pools.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromAgents = (agents: Agents): HttpClient.HttpClient =>
  fromExchange((request, target, headers, body) => exchange(agents, request, target, headers, body))

/**
 * A client with its own keep-alive pools, closed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Https.AgentOptions = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> =>
  Effect.map(makeAgents(options), fromAgents)

/**
 * The client as a layer, with pool options (`maxSockets`, TLS options such as `ca`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Https.AgentOptions): Layer.Layer<HttpClient.HttpClient> =>
  Layer.scoped(HttpClient.HttpClient, make(options))

/**
 * The recommended transport on Node: keep-alive pools with Node's defaults.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerWith({})
