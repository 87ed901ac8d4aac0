/**
 * The small parts of PHP and Laravel behaviour the wire format depends on: `json_encode`
 * flavours (§7.1), nested query strings (`filter[name]=x`), `http_build_query` for pagination
 * links, and the global input normalisation of §6.3.
 *
 * @internal
 */

/** @internal */
export type InputValue = string | null | boolean | number | InputArray | InputObject
/** @internal */
export interface InputObject {
  [key: string]: InputValue
}
/** @internal */
export type InputArray = Array<InputValue>

const escapeNonAscii = (json: string): string =>
  json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

/**
 * `json_encode` with default flags, as success bodies and compact error bodies are written:
 * slashes escaped as `\/`, non-ASCII as `\uXXXX`.
 *
 * @internal
 */
export const encodeCompact = (value: unknown): string => escapeNonAscii(JSON.stringify(value)).replaceAll("/", "\\/")

/**
 * `JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES`, used by the framework's generic exception
 * renderer (§7.1): four-space indentation, slashes left alone.
 *
 * @internal
 */
export const encodePretty = (value: unknown): string => escapeNonAscii(JSON.stringify(value, null, 4))

const decodeComponent = (text: string): string => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "))
  } catch {
    // PHP keeps undecodable sequences as they are instead of failing.
    return text.replaceAll("+", " ")
  }
}

/**
 * Parses a query string or form body the way PHP builds `$_GET`: `a[b]=1` nests, `a[]=1`
 * appends, a later duplicate wins.
 *
 * @internal
 */
export const parseQuery = (raw: string): InputObject => {
  const out: InputObject = Object.create(null)
  for (const pair of raw.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    const rawKey = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
    const value = decodeComponent(eq === -1 ? "" : pair.slice(eq + 1))
    const bracket = rawKey.indexOf("[")
    const base = bracket > 0 ? rawKey.slice(0, bracket) : rawKey
    if (base === "") continue
    const path: Array<string> = []
    if (bracket > 0) {
      const re = /\[([^\]]*)\]/y
      re.lastIndex = bracket
      let m: RegExpExecArray | null = re.exec(rawKey)
      while (m !== null) {
        path.push(m[1] ?? "")
        m = re.exec(rawKey)
      }
    }
    let target: InputObject = out
    let key = base
    for (const segment of path) {
      let next = target[key]
      if (typeof next !== "object" || next === null) {
        next = Object.create(null) as InputObject
        target[key] = next
      }
      const container = next as InputObject
      key = segment === "" ? String(Object.keys(container).length) : segment
      target = container
    }
    target[key] = value
  }
  return out
}

/**
 * RFC 3986 encoding as PHP's `rawurlencode` does it.
 *
 * @internal
 */
export const rawUrlEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * `http_build_query(..., PHP_QUERY_RFC3986)`: nested keys as `a%5Bb%5D`, nulls skipped.
 *
 * @internal
 */
export const buildQuery = (input: InputObject): string => {
  const parts: Array<string> = []
  const walk = (prefix: string, value: InputValue | undefined): void => {
    if (value === null || value === undefined) return
    if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(`${prefix}[${k}]`, v)
      return
    }
    const text = typeof value === "boolean" ? (value ? "1" : "0") : String(value)
    parts.push(`${rawUrlEncode(prefix)}=${rawUrlEncode(text)}`)
  }
  for (const [k, v] of Object.entries(input)) walk(k, v)
  return parts.join("&")
}

/**
 * `TrimStrings` then `ConvertEmptyStringsToNull` (§6.3), recursively. Fields named `password`
 * and `password_confirmation` are not trimmed.
 *
 * @internal
 */
export const normalizeInput = (value: unknown, key?: string): InputValue => {
  if (typeof value === "string") {
    const trimmed = key === "password" || key === "password_confirmation" ? value : value.trim()
    return trimmed === "" ? null : trimmed
  }
  if (Array.isArray(value)) return value.map((v) => normalizeInput(v))
  if (typeof value === "object" && value !== null) {
    const out: InputObject = Object.create(null)
    for (const [k, v] of Object.entries(value)) out[k] = normalizeInput(v, k)
    return out
  }
  if (typeof value === "number" || typeof value === "boolean" || value === null) return value
  return null
}

/**
 * Whether a `Content-Type` makes Laravel treat the body as JSON: contains `/json` or `+json`,
 * case-sensitively (§6.2).
 *
 * @internal
 */
export const isJsonContentType = (contentType: string | undefined): boolean =>
  contentType !== undefined && (contentType.includes("/json") || contentType.includes("+json"))

/**
 * `json_decode` failure text for a body, or `undefined` when it parses (§2.4 row 6).
 *
 * @internal
 */
export const jsonError = (bytes: Uint8Array): { readonly message: string } | { readonly value: unknown } => {
  let text: string
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes)
  } catch {
    return { message: "Malformed UTF-8 characters, possibly incorrectly encoded" }
  }
  if (
    /\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])/.test(text) ||
    /(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F]/.test(text)
  ) {
    return { message: "Single unpaired UTF-16 surrogate in unicode escape" }
  }
  try {
    const value: unknown = JSON.parse(text)
    if (depth(value) > 512) return { message: "Maximum stack depth exceeded" }
    return { value }
  } catch {
    return { message: "Syntax error" }
  }
}

const depth = (value: unknown): number => {
  let max = 0
  let frontier: Array<unknown> = [value]
  while (frontier.length > 0 && max <= 513) {
    const next: Array<unknown> = []
    for (const v of frontier) {
      if (typeof v === "object" && v !== null) next.push(...Object.values(v))
    }
    if (next.length === 0 && !frontier.some((v) => typeof v === "object" && v !== null)) break
    max++
    frontier = next
  }
  return max
}
