/**
 * How MySQL compares what a request sends with the panel's columns, for lookups the panel's
 * queries make (route-model bindings, `unique` and `exists` rules, filters): string columns
 * compare case-insensitively (the tables' default collation), integer columns against the
 * numeric prefix of a string.
 *
 * @since 0.1.0
 */

/**
 * How MySQL reads a string compared with an integer column: its leading number, or 0.
 *
 * @since 0.1.0
 * @category comparisons
 */
export const mysqlNumber = (value: string): number => {
  const m = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/.exec(value)
  return m === null ? 0 : Number(m[0])
}

/**
 * MySQL's loose `=` between a string column and a value: case-insensitive.
 *
 * @since 0.1.0
 * @category comparisons
 */
export const sameText = (column: string | null, value: unknown): boolean =>
  column !== null &&
  (typeof value === "string" || typeof value === "number") &&
  column.toLowerCase() === String(value).toLowerCase()

/**
 * MySQL's `=` between an integer column and a value.
 *
 * @since 0.1.0
 * @category comparisons
 */
export const sameNumber = (column: number | null, value: unknown): boolean =>
  column !== null &&
  (typeof value === "number" ? column === value : typeof value === "string" ? column === mysqlNumber(value) : false)
