/**
 * The HTTP client for one panel API (`/api/client` or `/api/application`).
 *
 * It sends the panel's API headers (§6.1), reads the key from `Credentials` once per
 * attempt, paces requests under the panel's rate limit and waits out a 429 on idempotent
 * requests (both on by default), maps every failure into `PanelError`, and, when a tracer is
 * installed, runs each request in a span named for the operation that carries the method and
 * path only.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import type * as Headers from "@effect/platform/Headers"
import type * as HttpClientError from "@effect/platform/HttpClientError"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import type * as HttpMethod from "@effect/platform/HttpMethod"
import type * as Clock from "effect/Clock"
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { identity } from "effect/Function"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as ParseResult from "effect/ParseResult"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as ApiKey from "./ApiKey.js"
import * as Credentials from "./Credentials.js"
import * as ResponseBody from "./internal/body.js"
import * as Failure from "./internal/failure.js"
import * as LeanTransport from "./LeanTransport.js"
import * as Timeout from "./internal/timeout.js"
import { VERSION } from "./internal/version.js"
import * as Pacer from "./Pacer.js"
import * as PanelError from "./PanelError.js"
import * as RateLimit from "./RateLimit.js"

/**
 * Which of the panel's two APIs a client talks to.
 *
 * @since 0.1.0
 * @category models
 */
export type Api = "client" | "application"

/**
 * The vendor `Accept` type Pterodactyl clients conventionally send (the panel's own tests send it
 * in lower case). The panel only needs a JSON type here to answer errors as JSON rather than
 * redirects and HTML pages (§6.1).
 *
 * @since 0.1.0
 * @category constants
 */
export const ACCEPT = "Application/vnd.pterodactyl.v1+json"

/**
 * The default `User-Agent`.
 *
 * @since 0.1.0
 * @category constants
 */
export const USER_AGENT = `ptero-effect/${VERSION} (@ptero-effect/core)`

/**
 * A query parameter value; arrays become `name[]=a&name[]=b`, `undefined` is left out.
 *
 * @since 0.1.0
 * @category models
 */
export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | undefined

/**
 * A request body: JSON, or raw bytes or text with their own content type.
 *
 * @since 0.1.0
 * @category models
 */
export type Body =
  | { readonly _tag: "Json"; readonly value: unknown }
  | { readonly _tag: "Raw"; readonly contentType: string; readonly body: string | Uint8Array }

/**
 * One request to the API, relative to its prefix.
 *
 * @since 0.1.0
 * @category models
 */
export interface Request {
  /** The span name, e.g. `ClientApi.servers.list`. */
  readonly operation: string
  readonly method: HttpMethod.HttpMethod
  /** Below the API prefix, segments already encoded (see `path`); `""` is the prefix itself. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  readonly body?: Body | undefined
  /** Send with this key instead of the credentials' current one, e.g. to verify a new key. */
  readonly key?: ApiKey.ApiKey | undefined
}

/**
 * A successful response, its body read.
 *
 * @since 0.1.0
 * @category models
 */
export interface Response {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  readonly api: Api
  /** The panel's base URL (without the API prefix), never with a trailing slash. */
  readonly baseUrl: string
  readonly credentials: Credentials.Service
  readonly rateLimit: RateLimit.Tracker
  /**
   * The transport without the panel's `Authorization` header, for signed URLs that point at
   * Wings. Its errors are the platform's: callers map them.
   */
  readonly unauthenticated: HttpClient.HttpClient
  /** How long a signed-URL transfer may go without progress (see `Options.transferTimeout`). */
  readonly transferTimeout: Duration.Duration
  /** Sends a request; any non-2xx status is a `PanelError`. */
  readonly send: (request: Request) => Effect.Effect<Response, PanelError.PanelError>
  /** Sends a request and decodes its JSON body; a body that does not decode is `UnexpectedResponse`. */
  readonly json: <A, I>(request: Request, schema: Schema.Schema<A, I, never>) => Effect.Effect<A, PanelError.PanelError>
  /** Sends a request whose success has no body worth reading (204, 202). */
  readonly empty: (request: Request) => Effect.Effect<void, PanelError.PanelError>
}

