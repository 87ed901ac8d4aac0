import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/network/allocations"

describe("network allocations (§8.1 Server: network, §4.6)", () => {
  it.effect("list, assign, notes (present even when null), primary, unassign", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}`]: json(200, Wire.list("allocation", [Wire.allocation(1), Wire.allocation(2, false)])),
          [`POST ${S}`]: json(200, Wire.item("allocation", Wire.allocation(3, false))),
          [`POST ${S}/2`]: json(200, Wire.item("allocation", { ...Wire.allocation(2, false), notes: null })),
          [`POST ${S}/2/primary`]: json(200, Wire.item("allocation", Wire.allocation(2))),
          [`DELETE ${S}/3`]: noContent
        })
      )
      expect((yield* api.network.list("1a7ce997")).map((a) => a.is_default)).toEqual([true, false])
      expect((yield* api.network.assign("1a7ce997")).id).toBe(3)
      yield* api.network.setNotes("1a7ce997", 2, null)
      expect((yield* api.network.setPrimary("1a7ce997", 2)).is_default).toBe(true)
      yield* api.network.unassign("1a7ce997", 3)
      expect(requests.map((r) => [r.method, r.url.pathname])).toEqual([
        ["GET", S],
        ["POST", S],
        ["POST", `${S}/2`],
        ["POST", `${S}/2/primary`],
        ["DELETE", `${S}/3`]
      ])
      expect(requests[2]!.json).toEqual({ notes: null })
    })
  )

  it.effect("the allocation limit and deleting the primary are PanelRequestRejected with the panel's codes", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(
        routes({
          [`POST ${S}`]: panelError(
            400,
            "DisplayException",
            "Cannot assign additional allocations to this server: limit has been reached."
          ),
          [`DELETE ${S}/1`]: panelError(
            400,
            "DisplayException",
            "You cannot delete the primary allocation for this server."
          )
        })
      )
      const limit = yield* Effect.flip(api.network.assign("1a7ce997"))
      const primary = yield* Effect.flip(api.network.unassign("1a7ce997", 1))
      expect(limit._tag === "PanelRequestRejected" && limit.detail).toContain("limit has been reached")
      expect(primary._tag === "PanelRequestRejected" && primary.detail).toContain("primary allocation")
    })
  )

  it.effect("a subuser without allocation.read gets InsufficientPermissions (§10.4)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => panelError(403, "AccessDeniedHttpException", "This action is unauthorized."))
      const error = yield* Effect.flip(api.network.list("1a7ce997"))
      expect(error._tag).toBe("InsufficientPermissions")
    })
  )
})
