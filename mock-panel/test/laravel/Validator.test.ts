// The one validator against Laravel's documented behaviour (framework v10, the panel's), with
// the panel's message wording (resources/lang/en/validation.php) and the `meta.rule` that
// Handler::invalidJson gives each message.
import { Effect, Exit } from "effect"
import { describe, expect, it } from "vitest"
import * as Validator from "../../src/laravel/Validator.js"
import * as Failure from "../../src/http/Failure.js"

const run = (data: unknown, rules: Validator.Rules, options?: Validator.Options) =>
  Validator.validate(data, rules, options).map((e) => [e.field, e.rule, e.detail])

describe("order", () => {
  it("attributes in the order rules() lists them, each attribute's messages together", () => {
    expect(run({ b: "x" }, { b: "integer|min:5", a: "required" })).toEqual([
      ["b", "integer", "The b must be an integer."],
      ["b", "min", "The b must be at least 5."],
      ["a", "required", "The a field is required."]
    ])
  })

  it("attributes from a `*` come after every explicit attribute, in the input's order", () => {
    expect(run({ tags: [1, "ok", 2] }, { "tags.*": "string", name: "required" })).toEqual([
      ["name", "required", "The name field is required."],
      ["tags.0", "string", "The tags.0 must be a string."],
      ["tags.2", "string", "The tags.2 must be a string."]
    ])
  })

  it("a nested `*` fills in a missing key, and skips an element that is not an array", () => {
    expect(run({ files: [{ to: "a" }, "x", { from: "b" }] }, { "files.*.from": "required" })).toEqual([
      ["files.0.from", "required", "The files.0.from field is required."]
    ])
  })
})

describe("which rules run", () => {
  it("a failed implicit rule stops the attribute", () => {
    expect(run({}, { name: "required|string|max:3" })).toEqual([["name", "required", "The name field is required."]])
  })

  it("other rules skip an absent field and an empty or blank string", () => {
    expect(run({}, { name: "string|min:5" })).toEqual([])
    expect(run({ name: "   " }, { name: "string|min:5" })).toEqual([])
  })

  it("null is checked unless the attribute is nullable", () => {
    expect(run({ name: null }, { name: "string|max:3" })).toEqual([["name", "string", "The name must be a string."]])
    expect(run({ name: null }, { name: "nullable|string|max:3" })).toEqual([])
  })

  it("`sometimes` skips an absent attribute, implicit rules included", () => {
    expect(run({}, { name: "sometimes|required|string" })).toEqual([])
    expect(run({ name: null }, { name: "sometimes|required|string" })).toEqual([
      ["name", "required", "The name field is required."]
    ])
  })

  it("without `bail` every rule runs; with it the first failure stops the attribute", () => {
    expect(run({ n: "abc" }, { n: "integer|min:5" })).toEqual([
      ["n", "integer", "The n must be an integer."],
      ["n", "min", "The n must be at least 5."]
    ])
    expect(run({ n: "abc" }, { n: "bail|integer|min:5" })).toEqual([["n", "integer", "The n must be an integer."]])
  })

  it("`unique` and `exists` are skipped once the attribute has a message", () => {
    const taken = Validator.unique(() => true)
    expect(run({ email: "x" }, { email: ["email", taken] })).toEqual([
      ["email", "email", "The email must be a valid email address."]
    ])
    expect(run({ email: "a@b" }, { email: ["email", taken] })).toEqual([
      ["email", "unique", "The email has already been taken."]
    ])
  })

  it("a rule the mock does not know passes", () => {
    expect(run({ at: "x" }, { at: "date|after:today" })).toEqual([])
  })
})

describe("implicit rules", () => {
  it("present: the key must be there, null will do", () => {
    expect(run({}, { notes: "present" })).toEqual([["notes", "present", "The notes field must be present."]])
    expect(run({ notes: null }, { notes: "present" })).toEqual([])
  })

  it("filled: absent passes, present and empty fails", () => {
    expect(run({}, { is_active: "filled|boolean" })).toEqual([])
    expect(run({ is_active: null }, { is_active: "filled|boolean" })).toEqual([
      ["is_active", "filled", "The is active field is required."]
    ])
  })

  it("required_with, required_without and required_unless name the other fields", () => {
    expect(run({ a: "x" }, { b: "required_with:a,c" })).toEqual([
      ["b", "required_with", "The b field is required when a / c is present."]
    ])
    expect(run({}, { b: "required_with:a,c" })).toEqual([])
    expect(run({ a: "x" }, { b: "required_without:a,c" })).toEqual([
      ["b", "required_without", "The b field is required when a / c is not present."]
    ])
    expect(run({ action: "power" }, { payload: "required_unless:action,backup" })).toEqual([
      ["payload", "required_unless", "The payload field is required unless action is in backup."]
    ])
    expect(run({ action: "backup" }, { payload: "required_unless:action,backup" })).toEqual([])
  })

  it("accepted", () => {
    expect(run({ tos: "yes" }, { tos: "accepted" })).toEqual([])
    expect(run({ tos: "no" }, { tos: "accepted" })).toEqual([["tos", "accepted", "The tos must be accepted."]])
  })
})

describe("size rules", () => {
  it("speak of characters, a number's value or an array's items, by the attribute's other rules", () => {
    expect(run({ s: "abcd" }, { s: "max:3" })).toEqual([["s", "max", "The s may not be greater than 3 characters."]])
    expect(run({ s: "4" }, { s: "numeric|max:3" })).toEqual([["s", "max", "The s may not be greater than 3."]])
    expect(run({ s: [1, 2] }, { s: "array|max:1" })).toEqual([["s", "max", "The s may not have more than 1 items."]])
    expect(run({ s: "ab" }, { s: "between:3,5" })).toEqual([
      ["s", "between", "The s must be between 3 and 5 characters."]
    ])
    expect(run({ s: "12345" }, { s: "size:6" })).toEqual([["s", "size", "The s must be 6 characters."]])
    expect(run({ s: "é€" }, { s: "max:2" })).toEqual([])
  })
})

