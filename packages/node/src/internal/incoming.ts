import * as Cookies from "@effect/platform/Cookies"
import * as Error from "@effect/platform/HttpClientError"
import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import * as ClientResponse from "@effect/platform/HttpClientResponse"
import * as Headers from "@effect/platform/Headers"
import * as IncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as UrlParams from "@effect/platform/UrlParams"
import * as Effect from "effect/Effect"
import * as Inspectable from "effect/Inspectable"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/**
 * What a transport hands the response: the status, the raw headers, and the body as a source
 * of chunks that can be read whole or pulled, and dropped (which aborts the exchange).
 */
export interface Source {
  readonly status: number
  readonly headers: Record<string, string | ReadonlyArray<string> | undefined>
  readonly remoteAddress: string | undefined
  /** Collects the whole body. */
  readonly readAll: () => Effect.Effect<Uint8Array, unknown>
  /** The body as a stream; ending it early aborts the exchange. */
  readonly stream: () => Stream.Stream<Uint8Array, unknown>
}

const decoder = new TextDecoder()

/**
 * A platform `HttpClientResponse` over a `Source`: no web `Response`, no `AbortController`, no
 * `FinalizationRegistry`. The body is read at most once, as the platform's own clients allow.
 */
export class LeanResponse extends Inspectable.Class implements ClientResponse.HttpClientResponse {
  readonly [ClientResponse.TypeId]: ClientResponse.TypeId = ClientResponse.TypeId
  readonly [IncomingMessage.TypeId]: IncomingMessage.TypeId = IncomingMessage.TypeId
  private cachedHeaders: Headers.Headers | undefined
  private body: Uint8Array | undefined

  constructor(
    readonly request: ClientRequest.HttpClientRequest,
    private readonly source: Source
  ) {
    super()
  }

  get status(): number {
    return this.source.status
  }

  get headers(): Headers.Headers {
    if (this.cachedHeaders === undefined) {
      const out: Record<string, string> = {}
      for (const name in this.source.headers) {
        const value = this.source.headers[name]
        if (value === undefined) continue
        out[name] = typeof value === "string" ? value : value.join(", ")
      }
      this.cachedHeaders = Headers.unsafeFromRecord(out)
    }
    return this.cachedHeaders
  }

  get cookies(): Cookies.Cookies {
    const header = this.source.headers["set-cookie"]
    return header === undefined ? Cookies.empty : Cookies.fromSetCookie(typeof header === "string" ? [header] : header)
  }

  get remoteAddress(): Option.Option<string> {
    return Option.fromNullable(this.source.remoteAddress)
  }

  private fail = (cause: unknown) =>
    new Error.ResponseError({ request: this.request, response: this, reason: "Decode", cause })

  get arrayBuffer(): Effect.Effect<ArrayBuffer, Error.ResponseError> {
    return Effect.map(this.bytes, (bytes) =>
      bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? (bytes.buffer as ArrayBuffer)
        : (bytes.slice().buffer as ArrayBuffer)
    )
  }

  get text(): Effect.Effect<string, Error.ResponseError> {
    return Effect.map(this.bytes, (bytes) => decoder.decode(bytes))
  }

  get json(): Effect.Effect<unknown, Error.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => (text === "" ? null : JSON.parse(text)), catch: this.fail })
    )
  }

  get urlParamsBody(): Effect.Effect<UrlParams.UrlParams, Error.ResponseError> {
    return Effect.flatMap(this.text, (text) =>
      Effect.try({ try: () => UrlParams.fromInput(new URLSearchParams(text)), catch: this.fail })
    )
  }

  get formData(): Effect.Effect<FormData, Error.ResponseError> {
    return Effect.flatMap(this.arrayBuffer, (body) =>
      Effect.tryPromise({
        try: () => new Response(body, { headers: this.headers as Record<string, string> }).formData(),
        catch: this.fail
      })
    )
  }

  get stream(): Stream.Stream<Uint8Array, Error.ResponseError> {
    return Stream.mapError(this.source.stream(), this.fail)
  }

  // Remembered once read, so `text` after `json` sees the same body.
  private get bytes(): Effect.Effect<Uint8Array, Error.ResponseError> {
    return Effect.suspend(() =>
      this.body !== undefined
        ? Effect.succeed(this.body)
        : Effect.map(Effect.mapError(this.source.readAll(), this.fail), (body) => (this.body = body))
    )
  }

  toJSON(): unknown {
    return IncomingMessage.inspect(this, {
      _id: "@effect/platform/HttpClientResponse",
      request: this.request.toJSON(),
      status: this.status
    })
  }
}
