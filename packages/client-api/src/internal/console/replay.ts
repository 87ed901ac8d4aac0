/**
 * Console lines without the duplicates a reconnection brings.
 *
 * `send logs` makes Wings send the container's last lines (`websocket_log_count`, 150 by
 * default; `websocket.go` `SendServerLogsEvent`, §12.5), which after a reconnection begin with
 * lines already delivered. The replay is a window that ends at the log's end, so the lines
 * already seen are a prefix of it that equals a suffix of what was delivered. The filter holds
 * incoming lines while some alignment of them against the delivered history is still possible,
 * drops the longest prefix that matches the history up to its last line, and lets the rest
 * through. Lines that repeat (a log of identical lines) can make the match ambiguous; the
 * longest match wins, so a duplicate may be dropped in place of a line that only looks like it.
 */
export class ReplayFilter {
  private readonly history: Array<string> = []
  private phase:
    | {
        /** Positions in `history` where the replay could start and still match so far. */
        candidates: Array<number>
        held: Array<string>
        /** The longest prefix of `held` found to end exactly at the history's last line. */
        drop: number
      }
    | undefined = undefined

  /** @param window The most lines a replay holds, and the history kept to match them against. */
  constructor(private readonly window: number) {}

  /** Starts matching: the next lines may be a replay. */
  start(): void {
    const m = this.history.length
    const candidates: Array<number> = []
    for (let i = Math.max(0, m - this.window); i < m; i++) candidates.push(i)
    this.phase = candidates.length === 0 ? undefined : { candidates, held: [], drop: 0 }
  }

  /** Ends matching (no replay will come, e.g. the server is offline) and returns the lines held. */
  stop(): ReadonlyArray<string> {
    const phase = this.phase
    this.phase = undefined
    return phase === undefined ? [] : this.release(phase.held.slice(phase.drop))
  }

  /** A received line; returns the lines to deliver now, in order. */
  push(line: string): ReadonlyArray<string> {
    const phase = this.phase
    if (phase === undefined) return this.release([line])
    const k = phase.held.length
    phase.held.push(line)
    const m = this.history.length
    const alive: Array<number> = []
    for (const i of phase.candidates) {
      if (this.history[i + k] !== line) continue
      if (i + k + 1 === m) phase.drop = Math.max(phase.drop, k + 1)
      else if (k + 1 < this.window) alive.push(i)
    }
    phase.candidates = alive
    return alive.length === 0 ? this.stop() : []
  }

  private release(lines: ReadonlyArray<string>): ReadonlyArray<string> {
    for (const line of lines) this.history.push(line)
    if (this.history.length > this.window) this.history.splice(0, this.history.length - this.window)
    return lines
  }
}
