/**
 * Laravel's validator, as far as the Application API's form requests need it (§7.3): rules
 * run attribute by attribute in the order given; `sometimes`, `nullable`, `bail` and the
 * implicit rules (`required`, `present`, `required_with`, `required_without`) decide what
 * runs; a failed implicit rule stops the attribute. Messages use the panel's
 * `resources/lang/en/validation.php` wording; `meta.rule` is the rule name in snake_case.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Failure from "../http/Failure.js"
type ValidationEntry = Failure.ValidationEntry

/** A value as it arrives after §6.3 normalisation. */
type Value = unknown

/** What a rule sees. */
interface Check {
  readonly attribute: string
  readonly display: string
  readonly value: Value
  readonly data: Value
  /** The attribute also has `numeric` or `integer` (size rules compare numbers then). */
  readonly numeric: boolean
  /** The attribute also has `array`. */
  readonly array: boolean
  readonly displayOf: (attribute: string) => string
}

/** @internal */
export interface Rule {
  /** `meta.rule`. */
  readonly name: string
  readonly implicit?: boolean
  /** Markers: they never fail, they change which rules run. */
  readonly marker?: "sometimes" | "nullable" | "bail"
  /** A message when the rule fails, `undefined` when it passes. */
  readonly check: (c: Check) => string | undefined
}

const marker = (name: "sometimes" | "nullable" | "bail"): Rule => ({ name, marker: name, check: () => undefined })

/** @internal */
export const sometimes = marker("sometimes")
/** @internal */
export const nullable = marker("nullable")
/** @internal */
export const bail = marker("bail")

const isArray = (v: Value): v is Record<string, unknown> | Array<unknown> => typeof v === "object" && v !== null

const isEmpty = (v: Value) =>
  v === undefined ||
  v === null ||
  (typeof v === "string" && v.trim() === "") ||
  (isArray(v) && Object.keys(v).length === 0)

/** PHP's `is_numeric`. */
export const isNumeric = (v: Value): boolean =>
  (typeof v === "number" && Number.isFinite(v)) ||
  (typeof v === "string" && /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/.test(v))

/** `filter_var($v, FILTER_VALIDATE_INT) !== false`. */
export const isInteger = (v: Value): boolean => {
  if (typeof v === "boolean") return v
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER
  if (typeof v === "string") return /^[ \t\n\r\v\f]*[+-]?(0|[1-9]\d*)[ \t\n\r\v\f]*$/.test(v) && v.trim().length < 20
  return false
}

/** PHP's `(string)` of a scalar. */
export const phpString = (v: Value): string => {
  if (typeof v === "boolean") return v ? "1" : ""
  if (v === null || v === undefined) return ""
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(v)
  if (typeof v === "string") return v
  return "Array"
}

const size = (c: Check): number => {
  if (c.numeric && isNumeric(c.value)) return Number(c.value)
  if (isArray(c.value)) return Object.keys(c.value).length
  return [...phpString(c.value)].length
}

const sizeType = (c: Check): "numeric" | "array" | "string" => (c.numeric ? "numeric" : c.array ? "array" : "string")

/** @internal */
export const required: Rule = {
  name: "required",
  implicit: true,
  check: (c) => (isEmpty(c.value) ? `The ${c.display} field is required.` : undefined)
}

/** @internal */
export const present: Rule = {
  name: "present",
  implicit: true,
  check: (c) => (c.value === undefined ? `The ${c.display} field must be present.` : undefined)
}

const has = (data: Value, path: string): boolean => get(data, path) !== undefined

