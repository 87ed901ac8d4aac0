import { DeadlineExceeded } from "@ptero-effect/core/LeanTransport"

/**
 * The panel client's deadline for one exchange (see `LeanTransport`): when it passes, `expire`
 * ends the exchange, and any failure that follows is reported as the passed deadline.
 */
export class Deadline {
  private expired: DeadlineExceeded | undefined = undefined
  private timer: ReturnType<typeof setTimeout> | undefined = undefined

  constructor(millis: number | undefined, expire: (reason: DeadlineExceeded) => void) {
    if (millis === undefined) return
    this.timer = setTimeout(() => {
      this.timer = undefined
      this.expired = new DeadlineExceeded(millis)
      expire(this.expired)
    }, millis)
  }

  /** The exchange ended (its body read, dropped or failed): the deadline no longer applies. */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  /** Why the exchange failed: the passed deadline, if that is what ended it. */
  reason(error: unknown): unknown {
    return this.expired ?? error
  }
}
