import { describe, expect, layer } from "@effect/vitest"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect } from "effect"

const entry = (n: number) => ({
  time: "2024-10-24T12:00:00+00:00",
  method: "GET",
  path: `/api/client/${n}`,
  query: "",
  status: 200,
  key: null,
  route: null
})

describe("the request journal", () => {
  layer(MockPanel.layer(), { excludeTestServices: true })((it) => {
    it.effect("keeps the newest 10,000 entries, oldest first, and a reset empties it", () =>
      Effect.gen(function* () {
        const { control } = yield* MockPanel.MockPanel
        yield* control.reset
        for (let n = 0; n < 10_005; n++) yield* control.record(entry(n))
        const entries = yield* control.journal
        expect(entries).toHaveLength(10_000)
        expect(entries[0]!.path).toBe("/api/client/5")
        expect(entries[9_999]!.path).toBe("/api/client/10004")
        expect(entries.every((e, i) => e.path === `/api/client/${i + 5}`)).toBe(true)
        yield* control.reset
        expect(yield* control.journal).toHaveLength(0)
      })
    )
  })
})
