import type * as HttpClientError from "@effect/platform/HttpClientError"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"

/** The body went past the limit; `head` is its start, for an excerpt. */
export class TooLarge {
  readonly _tag = "TooLarge"
  constructor(
    readonly limit: number,
    readonly head: string
  ) {}
}

// Enough of a body for an excerpt and the secrets that may straddle its end.
const HEAD_BYTES = 4096

const declaredLength = (response: HttpClientResponse.HttpClientResponse): number | undefined => {
  const raw = response.headers["content-length"]
  return raw !== undefined && /^\d{1,15}$/.test(raw.trim()) ? Number(raw) : undefined
}

/**
 * Reads a body as UTF-8 text, failing with `TooLarge` as soon as more than `limit` bytes arrived.
 *
 * The platform's `text` buffers whatever the peer sends (an endless body grows the process until
 * it dies), so the body is read as a stream and the stream is dropped at the limit, which aborts
 * the request and closes its connection. A body whose declared `Content-Length` is within the
 * limit and that is not content-encoded can be read with `text`: the transport stops at the
 * declared length. A compressed body can grow past its declared length, so it is streamed.
 */
export const readText = (
  response: HttpClientResponse.HttpClientResponse,
  limit: number
): Effect.Effect<string, TooLarge | HttpClientError.ResponseError> => {
  const declared = declaredLength(response)
  const encoding = response.headers["content-encoding"]
  if (declared !== undefined && declared <= limit && (encoding === undefined || encoding === "identity")) {
    return response.text
  }
  // Pulled by hand: about half the cost of running the stream with a sink, per response.
  return Effect.scoped(
    Effect.flatMap(Stream.toPull(response.stream), (pull) => {
      const decoder = new TextDecoder()
      const parts: Array<string> = []
      let received = 0
      const next: Effect.Effect<string, TooLarge | HttpClientError.ResponseError> = Effect.matchEffect(pull, {
        onFailure: (error) =>
          // A body-less answer (204, 304) has no stream to read.
          Option.isNone(error) || error.value.reason === "EmptyBody"
            ? Effect.sync(() => parts.join("") + decoder.decode())
            : Effect.fail(error.value),
        onSuccess: (chunks) => {
          for (const chunk of chunks) {
            received += chunk.length
            if (received > limit) {
              // What fits of this chunk completes the head used for the excerpt; closing the scope
              // drops the stream, which aborts the request and closes its connection.
              const room = Math.max(0, HEAD_BYTES - (received - chunk.length))
              if (room > 0) parts.push(decoder.decode(chunk.subarray(0, room), { stream: true }))
              return Effect.fail(new TooLarge(limit, headOf(parts)))
            }
            parts.push(decoder.decode(chunk, { stream: true }))
          }
          return next
        }
      })
      return next
    })
  )
}

const headOf = (parts: ReadonlyArray<string>): string => {
  let head = ""
  for (const part of parts) {
    head += part.slice(0, HEAD_BYTES - head.length)
    if (head.length >= HEAD_BYTES) break
  }
  return head
}