/** Dotted lookup into the input. */
export const get = (data: Value, path: string): Value => {
  let current: Value = data
  for (const segment of path.split(".")) {
    if (!isArray(current)) return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

/** @internal */
export const requiredWith = (...others: ReadonlyArray<string>): Rule => ({
  name: "required_with",
  implicit: true,
  check: (c) =>
    others.some((o) => !isEmpty(get(c.data, o))) && isEmpty(c.value)
      ? `The ${c.display} field is required when ${others.map(c.displayOf).join(" / ")} is present.`
      : undefined
})

/** @internal */
export const requiredWithout = (...others: ReadonlyArray<string>): Rule => ({
  name: "required_without",
  implicit: true,
  check: (c) =>
    others.some((o) => isEmpty(get(c.data, o))) && isEmpty(c.value)
      ? `The ${c.display} field is required when ${others.map(c.displayOf).join(" / ")} is not present.`
      : undefined
})

/** @internal */
export const string: Rule = {
  name: "string",
  check: (c) => (typeof c.value === "string" ? undefined : `The ${c.display} must be a string.`)
}

/** @internal */
export const integer: Rule = {
  name: "integer",
  check: (c) => (isInteger(c.value) ? undefined : `The ${c.display} must be an integer.`)
}

/** @internal */
export const numeric: Rule = {
  name: "numeric",
  check: (c) => (isNumeric(c.value) ? undefined : `The ${c.display} must be a number.`)
}

/** @internal */
export const boolean: Rule = {
  name: "boolean",
  check: (c) =>
    [true, false, 0, 1, "0", "1"].includes(c.value as never)
      ? undefined
      : `The ${c.display} field must be true or false.`
}

/** @internal */
export const array: Rule = {
  name: "array",
  check: (c) => (isArray(c.value) ? undefined : `The ${c.display} must be an array.`)
}

/** @internal */
export const email: Rule = {
  name: "email",
  check: (c) =>
    typeof c.value === "string" && /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+$/.test(c.value)
      ? undefined
      : `The ${c.display} must be a valid email address.`
}

/** @internal */
export const min = (n: number): Rule => ({
  name: "min",
  check: (c) => {
    if (size(c) >= n) return undefined
    const type = sizeType(c)
    return type === "numeric"
      ? `The ${c.display} must be at least ${n}.`
      : type === "array"
        ? `The ${c.display} must have at least ${n} items.`
        : `The ${c.display} must be at least ${n} characters.`
  }
})

/** @internal */
export const max = (n: number): Rule => ({
  name: "max",
  check: (c) => {
    if (size(c) <= n) return undefined
    const type = sizeType(c)
    return type === "numeric"
      ? `The ${c.display} may not be greater than ${n}.`
      : type === "array"
        ? `The ${c.display} may not have more than ${n} items.`
        : `The ${c.display} may not be greater than ${n} characters.`
  }
})

/** @internal */
export const between = (lo: number, hi: number): Rule => ({
  name: "between",
  check: (c) => {
    const s = size(c)
    if (s >= lo && s <= hi) return undefined
    const type = sizeType(c)
    return type === "numeric"
      ? `The ${c.display} must be between ${lo} and ${hi}.`
      : type === "array"
        ? `The ${c.display} must have between ${lo} and ${hi} items.`
        : `The ${c.display} must be between ${lo} and ${hi} characters.`
  }
})

/** @internal */
export const inList = (values: ReadonlyArray<string>): Rule => ({
  name: "in",
  check: (c) =>
    !isArray(c.value) && values.includes(phpString(c.value)) ? undefined : `The selected ${c.display} is invalid.`
})

/** @internal */
export const regex = (pattern: RegExp): Rule => ({
  name: "regex",
  check: (c) =>
    (typeof c.value === "string" || isNumeric(c.value)) && pattern.test(phpString(c.value))
      ? undefined
      : `The ${c.display} format is invalid.`
})

/** @internal */
export const alphaDash: Rule = {
  name: "alpha_dash",
  check: (c) =>
    (typeof c.value === "string" || isNumeric(c.value)) && /^[\p{L}\p{M}\p{N}_-]+$/u.test(phpString(c.value))
      ? undefined
      : `The ${c.display} may only contain letters, numbers, and dashes.`
}

/** `exists:table,column`: the predicate says whether a row matches. */
export const exists = (found: (value: Value) => boolean): Rule => ({
  name: "exists",
  check: (c) => (!isArray(c.value) && found(c.value) ? undefined : `The selected ${c.display} is invalid.`)
})

/** `unique:table,column`: the predicate says whether another row already holds the value. */
export const unique = (taken: (value: Value) => boolean): Rule => ({
  name: "unique",
  check: (c) => (!isArray(c.value) && taken(c.value) ? `The ${c.display} has already been taken.` : undefined)
})

/** A rule of the panel's own (`meta.rule` gets the `p_` prefix, §7.3). */
export const custom = (
  name: string,
  passes: (value: Value) => boolean,
  message: (display: string) => string
): Rule => ({
  name,
  check: (c) => (passes(c.value) ? undefined : message(c.display))
})

/** Attribute → rules, in the order the form request lists them. Keys may use `*`. */
export type Rules = ReadonlyArray<readonly [string, ReadonlyArray<Rule>]>

const expand = (data: Value, pattern: string): Array<string> => {
  if (!pattern.includes("*")) return [pattern]
  const [head, ...rest] = pattern.split(".*")
  const container = get(data, head ?? "")
  if (!isArray(container)) return []
  const tail = rest.join(".*")
  return Object.keys(container).flatMap((k) => expand(data, `${head}.${k}${tail}`))
}

/**
 * Runs the rules and returns every message, attributes in order (§7.3).
 *
 * @internal
 */
export const validate = (
  data: Value,
  rules: Rules,
  attributes: Readonly<Record<string, string>> = {}
): Array<ValidationEntry> => {
  const displayOf = (attribute: string) => attributes[attribute] ?? attribute.replaceAll("_", " ")
  const out: Array<ValidationEntry> = []
  for (const [pattern, list] of rules) {
    // An attribute expanded from a `*` rule is named as it is, underscores and all.
    const name = (attribute: string) =>
      attributes[attribute] ?? (pattern.includes("*") ? attribute : displayOf(attribute))
    const numericRules = list.some((r) => r.name === "numeric" || r.name === "integer")
    const arrayRule = list.some((r) => r.name === "array")
    const isNullable = list.some((r) => r.marker === "nullable")
    const isBail = list.some((r) => r.marker === "bail")
    for (const attribute of expand(data, pattern)) {
      if (list.some((r) => r.marker === "sometimes") && !has(data, attribute)) continue
      const value = get(data, attribute)
      const check: Check = {
        attribute,
        display: name(attribute),
        value,
        data,
        numeric: numericRules,
        array: arrayRule,
        displayOf
      }
      for (const rule of list) {
        if (rule.marker !== undefined) continue
        const implicit = rule.implicit === true
        // A non-implicit rule runs only on a present value (an empty string counts as absent),
        // and not on a null one when the attribute is nullable.
        if (!implicit && (value === undefined || (typeof value === "string" && value.trim() === ""))) continue
        if (!implicit && isNullable && value === null) continue
        const message = rule.check(check)
        if (message === undefined) continue
        out.push({ field: attribute, rule: rule.name, detail: message })
        if (implicit || isBail) break
      }
    }
  }
  return out
}

/**
 * Parses a rule string such as an egg variable's `required|string|max:20`. Rules the mock
 * does not know are skipped rather than failing the request.
 *
 * @internal
 */
export const parse = (text: string): Array<Rule> => {
  const out: Array<Rule> = []
  for (const part of splitRules(text)) {
    const colon = part.indexOf(":")
    const name = (colon === -1 ? part : part.slice(0, colon)).trim().toLowerCase()
    const args = colon === -1 ? "" : part.slice(colon + 1)
    const list = args.split(",")
    const n = (i: number) => Number(list[i] ?? "0")
    switch (name) {
      case "required":
        out.push(required)
        break
      case "present":
        out.push(present)
        break
      case "nullable":
        out.push(nullable)
        break
      case "sometimes":
        out.push(sometimes)
        break
      case "bail":
        out.push(bail)
        break
      case "string":
        out.push(string)
        break
      case "int":
      case "integer":
        out.push(integer)
        break
      case "numeric":
        out.push(numeric)
        break
      case "bool":
      case "boolean":
        out.push(boolean)
        break
      case "array":
        out.push(array)
        break
      case "alpha_dash":
        out.push(alphaDash)
        break
      case "min":
        out.push(min(n(0)))
        break
      case "max":
        out.push(max(n(0)))
        break
      case "between":
        out.push(between(n(0), n(1)))
        break
      case "in":
        out.push(inList(list))
        break
      case "regex": {
        const pattern = phpRegex(args)
        if (pattern !== undefined) out.push(regex(pattern))
        break
      }
      default:
        break
    }
  }
  return out
}

// `a|regex:/x|y/|b`: a `|` inside a regex belongs to it when the rule is written as a string
// only if it is the last rule; Laravel splits on every `|`, so do the same.
const splitRules = (text: string): Array<string> => text.split("|").filter((p) => p.trim() !== "")

const phpRegex = (source: string): RegExp | undefined => {
  const m = /^(.)(.*)\1([a-zA-Z]*)$/s.exec(source)
  if (m === null) return undefined
  const flags = [...(m[3] ?? "")].filter((f) => "imsu".includes(f)).join("")
  try {
    return new RegExp(m[2] ?? "", flags)
  } catch {
    return undefined
  }
}

/** Runs form-request rules against input; any message is a 422. */
export const validateInput = (
  data: unknown,
  rules: Rules,
  attributes: Readonly<Record<string, string>> = {}
): Effect.Effect<void, Failure.PanelFailure> => {
  const entries = validate(data, rules, attributes)
  return entries.length > 0 ? Effect.fail(Failure.validation(entries)) : Effect.void
}
