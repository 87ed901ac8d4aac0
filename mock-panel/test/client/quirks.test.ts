// The panel's own behaviour where it is surprising, reproduced (docs/panel/client-api.md §4.6,
// §8.1): absence read as false, unvalidated pagination, key-keeping PHP arrays, and the 500s the
// panel answers where its code fails.
import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { defaultFixtureJson, expectError, k, usePanel } from "../helpers.js"
import { expectValidation, send, SURVIVAL, SURVIVAL_UUID } from "./support.js"

const panel = usePanel()
const alice = () => k(panel, "userClient")
const S = `/api/client/servers/${SURVIVAL}`
const GENERIC = "An unexpected error was encountered while processing this request, please try again."
const cron = { minute: "0", hour: "4", day_of_month: "*", month: "*", day_of_week: "*" }

describe("schedules and tasks (ScheduleController, ScheduleTaskController)", () => {
  it("an update without is_active / only_when_online switches them off; switching clears is_processing", async () => {
    const created = await send(panel, "POST", `${S}/schedules`, alice(), {
      name: "n",
      ...cron,
      is_active: true,
      only_when_online: true
    })
    const id = created.json.attributes.id
    const updated = await send(panel, "POST", `${S}/schedules/${id}`, alice(), { name: "n", ...cron })
    expect([updated.json.attributes.is_active, updated.json.attributes.only_when_online]).toEqual([false, false])
    // (bool) "false" is true: only_when_online has no rule.
    const truthy = await send(panel, "POST", `${S}/schedules/${id}`, alice(), {
      name: "n",
      ...cron,
      only_when_online: "false"
    })
    expect(truthy.json.attributes.only_when_online).toBe(true)
  })

  it("a schedule without a month is the panel's 500 TypeError; month and only_when_online have no rule", async () => {
    const { month: _, ...noMonth } = cron
    expectError(
      await send(panel, "POST", `${S}/schedules`, alice(), { name: "n", ...noMonth }),
      500,
      "TypeError",
      GENERIC
    )
    const odd = await send(panel, "POST", `${S}/schedules`, alice(), { name: "n", ...cron, only_when_online: [1] })
    expect(odd.status).toBe(200)
  })

  it("a task asked for a position past the end gets the next free one", async () => {
    const schedule = (await send(panel, "GET", `${S}/schedules`, alice())).json.data[0].attributes
    const count = schedule.relationships.tasks.data.length
    const task = await send(panel, "POST", `${S}/schedules/${schedule.id}/tasks`, alice(), {
      action: "command",
      payload: "x",
      time_offset: 0,
      sequence_id: 50
    })
    expect(task.json.attributes.sequence_id).toBe(count + 1)
  })
})

describe("pagination is never validated (ClientController::index: min(per_page, 100))", () => {
  const perPage = async (value: string) => {
    const res = await send(panel, "GET", `/api/client?per_page=${encodeURIComponent(value)}`, alice())
    return res.status === 200 ? [res.json.meta.pagination.per_page, res.json.data.length] : res.status
  }

  it("0 is the model's 15, a negative size lists everything, text above the maximum is the maximum", async () => {
    expect(await perPage("0")).toEqual([15, 3])
    expect(await perPage("-1")).toEqual([-1, 3])
    expect(await perPage("500")).toEqual([100, 3])
    expect(await perPage("abc")).toEqual([100, 3])
    // Text below "100" reaches the paginator's arithmetic: a TypeError.
    expect(await perPage("!")).toBe(500)
    // filter_var(FILTER_VALIDATE_INT) refuses a leading zero: page 1.
    const page = await send(panel, "GET", "/api/client?per_page=1&page=02", alice())
    expect(page.json.meta.pagination.current_page).toBe(1)
  })
})

describe("subusers (SubuserController, SubuserRequest, SubuserCreationService)", () => {
  it("permissions that are not an array reach authorize() first: a 500 TypeError, not a 422", async () => {
    expectError(
      await send(panel, "POST", `${S}/users`, alice(), { email: "x@example.com", permissions: "file.read" }),
      500,
      "TypeError",
      GENERIC
    )
  })

  it("a new account whose derived username starts with a symbol fails the panel's save: a 500", async () => {
    const res = await send(panel, "POST", `${S}/users`, alice(), {
      email: "_x@example.com",
      permissions: ["file.read"]
    })
    expect([res.status, res.json.errors[0].code]).toEqual([500, "DataValidationException"])
  })

  it("an update that changes nothing keeps the stored array", async () => {
    const bob = defaultFixtureJson().users.find((u: any) => u.username === "bob").uuid
    const same = await send(panel, "POST", `${S}/users/${bob}`, alice(), {
      permissions: ["file.read", "file.read", "control.console", "control.start"]
    })
    expect(same.json.attributes.permissions).toEqual([
      "websocket.connect",
      "control.console",
      "control.start",
      "file.read"
    ])
  })
})

