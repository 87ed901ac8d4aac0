// The allowed query names reach the wire unchanged; the refused ones are the compile-time errors
// of `typelevel/QueryNames.ts` (§7.2).
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { seen, withFake } from "./utils/api.js"
import * as Wire from "./utils/wire.js"

describe("typed query names (§7.2)", () => {
  it.effect("the names an endpoint allows are sent as written", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.page("node", [Wire.node(1)], 1, 50)))
      yield* api.nodes.list({ filter: { fqdn: "node1" }, sort: ["-memory", "disk"], include: ["location", "servers"] })
      expect(seen(requests[0]!).query).toEqual({
        "filter[fqdn]": "node1",
        sort: "-memory,disk",
        include: "location,servers"
      })
    })
  )
})
