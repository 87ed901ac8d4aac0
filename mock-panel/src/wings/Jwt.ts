/**
 * HS256 JSON Web Tokens, as the panel signs them for Wings (websocket credentials and signed
 * file and backup URLs, §8.1). The mock both issues and checks them, with one process-wide key.
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"

const KEY = Crypto.randomBytes(32)

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url")

/**
 * Signs claims.
 *
 * @since 0.1.0
 * @category tokens
 */
export const sign = (claims: Record<string, unknown>): string => {
  const head = b64url(JSON.stringify({ typ: "JWT", alg: "HS256" }))
  const body = b64url(JSON.stringify(claims))
  const signature = Crypto.createHmac("sha256", KEY).update(`${head}.${body}`).digest("base64url")
  return `${head}.${body}.${signature}`
}

/**
 * Verifies a token's signature and time window (`nbf` ≤ now < `exp`, seconds), returning its
 * claims or `undefined`.
 *
 * @since 0.1.0
 * @category tokens
 */
export const verify = (token: string, nowMs: number): Record<string, unknown> | undefined => {
  const parts = token.split(".")
  if (parts.length !== 3) return undefined
  const [head, body, signature] = parts as [string, string, string]
  const expected = Crypto.createHmac("sha256", KEY).update(`${head}.${body}`).digest()
  const given = Buffer.from(signature, "base64url")
  if (given.length !== expected.length || !Crypto.timingSafeEqual(given, expected)) return undefined
  let claims: unknown
  try {
    claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8"))
  } catch {
    return undefined
  }
  if (typeof claims !== "object" || claims === null) return undefined
  const c = claims as Record<string, unknown>
  const now = Math.floor(nowMs / 1000)
  if (typeof c.exp === "number" && now >= c.exp) return undefined
  if (typeof c.nbf === "number" && now < c.nbf) return undefined
  return c
}
