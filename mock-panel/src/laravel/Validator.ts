/**
 * Laravel's validator (`Illuminate\Validation\Validator`, framework v10 as the panel ships it),
 * for both APIs' form requests and the controllers that validate themselves. Rules are written
 * as the panel writes them, rule strings (`required|string|max:191`) or lists mixing strings and
 * rule objects (`unique`, `exists`, the panel's own rules), and run the way `passes()` runs
 * them:
 *
 * - attributes in the order `rules()` lists them; an attribute with `*` expands to the keys the
 *   input has, and the expanded attributes come after every other attribute
 *   (`ValidationRuleParser::explodeWildcardRules`);
 * - each attribute's rules in order; a rule other than an implicit one (`required`, `present`,
 *   `filled`, `accepted`, `required_with`, `required_without`, `required_unless`) is skipped
 *   for an absent value or an empty string, and for null when the attribute is `nullable`;
 *   `sometimes` skips an absent attribute altogether; `unique` and `exists` are skipped once
 *   the attribute has a message;
 * - a failed implicit rule stops the attribute, any failure stops it under `bail`;
 * - after-validation hooks (`withValidator`'s `after`) add messages last.
 *
 * Messages are the panel's `resources/lang/en/validation.php`; an attribute is shown with its
 * custom name (`attributes()`), raw when it came from a `*`, otherwise snake case with spaces.
 * Messages come out as the `MessageBag` keeps them, grouped by attribute in the order each
 * attribute first failed, and each carries the `meta.rule` that `Handler::invalidJson` gives it:
 * the snake-case name of the attribute's n-th failed rule for its n-th message, empty for a
 * message no rule gave.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../http/Failure.js"
import type { ValidationEntry } from "../http/Failure.js"
import { dataGet, phpString } from "./Input.js"

/**
 * What a rule sees.
 *
 * @since 0.1.0
 * @category models
 */
export interface Check {
  readonly attribute: string
  /** The attribute as messages show it. */
  readonly display: string
  readonly value: unknown
  /** All of the input, for rules that read other fields. */
  readonly data: unknown
  /** The attribute also has `numeric` or `integer`: size rules compare numbers. */
  readonly numeric: boolean
  /** The attribute also has `array`: size messages speak of items. */
  readonly array: boolean
  /** How another attribute is shown in a message. */
  readonly displayOf: (attribute: string) => string
}

/**
 * One rule.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rule {
  /** The snake-case name, `meta.rule` when it fails. */
  readonly name: string
  /** Runs on an absent or empty value too, and stops the attribute when it fails. */
  readonly implicit?: boolean
  /** Never fails; changes which rules run. */
  readonly marker?: "sometimes" | "nullable" | "bail"
  /** The message when the rule fails, `undefined` when it passes. */
  readonly check: (c: Check) => string | undefined
}

/**
 * An attribute's rules: a rule string, or a list of rule strings and rule objects.
 *
 * @since 0.1.0
 * @category models
 */
export type Spec = string | ReadonlyArray<string | Rule>

/**
 * `rules()`: attribute → rules, in the order the form request lists them. Keys may use `*`.
 *
 * @since 0.1.0
 * @category models
 */
export type Rules = Readonly<Record<string, Spec>>

/**
 * What else shapes the messages.
 *
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** `attributes()`: attribute (or `*` pattern) → the name messages use. */
  readonly attributes?: Readonly<Record<string, string>>
  /** `messages()`: `attribute.rule` (or `rule`) → the message, with `:attribute` replaced. */
  readonly messages?: Readonly<Record<string, string>>
  /**
   * The after-validation hook (`withValidator`): more messages once the rules ran, given the
   * failures so far. They carry no rule.
   */
  readonly after?: (
    failed: ReadonlyArray<ValidationEntry>
  ) => ReadonlyArray<{ readonly field: string; readonly detail: string }>
}

// --- the panel's message lines (resources/lang/en/validation.php) ----------------------------

type Sized = { readonly numeric: string; readonly string: string; readonly array: string }

