import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { defaultFixtureJson, k, usePanel } from "../helpers.js"
import {
  ADMIN_LAB,
  CREATIVE,
  expectBindingMiss,
  expectDenied,
  expectDisplay,
  expectNotVisible,
  expectSuspended,
  expectValidation,
  send,
  SURVIVAL
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}/network/allocations`

describe("network allocations (§4.6, §8.1, §9.1 allocation)", () => {
  it("list: every allocation with the client fields", async () => {
    const res = await send(panel, "GET", base, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      object: "list",
      data: [
        {
          object: "allocation",
          attributes: {
            id: 1,
            ip: "192.0.2.10",
            ip_alias: null,
            port: 25565,
            notes: "Primary game port",
            is_default: true
          }
        },
        {
          object: "allocation",
          attributes: { id: 2, ip: "192.0.2.10", ip_alias: null, port: 25566, notes: "Voice chat", is_default: false }
        }
      ]
    })
  })

  it("create assigns a free allocation on the primary IP within the range (200); the limit then → 400", async () => {
    const key = k(panel, "userClient")
    const res = await send(panel, "POST", base, key)
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("allocation")
    // The unassigned 192.0.2.10:25569 lies inside the default range 25500–25600, so it is reused.
    expect(res.json.attributes).toMatchObject({ id: 6, ip: "192.0.2.10", port: 25569, is_default: false, notes: null })
    expectDisplay(
      await send(panel, "POST", base, key),
      "DisplayException",
      "Cannot assign additional allocations to this server: limit has been reached."
    )
  })

  it("auto-allocation disabled → 400 AutoAllocationNotEnabledException", async () => {
    const fixture = defaultFixtureJson()
    fixture.settings.client = { allocations: { enabled: false } }
    const other = await MockPanel.start({ fixture })
    try {
      expectDisplay(
        await send(other, "POST", base, k(other, "userClient")),
        "AutoAllocationNotEnabledException",
        "Server auto-allocation is not enabled for this instance."
      )
    } finally {
      await other.close()
    }
  })

  it("notes must be present (422), may be null (200); primary switches is_default", async () => {
    const key = k(panel, "userClient")
    expectValidation(await send(panel, "POST", `${base}/2`, key, {}), [
      ["notes", "present", "The notes field must be present."]
    ])
    const cleared = await send(panel, "POST", `${base}/2`, key, { notes: null })
    expect(cleared.status).toBe(200)
    expect(cleared.json.attributes.notes).toBeNull()
    const primary = await send(panel, "POST", `${base}/2/primary`, key)
    expect(primary.status).toBe(200)
    expect(primary.json.attributes.is_default).toBe(true)
  })

  it("delete: the primary → 400; another → 204; no limit set → 400", async () => {
    const key = k(panel, "userClient")
    expectDisplay(
      await send(panel, "DELETE", `${base}/1`, key),
      "DisplayException",
      "You cannot delete the primary allocation for this server."
    )
    const deleted = await send(panel, "DELETE", `${base}/2`, key)
    expect(deleted.status).toBe(204)
    expectBindingMiss(await send(panel, "POST", `${base}/2/primary`, key))
    const fixture = defaultFixtureJson()
    fixture.servers[0].feature_limits.allocations = null
    const other = await MockPanel.start({ fixture })
    try {
      expectDisplay(
        await send(other, "DELETE", `${base}/2`, k(other, "userClient")),
        "DisplayException",
        "You cannot delete allocations for this server: no allocation limit is set."
      )
    } finally {
      await other.close()
    }
  })

  it("subuser without allocation.* → 403; another server's allocation → 404; no access → 404; suspended → 409", async () => {
    expectDenied(await send(panel, "GET", base, k(panel, "subuserClient")))
    expectDenied(await send(panel, "POST", `${base}/2`, k(panel, "subuserClient"), { notes: "x" }))
    expectDenied(await send(panel, "POST", `${base}/2/primary`, k(panel, "subuserClient")))
    expectBindingMiss(
      await send(
        panel,
        "POST",
        `/api/client/servers/${ADMIN_LAB}/network/allocations/1/primary`,
        k(panel, "rootClient")
      )
    )
    expectNotVisible(
      await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/network/allocations`, k(panel, "userClient"))
    )
    expectSuspended(
      await send(panel, "GET", `/api/client/servers/${CREATIVE}/network/allocations`, k(panel, "userClient"))
    )
  })
})