/**
 * A panel client in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class PanelClient extends Context.Tag("@ptero-effect/core/PanelClient")<PanelClient, Service>() {}

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** The panel's base URL, e.g. `https://panel.example.com` or `https://host/panel`. */
  readonly url: string | URL
  readonly api: Api
  /** A key, or shared `Credentials` (for example to rotate keys). */
  readonly credentials: Credentials.KeyInput | Credentials.Service
  /**
   * When a failed request is sent again. Default `RateLimit.defaultRetryPolicy`: a 429 on an
   * idempotent request waits its `Retry-After` (at most 60 s) and is sent again, up to 3 times;
   * nothing else is retried and a POST never is. `RateLimit.retryPolicy()` also retries 502, 503,
   * 504 and transport failures; `false` retries nothing (a 429 fails at once with `RateLimited`).
   */
  readonly retry?: RateLimit.RetryPolicy | false | undefined
  /**
   * Pacing under the panel's rate limit (see `Pacer`), on unless `false`. `budget` names the
   * budget shared with other clients of the same panel and API (default: the key's identifier;
   * give two keys of one user the same name, since the panel counts per user); `window` is the
   * panel's throttle period (`http.rate_limit.client_period` / `application_period`, default one
   * minute). The pacer is the `Pacer` in context, else the process's `Pacer.global` (on another
   * clock than the live one, such as `TestClock`, one pacer per clock).
   */
  readonly pacer?:
    | false
    | { readonly budget?: string | undefined; readonly window?: Duration.DurationInput | undefined }
    | undefined
  /**
   * How long one attempt may take before it fails with `PanelUnreachable` (`timeout`). Default
   * 30 s. `Duration.infinity` turns the timeout off, which saves the timer and the race it costs
   * on every request (see BENCHMARKS.md).
   */
  readonly timeout?: Duration.DurationInput | undefined
  /**
   * The largest response body accepted from the panel, in bytes; a larger one fails with
   * `UnexpectedResponse` (`reason: "too-large"`) as soon as the limit is passed, and the rest is
   * never read. Default `DEFAULT_MAX_RESPONSE_BYTES` (16 MiB).
   */
  readonly maxResponseBytes?: number | undefined
  /**
   * Signed-URL transfers (file and backup downloads, uploads), which go to Wings: a streamed
   * download fails with `PanelUnreachable` (`timeout`) when no response or no next chunk arrives
   * within this time; `download` and `upload` must finish within it. Default: `timeout`.
   * `Duration.infinity` turns it off.
   */
  readonly transferTimeout?: Duration.DurationInput | undefined
  readonly userAgent?: string | undefined
  /** Applied to the transport, e.g. for logging or a proxy. */
  readonly transformClient?: ((client: HttpClient.HttpClient) => HttpClient.HttpClient) | undefined
  /**
   * Checked before each attempt with the key about to be sent: a returned error fails the request
   * without sending anything (the client API uses it to refuse application keys).
   */
  readonly guard?:
    | ((
        key: ApiKey.ApiKey,
        request: { readonly method: string; readonly path: string }
      ) => PanelError.PanelError | undefined)
    | undefined
}

