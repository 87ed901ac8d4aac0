/**
 * The method the router sees for a POST: `Illuminate/Http/Request.php::capture` turns on
 * symfony's method override, so `Request::getMethod()` (symfony/http-foundation v6.2.6) answers a
 * POST with its `X-HTTP-Method-Override` header or else its `_method` input. `HandleCors` asks for
 * the method first, before `TrimStrings`, so `_method` is read as sent (§6.2).
 *
 * @since 0.1.0
 */
import * as Failure from "./Failure.js"
import { formSource, isJsonContentType } from "../laravel/Input.js"
import { jsonError } from "../laravel/Json.js"
import { parseQuery } from "../laravel/QueryString.js"

// `Request::getMethod`'s list of methods taken as they are; any other must be letters only.
const KNOWN = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "PATCH", "PURGE", "TRACE"]

// `InputBag::get` on a value that is an array: symfony's `BadRequestException`, which Laravel
// 10.1.4's handler does not map, so the panel renders it as a 500 named for the class.
const nonScalar = (): Failure.PanelFailure => Failure.unexpected("BadRequestException")

/**
 * The request's own input that `getMethod()` reads: PHP's `$_POST` for a form POST, the decoded
 * JSON body for a JSON one (`Request::createFromBase` puts `json()` in the request bag), else
 * nothing.
 *
 * @since 0.1.0
 * @category models
 */
export interface Input {
  readonly contentType: string | undefined
  readonly body: Uint8Array
  readonly queryString: string
  readonly overrideHeader: string | undefined
}

const bodyMethod = (input: Input): { readonly value: unknown } | undefined => {
  if (isJsonContentType(input.contentType)) {
    if (input.body.length === 0) return undefined
    const parsed = jsonError(input.body)
    // Malformed JSON decodes to null, an empty bag. `json()` is a plain ParameterBag: any value
    // type comes back as it is.
    if (!("value" in parsed) || typeof parsed.value !== "object" || parsed.value === null) return undefined
    const bag = parsed.value as Record<string, unknown>
    return Object.hasOwn(bag, "_method") ? { value: bag._method } : undefined
  }
  if (formSource("POST", input.contentType) !== "post") return undefined
  const form = parseQuery(Buffer.from(input.body).toString("latin1"), "post")
  if (!Object.hasOwn(form, "_method")) return undefined
  if (typeof form._method === "object" && form._method !== null) return { value: nonScalar() }
  return { value: form._method }
}

/**
 * `Request::getMethod()` for a request whose real method is POST: the effective method, or the
 * failure the panel answers with (`SuspiciousOperationException` for an override that is not
 * letters only, which Laravel's handler turns into a 404 `Bad hostname provided.`).
 *
 * @since 0.1.0
 * @category resolving
 */
export const resolve = (input: Input): string | Failure.PanelFailure => {
  let method: unknown = input.overrideHeader
  if (method === undefined || method === "") {
    // `$this->request->get('_method', $this->query->get('_method', 'POST'))`: PHP evaluates the
    // query's value first, so an array there fails even when the body has `_method`.
    const query = parseQuery(input.queryString)
    const fromQuery = Object.hasOwn(query, "_method") ? query._method : "POST"
    if (typeof fromQuery === "object" && fromQuery !== null) return nonScalar()
    const fromBody = bodyMethod(input)
    method = fromBody === undefined ? fromQuery : fromBody.value
  }
  if (method instanceof Failure.PanelFailure) return method
  if (typeof method !== "string") return "POST"
  const upper = method.toUpperCase()
  if (KNOWN.includes(upper) || /^[A-Z]+$/.test(upper)) return upper
  return Failure.notFound("Bad hostname provided.")
}
