/**
 * PHP arrays with their keys, for the few places where the panel's array functions keep keys
 * that `json_encode` then shows: a list whose keys are not 0…n-1 is written as an object.
 *
 * @since 0.1.0
 */
import type { InputValue } from "./Input.js"

/**
 * An ordered PHP array of strings: its entries with their keys.
 *
 * @since 0.1.0
 * @category models
 */
export type Entries = ReadonlyArray<readonly [key: string | number, value: string]>

/**
 * A stored array as `json_encode` wrote it: a list, or an object when its keys have gaps.
 *
 * @since 0.1.0
 * @category models
 */
export type Json = ReadonlyArray<string> | Readonly<Record<string, string>>

const intKey = (key: string): string | number => (/^(0|-?[1-9]\d*)$/.test(key) ? Number(key) : key)

/**
 * The string entries of an input array (a JSON list or object), keys kept; anything that is not
 * an array gives none.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromInput = (value: InputValue | undefined): Entries => {
  if (typeof value !== "object" || value === null) return []
  const pairs: Array<readonly [string | number, InputValue]> = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value).map(([k, v]) => [intKey(k), v] as const)
  return pairs.filter((pair): pair is readonly [string | number, string] => typeof pair[1] === "string")
}

/**
 * `array_intersect`: the entries whose value is in `allowed`, keys kept.
 *
 * @since 0.1.0
 * @category operations
 */
export const intersect = (entries: Entries, allowed: ReadonlyArray<string>): Entries =>
  entries.filter(([, value]) => allowed.includes(value))

/**
 * `array_merge`: integer keys renumbered from 0 in order, string keys kept (a later one wins).
 *
 * @since 0.1.0
 * @category operations
 */
export const merge = (...arrays: ReadonlyArray<Entries>): Entries => {
  const out: Array<readonly [string | number, string]> = []
  let next = 0
  for (const [key, value] of arrays.flat()) {
    if (typeof key === "number") {
      out.push([next++, value])
      continue
    }
    const at = out.findIndex(([k]) => k === key)
    if (at === -1) out.push([key, value])
    else out[at] = [key, value]
  }
  return out
}

/**
 * `array_unique`: the first entry of each value, keys kept.
 *
 * @since 0.1.0
 * @category operations
 */
export const unique = (entries: Entries): Entries =>
  entries.filter(([, value], index) => entries.findIndex(([, v]) => v === value) === index)

/**
 * `json_encode` of the array: a list when the keys are exactly 0…n-1, otherwise an object.
 *
 * @since 0.1.0
 * @category conversions
 */
export const toJson = (entries: Entries): Json =>
  entries.every(([key], index) => key === index)
    ? entries.map(([, value]) => value)
    : Object.fromEntries(entries.map(([key, value]) => [String(key), value]))

/**
 * The values of a stored array, in order.
 *
 * @since 0.1.0
 * @category conversions
 */
export const values = (json: Json): ReadonlyArray<string> => (Array.isArray(json) ? json : Object.values(json))
