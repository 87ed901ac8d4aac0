/**
 * Transfers through the signed URLs the panel hands out (file download and upload, backup
 * download). They point at Wings and carry their own token, so they go through the transport
 * WITHOUT the panel's `Authorization` header, and bodies are bytes, never text. Platform errors
 * are mapped into the library's own failures here.
 *
 * The client's `transferTimeout` bounds every transfer: a streamed download must get its response
 * and each next chunk in time, a streamed upload must make progress (a chunk taken by the
 * transport, then the response) in time, and `download` and an upload of bytes must finish in
 * time. A Wings that stalls or drips a byte at a time cannot hold a call forever.
 */
import * as HttpBody from "@effect/platform/HttpBody"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpClientResponse from "@effect/platform/HttpClientResponse"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"

/** What a signed-URL transfer can fail with. */
export type TransferError = PanelError.PanelUnreachable | PanelError.PanelServerError | PanelError.UnexpectedResponse

/** The URL without its query string, which holds the token. */
const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname
  } catch {
    return "<invalid signed URL>"
  }
}

const describe = (error: HttpClientError.HttpClientError): string => {
  const cause = error.cause
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return typeof code === "string" ? code : cause.name === "Error" ? cause.message.slice(0, 120) : cause.name
  }
  return error.reason
}

const unreachable = (method: string, url: string) => (error: HttpClientError.HttpClientError) =>
  new PanelError.PanelUnreachable({ method, path: pathOf(url), reason: "transport", cause: describe(error) })

const timedOut = (method: string, url: string, timeout: Duration.Duration, what: string) => () =>
  new PanelError.PanelUnreachable({
    method,
    path: pathOf(url),
    reason: "timeout",
    cause: `${what} within ${Duration.format(timeout)} (transferTimeout)`
  })

/** The whole of `effect` within the client's `transferTimeout`. */
const within = <A, E>(
  panel: PanelClient.Service,
  method: string,
  url: string,
  what: string,
  effect: Effect.Effect<A, E>
): Effect.Effect<A, E | PanelError.PanelUnreachable> =>
  Duration.isFinite(panel.transferTimeout)
    ? Effect.timeoutFail(effect, {
        duration: panel.transferTimeout,
        onTimeout: timedOut(method, url, panel.transferTimeout, what)
      })
    : effect

/**
 * Runs `body`, failing when it goes `transferTimeout` without calling the `progress` it is given:
 * for work whose length depends on the data (a streamed upload), where only a stall is an error.
 */
const withoutStalling = <A, E>(
  panel: PanelClient.Service,
  method: string,
  url: string,
  body: (progress: Effect.Effect<void>) => Effect.Effect<A, E>
): Effect.Effect<A, E | PanelError.PanelUnreachable> => {
  const timeout = panel.transferTimeout
  if (!Duration.isFinite(timeout)) return body(Effect.void)
  const limit = Duration.toMillis(timeout)
  return Effect.flatMap(Clock.currentTimeMillis, (start) => {
    let last = start
    const progress = Effect.map(Clock.currentTimeMillis, (now) => {
      last = now
    })
    const watchdog: Effect.Effect<never, PanelError.PanelUnreachable> = Effect.flatMap(
      Clock.currentTimeMillis,
      (now) =>
        now - last >= limit
          ? Effect.fail(timedOut(method, url, timeout, "no progress")())
          : Effect.zipRight(Effect.sleep(Duration.millis(last + limit - now)), watchdog)
    )
    return Effect.raceFirst(body(progress), watchdog)
  })
}

const excerpt = (body: string): string => {
  const text = body.replace(/\s+/g, " ").trim()
  return text.length > 200 ? `${text.slice(0, 200)}…` : text
}

/** Wings answers errors as `{"error": "…"}`; the message, or the start of whatever it sent. */
const wingsDetail = (body: string): string => {
  try {
    const parsed: unknown = JSON.parse(body)
    if (typeof parsed === "object" && parsed !== null && "error" in parsed && typeof parsed.error === "string") {
      return parsed.error
    }
  } catch {
    // not JSON
  }
  return excerpt(body)
}

// Enough of an error body for its message; the rest is not read.
const REFUSAL_CHARACTERS = 4096

/** The start of an error body: reading stops once enough has arrived, however much more follows. */
const refusalText = (response: HttpClientResponse.HttpClientResponse): Effect.Effect<string> =>
  response.stream.pipe(
    Stream.decodeText(),
    Stream.runFoldWhile(
      "",
      (text) => text.length < REFUSAL_CHARACTERS,
      (text, chunk) => text + chunk
    ),
    Effect.map((text) => text.slice(0, REFUSAL_CHARACTERS)),
    Effect.orElseSucceed(() => "")
  )

/** A non-2xx answer from Wings: 5xx → `PanelServerError`, anything else → `UnexpectedResponse`. */
const refusal = (method: string, url: string, response: HttpClientResponse.HttpClientResponse) =>
  Effect.flatMap(refusalText(response), (body): Effect.Effect<never, TransferError> => {
    const where = { method, path: pathOf(url), status: response.status }
    const detail = wingsDetail(body)
    if (response.status >= 500) {
      return Effect.fail(
        new PanelError.PanelServerError({
          ...where,
          code: "WingsError",
          detail,
          errors: [new PanelError.ErrorEntry({ code: "WingsError", status: String(response.status), detail })]
        })
      )
    }
    return Effect.fail(
      new PanelError.UnexpectedResponse({
        ...where,
        issue: `the signed URL was refused with status ${response.status} (it may have expired or been used)`,
        excerpt: excerpt(body)
      })
    )
  })