const LINES: Readonly<Record<string, string | Sized>> = {
  accepted: "The :attribute must be accepted.",
  alpha_dash: "The :attribute may only contain letters, numbers, and dashes.",
  alpha_num: "The :attribute may only contain letters and numbers.",
  array: "The :attribute must be an array.",
  between: {
    numeric: "The :attribute must be between :min and :max.",
    string: "The :attribute must be between :min and :max characters.",
    array: "The :attribute must have between :min and :max items."
  },
  boolean: "The :attribute field must be true or false.",
  confirmed: "The :attribute confirmation does not match.",
  email: "The :attribute must be a valid email address.",
  exists: "The selected :attribute is invalid.",
  filled: "The :attribute field is required.",
  in: "The selected :attribute is invalid.",
  integer: "The :attribute must be an integer.",
  max: {
    numeric: "The :attribute may not be greater than :max.",
    string: "The :attribute may not be greater than :max characters.",
    array: "The :attribute may not have more than :max items."
  },
  min: {
    numeric: "The :attribute must be at least :min.",
    string: "The :attribute must be at least :min characters.",
    array: "The :attribute must have at least :min items."
  },
  numeric: "The :attribute must be a number.",
  present: "The :attribute field must be present.",
  regex: "The :attribute format is invalid.",
  required: "The :attribute field is required.",
  required_unless: "The :attribute field is required unless :other is in :values.",
  required_with: "The :attribute field is required when :values is present.",
  required_without: "The :attribute field is required when :values is not present.",
  size: {
    numeric: "The :attribute must be :size.",
    string: "The :attribute must be :size characters.",
    array: "The :attribute must contain :size items."
  },
  string: "The :attribute must be a string.",
  unique: "The :attribute has already been taken.",
  url: "The :attribute format is invalid."
}

const sizeType = (c: Check): keyof Sized => (c.numeric ? "numeric" : c.array ? "array" : "string")

const line = (rule: string, c: Check, replace: Readonly<Record<string, string>> = {}): string => {
  const entry = LINES[rule] ?? `validation.${rule}`
  let text = typeof entry === "string" ? entry : entry[sizeType(c)]
  for (const [key, value] of Object.entries({ ...replace, attribute: c.display })) {
    text = text.replaceAll(`:${key}`, value)
  }
  return text
}

// --- value tests --------------------------------------------------------------------------------

const isArray = (v: unknown): v is Record<string, unknown> | Array<unknown> => typeof v === "object" && v !== null

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (typeof v === "string" && v.trim() === "") ||
  (isArray(v) && Object.keys(v).length === 0)

/**
 * PHP's `is_numeric`.
 *
 * @since 0.1.0
 * @category values
 */
export const isNumeric = (v: unknown): boolean =>
  (typeof v === "number" && Number.isFinite(v)) ||
  (typeof v === "string" && /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/.test(v))

/**
 * `filter_var($v, FILTER_VALIDATE_INT) !== false`.
 *
 * @since 0.1.0
 * @category values
 */
export const isInteger = (v: unknown): boolean => {
  if (typeof v === "boolean") return v
  if (typeof v === "number") return Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER
  if (typeof v === "string") return /^[ \t\n\r\v\f]*[+-]?(0|[1-9]\d*)[ \t\n\r\v\f]*$/.test(v) && v.trim().length < 20
  return false
}

// `getSize`: the number itself for a numeric attribute, an array's count, a string's length.
const size = (c: Check): number => {
  if (c.numeric && isNumeric(c.value)) return Number(c.value)
  if (isArray(c.value)) return Object.keys(c.value).length
  return [...phpString(c.value)].length
}

/**
 * A PHP regex (`/pattern/flags`, any delimiter) as a JavaScript one; `undefined` when it does
 * not compile here.
 *
 * @since 0.1.0
 * @category values
 */
export const phpRegex = (source: string): RegExp | undefined => {
  const m = /^([^\w\s\\])(.*)\1([a-zA-Z]*)$/s.exec(source)
  if (m === null) return undefined
  const flags = [...(m[3] ?? "")].filter((f) => "ims".includes(f)).join("")
  for (const extra of ["u", ""]) {
    try {
      return new RegExp(m[2] ?? "", flags + extra)
    } catch {
      // PCRE syntax JavaScript reads only without the `u` flag, or not at all.
    }
  }
  return undefined
}

// --- rules ----------------------------------------------------------------------------------

const rule = (name: string, passes: (c: Check) => boolean, message: (c: Check) => string = (c) => line(name, c)) =>
  ({ name, check: (c) => (passes(c) ? undefined : message(c)) }) satisfies Rule

const implicit = (name: string, passes: (c: Check) => boolean, message?: (c: Check) => string): Rule => ({
  ...rule(name, passes, message),
  implicit: true
})

const marker = (name: "sometimes" | "nullable" | "bail"): Rule => ({ name, marker: name, check: () => undefined })

/**
 * @since 0.1.0
 * @category rules
 */
