/**
 * JSON as PHP writes and reads it: the `json_encode` flavours of success and error bodies
 * (§7.1) and the `json_decode` failure texts of a malformed body (§2.4 row 6).
 *
 * @since 0.1.0
 */

// `json_encode` without `JSON_UNESCAPED_UNICODE` writes every character above U+007F as `\uXXXX`
// (UTF-16 units, lower-case hex); DEL (U+007F) is ASCII and stays as it is
// (`ext/json/json_encoder.c::php_json_escape_string`).
const escapeNonAscii = (json: string): string =>
  json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

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

// `json_last_error_msg()` texts, which `JsonException` carries (`ext/json/json.c`).
const DEPTH = "Maximum stack depth exceeded"
const STATE_MISMATCH = "State mismatch (invalid or malformed JSON)"
const CTRL_CHAR = "Control character error, possibly incorrectly encoded"
const SYNTAX = "Syntax error"
const UTF8 = "Malformed UTF-8 characters, possibly incorrectly encoded"
const UTF16 = "Single unpaired UTF-16 surrogate in unicode escape"

// `json_decode`'s default depth, which `IsValidJson` and `Request::json()` pass.
const MAX_DEPTH = 512

// The length of the well-formed UTF-8 sequence at `i` (the scanner's UTF8_2 … UTF8_4: no
// overlong forms, no surrogates, nothing above U+10FFFF), or 0.
const utf8Length = (b: Uint8Array, i: number): number => {
  const c = b[i]!
  const tail = (k: number) => b[i + k] !== undefined && b[i + k]! >= 0x80 && b[i + k]! <= 0xbf
  const second = b[i + 1] ?? 0
  if (c >= 0xc2 && c <= 0xdf) return tail(1) ? 2 : 0
  if (c >= 0xe0 && c <= 0xef) {
    const ok = c === 0xe0 ? second >= 0xa0 && second <= 0xbf : c === 0xed ? second >= 0x80 && second <= 0x9f : tail(1)
    return ok && tail(2) ? 3 : 0
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const ok = c === 0xf0 ? second >= 0x90 && second <= 0xbf : c === 0xf4 ? second >= 0x80 && second <= 0x8f : tail(1)
    return ok && tail(2) && tail(3) ? 4 : 0
  }
  return 0
}

const isHex = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))

// `\uXXXX` at `i`: its code unit, or -1 when four hex digits do not follow.
const escapeUnit = (b: Uint8Array, i: number): number => {
  if (b[i] !== 0x5c || b[i + 1] !== 0x75) return -1
  for (let k = 2; k < 6; k++) if (!isHex(b[i + k])) return -1
  return Number.parseInt(String.fromCharCode(...b.subarray(i + 2, i + 6)), 16)
}

type Token = "{" | "}" | "[" | "]" | ":" | "," | "string" | "scalar" | "end" | { readonly error: string }

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39

// The end of the longest number at `i` (the scanner's INT, FLOAT and EXP), or `i` when none starts.
const numberEnd = (b: Uint8Array, start: number): number => {
  let i = start
  if (b[i] === 0x2d) i++
  if (b[i] === 0x30) i++
  else if (isDigit(b[i])) while (isDigit(b[i])) i++
  else return start
  if (b[i] === 0x2e && isDigit(b[i + 1])) {
    i++
    while (isDigit(b[i])) i++
  }
  if (
    (b[i] === 0x65 || b[i] === 0x45) &&
    (isDigit(b[i + 1]) || ((b[i + 1] === 0x2b || b[i + 1] === 0x2d) && isDigit(b[i + 2])))
  ) {
    i += 2
    while (isDigit(b[i])) i++
  }
  return i
}

// One token of `ext/json/json_scanner.re` from `i`, and where the next one starts.
const scan = (b: Uint8Array, start: number): readonly [Token, number] => {
  let i = start
  while (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d) i++
  // PHP's string ends in a NUL the scanner reads as the end; a NUL before it is a control character.
  if (i >= b.length) return ["end", i]
  const c = b[i]!
  if ("{}[]:,".includes(String.fromCharCode(c))) return [String.fromCharCode(c) as Token, i + 1]
  if (c === 0x22) return scanString(b, i + 1)
  const word = String.fromCharCode(...b.subarray(i, i + 5))
  for (const literal of ["null", "true", "false"]) if (word.startsWith(literal)) return ["scalar", i + literal.length]
  const end = numberEnd(b, i)
  if (end > i) return ["scalar", end]
  if (c < 0x20) return [{ error: CTRL_CHAR }, i]
  // Any other well-formed character is out of place; a malformed one is a UTF-8 error.
  return [{ error: c < 0x80 || utf8Length(b, i) > 0 ? SYNTAX : UTF8 }, i]
}