const ok = (response: HttpClientResponse.HttpClientResponse) => response.status >= 200 && response.status < 300

/** Downloads a signed URL into memory, as bytes, within `transferTimeout`. */
export const downloadBytes = (panel: PanelClient.Service, url: string): Effect.Effect<Uint8Array, TransferError> =>
  within(
    panel,
    "GET",
    url,
    "download not complete",
    Effect.flatMap(
      Effect.mapError(panel.unauthenticated.execute(HttpClientRequest.get(url)), unreachable("GET", url)),
      (response) =>
        ok(response)
          ? Effect.map(
              Effect.mapError(response.arrayBuffer, unreachable("GET", url)),
              (buffer) => new Uint8Array(buffer)
            )
          : refusal("GET", url, response)
    )
  )

/**
 * Streams a signed URL's body, one chunk at a time, without holding it all in memory. The response
 * and each next chunk must arrive within `transferTimeout`; a slow consumer does not count.
 */
export const downloadStream = (panel: PanelClient.Service, url: string): Stream.Stream<Uint8Array, TransferError> =>
  Stream.unwrap(
    Effect.flatMap(
      within(
        panel,
        "GET",
        url,
        "no response",
        Effect.mapError(panel.unauthenticated.execute(HttpClientRequest.get(url)), unreachable("GET", url))
      ),
      (response) => {
        if (!ok(response)) return within(panel, "GET", url, "no error body", refusal("GET", url, response))
        const body = Stream.mapError(response.stream, unreachable("GET", url))
        return Effect.succeed(
          Duration.isFinite(panel.transferTimeout)
            ? Stream.timeoutFail(
                body,
                timedOut("GET", url, panel.transferTimeout, "no next chunk"),
                panel.transferTimeout
              )
            : body
        )
      }
    )
  )

/** What `upload` sends: a file name and its content, as bytes or a stream of chunks. */
export interface UploadInput<E> {
  readonly name: string
  readonly data: Uint8Array | string | Stream.Stream<Uint8Array, E>
  /** The directory on the server to upload into; Wings' default is the root. */
  readonly directory?: string | undefined
}

const encoder = new TextEncoder()

const escapeName = (name: string) => name.replace(/[\r\n"\\]/g, (c) => `%${c.charCodeAt(0).toString(16)}`)

/**
 * Uploads one file to a signed upload URL as `multipart/form-data` with the field `files`, the
 * form Wings reads. The multipart body is written here so a stream can be sent without buffering.
 * If the caller's stream fails, that failure is returned, typed, instead of a transport error.
 */
export const upload = <E>(
  panel: PanelClient.Service,
  signedUrl: string,
  input: UploadInput<E>
): Effect.Effect<void, TransferError | E> =>
  Effect.gen(function* () {
    const target = new URL(signedUrl)
    if (input.directory !== undefined) target.searchParams.set("directory", input.directory)
    const url = target.toString()
    const boundary = `----ptero-effect-${crypto.randomUUID()}`
    const head = encoder.encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${escapeName(input.name)}"\r\n` +
        "Content-Type: application/octet-stream\r\n\r\n"
    )
    const tail = encoder.encode(`\r\n--${boundary}--\r\n`)
    const contentType = `multipart/form-data; boundary=${boundary}`
    const streamFailure = yield* Ref.make(Option.none<E>())
    const send = (body: HttpBody.HttpBody) =>
      Effect.flatMap(
        Effect.catchAll(
          panel.unauthenticated.execute(HttpClientRequest.post(url).pipe(HttpClientRequest.setBody(body))),
          (error) =>
            Effect.flatMap(
              Ref.get(streamFailure),
              Option.match({
                onNone: () => Effect.fail<TransferError | E>(unreachable("POST", url)(error)),
                onSome: (failure) => Effect.fail<TransferError | E>(failure)
              })
            )
        ),
        (response) => (ok(response) ? Effect.void : refusal("POST", url, response))
      )
    if (typeof input.data === "string" || input.data instanceof Uint8Array) {
      const data = typeof input.data === "string" ? encoder.encode(input.data) : input.data
      const bytes = new Uint8Array(head.length + data.length + tail.length)
      bytes.set(head, 0)
      bytes.set(data, head.length)
      bytes.set(tail, head.length + data.length)
      return yield* within(panel, "POST", url, "upload not complete", send(HttpBody.uint8Array(bytes, contentType)))
    }
    const stream = input.data
    return yield* withoutStalling(panel, "POST", url, (progress) => {
      const data = stream.pipe(
        Stream.tap(() => progress),
        Stream.tapError((error) => Ref.set(streamFailure, Option.some(error)))
      )
      return send(
        HttpBody.stream(
          Stream.concat(Stream.make(head), Stream.concat(data, Stream.make(tail))) as Stream.Stream<
            Uint8Array,
            unknown
          >,
          contentType
        )
      )
    })
  })
