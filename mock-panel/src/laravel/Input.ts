/**
 * Request input as Laravel hands it to a controller: the value types, the global
 * normalisation of §6.3 (`TrimStrings`, `ConvertEmptyStringsToNull`), which bodies count as
 * JSON (§6.2), `data_get`, and the casts PHP applies when a controller reads a value.
 *
 * @since 0.1.0
 */

/**
 * A normalised input value.
 *
 * @since 0.1.0
 * @category models
 */
export type InputValue = string | null | boolean | number | InputArray | InputObject
/**
 * A PHP array with string keys.
 *
 * @since 0.1.0
 * @category models
 */
export interface InputObject {
  [key: string]: InputValue
}
/**
 * A PHP list.
 *
 * @since 0.1.0
 * @category models
 */
export type InputArray = Array<InputValue>

// `TrimStrings::transform`'s `~^[\s\x{FEFF}\x{200B}]+|[\s\x{FEFF}\x{200B}]+$~u`. PHP compiles `/u`
// with PCRE2_UCP, so `\s` is PCRE2's space: Unicode Z, the horizontal spaces (U+180E among
// them) and the vertical ones (U+0085 among them). JavaScript's `\s` lacks U+0085 and U+180E and
// adds U+FEFF, which the pattern names anyway.
const TRIMMED = /^[\s\u0085\u180E\uFEFF\u200B]+|[\s\u0085\u180E\uFEFF\u200B]+$/gu

/**
 * `TrimStrings` then `ConvertEmptyStringsToNull` (§6.3), recursively. `TrimStrings` cuts
 * white space, U+FEFF and U+200B from both ends, except for the top-level `password` and
 * `password_confirmation` (it compares the whole dotted key, `app/Http/Middleware/TrimStrings.php`),
 * and not at all when `trim` is false (the files routes, `FILE_PATH_REGEX`).
 *
 * @since 0.1.0
 * @category normalisation
 */
export const normalizeInput = (value: unknown, trim = true, key?: string): InputValue => {
  if (typeof value === "string") {
    const trimmed = !trim || key === "password" || key === "password_confirmation" ? value : value.replace(TRIMMED, "")
    return trimmed === "" ? null : trimmed
  }
  const child = (k: string | number) => (key === undefined ? String(k) : `${key}.${k}`)
  if (Array.isArray(value)) return value.map((v, i) => normalizeInput(v, trim, child(i)))
  if (typeof value === "object" && value !== null) {
    const out: InputObject = Object.create(null)
    for (const [k, v] of Object.entries(value)) out[k] = normalizeInput(v, trim, child(k))
    return out
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value
  return null
}

// `app/Providers/RouteServiceProvider.php::FILE_PATH_REGEX`, which `boot` hands to
// `TrimStrings::skipWhen`, matched against the undecoded `getPathInfo()`.
const FILE_PATH_REGEX = /^\/api\/client\/servers\/([a-z0-9-]{36})\/files(\/?$|\/(.)*$)/i

/**
 * Whether `TrimStrings` runs for a request path (undecoded, as sent): not for the files routes of
 * a server addressed by a 36-character UUID (§6.3).
 *
 * @since 0.1.0
 * @category normalisation
 */
export const trimsStrings = (pathInfo: string): boolean => !FILE_PATH_REGEX.test(pathInfo)

/**
 * Whether a `Content-Type` makes Laravel treat the body as JSON: contains `/json` or `+json`,
 * case-sensitively (§6.2).
 *
 * @since 0.1.0
 * @category normalisation
 */
export const isJsonContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && (contentType.includes("/json") || contentType.includes("+json"))

/**
 * Which body PHP and symfony read as form fields (`InteractsWithInput::getInputSource`): PHP fills
 * `$_POST` for a POST whose lower-cased type, up to `;`, `,` or a space, is the form type
 * (`main/SAPI.c::sapi_read_post_data`); symfony parses a PUT, PATCH or DELETE body whose type starts
 * with it, case-sensitively, into the same bag (`Request::createFromGlobals`, read like `$_GET`);
 * GET and HEAD read the query string only.
 *
 * @since 0.1.0
 * @category normalisation
 */
export const formSource = (method: string, contentType: string | undefined): "post" | "query" | undefined => {
  const type = contentType ?? ""
  if (method === "POST") {
    return type.split(/[;, ]/, 1)[0]!.toLowerCase() === "application/x-www-form-urlencoded" ? "post" : undefined
  }
  return ["PUT", "PATCH", "DELETE"].includes(method) && type.startsWith("application/x-www-form-urlencoded")
    ? "query"
    : undefined
}

/**
 * `data_get`: the value at a dotted path, `undefined` when a segment is missing or not an array.
 *
 * @since 0.1.0
 * @category reading
 */
export const dataGet = (data: unknown, path: string): unknown => {
  let current: unknown = data
  for (const segment of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

/**
 * PHP's `(string)` of a scalar (`true` is `"1"`, `false` and `null` are `""`, an array is `"Array"`).
 *
 * @since 0.1.0
 * @category casts
 */
export const phpString = (v: unknown): string => {
  if (typeof v === "boolean") return v ? "1" : ""
  if (v === null || v === undefined) return ""
  if (typeof v === "number") return String(v)
  if (typeof v === "string") return v
  return "Array"
}

/**
 * PHP's `(bool)` cast of an input value.
 *
 * @since 0.1.0
 * @category casts
 */
export const bool = (value: InputValue | undefined): boolean => {
  if (value === undefined || value === null) return false
  if (typeof value === "boolean") return value
  if (typeof value === "number") return value !== 0
  if (typeof value === "string") return value !== "" && value !== "0"
  return Object.keys(value).length > 0
}

/**
 * An input value as text, or `undefined` when it is not a scalar.
 *
 * @since 0.1.0
 * @category casts
 */
export const text = (value: InputValue | undefined): string | undefined =>
  typeof value === "string"
    ? value
    : typeof value === "number"
      ? String(value)
      : typeof value === "boolean"
        ? value
          ? "1"
          : ""
        : undefined

/**
 * A value a rule accepted as an integer, as a number.
 *
 * @since 0.1.0
 * @category casts
 */
export const toInt = (value: unknown): number =>
  typeof value === "boolean"
    ? value
      ? 1
      : 0
    : typeof value === "number"
      ? Math.trunc(value)
      : Number.parseInt(String(value), 10) || 0

/**
 * A value a rule accepted as numeric, as a number.
 *
 * @since 0.1.0
 * @category casts
 */
export const toNumber = (value: unknown): number =>
  typeof value === "number" ? value : Number(String(value).trim()) || 0

/**
 * A value a rule accepted as boolean.
 *
 * @since 0.1.0
 * @category casts
 */
export const toBool = (value: unknown): boolean => value === true || value === 1 || value === "1"
