/**
 * What the panel generates: MySQL's auto-increment ids, and the random strings and UUIDs of
 * `Str::random` / `Str::uuid`. The Application API's routes use seeded stand-ins, so two runs
 * of the same requests give the same bodies; the Client API's routes draw from Effect's
 * `Random`, which a test can seed.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Crypto from "node:crypto"
import type * as Fixture from "./Fixture.js"
import type { State } from "./Store.js"

const digest = (seed: string): Buffer => Crypto.createHash("sha256").update(seed, "utf8").digest()

/**
 * A lower-case version-4-shaped UUID derived from a seed.
 *
 * @since 0.1.0
 * @category seeded
 */
export const uuid = (seed: string): string => {
  const hex = digest(`uuid:${seed}`).toString("hex")
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

const ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

/**
 * `Str::random(length)` from a seed: letters and digits.
 *
 * @since 0.1.0
 * @category seeded
 */
export const random = (seed: string, length: number, alphabet = ALPHANUMERIC): string => {
  let out = ""
  let round = 0
  while (out.length < length) {
    for (const byte of digest(`random:${seed}:${round}`)) {
      if (out.length >= length) break
      out += alphabet[byte % alphabet.length]
    }
    round++
  }
  return out
}

/**
 * A password with special characters, as the panel's database passwords have.
 *
 * @since 0.1.0
 * @category seeded
 */
export const password = (seed: string, length = 24): string =>
  random(seed, length, `${ALPHANUMERIC}!@#$%^&*()-_=+[]{}<>.?`)

/**
 * The next auto-increment id of a table and the state that remembers it: one more than the
 * largest id ever handed out or present in `rows`, so a deleted row's id is not reused.
 *
 * @since 0.1.0
 * @category ids
 */
export const nextId = (state: State, table: string, rows: ReadonlyArray<{ readonly id: number }>): [number, State] => {
  const highest = rows.reduce((m, r) => Math.max(m, r.id), 0)
  const id = Math.max(highest, state.sequences[table] ?? 0) + 1
  return [id, { ...state, sequences: { ...state.sequences, [table]: id } }]
}

/**
 * A node's daemon token id and token: the stored ones, or ones derived from its uuid.
 *
 * @since 0.1.0
 * @category seeded
 */
export const daemonToken = (node: Fixture.Node): { readonly id: string; readonly token: string } => ({
  id: node.daemon_token_id ?? random(`daemon-token-id:${node.uuid}`, 16),
  token: node.daemon_token ?? random(`daemon-token:${node.uuid}`, 64)
})

/**
 * A random string over an alphabet (Laravel's `Str::random` uses `[A-Za-z0-9]`).
 *
 * @since 0.1.0
 * @category random
 */
export const randomString = (
  length: number,
  alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
): Effect.Effect<string> =>
  Effect.map(Effect.all(Array.from({ length }, () => Random.nextIntBetween(0, alphabet.length))), (indexes) =>
    indexes.map((i) => alphabet[i]).join("")
  )

/**
 * A random v4 UUID.
 *
 * @since 0.1.0
 * @category random
 */
export const randomUuid: Effect.Effect<string> = Effect.map(randomString(32, "0123456789abcdef"), (hex) => {
  const variant = "89ab"[Number.parseInt(hex[16]!, 16) % 4]
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
})