/**
 * The default `maxResponseBytes`: 16 MiB.
 *
 * The largest answers the panel gives are a page of 100 servers with every include (about 25 kB a
 * server with ten subusers, ten variables and a few allocations: 2.5 MB; the client API caps
 * `per_page` at 100 in `app/Http/Controllers/Api/Client/ClientController.php::index`) and a file's
 * contents, which the panel refuses above `pterodactyl.files.max_edit_size`, 4 MiB by default
 * (`config/pterodactyl.php`, `app/Http/Controllers/Api/Client/Servers/FileController.php::contents`).
 * The default leaves four times the larger of the two. Application API lists take any `per_page`:
 * a caller asking for thousands of objects per page with includes raises the limit.
 *
 * @since 0.1.0
 * @category constants
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024

/**
 * Builds a path from a template, encoding each interpolated value as one path segment.
 *
 * @example
 * ```ts
 * import { PanelClient } from "@ptero-effect/core"
 *
 * PanelClient.path`/servers/${"1a7ce997"}/files/list` // "/servers/1a7ce997/files/list"
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const path = (strings: TemplateStringsArray, ...values: ReadonlyArray<string | number>): string =>
  strings.reduce((out, part, i) => out + part + (i < values.length ? encodeURIComponent(String(values[i])) : ""), "")

/**
 * Validates and normalises a panel base URL.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parseBaseUrl = (input: string | URL): Either.Either<string, PanelError.InvalidPanelConfig> => {
  const fail = (detail: string) => Either.left(new PanelError.InvalidPanelConfig({ option: "url", detail }))
  let url: URL
  try {
    url = new URL(String(input).trim())
  } catch {
    return fail("not an absolute URL; expected something like https://panel.example.com")
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return fail(`unsupported scheme ${url.protocol} (use http or https)`)
  if (url.username !== "" || url.password !== "") return fail("must not contain a user name or password")
  if (url.search !== "" || url.hash !== "") return fail("must not contain a query string or fragment")
  const pathname = url.pathname.replace(/\/+$/, "")
  if (/\/api\/(client|application)$/.test(pathname)) {
    return fail("give the panel's base URL, without /api/client or /api/application")
  }
  return Either.right(`${url.origin}${pathname}`)
}

/**
 * The path prefix of an API, as it appears in the paths of errors.
 *
 * @since 0.1.0
 * @category constants
 */
export const apiPrefix = (api: Api): string => (api === "client" ? "/api/client" : "/api/application")

const appendQuery = (request: HttpClientRequest.HttpClientRequest, query: Request["query"]) => {
  if (query === undefined) return request
  let out = request
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue
    if (Array.isArray(value)) {
      for (const item of value as ReadonlyArray<string | number>)
        out = HttpClientRequest.appendUrlParam(out, `${name}[]`, String(item))
    } else {
      out = HttpClientRequest.appendUrlParam(out, name, String(value))
    }
  }
  return out
}

