import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import { Effect, Layer } from "effect"

export interface Recorded {
  readonly method: string
  readonly url: URL
  readonly headers: Readonly<Record<string, string>>
  readonly body: string | undefined
}

export interface Reply {
  readonly status: number
  readonly headers?: Record<string, string>
  /** A stream body is read as the transport reads it, chunk by chunk (endless bodies, drips). */
  readonly body?: string | ReadableStream<Uint8Array>
}

export type Handler = (request: Recorded) => Reply | Effect.Effect<Reply> | "drop"

const bodyText = (request: HttpClientRequest.HttpClientRequest): string | undefined => {
  const body = request.body
  if (body._tag === "Uint8Array") return new TextDecoder().decode(body.body)
  return undefined
}

/** An HttpClient that answers from `handler` and records every request it sees. */
export const fakeClient = (handler: Handler) => {
  const requests: Array<Recorded> = []
  const client = HttpClient.make((request, url) =>
    Effect.gen(function* () {
      const recorded: Recorded = {
        method: request.method,
        url,
        headers: { ...request.headers },
        body: bodyText(request)
      }
      requests.push(recorded)
      const result = handler(recorded)
      if (result === "drop") {
        return yield* Effect.fail(
          new HttpClientError.RequestError({ request, reason: "Transport", cause: new Error("socket hang up") })
        )
      }
      const reply = Effect.isEffect(result) ? yield* result : result
      // The Response constructor refuses a body on these statuses.
      const nullBody =
        [101, 204, 205, 304].includes(reply.status) || (reply.status >= 300 && reply.status < 400 && !reply.body)
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

export const panelError = (status: number, code: string, detail: string, meta?: Record<string, string>): Reply =>
  json(status, { errors: [{ code, status: String(status), detail, ...(meta ? { meta } : {}) }] })

export const SECRET = "s3cr3tS3CR3Ts3cr3tS3CR3Ts3cr3tXY"
export const CLIENT_KEY = `ptlc_AbCdEfGhIjK${SECRET}`
export const APPLICATION_KEY = `ptla_ZyXwVuTsRqP${"Q".repeat(32)}`
