/**
 * RFC 6238 TOTP (SHA-1, 6 digits, 30-second steps) with base32 secrets, for the account
 * two-factor routes (§8.1). Codes are checked against the mock clock.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

/**
 * Base32 (RFC 4648, no padding) of bytes.
 *
 * @since 0.1.0
 * @category encoding
 */
export const base32 = (bytes: Uint8Array): string => {
  let bits = 0
  let value = 0
  let out = ""
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31]
  return out
}

const fromBase32 = (text: string): Buffer => {
  let bits = 0
  let value = 0
  const out: Array<number> = []
  for (const c of text.toUpperCase().replace(/=+$/, "")) {
    const digit = BASE32.indexOf(c)
    if (digit === -1) continue
    value = (value << 5) | digit
    bits += 5
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
  }
  return Buffer.from(out)
}

/**
 * The code for a secret at a time (epoch ms).
 *
 * @since 0.1.0
 * @category codes
 */
export const code = (secret: string, atMs: number): string => {
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)))
  const mac = Crypto.createHmac("sha1", fromBase32(secret)).update(counter).digest()
  const offset = mac[mac.length - 1]! & 15
  const binary = mac.readUInt32BE(offset) & 0x7fffffff
  return String(binary % 1_000_000).padStart(6, "0")
}

/**
 * Whether a code is valid now, one step either side.
 *
 * @since 0.1.0
 * @category codes
 */
export const verify = (secret: string, given: string, atMs: number): boolean =>
  [-1, 0, 1].some((step) => code(secret, atMs + step * 30_000) === given)
