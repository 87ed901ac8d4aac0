/**
 * The public ids of server databases: the panel encodes them with Hashids
 * (`HashidsInterface`), the mock with a stand-in that is opaque, fixed-length and reversible.
 *
 * @since 0.1.0
 */

// Hashids stand-in: an opaque, fixed-length, reversible form of a database id. Only the mock's
// own output decodes; anything else is a binding miss (§4.1).
const HASH_ALPHABET = "gR7kQ2vXbN9mJ4tW8cYpL3hZ6fD5sK1a"
const HASH_MULTIPLIER = 7919
const HASH_OFFSET = 104_729

/**
 * Encodes a database id as the panel's hashid-like public id.
 *
 * @since 0.1.0
 * @category ids
 */
export const encodeHashid = (id: number): string => {
  let n = id * HASH_MULTIPLIER + HASH_OFFSET
  let out = ""
  while (n > 0) {
    out = HASH_ALPHABET[n % 32] + out
    n = Math.floor(n / 32)
  }
  return out.padStart(8, HASH_ALPHABET[0])
}

/**
 * Decodes a public database id, or `undefined` when it is not one the mock issued.
 *
 * @since 0.1.0
 * @category ids
 */
export const decodeHashid = (value: string): number | undefined => {
  if (!/^[A-Za-z0-9]{8,12}$/.test(value)) return undefined
  let n = 0
  for (const c of value) {
    const digit = HASH_ALPHABET.indexOf(c)
    if (digit === -1) return undefined
    n = n * 32 + digit
  }
  const raw = n - HASH_OFFSET
  if (raw <= 0 || raw % HASH_MULTIPLIER !== 0) return undefined
  const id = raw / HASH_MULTIPLIER
  return encodeHashid(id) === value ? id : undefined
}
