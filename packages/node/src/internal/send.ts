import * as Error from "@effect/platform/HttpClientError"
import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"

/** A request body as the transports write it: nothing, bytes, or a stream of chunks. */
export type Outgoing =
  | { readonly _tag: "None" }
  | { readonly _tag: "Bytes"; readonly bytes: Uint8Array | string }
  | { readonly _tag: "Stream"; readonly stream: Stream.Stream<Uint8Array, Error.RequestError> }

const none: Outgoing = { _tag: "None" }

/** The body of a request that can be written at once, without an effect: most requests. */
export const plainBody = (request: ClientRequest.HttpClientRequest): Outgoing | undefined => {
  const body = request.body
  if (body._tag === "Empty") return none
  if (body._tag === "Uint8Array") return { _tag: "Bytes", bytes: body.body }
  if (body._tag === "Raw" && (typeof body.body === "string" || body.body instanceof Uint8Array)) {
    return { _tag: "Bytes", bytes: body.body }
  }
  return undefined
}

/**
 * A body that needs work first: a stream is passed on as chunks, a `FormData` is encoded by the
 * runtime's `Response` (as the platform's Node client does), which also gives its multipart
 * content type and so replaces the request's headers.
 */
export const preparedBody = (
  request: ClientRequest.HttpClientRequest
): Effect.Effect<{ readonly body: Outgoing; readonly headers: Record<string, string> }, Error.RequestError> => {
  const body = request.body
  if (body._tag === "Stream") {
    return Effect.succeed({
      body: {
        _tag: "Stream",
        stream: Stream.mapError(body.stream, (cause) => new Error.RequestError({ request, reason: "Encode", cause }))
      },
      headers: request.headers
    })
  }
  if (body._tag === "FormData") {
    return Effect.tryPromise({
      try: async () => {
        const encoded = new Response(body.formData)
        const headers: Record<string, string> = { ...request.headers }
        encoded.headers.forEach((value, name) => {
          headers[name] = value
        })
        const bytes = new Uint8Array(await encoded.arrayBuffer())
        headers["content-length"] = String(bytes.length)
        return { body: { _tag: "Bytes" as const, bytes }, headers }
      },
      catch: (cause) => new Error.RequestError({ request, reason: "Encode", cause })
    })
  }
  return Effect.fail(
    new Error.RequestError({
      request,
      reason: "Encode",
      cause: "a raw body must be a string or a Uint8Array for this transport"
    })
  )
}
