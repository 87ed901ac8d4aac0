/**
 * Wings' checks of a console token (§12.3, §12.7): `router/tokens/parser.go::ParseToken`
 * (signature, then expiry), `router/tokens/websocket.go` (`Denylisted`, `HasPermission`) and
 * `router/websocket/websocket.go` (`NewTokenPayload`, `TokenValid`), with Wings 1.12.2's
 * requirement that the token's `scope` include `websocket`.
 *
 * Times are the mock clock's epoch milliseconds; the claims are whole seconds.
 *
 * @since 0.1.0
 */
import { Errors, Permission } from "./Protocol.js"

/**
 * The claims Wings reads.
 *
 * @since 0.1.0
 * @category models
 */
export interface Payload {
  readonly serverUuid: string
  readonly userUuid: string
  readonly permissions: ReadonlyArray<string>
  readonly jti: string
  /** Seconds, or `undefined` (then the token counts as denylisted). */
  readonly iat: number | undefined
  /** Seconds, or `undefined` (then it never expires). */
  readonly exp: number | undefined
  readonly scope: string
}

/**
 * What the checks depend on besides the token: when Wings booted (tokens issued before are
 * refused), the JTIs the panel revoked and when, and whether the scope claim is required.
 *
 * @since 0.1.0
 * @category models
 */
export interface Context {
  readonly bootTime: number
  readonly denied: ReadonlyMap<string, number>
  readonly requireScope: boolean
}

/**
 * A token's claims if its signature holds, `"malformed"` if it is not a JWT, `"signature"` if
 * the signature does not match the node's key.
 *
 * @since 0.1.0
 * @category models
 */
export type SignatureCheck = (token: string) => Readonly<Record<string, unknown>> | "malformed" | "signature"

const str = (value: unknown): string => (typeof value === "string" ? value : "")
const seconds = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined)

const payloadOf = (claims: Readonly<Record<string, unknown>>): Payload => ({
  serverUuid: str(claims.server_uuid),
  userUuid: str(claims.user_uuid),
  permissions: Array.isArray(claims.permissions) ? claims.permissions.filter((p) => typeof p === "string") : [],
  jti: str(claims.jti),
  iat: seconds(claims.iat),
  exp: seconds(claims.exp),
  scope: str(claims.scope)
})

/**
 * `ExpirationTimeValidator`: valid until the second after `exp` has begun.
 *
 * @since 0.1.0
 * @category checks
 */
export const expired = (payload: Payload, now: number): boolean => payload.exp !== undefined && now > payload.exp * 1000

/**
 * `Denylisted`: no `iat`, issued before Wings booted, or before its JTI was revoked.
 *
 * @since 0.1.0
 * @category checks
 */
export const denylisted = (payload: Payload, context: Context): boolean => {
  if (payload.iat === undefined) return true
  const issued = payload.iat * 1000
  if (issued < context.bootTime) return true
  const deniedAt = context.denied.get(payload.jti)
  return deniedAt !== undefined && issued < deniedAt
}

/**
 * `HasPermission`: the exact string, or `*` for anything outside `admin.*`, and only while the
 * token is not denylisted.
 *
 * @since 0.1.0
 * @category checks
 */
export const hasPermission = (payload: Payload, permission: string, context: Context): boolean =>
  payload.permissions.some((p) => p === permission || (!permission.startsWith("admin") && p === "*")) &&
  !denylisted(payload, context)

const hasScope = (payload: Payload, context: Context): boolean =>
  !context.requireScope || payload.scope.split(" ").includes("websocket")

/**
 * `NewTokenPayload`: the payload of an `auth` frame's token, or the error Wings answers with.
 *
 * @since 0.1.0
 * @category checks
 */
export const parse = (
  token: string,
  check: SignatureCheck,
  now: number,
  context: Context
): { readonly _tag: "Ok"; readonly payload: Payload } | { readonly _tag: "Error"; readonly message: string } => {
  const claims = check(token)
  if (claims === "malformed") return { _tag: "Error", message: Errors.malformed }
  if (claims === "signature") return { _tag: "Error", message: Errors.signature }
  const payload = payloadOf(claims)
  if (expired(payload, now)) return { _tag: "Error", message: Errors.expired }
  if (denylisted(payload, context)) return { _tag: "Error", message: Errors.denylisted }
  if (!hasPermission(payload, Permission.connect, context) || !hasScope(payload, context)) {
    return { _tag: "Error", message: Errors.noConnect }
  }
  return { _tag: "Ok", payload }
}

/**
 * `TokenValid`: why the connection's current token no longer holds, or `undefined`.
 *
 * @since 0.1.0
 * @category checks
 */
export const invalidity = (
  payload: Payload | undefined,
  serverUuid: string,
  now: number,
  context: Context
): string | undefined => {
  if (payload === undefined) return Errors.notPresent
  if (expired(payload, now)) return Errors.expired
  if (denylisted(payload, context)) return Errors.denylisted
  if (!hasPermission(payload, Permission.connect, context) || !hasScope(payload, context)) return Errors.noConnect
  if (payload.serverUuid !== serverUuid) return Errors.uuidMismatch
  return undefined
}
