/**
 * Input checks the panel would make anyway (its FormRequest rules, docs/panel/client-api.md §8.1),
 * run before a request is sent so that a bad value costs no request and no rate-limit hit.
 *
 * They follow the panel exactly where its rule is self-contained (lengths, `in`, `regex`,
 * `alpha_dash`, `numeric`, `required`): never stricter, since refusing a value the panel accepts is
 * a bug, and never reporting differently. Rules that need the panel's state (`unique`, `in` over
 * the egg's images) or a large grammar (`email`, `url`) are left to the panel or checked loosely,
 * so that only values the panel certainly refuses are refused here. Field names, rule names,
 * details and their order follow the panel's 422 (`app/Exceptions/Handler.php::invalidJson`,
 * messages from `resources/lang/en/validation.php`).
 */
import * as Effect from "effect/Effect"
import * as ApiKey from "@ptero-effect/core/ApiKey"
import * as PanelError from "@ptero-effect/core/PanelError"
import { isIpRange } from "./ip.js"

/** One failed rule. */
export interface Issue {
  readonly field: string
  readonly rule: string
  readonly detail: string
}

/** Issues, possibly nested, possibly absent (a passed check). */
export type Check = Issue | undefined | ReadonlyArray<Check>

/** The panel's messages name a field with underscores as spaces (`allowed_ips` → "allowed ips"). */
const label = (field: string): string => field.replace(/_/g, " ")

const flatten = (checks: ReadonlyArray<Check>): Array<Issue> =>
  checks.flatMap(
    (check): Array<Issue> => (check === undefined ? [] : Array.isArray(check) ? flatten(check) : [check as Issue])
  )

/**
 * Fails with `ValidationFailed` (`source: "client"`) when any check failed; `path` is below the
 * API prefix.
 */
export const refuse = (
  method: string,
  path: string,
  checks: ReadonlyArray<Check>
): Effect.Effect<void, PanelError.ValidationFailed> => {
  const [first, ...rest] = flatten(checks)
  if (first === undefined) return Effect.void
  return Effect.fail(
    new PanelError.ValidationFailed({
      method,
      path: `/api/client${path.split("?")[0]}`,
      source: "client",
      issues: [new PanelError.FieldIssue(first), ...rest.map((issue) => new PanelError.FieldIssue(issue))]
    })
  )
}

/**
 * One field's rules in the panel's order. Every failing rule of a field is reported, but nothing
 * after a failed `required` (`framework: Validator::shouldStopValidating`).
 */
export const field = (required: Issue | undefined, ...rules: ReadonlyArray<Check>): Check =>
  required !== undefined ? required : rules

/**
 * What the panel's `TrimStrings` middleware leaves of a string: whitespace, U+FEFF and U+200B cut
 * from both ends (`app/Http/Middleware/TrimStrings.php`; not applied to `password`,
 * `password_confirmation`, nor to file routes addressed by a full UUID).
 */
export const trim = (value: string): string => value.replace(/^[\s\uFEFF\u200B]+|[\s\uFEFF\u200B]+$/gu, "")

// PHP's trim(), which `required` applies on top of the middleware.
// biome-ignore lint/suspicious/noControlCharactersInRegex: PHP's trim() strips NUL and vertical tab.
const phpTrim = (value: string): string => value.replace(/^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g, "")

/** Characters, as `mb_strlen` counts them (code points, not UTF-16 units). */
const characters = (value: string): number => {
  let count = 0
  for (const _ of value) count++
  return count
}

/** How a field reaches the validator: trimmed by the middleware or not. */
export interface Seen {
  readonly trimmed?: boolean | undefined
}

const seen = (value: string, options: Seen): string => (options.trimmed === false ? value : trim(value))

/**
 * `required`: absent, `null`, an empty array, or a string that is empty once trimmed (the
 * middleware turns `""` into `null`, and the rule itself trims).
 */
export const required = (field: string, value: unknown, options: Seen = {}): Issue | undefined => {
  const blank =
    value === undefined ||
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "string" && phpTrim(seen(value, options)) === "")
  return blank ? { field, rule: "required", detail: `The ${label(field)} field is required.` } : undefined
}

/** `max` on a string's length. */
export const maxLength = (field: string, value: string | undefined | null, max: number, options: Seen = {}) =>
  typeof value === "string" && characters(seen(value, options)) > max
    ? { field, rule: "max", detail: `The ${label(field)} may not be greater than ${max} characters.` }
    : undefined

/** `min` on a string's length. */
export const minLength = (field: string, value: string | undefined | null, min: number, options: Seen = {}) =>
  typeof value === "string" && characters(seen(value, options)) < min
    ? { field, rule: "min", detail: `The ${label(field)} must be at least ${min} characters.` }
    : undefined

/** `between` on a string's length. */
export const lengthBetween = (field: string, value: string, min: number, max: number, options: Seen = {}) => {
  const length = characters(seen(value, options))
  return length < min || length > max
    ? { field, rule: "between", detail: `The ${label(field)} must be between ${min} and ${max} characters.` }
    : undefined
}

/** `size` on a string's length. */
export const exactLength = (field: string, value: string, size: number, options: Seen = {}) =>
  characters(seen(value, options)) !== size
    ? { field, rule: "size", detail: `The ${label(field)} must be ${size} characters.` }
    : undefined

