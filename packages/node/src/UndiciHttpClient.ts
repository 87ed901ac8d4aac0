/**
 * The same lean `HttpClient` as `LeanHttpClient`, over undici's `dispatch` instead of
 * `node:http`: no `fetch`, no web `Response`, no `AbortController`. Interruption aborts the
 * dispatch. Its own entry point (`@ptero-effect/node/UndiciHttpClient`) and an optional peer
 * dependency on `undici`, because undici adds about 800 KiB to a bundle; BENCHMARKS.md compares
 * the two.
 *
 * @since 0.1.0
 */
import * as HttpClient from "@effect/platform/HttpClient"
import * as Error from "@effect/platform/HttpClientError"
import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import type * as ClientResponse from "@effect/platform/HttpClientResponse"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { Readable } from "node:stream"
import { deadlineOf } from "@ptero-effect/core/LeanTransport"
import { Agent, type Dispatcher } from "undici"
import { LeanResponse, type Source } from "./internal/incoming.js"
import { fromExchange } from "./internal/client.js"
import { Deadline } from "./internal/deadline.js"
import type { Outgoing } from "./internal/send.js"
import type { Target } from "./internal/target.js"

// A paused body holds at most this much before the socket is left unread.
const HIGH_WATER = 64 * 1024

const interrupted = () => new globalThis.Error("interrupted")

/** The body of one response as undici delivers it, buffered until read. */
class Body {
  chunks: Array<Buffer> = []
  buffered = 0
  ended = false
  error: unknown = undefined
  waiter: (() => void) | undefined = undefined
  constructor(
    readonly controller: Dispatcher.DispatchController,
    readonly deadline: Deadline
  ) {}
  push(chunk: Buffer) {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    if (this.buffered >= HIGH_WATER && !this.controller.paused) this.controller.pause()
    this.wake()
  }
  end() {
    this.ended = true
    this.deadline.clear()
    this.wake()
  }
  fail(error: unknown) {
    if (this.ended || this.error !== undefined) return
    this.error = this.deadline.reason(error)
    this.deadline.clear()
    this.wake()
  }
  private wake() {
    const waiter = this.waiter
    this.waiter = undefined
    waiter?.()
  }
  take(): Array<Buffer> {
    const chunks = this.chunks
    this.chunks = []
    this.buffered = 0
    if (this.controller.paused && !this.ended) this.controller.resume()
    return chunks
  }
  abort() {
    this.deadline.clear()
    if (!this.ended && !this.controller.aborted) this.controller.abort(interrupted())
  }
  source(status: number, headers: Source["headers"]): Source {
    return {
      status,
      headers,
      remoteAddress: undefined,
      readAll: () =>
        Effect.async<Uint8Array, unknown>((resume) => {
          const parts: Array<Buffer> = []
          const check = () => {
            parts.push(...this.take())
            if (this.error !== undefined) resume(Effect.fail(this.error))
            else if (this.ended) resume(Effect.succeed(parts.length === 1 ? parts[0]! : Buffer.concat(parts)))
            else this.waiter = check
          }
          check()
          return Effect.sync(() => {
            this.waiter = undefined
            this.abort()
          })
        }),
      stream: () =>
        Stream.ensuring(
          Stream.repeatEffectChunkOption(
            Effect.async<Chunk.Chunk<Uint8Array>, Option.Option<unknown>>((resume) => {
              const check = () => {
                const chunks = this.take()
                if (chunks.length > 0) resume(Effect.succeed(Chunk.unsafeFromArray(chunks)))
                else if (this.error !== undefined) resume(Effect.fail(Option.some(this.error)))
                else if (this.ended) resume(Effect.fail(Option.none()))
                else this.waiter = check
              }
              check()
              return Effect.sync(() => {
                this.waiter = undefined
              })
            })
          ),
          // Dropped before its end (a size limit, an interruption): abort the exchange.
          Effect.sync(() => this.abort())
        )
    }
  }
}

const exchange = (
  dispatcher: Dispatcher,
  request: ClientRequest.HttpClientRequest,
  target: Target,
  headers: Record<string, string>,
  outgoing: Outgoing
): Effect.Effect<ClientResponse.HttpClientResponse, Error.RequestError> =>
  Effect.async((resume) => {
    let controller: Dispatcher.DispatchController | undefined
    let body: Body | undefined
    let settled = false
    let cancelled = false
    const fail = (cause: unknown) => {
      if (settled) return
      settled = true
      deadline.clear()
      resume(Effect.fail(new Error.RequestError({ request, reason: "Transport", cause: deadline.reason(cause) })))
    }
    const deadline = new Deadline(deadlineOf(request), (reason) => {
      if (body !== undefined) return body.controller.abort(reason)
      cancelled = true
      controller?.abort(reason)
      fail(reason)
    })
    try {
      dispatcher.dispatch(
        {
          origin: target.origin,
          path: target.path,
          method: request.method as Dispatcher.HttpMethod,
          headers,
          body:
            outgoing._tag === "None"
              ? null
              : outgoing._tag === "Bytes"
                ? outgoing.bytes
                : Readable.from(Stream.toAsyncIterable(outgoing.stream))
        },
        {
          onRequestStart(started) {
            controller = started
            if (cancelled) started.abort(interrupted())
          },
          onResponseStart(started, statusCode, responseHeaders) {
            if (statusCode < 200) return
            body = new Body(started, deadline)
            settled = true
            resume(
              Effect.succeed(new LeanResponse(request, body.source(statusCode, responseHeaders as Source["headers"])))
            )
          },
          onResponseData(_controller, chunk) {
            body?.push(chunk)
          },
          onResponseEnd() {
            body?.end()
          },
          onResponseError(_controller, error) {
            if (body !== undefined) body.fail(error)
            else fail(error)
          }
        }
      )
    } catch (cause) {
      fail(cause)
    }
    return Effect.sync(() => {
      cancelled = true
      deadline.clear()
      if (!settled) {
        settled = true
        controller?.abort(interrupted())
      }
    })
  })

/**
 * A client over the given undici dispatcher (an `Agent`, a `Pool`, a `ProxyAgent`, …).
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromDispatcher = (dispatcher: Dispatcher): HttpClient.HttpClient =>
  fromExchange((request, target, headers, body) => exchange(dispatcher, request, target, headers, body))

/**
 * A client with its own undici `Agent`, closed when the scope closes.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Agent.Options = {}): Effect.Effect<HttpClient.HttpClient, never, Scope.Scope> =>
  Effect.map(
    Effect.acquireRelease(
      Effect.sync(() => new Agent(options)),
      (agent) => Effect.promise(() => agent.destroy())
    ),
    fromDispatcher
  )

/**
 * @since 0.1.0
 * @category layers
 */
export const layerWith = (options: Agent.Options): Layer.Layer<HttpClient.HttpClient> =>
  Layer.scoped(HttpClient.HttpClient, make(options))

/**
 * @since 0.1.0
 * @category layers
 */
export const layer: Layer.Layer<HttpClient.HttpClient> = layerWith({})
