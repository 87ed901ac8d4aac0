/**
 * `IsValidJson`'s `json_decode` (§2.4 row 6): which error text a malformed body gets, in the
 * order PHP's JSON scanner and parser meet the faults (`ext/json/json_scanner.re`,
 * `ext/json/json_parser.y`). The text follows "The JSON data passed in the request appears to be
 * malformed: " in the 400's detail.
 */
import { describe, expect, it } from "vitest"
import { jsonError } from "../../src/laravel/Json.js"

const bytes = (...parts: ReadonlyArray<string | ReadonlyArray<number>>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : [...p])))

const message = (...parts: ReadonlyArray<string | ReadonlyArray<number>>): string | undefined => {
  const out = jsonError(bytes(...parts))
  return "message" in out ? out.message : undefined
}

const CTRL = "Control character error, possibly incorrectly encoded"
const SYNTAX = "Syntax error"
const MISMATCH = "State mismatch (invalid or malformed JSON)"
const UTF8 = "Malformed UTF-8 characters, possibly incorrectly encoded"
const UTF16 = "Single unpaired UTF-16 surrogate in unicode escape"
const DEPTH = "Maximum stack depth exceeded"

describe("json_decode's error for a request body", () => {
  it("a raw control character, and a string that never ends, are control character errors", () => {
    expect(message('{"description":"a\nb"}')).toBe(CTRL)
    expect(message('{"description":"abc')).toBe(CTRL)
    expect(message('{"a":1}', [0], " ")).toBe(CTRL)
    expect(message("[", [0x0b], "]")).toBe(CTRL)
  })

  it("a bracket closing the other kind of container is a state mismatch", () => {
    expect(message('{"a":1]')).toBe(MISMATCH)
    expect(message("[1}")).toBe(MISMATCH)
    expect(message("{]")).toBe(MISMATCH)
    expect(message("[}")).toBe(MISMATCH)
    // Where no container may end, it is a plain syntax error.
    expect(message('{"a":]')).toBe(SYNTAX)
    expect(message("[1,]")).toBe(SYNTAX)
  })

  it("the first fault wins: a syntax error before malformed UTF-8 is a syntax error", () => {
    expect(message('{"a":1,,"b":"', [0xff], '"}')).toBe(SYNTAX)
    expect(message('{"a":"', [0xff], '",,}')).toBe(UTF8)
    expect(message([0xc3, 0x28])).toBe(UTF8)
    // A well-formed character out of place is a syntax error.
    expect(message("é")).toBe(SYNTAX)
    expect(message("{not json")).toBe(SYNTAX)
    expect(message(" ")).toBe(SYNTAX)
    expect(message('{"a":1}x')).toBe(SYNTAX)
  })

  it("escapes: a lone surrogate is a UTF-16 error, a bad escape a syntax error", () => {
    expect(message('{"a":"\\ud800"}')).toBe(UTF16)
    expect(message('{"a":"\\udc00"}')).toBe(UTF16)
    expect(message('{"a":"\\ud800\\u0041"}')).toBe(UTF16)
    expect(message('{"a":"\\x"}')).toBe(SYNTAX)
    expect(message('{"a":"\\u12"}')).toBe(SYNTAX)
    expect(jsonError(bytes('{"a":"\\ud83d\\ude00\\/"}'))).toEqual({ value: { a: "😀/" } })
  })

  it("511 levels of nesting parse; the 512th container is too deep, wherever the body goes on", () => {
    expect(jsonError(bytes("[".repeat(511), "]".repeat(511)))).not.toHaveProperty("message")
    expect(message("[".repeat(512), "]".repeat(512))).toBe(DEPTH)
    expect(message("[".repeat(511), '{"a":1}', "]".repeat(511))).toBe(DEPTH)
    expect(message("[".repeat(600))).toBe(DEPTH)
    // A fault met before the 512th bracket comes first.
    expect(message("[".repeat(100), "x", "[".repeat(500))).toBe(SYNTAX)
  })

  it("numbers and literals as RFC 8259 writes them", () => {
    expect(jsonError(bytes('{"a":[-0,1.5e+3,0.25,true,false,null],"":{}}'))).toEqual({
      value: { a: [-0, 1500, 0.25, true, false, null], "": {} }
    })
    expect(message("01")).toBe(SYNTAX)
    expect(message("-")).toBe(SYNTAX)
    expect(message("1.")).toBe(SYNTAX)
    expect(message("nul")).toBe(SYNTAX)
  })
})