/** `max` on an array's length. */
export const maxItems = (field: string, value: ReadonlyArray<unknown> | undefined | null, max: number) =>
  value != null && value.length > max
    ? { field, rule: "max", detail: `The ${label(field)} may not have more than ${max} items.` }
    : undefined

/** `in`: one of a fixed set of values. */
export const oneOf = (field: string, value: string, allowed: ReadonlyArray<string>): Issue | undefined =>
  allowed.includes(value) ? undefined : { field, rule: "in", detail: `The selected ${label(field)} is invalid.` }

// PHP 8's is_numeric: optional surrounding whitespace, a sign, digits with an optional point, an
// optional exponent; no hexadecimal.
const phpNumeric = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/

/** `numeric` (PHP `is_numeric`): `644`, `-5`, `6.4` and `1e3` all pass. */
export const numeric = (field: string, value: string | number): Issue | undefined =>
  (typeof value === "number" ? Number.isFinite(value) : phpNumeric.test(value))
    ? undefined
    : { field, rule: "numeric", detail: `The ${label(field)} must be a number.` }

/** `numeric|min:a|max:b` on a number: every failing rule, in that order. */
export const numberBetween = (field: string, value: number, min: number, max: number): Check => {
  const notNumeric = numeric(field, value)
  if (notNumeric !== undefined) return notNumeric
  return [
    value < min ? { field, rule: "min", detail: `The ${label(field)} must be at least ${min}.` } : undefined,
    value > max ? { field, rule: "max", detail: `The ${label(field)} may not be greater than ${max}.` } : undefined
  ]
}

/** `regex`: PHP patterns without the `u` flag, so `\w` is ASCII as in JavaScript. */
export const matches = (field: string, value: string, pattern: RegExp, options: Seen = {}): Issue | undefined =>
  pattern.test(seen(value, options))
    ? undefined
    : { field, rule: "regex", detail: `The ${label(field)} format is invalid.` }

/** `alpha_dash`: Unicode letters, marks and numbers, `-` and `_`. */
export const alphaDash = (field: string, value: string, options: Seen = {}): Issue | undefined =>
  /^[\p{L}\p{M}\p{N}_-]+$/u.test(seen(value, options))
    ? undefined
    : { field, rule: "alpha_dash", detail: `The ${label(field)} may only contain letters, numbers, and dashes.` }

/**
 * `email`, loosely: the panel validates RFC syntax (quoted local parts, domain literals,
 * comments), so only a value without a local part, an `@` and a domain is refused here.
 */
export const email = (field: string, value: string): Issue | undefined =>
  /^.+@.+$/su.test(trim(value))
    ? undefined
    : { field, rule: "email", detail: `The ${label(field)} must be a valid email address.` }

/**
 * `url`, loosely: the panel accepts some two hundred schemes (not only http and https), so only a
 * value that is not `scheme://` followed by characters other than whitespace is refused here.
 */
export const url = (field: string, value: string): Issue | undefined =>
  /^[A-Za-z][A-Za-z0-9+.-]*:\/\/\S+$/u.test(trim(value))
    ? undefined
    : { field, rule: "url", detail: `The ${label(field)} format is invalid.` }

/** `confirmed`: `<field>_confirmation` must equal `<field>`. */
export const confirmed = (field: string, value: string, confirmation: string): Issue | undefined =>
  value === confirmation
    ? undefined
    : { field, rule: "confirmed", detail: `The ${label(field)} confirmation does not match.` }

// No address form has a run of 32 word characters; a key pasted here by mistake has one.
const quotable = ApiKey.redactSecretShaped

/**
 * `allowed_ips` of an API key (§4.7): `max:50`, then the after-hook that parses every entry
 * (`app/Http/Requests/Api/Client/Account/StoreApiKeyRequest.php::withValidator`). The hook runs
 * even when `max` failed; its messages have no failed rule, so their rule is empty, and their
 * field is `allowed_ips.<index>`.
 */
export const allowedIps = (value: ReadonlyArray<string> | undefined): Check => {
  if (value === undefined) return []
  // The 422 groups messages by field in the order each field first failed: the rules run first,
  // so a blank entry (null to the panel) fails `allowed_ips.*`'s string rule and its field comes
  // before the fields only the hook complains about; its hook message joins it.
  const unparsable = (entry: string, index: number): Issue => ({
    field: `allowed_ips.${index}`,
    rule: "",
    detail: `"${quotable(trim(entry))}" is not a valid IP address or CIDR range.`
  })
  const blank = value.flatMap((entry, index): Array<Issue> => {
    if (trim(entry) !== "") return []
    // A field from a `*` rule is shown raw in messages (framework: getDisplayableAttribute).
    const field = `allowed_ips.${index}`
    return [{ field, rule: "string", detail: `The ${field} must be a string.` }, unparsable(entry, index)]
  })
  const invalid = value.flatMap((entry, index) =>
    trim(entry) === "" || isIpRange(trim(entry)) ? [] : [unparsable(entry, index)]
  )
  return [maxItems("allowed_ips", value, 50), blank, invalid]
}
