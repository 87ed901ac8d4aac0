/**
 * Laravel rule strings (`required|string|max:191`) evaluated the way the framework's validator
 * does: rules in order, empty or absent values skipped by non-implicit rules, `nullable`
 * skipping null values, and evaluation stopping once an implicit rule (`required`, `present`,
 * `required_unless`, `filled`) has failed. Messages use the panel's older wording
 * (`resources/lang/en/validation.php`, §7.3). Egg variable rules (§8.1 `startup/variable`) go
 * through the same evaluator.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../http/Failure.js"
import type { InputObject, InputValue } from "./Input.js"

interface Parsed {
  readonly name: string
  readonly args: ReadonlyArray<string>
}

const IMPLICIT = new Set(["required", "present", "required_unless", "required_with", "filled", "accepted"])

const parseRules = (rules: string | ReadonlyArray<string>): ReadonlyArray<Parsed> =>
  (typeof rules === "string" ? splitRules(rules) : rules).map((rule) => {
    const colon = rule.indexOf(":")
    if (colon === -1) return { name: rule.trim().toLowerCase(), args: [] }
    const name = rule.slice(0, colon).trim().toLowerCase()
    const rest = rule.slice(colon + 1)
    // A regex argument may contain commas and pipes of its own.
    return { name, args: name === "regex" || name === "not_regex" ? [rest] : rest.split(",") }
  })

// Splits on `|` except inside a regex argument (`regex:/a|b/`).
const splitRules = (text: string): Array<string> => {
  const out: Array<string> = []
  let current = ""
  let inRegex = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (!inRegex && c === "|") {
      out.push(current)
      current = ""
      continue
    }
    current += c
    if (!inRegex && /^(not_)?regex:\/$/.test(current)) inRegex = true
    else if (inRegex && c === "/" && text[i - 1] !== "\\" && !/^(not_)?regex:\/$/.test(current)) {
      // The closing delimiter, possibly followed by flags.
      const flags = /^[a-z]*/.exec(text.slice(i + 1))?.[0] ?? ""
      current += flags
      i += flags.length
      inRegex = false
    }
  }
  if (current !== "") out.push(current)
  return out.filter((r) => r.trim() !== "")
}

const isArray = (v: unknown): v is Readonly<Record<string, InputValue>> | ReadonlyArray<InputValue> =>
  typeof v === "object" && v !== null

const count = (v: Readonly<Record<string, InputValue>> | ReadonlyArray<InputValue>) =>
  Array.isArray(v) ? v.length : Object.keys(v).length

const isNumeric = (v: unknown) =>
  typeof v === "number" || (typeof v === "string" && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v))

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === "string" && v.trim() === "") || (isArray(v) && count(v) === 0)

const phpRegex = (pattern: string): RegExp | undefined => {
  const m = /^\/(.*)\/([a-zA-Z]*)$/s.exec(pattern)
  if (m === null) return undefined
  try {
    return new RegExp(m[1]!, `${(m[2] ?? "").replace(/[^imsu]/g, "")}u`)
  } catch {
    try {
      return new RegExp(m[1]!, (m[2] ?? "").replace(/[^ims]/g, ""))
    } catch {
      return undefined
    }
  }
}

const get = (data: InputValue | undefined, path: string): { present: boolean; value: InputValue | undefined } => {
  let current: InputValue | undefined = data
  for (const segment of path.split(".")) {
    if (!isArray(current)) return { present: false, value: undefined }
    const next: InputValue | undefined = (current as Record<string, InputValue>)[segment]
    if (next === undefined) return { present: false, value: undefined }
    current = next
  }
  return { present: true, value: current }
}

// `files.*.from` → every concrete path present in the data.
const expand = (data: InputObject, pattern: string): Array<string> => {
  if (!pattern.includes("*")) return [pattern]
  const star = pattern.indexOf("*")
  const prefix = pattern.slice(0, star - 1)
  const suffix = pattern.slice(star + 1)
  const container = prefix === "" ? data : get(data, prefix).value
  if (!isArray(container)) return []
  const keys = Array.isArray(container) ? container.map((_, i) => String(i)) : Object.keys(container)
  return keys.flatMap((k) => expand(data, `${prefix === "" ? "" : `${prefix}.`}${k}${suffix}`))
}

type Size = "numeric" | "array" | "string"

const sizeOf = (value: unknown, numeric: boolean): { kind: Size; size: number } => {
  if (numeric && isNumeric(value)) return { kind: "numeric", size: Number(value) }
  if (isArray(value)) return { kind: "array", size: count(value) }
  return { kind: "string", size: [...String(value ?? "")].length }
}

const display = (field: string) => field.replaceAll("_", " ")