describe("value rules", () => {
  it("integer is FILTER_VALIDATE_INT, numeric is is_numeric, boolean is one of six values", () => {
    for (const ok of [7, "7", " 7 ", "-3", true]) expect(run({ n: ok }, { n: "integer" })).toEqual([])
    for (const bad of ["007", "1.5", 1.5, "x"]) expect(run({ n: bad }, { n: "integer" })).toHaveLength(1)
    for (const ok of ["1e3", " 2.5", ".5", 4]) expect(run({ n: ok }, { n: "numeric" })).toEqual([])
    expect(run({ n: "1,5" }, { n: "numeric" })).toEqual([["n", "numeric", "The n must be a number."]])
    for (const ok of [true, false, 0, 1, "0", "1"]) expect(run({ b: ok }, { b: "boolean" })).toEqual([])
    expect(run({ b: "true" }, { b: "boolean" })).toEqual([["b", "boolean", "The b field must be true or false."]])
  })

  it("in compares the string form; confirmed wants an identical `_confirmation`", () => {
    expect(run({ signal: "start" }, { signal: "in:start,stop" })).toEqual([])
    expect(run({ signal: ["start"] }, { signal: "in:start,stop" })).toEqual([
      ["signal", "in", "The selected signal is invalid."]
    ])
    expect(run({ password: "a", password_confirmation: "b" }, { password: "confirmed" })).toEqual([
      ["password", "confirmed", "The password confirmation does not match."]
    ])
  })

  it("a rule string splits on every `|`; a regex holding one goes in a list", () => {
    expect(run({ v: "b" }, { v: ["regex:/^(a|b)$/"] })).toEqual([])
    expect(run({ v: "c" }, { v: ["regex:/^(a|b)$/"] })).toEqual([["v", "regex", "The v format is invalid."]])
    expect(run({ v: "x-1_y" }, { v: "alpha_dash" })).toEqual([])
    expect(run({ v: "x y" }, { v: "alpha_dash" })).toEqual([
      ["v", "alpha_dash", "The v may only contain letters, numbers, and dashes."]
    ])
  })

  it("`int` and `bool` are the same rules as `integer` and `boolean`", () => {
    expect(run({ n: "x", b: "x" }, { n: "int", b: "bool" })).toEqual([
      ["n", "integer", "The n must be an integer."],
      ["b", "boolean", "The b field must be true or false."]
    ])
  })
})

describe("messages", () => {
  it("an attribute shows as snake case with spaces, or by its custom name; one from `*` as it is", () => {
    expect(run({}, { first_name: "required" })).toEqual([
      ["first_name", "required", "The first name field is required."]
    ])
    expect(run({}, { short: "required" }, { attributes: { short: "Location Identifier" } })).toEqual([
      ["short", "required", "The Location Identifier field is required."]
    ])
    expect(run({ ip_list: [1] }, { "ip_list.*": "string" })).toEqual([
      ["ip_list.0", "string", "The ip_list.0 must be a string."]
    ])
    expect(run({ ips: [1] }, { "ips.*": "string" }, { attributes: { "ips.*": "address" } })).toEqual([
      ["ips.0", "string", "The address must be a string."]
    ])
  })

  it("messages() replaces a rule's message for an attribute", () => {
    const rules = { database: ["required", Validator.unique(() => true)] }
    expect(run({ database: "x" }, rules, { messages: { "database.unique": "The :attribute is in use." } })).toEqual([
      ["database", "unique", "The database is in use."]
    ])
  })

  it("the after hook's messages come last, without a rule, next to the attribute's others", () => {
    const after = () => [
      { field: "b", detail: "b is odd." },
      { field: "c", detail: "c is odd." }
    ]
    expect(run({ b: "x" }, { b: "integer", a: "required" }, { after })).toEqual([
      ["b", "integer", "The b must be an integer."],
      ["b", "", "b is odd."],
      ["a", "required", "The a field is required."],
      ["c", "", "c is odd."]
    ])
  })

  it("a rule object of the panel's own keeps its name and message", () => {
    const username = Validator.custom(
      "p_username",
      (v) => v === "ok",
      (name) => `The ${name} is not a username.`
    )
    expect(run({ username: "no" }, { username: ["required", username] })).toEqual([
      ["username", "p_username", "The username is not a username."]
    ])
  })
})

describe("large inputs", () => {
  it("validateOrFail lets the event loop turn between slices, and ends as validate does", async () => {
    const data = { ips: Array.from({ length: 20_000 }, (_, i) => (i % 2 === 0 ? i : `10.0.0.${i % 250}`)) }
    const rules = { ips: "array|max:50", "ips.*": "string" }
    // Counts the turns of the event loop while the validation runs.
    let turns = 0
    let ticking = true
    const tick = () => {
      turns++
      if (ticking) setImmediate(tick)
    }
    setImmediate(tick)
    const exit = await Effect.runPromiseExit(Validator.validateOrFail(data, rules))
    ticking = false
    expect(turns).toBeGreaterThanOrEqual(20)
    const expected = Validator.validate(data, rules)
    expect(expected).toHaveLength(1 + 10_000)
    expect(exit).toStrictEqual(Exit.fail(Failure.validation(expected)))
  })
})