/**
 * Creates a client. Requires an `HttpClient` (for example `FetchHttpClient.layer`).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PanelClient } from "@ptero-effect/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const panel = yield* PanelClient.make({ url: "https://panel.example.com", api: "client", credentials: "ptlc_…" })
 *   return yield* panel.send({ operation: "account", method: "GET", path: "/account" })
 * }).pipe(Effect.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options
): Effect.Effect<Service, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const baseUrl = yield* parseBaseUrl(options.url)
    const credentials = isCredentials(options.credentials)
      ? options.credentials
      : yield* Credentials.make(options.credentials)
    const timeout = Duration.decode(options.timeout ?? Duration.seconds(30))
    const transferTimeout = Duration.decode(options.transferTimeout ?? timeout)
    const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES
    if (!Number.isSafeInteger(maxResponseBytes) || maxResponseBytes < 0) {
      return yield* Effect.fail(
        new PanelError.InvalidPanelConfig({
          option: "maxResponseBytes",
          detail: "must be a whole number of bytes, 0 or more"
        })
      )
    }
    const rateLimit = RateLimit.makeTracker()
    const transport = yield* HttpClient.HttpClient
    const userAgent = options.userAgent ?? USER_AGENT
    const transform = options.transformClient ?? identity
    const unauthenticated = transform(
      withOwnSpans(transport.pipe(HttpClient.mapRequest(HttpClientRequest.setHeader("user-agent", userAgent))))
    )
    // The panel's requests carry their User-Agent from the start, saving a copy of the request.
    // A lean transport needs neither guard, unless a transform may have replaced what it promised.
    const lean = LeanTransport.isLean(transport) && options.transformClient === undefined
    const panelTransport = lean ? transport : transform(withOwnSpans(transport))
    const prefix = `${baseUrl}${apiPrefix(options.api)}`
    const retry = options.retry === undefined ? RateLimit.defaultRetryPolicy : options.retry
    const clock = yield* Effect.clock
    // Under a test clock the timeout follows that clock, so it stays the general race.
    const deadline = lean ? Timeout.nativeTimerMillis(clock, timeout) : undefined
    const pacerOptions = options.pacer === false ? undefined : (options.pacer ?? {})
    const budget =
      pacerOptions === undefined
        ? undefined
        : Option.getOrElse(yield* Effect.serviceOption(Pacer.Pacer), () => pacerOf(clock)).budget(
            `${baseUrl} ${options.api} ${pacerOptions.budget ?? (yield* credentials.current).identifier}`,
            Duration.decode(pacerOptions.window ?? Pacer.DEFAULT_WINDOW)
          )

    const exchange = (request: Request, key: ApiKey.ApiKey, where: Where) => {
      const headers: Record<string, string> = {
        accept: ACCEPT,
        authorization: `Bearer ${Redacted.value(key.value)}`,
        "user-agent": userAgent
      }
      let outgoing = HttpClientRequest.make(request.method)(prefix + request.path, { headers })
      outgoing = appendQuery(outgoing, request.query)
      if (request.body !== undefined) {
        outgoing =
          request.body._tag === "Json"
            ? HttpClientRequest.bodyUnsafeJson(outgoing, request.body.value)
            : typeof request.body.body === "string"
              ? HttpClientRequest.bodyText(outgoing, request.body.body, request.body.contentType)
              : HttpClientRequest.bodyUint8Array(outgoing, request.body.body, request.body.contentType)
      }
      const unreachable = (error: HttpClientError.HttpClientError) =>
        LeanTransport.isDeadlineExceeded(error.cause)
          ? timedOut()
          : new PanelError.PanelUnreachable({
              ...where,
              reason: "transport",
              cause: Failure.describeCause(error.cause ?? error)
            })
      const timedOut = () =>
        new PanelError.PanelUnreachable({
          ...where,
          reason: "timeout",
          cause: `no response within ${Duration.format(timeout)}`
        })
      if (deadline !== undefined) LeanTransport.setDeadline(outgoing, deadline)
      const exchanged = panelTransport.execute(outgoing).pipe(
        Effect.mapError(unreachable),
        Effect.flatMap((response) =>
          ResponseBody.readText(response, maxResponseBytes).pipe(
            Effect.mapError((error) =>
              error._tag === "TooLarge"
                ? new PanelError.UnexpectedResponse({
                    ...where,
                    status: response.status,
                    reason: "too-large",
                    issue: `the body is larger than ${error.limit} bytes (maxResponseBytes); the rest was not read`,
                    excerpt: Failure.excerpt(error.head, secretsOf(key))
                  })
                : unreachable(error)
            ),
            Effect.map((body): Exchanged => ({ status: response.status, headers: response.headers, body }))
          )
        )
      )
      // A lean transport ends the request at its deadline itself; any other is raced against a timer.
      if (lean)
        return deadline !== undefined || !Duration.isFinite(timeout)
          ? exchanged
          : Timeout.timeoutFail(exchanged, timeout, timedOut)
      const guarded = withManualRedirects(exchanged)
      return Duration.isFinite(timeout) ? Timeout.timeoutFail(guarded, timeout, timedOut) : guarded
    }

    const answer = (response: Exchanged, key: ApiKey.ApiKey, where: Where, ticket: Pacer.Ticket, now: number) => {
      const quota = rateLimit.record(response.headers, now)
      if (budget !== undefined) {
        const retryAfter =
          response.status === 429
            ? Option.getOrUndefined(
                Option.map(RateLimit.retryAfterFromHeaders(response.headers, now), Duration.toMillis)
              )
            : undefined
        budget.observe(ticket, response.status, quota, retryAfter, now)
      }
      if (response.status >= 200 && response.status < 300) return Effect.succeed(response)
      return Effect.fail(
        Failure.fromResponse(response.status, response.headers, response.body, {
          ...where,
          now,
          secrets: secretsOf(key)
        })
      )
    }

    const attempt = (request: Request, where: Where, traced: boolean): Effect.Effect<Response, PanelError.PanelError> =>
      Effect.flatMap(request.key === undefined ? credentials.current : Effect.succeed(request.key), (key) => {
        const refused = options.guard?.(key, where)
        if (refused !== undefined) return Effect.fail(refused)
        const send = (ticket: Pacer.Ticket) =>
          Effect.flatMap(exchange(request, key, where), (response) =>
            Effect.clockWith((clock) => {
              const answered = answer(response, key, where, ticket, clock.unsafeCurrentTimeMillis())
              return traced
                ? Effect.zipRight(Effect.annotateCurrentSpan("http.response.status_code", response.status), answered)
                : answered
            })
          )
        return budget === undefined ? send(-1) : Effect.flatMap(budget.take, send)
      })

    const send = (request: Request): Effect.Effect<Response, PanelError.PanelError> => {
      const where = { method: request.method, path: apiPrefix(options.api) + request.path }
      const run = (traced: boolean) =>
        retry === false
          ? attempt(request, where, traced)
          : RateLimit.withRetry(retry, request.method)(attempt(request, where, traced))
      return Effect.tracerWith((tracer) =>
        // Without a tracer installed, a span would be built and dropped on every request.
        tracer === defaultTracer
          ? run(false)
          : Effect.withSpan(run(true), request.operation, {
              // A stack trace per request costs an Error allocation on the hot path; the operation
              // name already says where the span comes from.
              captureStackTrace: false,
              kind: "client",
              attributes: { "http.request.method": request.method, "url.path": where.path }
            })
      )
    }

    const json = <A, I>(request: Request, schema: Schema.Schema<A, I, never>) => {
      const decode = decoderOf(schema)
      return Effect.flatMap(send(request), (response) => {
        const unexpected = (issue: string) =>
          Effect.fail(
            new PanelError.UnexpectedResponse({
              method: request.method,
              path: apiPrefix(options.api) + request.path,
              status: response.status,
              issue: Failure.issueLine(issue, []),
              excerpt: Failure.excerpt(response.body, [])
            })
          )
        let body: unknown
        try {
          body = JSON.parse(response.body)
        } catch {
          // The parser's message quotes the body, which may hold a secret: say only what went wrong.
          return unexpected(
            response.body.trim() === "" ? "empty body where JSON was expected" : "body is not valid JSON"
          )
        }
        return Either.match(decode(body), {
          onRight: Effect.succeed,
          onLeft: (error) => unexpected(describeParseError(error))
        })
      })
    }

    return {
      api: options.api,
      baseUrl,
      credentials,
      rateLimit,
      unauthenticated,
      transferTimeout,
      send,
      json,
      empty: (request) => Effect.asVoid(send(request))
    } satisfies Service
  })

interface Exchanged extends Response {
  readonly headers: Headers.Headers
}

interface Where {
  readonly method: string
  readonly path: string
}

// The tracer every runtime has unless a program installs one (OpenTelemetry, a test tracer).
const defaultTracer = Effect.runSync(Effect.tracer)

// One decoder per schema, built on its first use rather than on every request.
const decoders = new WeakMap<Schema.Schema.Any, (u: unknown) => Either.Either<any, ParseResult.ParseError>>()
const decoderOf = <A, I>(
  schema: Schema.Schema<A, I, never>
): ((u: unknown) => Either.Either<A, ParseResult.ParseError>) => {
  let decode = decoders.get(schema)
  if (decode === undefined) {
    decode = Schema.decodeUnknownEither(schema)
    decoders.set(schema, decode)
  }
  return decode
}

// A test clock is a timeline of its own: the clients under it share budgets with each other,
// not with the process's clients on the live clock.
const testPacers = new WeakMap<Clock.Clock, Pacer.Service>()
const pacerOf = (clock: Clock.Clock): Pacer.Service => {
  if (clock === Timeout.liveClock) return Pacer.global
  let pacer = testPacers.get(clock)
  if (pacer === undefined) {
    pacer = Pacer.make()
    testPacers.set(clock, pacer)
  }
  return pacer
}

// Our own span replaces the platform's, whose attributes include the full URL and headers.
const withOwnSpans = (client: HttpClient.HttpClient) => HttpClient.withTracerDisabledWhen(client, () => true)

// The key sent, whole and as its secret part: never shown in an error.
const secretsOf = (key: ApiKey.ApiKey): ReadonlyArray<string> => {
  const secret = Redacted.value(key.value)
  return [secret, secret.slice(ApiKey.IDENTIFIER_LENGTH)]
}

const isCredentials = (u: Credentials.KeyInput | Credentials.Service): u is Credentials.Service =>
  typeof u === "object" && "current" in u && "rotate" in u

// Node's fetch follows redirects unless told not to; the panel's 302 to /auth/login must be seen.
const withManualRedirects = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
  Effect.flatMap(Effect.serviceOption(FetchHttpClient.RequestInit), (init) =>
    Effect.provideService(effect, FetchHttpClient.RequestInit, {
      ...Option.getOrElse(init, () => ({})),
      redirect: "manual"
    })
  )

/**
 * A one-line account of why a body did not decode, naming the path of the first bad field.
 *
 * @since 0.1.0
 * @category errors
 */
