/**
 * Query strings as PHP reads and writes them: `parse_str` for `$_GET` and form bodies
 * (`filter[name]=x` nests, §6.3), within PHP's input limits, and `http_build_query` for
 * pagination links (§7.1).
 *
 * @since 0.1.0
 */
import type { InputObject, InputValue } from "./Input.js"

/**
 * One `urldecode`d component: `+` as a space, and undecodable sequences kept as they are (PHP
 * does not fail on them).
 *
 * @since 0.1.0
 * @category parsing
 */
export const decodeComponent = (text: string): string => {
  try {
    return decodeURIComponent(text.replaceAll("+", " "))
  } catch {
    // PHP keeps undecodable sequences as they are instead of failing.
    return text.replaceAll("+", " ")
  }
}

/**
 * How many levels of brackets PHP follows in an input name (`max_input_nesting_level`, default
 * 64); a deeper name drops the whole variable, earlier values of it included
 * (`main/php_variables.c::php_register_variable_ex`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const MAX_INPUT_NESTING_LEVEL = 64

/**
 * How many input variables PHP reads from one query string or body (`max_input_vars`, default
 * 1000); the rest are dropped with a warning, not refused (`main/php_variables.c`).
 *
 * @since 0.1.0
 * @category parsing
 */
export const MAX_INPUT_VARS = 1000

/**
 * Where the input comes from, which decides how PHP counts it against `max_input_vars`:
 * `query` (`$_GET`, and `parse_str` of a PUT/PATCH/DELETE form body as Symfony reads it) skips
 * empty pairs and stops before the 1001st; `post` (`$_POST`) counts every pair, empty ones too,
 * and stops after registering the 1001st (`add_post_vars` checks after `add_post_var`).
 *
 * @since 0.1.0
 * @category parsing
 */
export type InputSource = "query" | "post"

// PHP's next free index of an array: one past the largest integer key so far.
const INTEGER_KEY = /^(?:0|[1-9][0-9]{0,14})$/

/**
 * Parses a query string or form body the way PHP builds `$_GET` / `$_POST`: `a[b]=1` nests,
 * `a[]=1` appends after the largest integer key, a later duplicate wins, at most
 * `MAX_INPUT_VARS` pairs are read and a name nested deeper than `MAX_INPUT_NESTING_LEVEL` drops its
 * variable. Linear in the input: it stops reading at the pair limit and never recurses.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parseQuery = (raw: string, source: InputSource = "query"): InputObject => {
  const out: InputObject = Object.create(null)
  const nextIndex = new Map<InputObject, number>()
  const place = (container: InputObject, segment: string): string => {
    const next = nextIndex.get(container) ?? 0
    if (segment === "") {
      nextIndex.set(container, next + 1)
      return String(next)
    }
    if (INTEGER_KEY.test(segment) && Number(segment) >= next) nextIndex.set(container, Number(segment) + 1)
    return segment
  }
  let count = 0
  let start = 0
  while (start <= raw.length) {
    let end = raw.indexOf("&", start)
    if (end === -1) end = raw.length
    const pair = raw.slice(start, end)
    start = end + 1
    if (pair === "" && source === "query") {
      if (end === raw.length) break
      continue
    }
    if (source === "query" && ++count > MAX_INPUT_VARS) break
    register(out, pair, place)
    if (source === "post" && ++count > MAX_INPUT_VARS) break
    if (end === raw.length) break
  }
  return out
}

const register = (out: InputObject, pair: string, place: (container: InputObject, segment: string) => string) => {
  const eq = pair.indexOf("=")
  const rawKey = decodeComponent(eq === -1 ? pair : pair.slice(0, eq))
  const value = decodeComponent(eq === -1 ? "" : pair.slice(eq + 1))
  const bracket = rawKey.indexOf("[")
  const base = bracket > 0 ? rawKey.slice(0, bracket) : rawKey
  if (base === "") return
  const path: Array<string> = []
  let at = bracket
  while (bracket > 0 && at < rawKey.length && rawKey.charCodeAt(at) === 91 /* [ */) {
    // PHP counts the level at each `[`, before it looks for the `]`.
    if (path.length === MAX_INPUT_NESTING_LEVEL) {
      delete out[base]
      return
    }
    const close = rawKey.indexOf("]", at + 1)
    if (close === -1) break
    path.push(rawKey.slice(at + 1, close))
    at = close + 1
  }
  let target: InputObject = out
  let key = base
  for (const segment of path) {
    let next = target[key]
    if (typeof next !== "object" || next === null) {
      next = Object.create(null) as InputObject
      target[key] = next
    }
    target = next as InputObject
    key = place(target, segment)
  }
  if (target === out) key = base
  target[key] = value
}

/**
 * PHP's `rawurldecode`, byte by byte: a valid `%XX` is that byte, anything else (`+` included)
 * stays as it is. `undefined` when the bytes are not UTF-8, which the callers treat as PHP's
 * code does with such a string: the router's `/u` patterns match no route
 * (`Illuminate/Routing/Matching/UriValidator.php::matches`), and a JWT claim cannot be encoded.
 *
 * @since 0.1.0
 * @category parsing
 */
export const rawUrlDecode = (raw: string): string | undefined => {
  const bytes: Array<number> = []
  for (let i = 0; i < raw.length; i++) {
    const escape = raw[i] === "%" ? /^[0-9a-fA-F]{2}$/.exec(raw.slice(i + 1, i + 3)) : null
    if (escape !== null) {
      bytes.push(Number.parseInt(escape[0], 16))
      i += 2
    } else {
      // A whole code point, so that a character outside the BMP is not split into halves.
      const char = String.fromCodePoint(raw.codePointAt(i)!)
      bytes.push(...new TextEncoder().encode(char))
      i += char.length - 1
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes))
  } catch {
    return undefined
  }
}

/**
 * RFC 3986 encoding as PHP's `rawurlencode` does it.
 *
 * @since 0.1.0
 * @category building
 */
export const rawUrlEncode = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/**
 * `http_build_query(..., PHP_QUERY_RFC3986)`: nested keys as `a%5Bb%5D`, nulls skipped.
 *
 * @since 0.1.0
 * @category building
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