describe("other answers the panel gives", () => {
  it("create-folder with a null root is the panel's 500 TypeError; without one it is /", async () => {
    expectError(
      await send(panel, "POST", `${S}/files/create-folder`, alice(), { root: "", name: "a" }),
      500,
      "TypeError",
      GENERIC
    )
    expect((await send(panel, "POST", `${S}/files/create-folder`, alice(), { name: "a" })).status).toBe(204)
  })

  it("notes up to 256 characters are accepted, answered whole and stored cut to 191", async () => {
    const id = (await send(panel, "GET", `${S}/network/allocations`, alice())).json.data[0].attributes.id
    const notes = "n".repeat(256)
    const answered = await send(panel, "POST", `${S}/network/allocations/${id}`, alice(), { notes })
    expect(answered.json.attributes.notes).toBe(notes)
    const listed = (await send(panel, "GET", `${S}/network/allocations`, alice())).json.data[0].attributes.notes
    expect(listed).toHaveLength(191)
  })

  it("two-factor: enabling without a setup is the panel's 500 DecryptException", async () => {
    expectError(
      await send(panel, "POST", "/api/client/account/two-factor", alice(), {
        code: "123456",
        password: "alice-password"
      }),
      500,
      "DecryptException",
      GENERIC
    )
  })

  it("the SSH key hook runs even when a rule failed; allowed_ips entries are parsed whatever they are", async () => {
    expectValidation(await send(panel, "POST", "/api/client/account/ssh-keys", alice(), { public_key: "nope" }), [
      ["name", "required", "The name field is required."],
      ["public_key", "", "The public key provided is not valid."]
    ])
    expectValidation(
      await send(panel, "POST", "/api/client/account/api-keys", alice(), { description: "d", allowed_ips: ["x", ""] }),
      // Grouped by field in first-failure order: the rule's failure on .1 comes before the hook's on .0.
      [
        ["allowed_ips.1", "string", "The allowed_ips.1 must be a string."],
        ["allowed_ips.1", "", '"" is not a valid IP address or CIDR range.'],
        ["allowed_ips.0", "", '"x" is not a valid IP address or CIDR range.']
      ]
    )
  })

  it("activity: arrays are counted, a directory is written /…/, metadata follows the event's line", async () => {
    await send(panel, "POST", `${S}/files/delete`, alice(), { root: "/plugins//", files: ["a", "b"] })
    await send(panel, "POST", `${S}/command`, alice(), { command: "say hi" })
    const entries = (await send(panel, "GET", `${S}/activity?sort=-timestamp`, alice())).json.data.map(
      (e: any) => e.attributes
    )
    const command = entries.find((e: any) => e.event === "server:console.command")
    const deleted = entries.find((e: any) => e.event === "server:file.delete")
    // server.console.command's line shows :command; server:file.delete has no line of its own.
    expect([command.has_additional_metadata, deleted.has_additional_metadata]).toEqual([false, true])
    expect(deleted.properties).toMatchObject({ directory: "/plugins/", files: ["a", "b"], count: 2 })
  })

  it("a file route addressed by the full UUID is not trimmed, by the identifier it is (U+200B too)", async () => {
    const byUuid = await send(panel, "POST", `/api/client/servers/${SURVIVAL_UUID}/files/create-folder`, alice(), {
      name: "\u200B"
    })
    expect(byUuid.status).toBe(204)
    expectValidation(await send(panel, "POST", `${S}/files/create-folder`, alice(), { name: "\u200B" }), [
      ["name", "required", "The name field is required."]
    ])
  })

  it("the backup list's per_page is min(per_page ?? 20, 50); an empty one is the default", async () => {
    const fixture = defaultFixtureJson()
    const other = await MockPanel.start({ fixture })
    try {
      const res = await send(other, "GET", `${S}/backups?per_page=`, k(other, "userClient"))
      expect(res.json.meta.pagination.per_page).toBe(20)
    } finally {
      await other.close()
    }
  })
})