export const describeParseError = (error: ParseResult.ParseError): string => {
  const issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  const first = issues[0]
  if (first === undefined) return "body did not decode"
  const at = first.path.length === 0 ? "body" : first.path.map(String).join(".")
  return `${at}: ${first.message}`
}

/**
 * `make` as a Layer of the `PanelClient` service.
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PanelClient, RateLimit } from "@ptero-effect/core"
 * import { Layer } from "effect"
 *
 * const PanelLive = PanelClient.layer({
 *   url: "https://panel.example.com",
 *   api: "application",
 *   credentials: "ptla_…",
 *   retry: RateLimit.retryPolicy()
 * }).pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<PanelClient, PanelError.InvalidPanelConfig | ApiKey.MalformedApiKey, HttpClient.HttpClient> =>
  Layer.effect(PanelClient, make(options))

/**
 * The environment variable holding the key for an API.
 *
 * @since 0.1.0
 * @category config
 */
export const keyVariable = (api: Api) => (api === "client" ? "PTERODACTYL_CLIENT_KEY" : "PTERODACTYL_APPLICATION_KEY")

/**
 * The panel URL from configuration (`PTERODACTYL_URL` by default), validated; the error names the
 * variable and the problem, never the value.
 *
 * @since 0.1.0
 * @category config
 */