export const sometimes = marker("sometimes")
/**
 * @since 0.1.0
 * @category rules
 */
export const nullable = marker("nullable")
/**
 * @since 0.1.0
 * @category rules
 */
export const bail = marker("bail")

/**
 * `Rule::in($values)`: values that may hold commas.
 *
 * @since 0.1.0
 * @category rules
 */
export const inList = (values: ReadonlyArray<string>): Rule =>
  rule("in", (c) => !isArray(c.value) && values.includes(phpString(c.value)))

/**
 * `exists:table,column`: the predicate says whether a row holds the value.
 *
 * @since 0.1.0
 * @category rules
 */
export const exists = (found: (value: unknown) => boolean): Rule =>
  rule("exists", (c) => !isArray(c.value) && found(c.value))

/**
 * `unique:table,column`: the predicate says whether another row already holds the value.
 *
 * @since 0.1.0
 * @category rules
 */
export const unique = (taken: (value: unknown) => boolean): Rule =>
  rule("unique", (c) => isArray(c.value) || !taken(c.value))

/**
 * A rule object of the panel's own (`Pterodactyl\Rules\…`, `meta.rule` with the `p_` prefix,
 * §7.3).
 *
 * @since 0.1.0
 * @category rules
 */
export const custom = (name: string, passes: (value: unknown) => boolean, message: (display: string) => string): Rule =>
  rule(
    name,
    (c) => passes(c.value),
    (c) => message(c.display)
  )

const sized = (name: string, passes: (size: number) => boolean, replace: Readonly<Record<string, string>>): Rule =>
  rule(
    name,
    (c) => passes(size(c)),
    (c) => line(name, c, replace)
  )

const dependent = (others: ReadonlyArray<string>, c: Check) => others.map(c.displayOf).join(" / ")

// Each rule name a rule string may use, with its parameters (`str_getcsv` of what follows `:`).
const RULES: Readonly<Record<string, (p: ReadonlyArray<string>) => Rule>> = {
  sometimes: () => sometimes,
  nullable: () => nullable,
  bail: () => bail,
  required: () => implicit("required", (c) => !isEmpty(c.value)),
  present: () => implicit("present", (c) => c.value !== undefined),
  filled: () => implicit("filled", (c) => c.value === undefined || !isEmpty(c.value)),
  accepted: () =>
    implicit("accepted", (c) => !isEmpty(c.value) && ["yes", "on", "1", 1, true, "true"].includes(c.value as never)),
  required_with: (others) =>
    implicit(
      "required_with",
      (c) => others.every((o) => isEmpty(dataGet(c.data, o))) || !isEmpty(c.value),
      (c) => line("required_with", c, { values: dependent(others, c) })
    ),
  required_without: (others) =>
    implicit(
      "required_without",
      (c) => others.every((o) => !isEmpty(dataGet(c.data, o))) || !isEmpty(c.value),
      (c) => line("required_without", c, { values: dependent(others, c) })
    ),
  required_unless: ([other = "", ...values]) =>
    implicit(
      "required_unless",
      (c) => values.includes(phpString(dataGet(c.data, other))) || !isEmpty(c.value),
      (c) => line("required_unless", c, { other: c.displayOf(other), values: values.join(", ") })
    ),
  string: () => rule("string", (c) => typeof c.value === "string"),
  integer: () => rule("integer", (c) => isInteger(c.value)),
  numeric: () => rule("numeric", (c) => isNumeric(c.value)),
  boolean: () => rule("boolean", (c) => [true, false, 0, 1, "0", "1"].includes(c.value as never)),
  array: () => rule("array", (c) => isArray(c.value)),
  email: () =>
    rule("email", (c) => typeof c.value === "string" && /^[^\s@"(),:;<>[\\\]]+@[^\s@"(),:;<>[\\\]]+$/.test(c.value)),
  alpha_dash: () =>
    rule(
      "alpha_dash",
      (c) => (typeof c.value === "string" || isNumeric(c.value)) && /^[\p{L}\p{M}\p{N}_-]+$/u.test(phpString(c.value))
    ),
  alpha_num: () =>
    rule(
      "alpha_num",
      (c) => (typeof c.value === "string" || isNumeric(c.value)) && /^[\p{L}\p{M}\p{N}]+$/u.test(phpString(c.value))
    ),
  in: (values) => inList(values),
  regex: ([pattern = ""]) => {
    const re = phpRegex(pattern)
    // A pattern JavaScript cannot read is not judged.
    return re === undefined
      ? rule("regex", () => true)
      : rule("regex", (c) => (typeof c.value === "string" || isNumeric(c.value)) && re.test(phpString(c.value)))
  },
  url: () =>
    rule("url", (c) => {
      if (typeof c.value !== "string") return false
      try {
        const url = new URL(c.value)
        return /^[a-z][a-z0-9+.-]*:$/i.test(url.protocol) && url.host !== ""
      } catch {
        return false
      }
    }),
  confirmed: () => rule("confirmed", (c) => dataGet(c.data, `${c.attribute}_confirmation`) === c.value),
  min: ([n = "0"]) => sized("min", (s) => s >= Number(n), { min: n }),
  max: ([n = "0"]) => sized("max", (s) => s <= Number(n), { max: n }),
  between: ([lo = "0", hi = "0"]) => sized("between", (s) => s >= Number(lo) && s <= Number(hi), { min: lo, max: hi }),
  size: ([n = "0"]) => sized("size", (s) => s === Number(n), { size: n })
}

