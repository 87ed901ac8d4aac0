/**
 * A small subset of Laravel's validator: the rules the implemented routes use, with the
 * panel's message wording (`resources/lang/en/validation.php`, §7.3) and snake_case rule
 * names for `meta.rule`.
 *
 * @since 0.1.0
 */
import type { ValidationEntry } from "../http/Failure.js"
import type { InputValue } from "./Input.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Rule =
  | { readonly _tag: "required" }
  | { readonly _tag: "nullable" }
  | { readonly _tag: "string" }
  | { readonly _tag: "array" }
  | { readonly _tag: "max"; readonly max: number }

/**
 * @since 0.1.0
 * @category rules
 */
export const required: Rule = { _tag: "required" }
/**
 * @since 0.1.0
 * @category rules
 */
export const nullable: Rule = { _tag: "nullable" }
/**
 * @since 0.1.0
 * @category rules
 */
export const string: Rule = { _tag: "string" }
/**
 * @since 0.1.0
 * @category rules
 */
export const array: Rule = { _tag: "array" }
/**
 * @since 0.1.0
 * @category rules
 */
export const max = (n: number): Rule => ({ _tag: "max", max: n })

/**
 * PHP's `is_array`: lists and string-keyed maps alike.
 *
 * @since 0.1.0
 * @category helpers
 */
export const isPhpArray = (value: unknown): value is Readonly<Record<string, InputValue>> | ReadonlyArray<InputValue> =>
  typeof value === "object" && value !== null

/**
 * The entries of a PHP array as `[key, value]`.
 *
 * @since 0.1.0
 * @category helpers
 */
export const entries = (value: Readonly<Record<string, InputValue>> | ReadonlyArray<InputValue>) =>
  Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value)

const displayName = (field: string) => field.replaceAll("_", " ")

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === "string" && value.trim() === "") ||
  (isPhpArray(value) && entries(value).length === 0)

const check = (field: string, value: unknown, rule: Rule): ValidationEntry | undefined => {
  const name = displayName(field)
  switch (rule._tag) {
    case "required":
      return isEmpty(value) ? { field, rule: "required", detail: `The ${name} field is required.` } : undefined
    case "nullable":
      return undefined
    case "string":
      return typeof value === "string" ? undefined : { field, rule: "string", detail: `The ${name} must be a string.` }
    case "array":
      return isPhpArray(value) ? undefined : { field, rule: "array", detail: `The ${name} must be an array.` }
    case "max": {
      if (isPhpArray(value)) {
        return entries(value).length > rule.max
          ? { field, rule: "max", detail: `The ${name} may not have more than ${rule.max} items.` }
          : undefined
      }
      const length = [...String(value)].length
      return length > rule.max
        ? { field, rule: "max", detail: `The ${name} may not be greater than ${rule.max} characters.` }
        : undefined
    }
  }
}

/**
 * Validates one attribute: rules in order, stopping after a failed `required`, skipping the
 * rest for a null `nullable` value.
 *
 * @since 0.1.0
 * @category running
 */
export const attribute = (field: string, value: unknown, rules: ReadonlyArray<Rule>): Array<ValidationEntry> => {
  const out: Array<ValidationEntry> = []
  const isNullable = rules.some((r) => r._tag === "nullable")
  const hasRequired = rules.some((r) => r._tag === "required")
  if ((value === undefined || value === null) && (isNullable || !hasRequired)) {
    if (!hasRequired) return out
  }
  for (const rule of rules) {
    const failed = check(field, value, rule)
    if (failed !== undefined) {
      out.push(failed)
      if (rule._tag === "required") break
    }
    if (rule._tag === "required" && (value === undefined || value === null) && isNullable) break
  }
  return out
}
