/**
 * Five-field cron expressions (minute, hour, day of month, month, day of week) as the panel
 * evaluates them for `next_run_at`: numbers, `*`, ranges, steps, lists and month / weekday
 * names. An expression that does not evaluate makes the schedule routes answer 400 (§8.1).
 *
 * @since 0.1.0
 */

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

const field = (text: string, min: number, max: number, names?: ReadonlyArray<string>, nameBase = 0) => {
  const values = new Set<number>()
  const value = (token: string): number | undefined => {
    const lower = token.toLowerCase()
    const named = names?.indexOf(lower) ?? -1
    if (named !== -1) return named + nameBase
    return /^\d+$/.test(token) ? Number(token) : undefined
  }
  for (const part of text.split(",")) {
    const m = /^(\*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)?)(?:\/(\d+))?$/.exec(part)
    if (m === null) return undefined
    const step = m[2] === undefined ? 1 : Number(m[2])
    if (step < 1) return undefined
    let lo = min
    let hi = max
    if (m[1] !== "*") {
      const [a, b] = m[1]!.split("-")
      const from = value(a!)
      const to = b === undefined ? (m[2] === undefined ? from : max) : value(b)
      if (from === undefined || to === undefined) return undefined
      lo = from
      hi = to
    }
    if (lo < min || hi > max || lo > hi) return undefined
    for (let v = lo; v <= hi; v += step) values.add(v)
  }
  return values
}

/**
 * A parsed expression.
 *
 * @since 0.1.0
 * @category models
 */
export interface Cron {
  readonly minute: ReadonlySet<number>
  readonly hour: ReadonlySet<number>
  readonly dayOfMonth: ReadonlySet<number>
  readonly month: ReadonlySet<number>
  readonly dayOfWeek: ReadonlySet<number>
  readonly anyDayOfMonth: boolean
  readonly anyDayOfWeek: boolean
}

/**
 * Parses the five fields, or `undefined` when they do not form a valid expression.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (
  minute: string,
  hour: string,
  dayOfMonth: string,
  month: string,
  dayOfWeek: string
): Cron | undefined => {
  const m = field(minute, 0, 59)
  const h = field(hour, 0, 23)
  const dom = field(dayOfMonth, 1, 31)
  const mon = field(month, 1, 12, MONTHS, 1)
  const dowRaw = field(dayOfWeek, 0, 7, DAYS)
  if (m === undefined || h === undefined || dom === undefined || mon === undefined || dowRaw === undefined) {
    return undefined
  }
  const dow = new Set([...dowRaw].map((d) => d % 7))
  return {
    minute: m,
    hour: h,
    dayOfMonth: dom,
    month: mon,
    dayOfWeek: dow,
    anyDayOfMonth: dayOfMonth.startsWith("*"),
    anyDayOfWeek: dayOfWeek.startsWith("*")
  }
}

/**
 * The first minute strictly after `from` (epoch ms, UTC) that matches, or `undefined` when
 * none comes within about four years.
 *
 * @since 0.1.0
 * @category evaluating
 */
export const next = (cron: Cron, from: number): number | undefined => {
  const start = new Date(Math.floor(from / 60_000) * 60_000 + 60_000)
  const limit = from + 4 * 366 * 24 * 3600 * 1000
  const t = new Date(start)
  while (t.getTime() <= limit) {
    if (!cron.month.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1)
      t.setUTCHours(0, 0, 0, 0)
      continue
    }
    const domOk = cron.dayOfMonth.has(t.getUTCDate())
    const dowOk = cron.dayOfWeek.has(t.getUTCDay())
    // Standard cron: when both day fields are restricted, either may match.
    const dayOk =
      cron.anyDayOfMonth && cron.anyDayOfWeek
        ? true
        : cron.anyDayOfMonth
          ? dowOk
          : cron.anyDayOfWeek
            ? domOk
            : domOk || dowOk
    if (!dayOk) {
      t.setUTCDate(t.getUTCDate() + 1)
      t.setUTCHours(0, 0, 0, 0)
      continue
    }
    if (!cron.hour.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0)
      continue
    }
    if (!cron.minute.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0)
      continue
    }
    return t.getTime()
  }
  return undefined
}