// `ValidationRuleParser::normalizeRule`.
const ALIASES: Readonly<Record<string, string>> = { int: "integer", bool: "boolean" }

/**
 * Parses one rule string (`max:191`, `regex:/^a|b$/`) or a whole `|`-separated list, as
 * `ValidationRuleParser` does: the list splits on every `|`, parameters on commas except a
 * regex's. A rule the mock does not know passes.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (spec: Spec): ReadonlyArray<Rule> =>
  (typeof spec === "string" ? spec.split("|") : spec).flatMap((item): Array<Rule> => {
    if (typeof item !== "string") return [item]
    if (item.trim() === "") return []
    const colon = item.indexOf(":")
    const raw = (colon === -1 ? item : item.slice(0, colon)).trim().toLowerCase()
    const name = ALIASES[raw] ?? raw
    const rest = colon === -1 ? "" : item.slice(colon + 1)
    // `str_getcsv`: `Rule::in` writes its values quoted.
    const params =
      name === "regex" ? [rest] : colon === -1 ? [] : rest.split(",").map((p) => p.replace(/^"(.*)"$/s, "$1"))
    const make = RULES[name]
    return make === undefined ? [] : [make(params)]
  })

// --- running --------------------------------------------------------------------------------

// `files.*.to` → every concrete attribute the input has: `*` walks an array's keys; a missing
// key below it is filled in (its rules then see an absent value), anything that is not an array
// ends the path (`ValidationData::initializeAndGatherData`).
const expand = (data: unknown, pattern: string): Array<string> => {
  const walk = (value: unknown, prefix: string, rest: ReadonlyArray<string>): Array<string> => {
    const [head, ...tail] = rest
    if (head === undefined) return [prefix]
    const at = (key: string) => (prefix === "" ? key : `${prefix}.${key}`)
    if (head === "*") {
      return isArray(value) ? Object.keys(value).flatMap((k) => walk((value as any)[k], at(k), tail)) : []
    }
    if (value !== undefined && !isArray(value)) return []
    return walk(value === undefined ? undefined : (value as any)[head], at(head), tail)
  }
  return walk(data, "", pattern.split("."))
}

// `Str::snake` then underscores as spaces: how an attribute without a custom name is shown.
const displayName = (attribute: string): string => {
  let value = attribute
  if (!/^[a-z]+$/.test(value)) {
    const words = value.replace(/(^|[ \t\r\n\f\v])(\S)/g, (_, space: string, c: string) => space + c.toUpperCase())
    value = words
      .replace(/\s+/gu, "")
      .replace(/(.)(?=[A-Z])/gu, "$1_")
      .toLowerCase()
  }
  return value.replaceAll("_", " ")
}

interface Failures {
  readonly rules: Array<string>
  readonly messages: Array<string>
}

/**
 * Validates `data`, returning every message (an empty list when it passes).
 *
 * @since 0.1.0
 * @category running
 */
export const validate = (data: unknown, rules: Rules, options: Options = {}): Array<ValidationEntry> => {
  const run = passes(data, rules, options)
  let step = run.next()
  while (step.done !== true) step = run.next()
  return step.value
}

// How many attributes are checked between two turns of the event loop: a JSON body at the size
// limit can hold hundreds of thousands of `*` attributes (seconds of work), and other clients'
// requests must not wait for all of it.
const SLICE = 512

