/**
 * The console socket's wire format (§12.5): every frame is JSON `{event, args?}` with string
 * arguments (Wings `router/websocket/message.go`), plus what can be read from the token without
 * its key (the claims are only base64url).
 */
import * as Redacted from "effect/Redacted"

/** One decoded frame. */
export interface Frame {
  readonly event: string
  readonly args: ReadonlyArray<string>
}

/** A frame to send; `args` is left out when there are none, as Wings ignores it then. */
export const encode = (event: string, args?: ReadonlyArray<string>): string =>
  JSON.stringify(args === undefined ? { event } : { event, args })

/** The `auth` frame. Built only at the moment it is written, so the token never sits in a value that could be logged. */
export const auth = (token: Redacted.Redacted<string>): string => encode("auth", [Redacted.value(token)])

const utf8 = new TextDecoder()

/** A received frame, or `undefined` for anything that is not `{event: string, args?: string[]}`. */
export const decode = (data: string | Uint8Array): Frame | undefined => {
  let value: unknown
  try {
    value = JSON.parse(typeof data === "string" ? data : utf8.decode(data))
  } catch {
    return undefined
  }
  if (typeof value !== "object" || value === null) return undefined
  const { event, args } = value as { event?: unknown; args?: unknown }
  if (typeof event !== "string") return undefined
  if (args === undefined || args === null) return { event, args: [] }
  if (!Array.isArray(args)) return undefined
  return { event, args: args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))) }
}

// `atob` rather than Buffer, so the library runs in browsers too.
const base64url = (text: string): string => {
  const padded = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=")
  return utf8.decode(Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)))
}

/**
 * The `permissions` claim of a websocket token (`WebsocketController::__invoke` puts the user's
 * `GetUserPermissionsService` list there, §12.3), or `undefined` when it cannot be read.
 */
export const permissionsOf = (token: Redacted.Redacted<string>): ReadonlyArray<string> | undefined => {
  const body = Redacted.value(token).split(".")[1]
  if (body === undefined) return undefined
  try {
    const claims: unknown = JSON.parse(base64url(body))
    const permissions = (claims as { permissions?: unknown } | null)?.permissions
    return Array.isArray(permissions) && permissions.every((p) => typeof p === "string") ? permissions : undefined
  } catch {
    return undefined
  }
}

/**
 * Wings' permission test (`tokens/websocket.go::HasPermission`): the exact string, or `*` for
 * anything that does not start with `admin` (§12.5).
 */
export const hasPermission = (permissions: ReadonlyArray<string>, permission: string): boolean =>
  permissions.includes(permission) || (!permission.startsWith("admin") && permissions.includes("*"))

/**
 * Errors Wings reports through `SendErrorJson` carry this prefix and a random identifier
 * (`websocket.go::GetErrorMessage`); the `jwt error`s it sends for a token that stopped being
 * valid (`TokenValid`) do not. A prefixed `jwt error` is therefore the answer to an `auth`.
 */
export const isErrorEvent = (message: string): boolean => message.startsWith("Error Event [")
