/**
 * Input checks the panel would make anyway (its FormRequest rules, §8.1), run before a
 * request is sent so that a bad value costs no request and no rate-limit hit. Field names, rule
 * names and details follow the panel's, so a client-side refusal reads like the panel's 422
 * (§7.3).
 */
import * as Effect from "effect/Effect"
import * as PanelError from "@ptero-effect/core/PanelError"
import { isIpRange } from "./ip.js"

/** One failed rule. */
export interface Issue {
  readonly field: string
  readonly rule: string
  readonly detail: string
}

type Check = Issue | undefined | ReadonlyArray<Issue | undefined>

/** The panel's messages name a field with underscores as spaces (`allowed_ips` → "allowed ips"). */
const label = (field: string): string => field.replace(/_/g, " ")

/**
 * Fails with `ValidationFailed` (`source: "client"`) when any check failed; `path` is below the
 * API prefix.
 */
export const refuse = (
  method: string,
  path: string,
  checks: ReadonlyArray<Check>
): Effect.Effect<void, PanelError.ValidationFailed> => {
  const issues = checks.flat().filter((issue): issue is Issue => issue !== undefined)
  const [first, ...rest] = issues
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

const blank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "")

/** `required`: the panel turns empty strings into null before validating (§6.3). */
export const required = (field: string, value: unknown): Issue | undefined =>
  blank(value) ? { field, rule: "required", detail: `The ${label(field)} field is required.` } : undefined

/** `max` on a string's length. */
export const maxLength = (field: string, value: string | undefined | null, max: number): Issue | undefined =>
  typeof value === "string" && value.length > max
    ? { field, rule: "max", detail: `The ${label(field)} may not be greater than ${max} characters.` }
    : undefined

/** `min` on a string's length. */
export const minLength = (field: string, value: string | undefined | null, min: number): Issue | undefined =>
  typeof value === "string" && value.length < min
    ? { field, rule: "min", detail: `The ${label(field)} must be at least ${min} characters.` }
    : undefined

/** `size` on a string's length. */
export const exactLength = (field: string, value: string, size: number): Issue | undefined =>
  value.length !== size ? { field, rule: "size", detail: `The ${label(field)} must be ${size} characters.` } : undefined

/** `max` on an array's length. */
export const maxItems = (field: string, value: ReadonlyArray<unknown> | undefined | null, max: number) =>
  value != null && value.length > max
    ? { field, rule: "max", detail: `The ${label(field)} may not have more than ${max} items.` }
    : undefined

/** `min` and `max` on a number, after `integer`. */
export const integerBetween = (field: string, value: number | undefined, min: number, max: number) => {
  if (value === undefined) return undefined
  if (!Number.isInteger(value)) return { field, rule: "integer", detail: `The ${label(field)} must be an integer.` }
  if (value < min) return { field, rule: "min", detail: `The ${label(field)} must be at least ${min}.` }
  if (value > max) return { field, rule: "max", detail: `The ${label(field)} may not be greater than ${max}.` }
  return undefined
}

/** `in`: one of a fixed set of values. */
export const oneOf = (field: string, value: string, allowed: ReadonlyArray<string>): Issue | undefined =>
  allowed.includes(value) ? undefined : { field, rule: "in", detail: `The selected ${label(field)} is invalid.` }

/** `numeric`: digits, e.g. a file mode such as `644`. */
export const numeric = (field: string, value: string | number): Issue | undefined =>
  /^\d+$/.test(String(value).trim())
    ? undefined
    : { field, rule: "numeric", detail: `The ${label(field)} must be a number.` }

/** `alpha_dash`: letters, digits, `-` and `_` only. */
export const alphaDash = (field: string, value: string): Issue | undefined =>
  /^[\p{L}\p{M}\p{N}_-]+$/u.test(value)
    ? undefined
    : {
        field,
        rule: "alpha_dash",
        detail: `The ${label(field)} may only contain letters, numbers, dashes and underscores.`
      }

/** `email`: a loose check that catches typos without rejecting addresses the panel accepts. */
export const email = (field: string, value: string): Issue | undefined =>
  /^[^\s@]+@[^\s@]+$/.test(value.trim())
    ? undefined
    : { field, rule: "email", detail: `The ${label(field)} must be a valid email address.` }

/** `url`: an absolute http(s) URL. */
export const url = (field: string, value: string): Issue | undefined => {
  try {
    const parsed = new URL(value)
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return undefined
  } catch {
    // falls through to the issue
  }
  return { field, rule: "url", detail: `The ${label(field)} format is invalid.` }
}

/** `confirmed`: `<field>_confirmation` must equal `<field>`. */
export const confirmed = (field: string, value: string, confirmation: string): Issue | undefined =>
  value === confirmation
    ? undefined
    : { field, rule: "confirmed", detail: `The ${label(field)} confirmation does not match.` }

// No address form has a run of 32 word characters; a key pasted here by mistake has one.
const quotable = (entry: string): string => entry.replace(/[A-Za-z0-9_]{32,}/g, "<redacted>")

/**
 * `allowed_ips` of an API key (§2.6, §4.7): at most 50 entries, each one a form the panel's
 * IP library parses. The panel reports a bad entry from an after-validation hook, so its rule is
 * empty (§7.3) and its field is `allowed_ips.<index>`.
 */
export const allowedIps = (value: ReadonlyArray<string> | undefined): ReadonlyArray<Issue | undefined> => {
  if (value === undefined) return []
  const tooMany = maxItems("allowed_ips", value, 50)
  if (tooMany !== undefined) return [tooMany]
  return value.map((entry, index) =>
    isIpRange(entry.trim())
      ? undefined
      : {
          field: `allowed_ips.${index}`,
          rule: "",
          detail: `"${quotable(entry)}" is not a valid IP address or CIDR range.`
        }
  )
}

/**
 * One field of a cron expression (§8.1 schedules). The panel only requires a string and
 * then fails to compute the next run for anything cron cannot read; this catches the obvious cases
 * (empty, whitespace, characters cron never uses).
 */
export const cronField = (field: string, value: string | undefined): Issue | undefined => {
  if (blank(value)) return required(field, value)
  return /^[0-9A-Za-z*,/?#-]+$/.test(value!.trim())
    ? undefined
    : { field, rule: "cron", detail: `The ${label(field)} field is not a valid cron expression field.` }
}
