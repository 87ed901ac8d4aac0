/**
 * Input rules the panel is known to enforce (spec §8.2), checked before anything is sent. A
 * failure is `ValidationFailed` with `source: "client"`, shaped like the panel's own 422 (field,
 * snake_case rule, a message in the panel's wording) so callers handle both the same way.
 */
import * as Effect from "effect/Effect"
import * as PanelError from "@ptero-effect/core/PanelError"

type Issue = PanelError.FieldIssue | undefined

// Laravel names a field in messages with spaces for underscores and the last path segment only.
const label = (field: string) => (field.split(".").pop() ?? field).replace(/_/g, " ")

const issue = (field: string, rule: string, detail: string) => new PanelError.FieldIssue({ field, rule, detail })

/**
 * The panel trims strings and turns `""` into `null` before validating (§6.3), so a blank string
 * fails `required` there too.
 */
export const required = (field: string, value: unknown): Issue =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "")
    ? issue(field, "required", `The ${label(field)} field is required.`)
    : undefined

/** A string whose trimmed length is within `min`–`max` characters. */
export const between = (field: string, value: string | undefined | null, min: number, max: number): Issue => {
  // A blank value is `required`'s to report, as on the panel.
  if (value === undefined || value === null || value.trim() === "") return undefined
  const length = [...value.trim()].length
  return length < min || length > max
    ? issue(field, "between", `The ${label(field)} must be between ${min} and ${max} characters.`)
    : undefined
}

/** Letters, digits, `-` and `_` only (Laravel's `alpha_dash`, which accepts Unicode letters). */
export const alphaDash = (field: string, value: string | undefined | null): Issue =>
  value === undefined || value === null || value.trim() === "" || /^[\p{L}\p{M}\p{N}_-]+$/u.test(value.trim())
    ? undefined
    : issue(field, "alpha_dash", `The ${label(field)} may only contain letters, numbers, dashes and underscores.`)

/** The whole (trimmed) value matches `pattern`. */
export const regex = (field: string, value: string | undefined | null, pattern: RegExp): Issue =>
  value === undefined || value === null || value.trim() === "" || pattern.test(value.trim())
    ? undefined
    : issue(field, "regex", `The ${label(field)} format is invalid.`)

/** An integer of at least `min`. */
export const integerAtLeast = (field: string, value: number | undefined | null, min: number): Issue => {
  if (value === undefined || value === null) return undefined
  if (!Number.isInteger(value)) return issue(field, "integer", `The ${label(field)} must be an integer.`)
  return value < min ? issue(field, "min", `The ${label(field)} must be at least ${min}.`) : undefined
}

/** A non-empty array. */
export const nonEmpty = (field: string, value: ReadonlyArray<unknown> | undefined | null): Issue =>
  value !== undefined && value !== null && value.length === 0
    ? issue(field, "required", `The ${label(field)} field is required.`)
    : undefined

const PORT = /^\d{1,5}$/
const RANGE = /^(\d{1,5})-(\d{1,5})$/

/**
 * One port (`25565`) or an inclusive range (`25565-25570`), each port within 1–65535 and a range
 * in ascending order: the forms the allocation and deploy endpoints take.
 */
export const portOrRange = (field: string, value: string | number): Issue => {
  const text = String(value).trim()
  const valid = (port: number) => port >= 1 && port <= 65535
  const bad = () =>
    issue(
      field,
      "port_range",
      `The ${label(field)} must be a port (1-65535) or an ascending range such as 25565-25570.`
    )
  if (PORT.test(text)) return valid(Number(text)) ? undefined : bad()
  const range = RANGE.exec(text)
  if (range === null) return bad()
  const start = Number(range[1])
  const end = Number(range[2])
  return valid(start) && valid(end) && start <= end ? undefined : bad()
}

/** Every entry of a list of ports or ranges, named `field.<index>` like the panel's own errors. */
export const ports = (field: string, values: ReadonlyArray<string | number> | undefined): ReadonlyArray<Issue> =>
  values === undefined ? [] : values.map((value, index) => portOrRange(`${field}.${index}`, value))

/**
 * Fails with a client-side `ValidationFailed` naming every failed rule, or succeeds when there is
 * none. `path` is the full request path (with `/api/application`), as on the panel's errors.
 */
export const validate = (
  method: string,
  path: string,
  issues: ReadonlyArray<Issue | ReadonlyArray<Issue>>
): Effect.Effect<void, PanelError.ValidationFailed> => {
  const found = issues.flat().filter((entry): entry is PanelError.FieldIssue => entry !== undefined)
  const [first, ...rest] = found
  return first === undefined
    ? Effect.void
    : Effect.fail(new PanelError.ValidationFailed({ method, path, source: "client", issues: [first, ...rest] }))
}
