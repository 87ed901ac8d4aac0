import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Runtime from "effect/Runtime"

/** The clock every runtime gets unless a program swaps it (TestClock, a custom Clock). */
export const liveClock = Effect.runSync(Effect.clock)

/** setTimeout fires at once for delays beyond a signed 32-bit millisecond count. */
const MAX_TIMER_MS = 2 ** 31 - 1

/**
 * The milliseconds of `duration` when a native timer can keep it (the live clock, a finite
 * duration setTimeout can hold); `undefined` when only a race on `clock` keeps its semantics.
 */
export const nativeTimerMillis = (clock: unknown, duration: Duration.Duration): number | undefined => {
  if (clock !== liveClock || !Duration.isFinite(duration)) return undefined
  const millis = Duration.toMillis(duration)
  return millis > MAX_TIMER_MS ? undefined : millis
}

/**
 * Fails with `onTimeout()` when `self` has not finished within `duration`, interrupting it.
 *
 * `Effect.timeoutFail` races `self` against a `Clock` sleep: two forked fibers and a merge of
 * their fiber refs on every call, which measured about half of this library's own cost per
 * request. On the live clock the same rule needs one fiber and one timer; under any other
 * clock (a `TestClock`) the general race keeps exact `Clock` semantics.
 *
 * @internal
 */
export const timeoutFail = <A, E, R, E2>(
  self: Effect.Effect<A, E, R>,
  duration: Duration.Duration,
  onTimeout: () => E2
): Effect.Effect<A, E | E2, R> => {
  return Effect.clockWith((clock) => {
    const millis = nativeTimerMillis(clock, duration)
    return millis === undefined
      ? Effect.timeoutFail(self, { duration, onTimeout })
      : Effect.flatMap(Effect.runtime<R>(), (runtime) =>
          Effect.async<A, E | E2>((resume) => {
            // A root fiber with this fiber's context and refs, so spans still nest under ours.
            const fiber = Runtime.runFork(runtime)(self)
            let settled = false
            const timer = setTimeout(() => {
              if (settled) return
              settled = true
              resume(Effect.zipRight(Fiber.interrupt(fiber), Effect.fail(onTimeout())))
            }, millis)
            fiber.addObserver((exit) => {
              if (settled) return
              settled = true
              clearTimeout(timer)
              resume(exit)
            })
            // Interrupting the caller interrupts the request and waits for it to let go.
            return Effect.suspend(() => {
              settled = true
              clearTimeout(timer)
              return Fiber.interrupt(fiber)
            })
          })
        )
  })
}
