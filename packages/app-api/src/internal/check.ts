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

/** A number within `min`–`max` inclusive (Laravel's `numeric|between:min,max`; decimals pass). */
export const numberBetween = (field: string, value: number | undefined | null, min: number, max: number): Issue =>
  value === undefined || value === null || (Number.isFinite(value) && value >= min && value <= max)
    ? undefined
    : issue(field, "between", `The ${label(field)} must be between ${min} and ${max}.`)

/** A non-empty array: Laravel's `required` fails on `[]`. */
export const nonEmpty = (field: string, value: ReadonlyArray<unknown> | undefined | null): Issue =>
  value !== undefined && value !== null && value.length === 0
    ? issue(field, "required", `The ${label(field)} field is required.`)
    : undefined

// app/Services/Allocations/AssignmentService.php: CIDR_MAX_BITS, CIDR_MIN_BITS, PORT_FLOOR,
// PORT_CEIL, PORT_RANGE_LIMIT, PORT_RANGE_REGEX. PHP's `\d` without the `u` flag is ASCII only.
const CIDR_MAX_BITS = 27
const CIDR_MIN_BITS = 32
const PORT_FLOOR = 1024
const PORT_CEIL = 65535
const PORT_RANGE_LIMIT = 1000
const PORT_RANGE = /^([0-9]{4,5})-([0-9]{4,5})$/
// app/helpers.php::is_digit: `ctype_digit(strval($value))`, so any number of ASCII digits.
const DIGITS = /^[0-9]+$/

/**
 * The mask of a CIDR allocation IP, as `AssignmentService::handle` checks it before anything
 * else: whatever follows the first `/` must be digits from 27 to 32. The panel's own message says
 * /25, but /25 and /26 are refused (`CidrOutOfRangeException`, a 400).
 */
export const allocationIp = (field: string, ip: string): Issue => {
  const parts = ip.trim().split("/")
  if (parts.length === 1) return undefined
  const mask = parts[1] ?? ""
  return DIGITS.test(mask) && Number(mask) >= CIDR_MAX_BITS && Number(mask) <= CIDR_MIN_BITS
    ? undefined
    : issue(field, "cidr_out_of_range", "CIDR notation only allows masks between /27 and /32.")
}

/**
 * One entry of `ports` as `AssignmentService::handle` reads it (each failure a 400 there):
 * digits alone are one port that must be greater than 1024 and at most 65535; otherwise a range
 * `NNNN-NNNNN` of at most 1000 ports whose start is greater than 1024 and whose end is at most
 * 65535. PHP's `range()` counts down too, so a descending range passes, and since only the start
 * meets the floor and only the end the ceiling, `1500-1000` adds ports 1000–1500: a panel bug
 * this check reproduces rather than hides, so the library refuses exactly what the panel refuses.
 */
export const allocationPort = (field: string, value: string | number): Issue => {
  const text = String(value).trim()
  if (text === "") return issue(field, "string", `The ${field} must be a string.`)
  const outOfRange = () =>
    issue(
      field,
      "port_out_of_range",
      `Ports in an allocation must be greater than ${PORT_FLOOR} and less than or equal to ${PORT_CEIL}.`
    )
  if (DIGITS.test(text)) {
    const port = Number(text)
    return port <= PORT_FLOOR || port > PORT_CEIL ? outOfRange() : undefined
  }
  const range = PORT_RANGE.exec(text)
  if (range === null) {
    return issue(
      field,
      "invalid_port_mapping",
      `The mapping provided for ${text} was invalid and could not be processed.`
    )
  }
  const start = Number(range[1])
  const end = Number(range[2])
  if (Math.abs(end - start) + 1 > PORT_RANGE_LIMIT) {
    return issue(
      field,
      "too_many_ports_in_range",
      `Adding more than ${PORT_RANGE_LIMIT} ports in a single range at once is not supported.`
    )
  }
  return start <= PORT_FLOOR || end > PORT_CEIL ? outOfRange() : undefined
}

/**
 * One entry of `deploy.port_range` as `AllocationSelectionService::setPorts` and
 * `AllocationRepository::getRandomAllocation` read it. The panel keeps digits as one port (with no
 * floor or ceiling) and `NNNN-NNNNN` as a range searched with SQL `BETWEEN`; a range whose ends
 * differ by more than 1000 is its 400. It drops every other entry without a word, and a
 * descending range matches no port: both would place the server on a port the caller did not
 * ask for (every entry dropped means any port) or fail as "no allocation", so they are refused
 * here, deliberately, as inputs the panel does not act on.
 */
export const deployPort = (field: string, value: string | number): Issue => {
  const text = String(value).trim()
  if (DIGITS.test(text)) return undefined
  const range = PORT_RANGE.exec(text)
  if (range === null) {
    return issue(
      field,
      "port_range",
      `The ${field} must be a port or a range such as 25565-25570; the panel ignores anything else.`
    )
  }
  const start = Number(range[1])
  const end = Number(range[2])
  if (Math.abs(end - start) > PORT_RANGE_LIMIT) {
    return issue(
      field,
      "too_many_ports_in_range",
      `Adding more than ${PORT_RANGE_LIMIT} ports in a single range at once is not supported.`
    )
  }
  return start > end
    ? issue(field, "port_range", `The ${field} must be an ascending range; the panel matches no port in ${text}.`)
    : undefined
}

/** `check` on every entry of a list, naming each `field.<index>` like the panel's own errors. */
export const each = <A>(
  field: string,
  values: ReadonlyArray<A> | undefined,
  check: (field: string, value: A) => Issue
): ReadonlyArray<Issue> => (values === undefined ? [] : values.map((value, index) => check(`${field}.${index}`, value)))

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
