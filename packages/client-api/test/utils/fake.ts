// A fake transport for unit tests, after packages/core/test/utils/fake.ts: answers from a handler
// and records every request it sees, including bodies sent as bytes or streams.
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { ClientApi } from "@ptero-effect/client-api"
import { Chunk, Effect, Layer, Stream } from "effect"

export interface Recorded {
  readonly method: string
  readonly url: URL
  /** Path and query below the origin, e.g. `/api/client/servers/abc?page=2`. */
  readonly target: string
  readonly headers: Readonly<Record<string, string>>
  readonly bytes: Uint8Array | undefined
  readonly body: string | undefined
  readonly json: unknown
}

export interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  /** A stream body is read as the transport reads it, chunk by chunk (endless bodies, drips). */
  readonly body?: string | Uint8Array | ReadableStream<Uint8Array>
}

export type Handler = (request: Recorded) => Reply | Effect.Effect<Reply> | "drop"

const concat = (chunks: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    out.set(chunk, offset)
    offset += chunk.length
  }
  return out
}

const bodyBytes = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<Uint8Array | undefined, unknown> => {
  const body = request.body
  if (body._tag === "Uint8Array") return Effect.succeed(body.body)
  if (body._tag === "Stream") return Effect.map(Stream.runCollect(body.stream), (c) => concat(Chunk.toArray(c)))
  return Effect.succeed(undefined)
}

export const fakeClient = (handler: Handler) => {
  const requests: Array<Recorded> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const bytes = yield* Effect.catchAll(bodyBytes(request), (cause) =>
        Effect.fail(new HttpClientError.RequestError({ request, reason: "Transport", cause }))
      )
      const body = bytes === undefined ? undefined : new TextDecoder().decode(bytes)
      let parsed: unknown
      try {
        parsed = body === undefined ? undefined : JSON.parse(body)
      } catch {
        parsed = undefined
      }
      const recorded: Recorded = {
        method: request.method,
        url,
        target: url.pathname + url.search,
        headers: { ...request.headers },
        bytes,
        body,
        json: parsed
      }
      requests.push(recorded)
      const result = handler(recorded)
      if (result === "drop") {
        return yield* Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("socket hang up") })
        )
      }
      const reply = Effect.isEffect(result) ? yield* result : result
      const nullBody = reply.status === 204 || reply.status === 304
      return HttpClientResponse.fromWeb(
        request,
        new Response(nullBody ? null : (reply.body ?? ""), { status: reply.status, headers: reply.headers ?? {} })
      )
    })
  )
  return { client, requests, layer: Layer.succeed(HttpClient.HttpClient, client) }
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(value)
})

export const noContent: Reply = { status: 204 }

export const panelError = (status: number, code: string, detail: string, meta?: Record<string, string>): Reply =>
  json(status, { errors: [{ code, status: String(status), detail, ...(meta ? { meta } : {}) }] })

export const SECRET = "s3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3tXY"
export const CLIENT_KEY = `ptlc_AbCdEfGhIjK${SECRET}`
export const APPLICATION_KEY = `ptla_ZyXwVuTsRqP${"Q".repeat(32)}`
export const PANEL = "http://panel.test"

/** A `ClientApi` over a fake transport answering from `handler`, plus the recorded requests. */
export const fakeApi = (handler: Handler, key: string = CLIENT_KEY) =>
  Effect.gen(function* () {
    const fake = fakeClient(handler)
    const api = yield* ClientApi.make({ url: PANEL, credentials: key }).pipe(Effect.provide(fake.layer), Effect.orDie)
    return { api, requests: fake.requests }
  })

/** Routes by `METHOD target` (target without the query unless the key has one). */
export const routes =
  (table: Record<string, Reply | ((request: Recorded) => Reply)>): Handler =>
  (request) => {
    const withQuery = table[`${request.method} ${request.target}`]
    const withoutQuery = table[`${request.method} ${request.url.pathname}`]
    const found = withQuery ?? withoutQuery
    if (found === undefined) {
      return panelError(404, "NotFoundHttpException", `The route ${request.url.pathname.slice(1)} could not be found.`)
    }
    return typeof found === "function" ? found(request) : found
  }
