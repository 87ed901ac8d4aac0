/**
 * JSON as PHP writes and reads it: the `json_encode` flavours of success and error bodies
 * (§7.1) and the `json_decode` failure texts of a malformed body (§2.4 row 6).
 *
 * @since 0.1.0
 */

const escapeNonAscii = (json: string): string =>
  json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

/**
 * `json_encode` with default flags, as success bodies and compact error bodies are written:
 * slashes escaped as `\/`, non-ASCII as `\uXXXX`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodeCompact = (value: unknown): string => escapeNonAscii(JSON.stringify(value)).replaceAll("/", "\\/")

/**
 * `JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES`, used by the framework's generic exception
 * renderer (§7.1): four-space indentation, slashes left alone.
 *
 * @since 0.1.0
 * @category encoding
 */
export const encodePretty = (value: unknown): string => escapeNonAscii(JSON.stringify(value, null, 4))

/**
 * `json_decode` failure text for a body, or `undefined` when it parses (§2.4 row 6).
 *
 * @since 0.1.0
 * @category decoding
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
      // One push per child: spreading a list of 125,000 or more exceeded the argument limit,
      // and the RangeError read as a syntax error.
      if (typeof v === "object" && v !== null) for (const child of Object.values(v)) next.push(child)
    }
    if (next.length === 0 && !frontier.some((v) => typeof v === "object" && v !== null)) break
    max++
    frontier = next
  }
  return max
}