export const urlConfig = (name = "PTERODACTYL_URL"): Config.Config<string> =>
  // Config.string, not Config.redacted: a redacted config also hides its "missing" message, and
  // the errors below never carry the value anyway.
  Config.string(name).pipe(
    Config.mapOrFail((value) =>
      Either.mapLeft(parseBaseUrl(value), (error) => ConfigError.InvalidData([name], error.message))
    )
  )

/**
 * Options read from configuration: `PTERODACTYL_URL` and `PTERODACTYL_CLIENT_KEY` or
 * `PTERODACTYL_APPLICATION_KEY`, unless other configs are given.
 *
 * @since 0.1.0
 * @category config
 */
export const optionsConfig = (
  api: Api,
  overrides: { readonly url?: Config.Config<string>; readonly key?: Config.Config<ApiKey.ApiKey> } = {}
): Config.Config<Pick<Options, "url" | "api" | "credentials">> =>
  Config.map(
    Config.all({ url: overrides.url ?? urlConfig(), key: overrides.key ?? ApiKey.config(keyVariable(api)) }),
    ({ key, url }) => ({ api, url, credentials: key })
  )

/**
 * A client configured from the environment (see `optionsConfig`).
 *
 * @example
 * ```ts
 * import { FetchHttpClient } from "@effect/platform"
 * import { PanelClient } from "@ptero-effect/core"
 * import { Layer } from "effect"
 *
 * // PTERODACTYL_URL and PTERODACTYL_CLIENT_KEY from the environment:
 * const PanelLive = PanelClient.layerConfig({ api: "client" }).pipe(Layer.provide(FetchHttpClient.layer))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (
  options: Omit<Options, "url" | "credentials"> & {
    readonly url?: Config.Config<string>
    readonly key?: Config.Config<ApiKey.ApiKey>
  }
): Layer.Layer<PanelClient, ConfigError.ConfigError, HttpClient.HttpClient> =>
  Layer.effect(
    PanelClient,
    Effect.flatMap(
      optionsConfig(options.api, {
        ...(options.url ? { url: options.url } : {}),
        ...(options.key ? { key: options.key } : {})
      }),
      // The config already validated the URL and parsed the key, so make cannot fail here.
      (config) => Effect.orDie(make({ ...options, ...config }))
    )
  )
