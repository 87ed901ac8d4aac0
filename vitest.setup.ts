import { addEqualityTesters, it } from "@effect/vitest"

addEqualityTesters()

// @effect/vitest's `layer(...)` writes its runtime's `effect`, `scoped`, … onto the `it` it
// exports (an Object.assign in its internals). Test files share their modules (isolate: false in
// vitest.config.ts), so a file that runs after one using `layer(...)` would run its own
// `it.effect` tests in that file's runtime, closed by then and perhaps without the TestClock.
// This file runs before every test file: each starts from `it` as @effect/vitest first made it.
const METHODS = ["effect", "scoped", "live", "scopedLive", "flakyTest", "layer", "prop"] as const
const saved = Symbol.for("ptero-effect/vitest.setup/it")
const store = globalThis as { [saved]?: Pick<typeof it, (typeof METHODS)[number]> }
store[saved] ??= Object.fromEntries(METHODS.map((name) => [name, it[name]])) as Pick<
  typeof it,
  (typeof METHODS)[number]
>
Object.assign(it, store[saved])
