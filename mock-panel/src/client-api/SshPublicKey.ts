/**
 * OpenSSH public keys (`ssh-rsa AAAA… comment`): the type, the RSA modulus size and the
 * SHA-256 fingerprint (base64 without padding, as phpseclib's `getFingerprint('sha256')`).
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"

/**
 * A parsed key.
 *
 * @since 0.1.0
 * @category models
 */
export interface PublicKey {
  readonly type: string
  /** RSA modulus bits; undefined for other types. */
  readonly rsaBits: number | undefined
  readonly fingerprint: string
}

const readString = (blob: Buffer, offset: number): [Buffer, number] | undefined => {
  if (offset + 4 > blob.length) return undefined
  const length = blob.readUInt32BE(offset)
  if (offset + 4 + length > blob.length) return undefined
  return [blob.subarray(offset + 4, offset + 4 + length), offset + 4 + length]
}

const KNOWN = new Set([
  "ssh-rsa",
  "ssh-dss",
  "ssh-ed25519",
  "ecdsa-sha2-nistp256",
  "ecdsa-sha2-nistp384",
  "ecdsa-sha2-nistp521"
])

/**
 * Parses a key, or `undefined` when it is not a public key the panel's library would load.
 *
 * @since 0.1.0
 * @category parsing
 */
export const parse = (text: string): PublicKey | undefined => {
  const parts = text.trim().split(/\s+/)
  if (parts.length < 2 || !KNOWN.has(parts[0]!)) return undefined
  const encoded = parts[1]!
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return undefined
  const blob = Buffer.from(encoded, "base64")
  const first = readString(blob, 0)
  if (first === undefined || first[0].toString("latin1") !== parts[0]) return undefined
  let rsaBits: number | undefined
  if (parts[0] === "ssh-rsa") {
    const e = readString(blob, first[1])
    const n = e === undefined ? undefined : readString(blob, e[1])
    if (n === undefined) return undefined
    let modulus = n[0]
    while (modulus.length > 0 && modulus[0] === 0) modulus = modulus.subarray(1)
    rsaBits = modulus.length === 0 ? 0 : (modulus.length - 1) * 8 + (32 - Math.clz32(modulus[0]!))
  } else if (parts[0] === "ssh-ed25519") {
    const key = readString(blob, first[1])
    if (key === undefined || key[0].length !== 32) return undefined
  }
  const fingerprint = Crypto.createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")
  return { type: parts[0]!, rsaBits, fingerprint }
}
