/**
 * The console websocket's vocabulary as Wings defines it (§12.5, §12.6): event names
 * (`router/websocket/message.go`, `server/events.go`), the permissions that gate them
 * (`router/websocket/websocket.go`), the texts of its errors, and the frame codec.
 *
 * @since 0.1.0
 */

/**
 * Events a client sends.
 *
 * @since 0.1.0
 * @category events
 */
export const Inbound = {
  auth: "auth",
  setState: "set state",
  sendLogs: "send logs",
  sendCommand: "send command",
  sendStats: "send stats"
} as const

/**
 * Events Wings sends.
 *
 * @since 0.1.0
 * @category events
 */
export const Outbound = {
  authSuccess: "auth success",
  tokenExpiring: "token expiring",
  tokenExpired: "token expired",
  daemonError: "daemon error",
  jwtError: "jwt error",
  throttled: "throttled",
  daemonMessage: "daemon message",
  installOutput: "install output",
  installStarted: "install started",
  installCompleted: "install completed",
  consoleOutput: "console output",
  status: "status",
  stats: "stats",
  backupRestoreCompleted: "backup restore completed",
  backupCompleted: "backup completed",
  transferLogs: "transfer logs",
  transferStatus: "transfer status",
  deleted: "deleted"
} as const

/**
 * Permission strings Wings reads from the token.
 *
 * @since 0.1.0
 * @category permissions
 */
export const Permission = {
  connect: "websocket.connect",
  sendCommand: "control.console",
  start: "control.start",
  stop: "control.stop",
  restart: "control.restart",
  receiveErrors: "admin.websocket.errors",
  receiveInstall: "admin.websocket.install",
  receiveTransfer: "admin.websocket.transfer",
  receiveBackups: "backup.read"
} as const

/**
 * The permission each power action needs; `kill` (`PowerActionTerminate`) needs `control.stop`.
 *
 * @since 0.1.0
 * @category permissions
 */
export const powerPermission: Readonly<Record<string, string>> = {
  start: Permission.start,
  stop: Permission.stop,
  restart: Permission.restart,
  kill: Permission.stop
}

/**
 * Error texts, as Wings and its JWT library word them.
 *
 * @since 0.1.0
 * @category errors
 */
export const Errors = {
  // router/websocket/websocket.go
  notPresent: "jwt: no jwt present",
  noConnect: "jwt: missing connect permission",
  uuidMismatch: "jwt: server uuid mismatch",
  denylisted: "jwt: created too far in past (denylist)",
  // github.com/gbrlsnchs/jwt/v3 (ErrExpValidation, ErrHMACVerification, ErrMalformed)
  expired: "jwt: exp claim is invalid",
  signature: "jwt: HMAC verification failed",
  malformed: "jwt: malformed token",
  // SendErrorJson's text for a client without admin.websocket.errors
  generic: "an unexpected error was encountered while handling this request",
  // server/errors.go
  isRunning: "server is running",
  suspended: "server is currently in a suspended state",
  installing: "server is currently installing",
  transferring: "server is currently being transferred",
  restoring: "server is currently being restored",
  powerLocked: "another power action is currently being processed for this server, please try again later"
} as const

/**
 * Whether an error is one `IsJwtError` recognises, which `SendErrorJson` sends as a `jwt error`
 * with its text rather than as a `daemon error`.
 *
 * @since 0.1.0
 * @category errors
 */
export const isJwtError = (message: string): boolean =>
  message === Errors.notPresent ||
  message === Errors.noConnect ||
  message === Errors.uuidMismatch ||
  message === Errors.denylisted ||
  message === Errors.expired

/**
 * One frame.
 *
 * @since 0.1.0
 * @category frames
 */
export interface Message {
  readonly event: string
  readonly args?: ReadonlyArray<string> | undefined
}

/**
 * A frame as Wings writes it: `args` left out when empty (`json:"args,omitempty"`).
 *
 * @since 0.1.0
 * @category frames
 */
export const encode = (message: Message): string =>
  JSON.stringify(
    message.args === undefined || message.args.length === 0
      ? { event: message.event }
      : { event: message.event, args: message.args }
  )

/**
 * A received frame, or `undefined` where Wings' `json.Unmarshal` into `Message` would fail
 * (such frames are skipped without a reply). Non-string arguments fail it, as in Go.
 *
 * @since 0.1.0
 * @category frames
 */
export const decode = (text: string): Message | undefined => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined
  const { event, args } = value as { event?: unknown; args?: unknown }
  if (event !== undefined && event !== null && typeof event !== "string") return undefined
  if (args === undefined || args === null) return { event: typeof event === "string" ? event : "" }
  if (!Array.isArray(args)) return undefined
  // Go decodes a JSON null element of []string as "".
  if (!args.every((a) => typeof a === "string" || a === null)) return undefined
  return { event: typeof event === "string" ? event : "", args: args.map((a) => (a === null ? "" : a)) }
}

/**
 * `GetErrorMessage`: the text of an error sent through `SendErrorJson`, with an identifier the
 * node's log can be searched for.
 *
 * @since 0.1.0
 * @category errors
 */
export const errorMessage = (id: string, message: string): string => `Error Event [${id}]: ${message}`

/**
 * A line as `PublishConsoleOutputFromDaemon` colours it (`server/console.go`).
 *
 * @since 0.1.0
 * @category frames
 */
export const daemonLine = (text: string): string => `\u001b[33m\u001b[1m[Pterodactyl Daemon]:\u001b[39m ${text}`

/**
 * The largest frame Wings 1.12 reads before closing the connection (`conn.SetReadLimit(4096)`).
 *
 * @since 0.1.0
 * @category frames
 */
export const READ_LIMIT = 4096