// The validation itself, pausing (`yield`) after every slice of attributes.
function* passes(data: unknown, rules: Rules, options: Options): Generator<void, Array<ValidationEntry>> {
  const attributes = options.attributes ?? {}
  const messages = options.messages ?? {}
  // Explicit attributes first, in order; then every `*` attribute's expansions, in order.
  const explicit: Array<readonly [string, string, ReadonlyArray<Rule>]> = []
  const expanded: Array<readonly [string, string, ReadonlyArray<Rule>]> = []
  for (const [pattern, spec] of Object.entries(rules)) {
    const list = parse(spec)
    if (!pattern.includes("*")) explicit.push([pattern, pattern, list])
    else for (const attribute of expand(data, pattern)) expanded.push([attribute, pattern, list])
  }
  const bag = new Map<string, Failures>()
  const fail = (attribute: string, ruleName: string, message: string) => {
    let entry = bag.get(attribute)
    if (entry === undefined) {
      entry = { rules: [], messages: [] }
      bag.set(attribute, entry)
    }
    if (ruleName !== "" && !entry.rules.includes(ruleName)) entry.rules.push(ruleName)
    entry.messages.push(message)
  }
  const displayOf = (attribute: string) => attributes[attribute] ?? displayName(attribute)
  let checked = 0
  for (const [attribute, primary, list] of [...explicit, ...expanded]) {
    if (++checked % SLICE === 0) yield
    const value = dataGet(data, attribute)
    if (list.some((r) => r.marker === "sometimes") && value === undefined) continue
    const isNullable = list.some((r) => r.marker === "nullable")
    const isBail = list.some((r) => r.marker === "bail")
    const check: Check = {
      attribute,
      // An attribute expanded from `*` is shown as it is, underscores and all.
      display:
        attributes[attribute] ?? attributes[primary] ?? (attribute === primary ? displayName(attribute) : attribute),
      value,
      data,
      numeric: list.some((r) => r.name === "numeric" || r.name === "integer"),
      array: list.some((r) => r.name === "array"),
      displayOf
    }
    for (const r of list) {
      if (r.marker !== undefined) continue
      const isImplicit = r.implicit === true
      if (!isImplicit) {
        if (value === undefined || (typeof value === "string" && value.trim() === "")) continue
        if (isNullable && value === null) continue
        if ((r.name === "unique" || r.name === "exists") && bag.has(attribute)) continue
      }
      const failed = r.check(check)
      if (failed === undefined) continue
      const custom = messages[`${attribute}.${r.name}`] ?? messages[`${primary}.${r.name}`] ?? messages[r.name]
      fail(attribute, r.name, custom === undefined ? failed : custom.replaceAll(":attribute", check.display))
      if (isImplicit || isBail) break
    }
  }
  const soFar = (): Array<ValidationEntry> =>
    [...bag].flatMap(([field, f]) => f.messages.map((detail, i) => ({ field, rule: f.rules[i] ?? "", detail })))
  if (options.after !== undefined) {
    for (const { field, detail } of options.after(soFar())) fail(field, "", detail)
  }
  return soFar()
}

/**
 * `validate` a slice of attributes at a time, the event loop turning in between: a large input
 * takes as long, and the mock keeps answering other requests meanwhile.
 *
 * @since 0.1.0
 * @category running
 */
export const validateInSlices = (
  data: unknown,
  rules: Rules,
  options: Options = {}
): Effect.Effect<Array<ValidationEntry>> =>
  Effect.suspend(() => {
    const run = passes(data, rules, options)
    const next = (): Effect.Effect<Array<ValidationEntry>> => {
      const step = run.next()
      return step.done === true ? Effect.succeed(step.value) : Effect.zipRight(turn, Effect.suspend(next))
    }
    return next()
  })

/**
 * Validates (in slices) and fails with the 422 `ValidationException` when anything failed, as a
 * form request does before its controller runs and `$this->validate()` does inside one.
 *
 * @since 0.1.0
 * @category running
 */
export const validateOrFail = (
  data: unknown,
  rules: Rules,
  options: Options = {}
): Effect.Effect<void, Failure.PanelFailure> =>
  Effect.flatMap(validateInSlices(data, rules, options), (failures) =>
    failures.length > 0 ? Effect.fail(Failure.validation(failures)) : Effect.void
  )

// One turn of the event loop, so that sockets are read between slices (a fiber's own yield stays
// within Effect's scheduler, which lets I/O in only now and then).
const turn: Effect.Effect<void> = Effect.async<void>((resume) => {
  const handle = setImmediate(() => resume(Effect.void))
  return Effect.sync(() => clearImmediate(handle))
})
