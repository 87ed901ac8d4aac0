/**
 * Query strings as PHP reads and writes them: `parse_str` for `$_GET` and form bodies
 * (`filter[name]=x` nests, §6.3) and `http_build_query` for pagination links (§7.1).
 *
 * @since 0.1.0
 */
import type { InputObject, InputValue } from "./Input.js"

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
 * @since 0.1.0
 * @category parsing
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