const message = (rule: Parsed, field: string, value: unknown, numeric: boolean): string => {
  const name = display(field)
  const { kind } = sizeOf(value, numeric)
  const [a = "", b = ""] = rule.args
  switch (rule.name) {
    case "required":
    case "filled":
      return `The ${name} field is required.`
    case "present":
      return `The ${name} field must be present.`
    case "required_unless":
      return `The ${name} field is required unless ${display(a)} is in ${rule.args.slice(1).join(", ")}.`
    case "string":
      return `The ${name} must be a string.`
    case "array":
      return `The ${name} must be an array.`
    case "boolean":
      return `The ${name} field must be true or false.`
    case "email":
      return `The ${name} must be a valid email address.`
    case "integer":
      return `The ${name} must be an integer.`
    case "numeric":
      return `The ${name} must be a number.`
    case "in":
      return `The selected ${name} is invalid.`
    case "alpha_dash":
      return `The ${name} may only contain letters, numbers, and dashes.`
    case "alpha_num":
      return `The ${name} may only contain letters and numbers.`
    case "regex":
    case "url":
      return `The ${name} format is invalid.`
    case "confirmed":
      return `The ${name} confirmation does not match.`
    case "max":
      return kind === "numeric"
        ? `The ${name} may not be greater than ${a}.`
        : kind === "array"
          ? `The ${name} may not have more than ${a} items.`
          : `The ${name} may not be greater than ${a} characters.`
    case "min":
      return kind === "numeric"
        ? `The ${name} must be at least ${a}.`
        : kind === "array"
          ? `The ${name} must have at least ${a} items.`
          : `The ${name} must be at least ${a} characters.`
    case "between":
      return kind === "numeric"
        ? `The ${name} must be between ${a} and ${b}.`
        : kind === "array"
          ? `The ${name} must have between ${a} and ${b} items.`
          : `The ${name} must be between ${a} and ${b} characters.`
    case "size":
      return kind === "numeric"
        ? `The ${name} must be ${a}.`
        : kind === "array"
          ? `The ${name} must contain ${a} items.`
          : `The ${name} must be ${a} characters.`
    default:
      return `The ${name} is invalid.`
  }
}

const passes = (rule: Parsed, value: unknown, data: InputObject, field: string, numeric: boolean): boolean => {
  const [a = "", b = ""] = rule.args
  switch (rule.name) {
    case "required":
    case "filled":
      return !isEmpty(value)
    case "present":
      return value !== undefined
    case "required_unless": {
      const other = get(data, a).value
      const otherText = other === null || other === undefined ? "" : String(other)
      return rule.args.slice(1).includes(otherText) || !isEmpty(value)
    }
    case "string":
      return typeof value === "string"
    case "array":
      return isArray(value)
    case "boolean":
      return [true, false, 0, 1, "0", "1"].includes(value as any)
    case "email":
      return typeof value === "string" && /^[^\s@]+@[^\s@]+$/.test(value)
    case "integer":
      return (
        (typeof value === "number" && Number.isInteger(value)) ||
        (typeof value === "string" && /^[+-]?\d+$/.test(value))
      )
    case "numeric":
      return isNumeric(value)
    case "in":
      return !isArray(value) && rule.args.includes(String(value))
    case "alpha_dash":
      return (typeof value === "string" || typeof value === "number") && /^[\p{L}\p{M}\p{N}_-]+$/u.test(String(value))
    case "alpha_num":
      return (typeof value === "string" || typeof value === "number") && /^[\p{L}\p{M}\p{N}]+$/u.test(String(value))
    case "regex": {
      const re = phpRegex(a)
      return (typeof value === "string" || typeof value === "number") && re !== undefined && re.test(String(value))
    }
    case "url":
      if (typeof value !== "string") return false
      try {
        const url = new URL(value)
        return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) && url.host !== ""
      } catch {
        return false
      }
    case "confirmed":
      return get(data, `${field}_confirmation`).value === value
    case "max":
      return sizeOf(value, numeric).size <= Number(a)
    case "min":
      return sizeOf(value, numeric).size >= Number(a)
    case "between": {
      const { size } = sizeOf(value, numeric)
      return size >= Number(a) && size <= Number(b)
    }
    case "size":
      return sizeOf(value, numeric).size === Number(a)
    default:
      // Rules the mock does not know (unique, exists, custom panel rules) pass.
      return true
  }
}

/**
 * The failures of `data` against a rule set (field → rule string or list), in rule order.
 *
 * @since 0.1.0
 * @category running
 */
export const check = (
  data: InputObject,
  rules: Readonly<Record<string, string | ReadonlyArray<string>>>
): Array<Failure.ValidationEntry> => {
  const out: Array<Failure.ValidationEntry> = []
  for (const [pattern, spec] of Object.entries(rules)) {
    const parsed = parseRules(spec)
    const names = new Set(parsed.map((r) => r.name))
    const numeric = names.has("numeric") || names.has("integer")
    const fields = expand(data, pattern)
    for (const field of fields) {
      const { present, value } = get(data, field)
      if (names.has("sometimes") && !present) continue
      for (const rule of parsed) {
        if (rule.name === "nullable" || rule.name === "sometimes" || rule.name === "bail") continue
        const implicit = IMPLICIT.has(rule.name)
        // `filled` only applies when the field is sent.
        if (rule.name === "filled" && !present) continue
        if (!implicit) {
          if (typeof value === "string" && value.trim() === "") continue
          if (!present) continue
          if (value === null && names.has("nullable")) continue
        }
        if (!passes(rule, value, data, field, numeric)) {
          out.push({ field, rule: rule.name, detail: message(rule, field, value, numeric) })
          if (implicit) break
        }
      }
    }
  }
  return out
}

/**
 * Fails with a 422 when `data` breaks any rule.
 *
 * @since 0.1.0
 * @category running
 */
export const validate = (
  data: InputObject,
  rules: Readonly<Record<string, string | ReadonlyArray<string>>>
): Effect.Effect<void, Failure.PanelFailure> => {
  const errors = check(data, rules)
  return errors.length > 0 ? Effect.fail(Failure.validation(errors)) : Effect.void
}
