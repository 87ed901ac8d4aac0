/**
 * HS256 JSON Web Tokens, as the panel signs them for Wings (websocket credentials and signed
 * file and backup URLs, §8.1, §12). The mock both issues and checks them: signed URLs with one
 * process-wide key, console tokens with their node's daemon token.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"

const KEY = Crypto.randomBytes(32)

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url")

/**
 * Signs claims with `key` (the process-wide key by default; a node's daemon token for console
 * tokens, as `NodeJWTService::handle` signs them), with extra header fields (`jti`).
 *
 * @since 0.1.0
 * @category tokens
 */
export const sign = (
  claims: Record<string, unknown>,
  key: string | Buffer = KEY,
  header: Record<string, unknown> = {}
): string => {
  const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256", ...header }))
  const body = b64url(JSON.stringify(claims))
  const signature = Crypto.createHmac("sha256", key).update(`${head}.${body}`).digest("base64url")
  return `${head}.${body}.${signature}`
}

/**
 * A token's claims if its signature matches `key`, `"malformed"` if it is not a JWT with JSON
 * parts, `"signature"` otherwise. No time check: callers apply the rules of whoever reads it.
 *
 * @since 0.1.0
 * @category tokens
 */
export const check = (
  token: string,
  key: string | Buffer = KEY
): Readonly<Record<string, unknown>> | "malformed" | "signature" => {
  const parts = token.split(".")
  if (parts.length !== 3) return "malformed"
  const [head, body, signature] = parts as [string, string, string]
  let claims: unknown
  try {
    JSON.parse(Buffer.from(head, "base64url").toString("utf8"))
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"))
  } catch {
    return "malformed"
  }
  if (typeof claims !== "object" || claims === null || Array.isArray(claims)) return "malformed"
  const expected = Crypto.createHmac("sha256", key).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, "base64url")
  if (given.length !== expected.length || !Crypto.timingSafeEqual(given, expected)) return "signature"
  return claims as Record<string, unknown>
}

/**
 * Verifies a token's signature and time window (`nbf` ≤ now < `exp`, seconds), returning its
 * claims or `undefined`.
 *
 * @since 0.1.0
 * @category tokens
 */
export const verify = (token: string, nowMs: number): Record<string, unknown> | undefined => {
  const claims = check(token)
  if (typeof claims === "string") return undefined
  const now = Math.floor(nowMs / 1000)
  if (typeof claims.exp === "number" && now >= claims.exp) return undefined
  if (typeof claims.nbf === "number" && now < claims.nbf) return undefined
  return claims
}