// The rest of a string (the scanner's STR_P1 state).
const scanString = (b: Uint8Array, start: number): readonly [Token, number] => {
  let i = start
  for (;;) {
    // Running into the terminating NUL is a control character too.
    if (i >= b.length || b[i]! < 0x20) return [{ error: CTRL_CHAR }, i]
    const c = b[i]!
    if (c === 0x22) return ["string", i + 1]
    if (c === 0x5c) {
      const unit = escapeUnit(b, i)
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = escapeUnit(b, i + 6)
        if (low < 0xdc00 || low > 0xdfff) return [{ error: UTF16 }, i]
        i += 12
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        return [{ error: UTF16 }, i]
      } else if (unit >= 0) {
        i += 6
      } else if (b[i + 1] !== undefined && '"\\/bfnrt'.includes(String.fromCharCode(b[i + 1]!))) {
        i += 2
      } else {
        return [{ error: SYNTAX }, i]
      }
    } else if (c < 0x80) {
      i++
    } else {
      const length = utf8Length(b, i)
      if (length === 0) return [{ error: UTF8 }, i]
      i += length
    }
  }
}

// What the parser can take next.
type Expect = "value" | "first-element" | "first-member" | "key" | "colon" | "after" | "end"
const EXPECTS: ReadonlySet<string> = new Set(["value", "first-element", "first-member", "key", "colon", "after", "end"])

/**
 * `json_decode($body, true, 512, JSON_THROW_ON_ERROR)`: the first error in the order PHP's
 * scanner and parser (`ext/json/json_scanner.re`, `json_parser.y`) meet it, or the value. A
 * scanner error (a control character, an unterminated string, malformed UTF-8, a lone surrogate
 * escape) counts only once the tokens before it parsed; `]` closing an object or `}` an array is
 * a state mismatch; the parser starts at depth 1 and refuses the container that would reach 512,
 * so 511 levels of nesting parse (§2.4 row 6).
 *
 * @since 0.1.0
 * @category decoding
 */
export const jsonError = (bytes: Uint8Array): { readonly message: string } | { readonly value: unknown } => {
  const closers: Array<"}" | "]"> = []
  let expect: Expect = "value"
  let at = 0
  for (;;) {
    const [token, next] = scan(bytes, at)
    at = next
    if (typeof token === "object") return { message: token.error }
    const container = closers[closers.length - 1]
    const close = (): Expect | string => {
      if (token !== container) return STATE_MISMATCH
      closers.pop()
      return closers.length === 0 ? "end" : "after"
    }
    let outcome: Expect | string
    if (expect === "end") {
      if (token !== "end") return { message: SYNTAX }
      return { value: JSON.parse(new TextDecoder().decode(bytes)) }
    } else if (expect === "colon") {
      outcome = token === ":" ? "value" : SYNTAX
    } else if (expect === "key") {
      outcome = token === "string" ? "colon" : SYNTAX
    } else if (expect === "after") {
      outcome =
        token === "," ? (container === "}" ? "key" : "value") : token === "}" || token === "]" ? close() : SYNTAX
    } else if (expect !== "value" && (token === "}" || token === "]")) {
      outcome = close()
    } else if (expect === "first-member") {
      outcome = token === "string" ? "colon" : SYNTAX
    } else if (token === "{" || token === "[") {
      if (closers.length + 1 >= MAX_DEPTH) return { message: DEPTH }
      closers.push(token === "{" ? "}" : "]")
      outcome = token === "{" ? "first-member" : "first-element"
    } else if (token === "string" || token === "scalar") {
      outcome = closers.length === 0 ? "end" : "after"
    } else {
      outcome = SYNTAX
    }
    if (!EXPECTS.has(outcome)) return { message: outcome }
    expect = outcome as Expect
  }
}
