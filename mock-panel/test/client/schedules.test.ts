import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { defaultFixtureJson, expectError, k, usePanel } from "../helpers.js"
import {
  ADMIN_LAB,
  CREATIVE,
  expectBindingMiss,
  expectDenied,
  expectDisplay,
  expectNotVisible,
  expectSuspended,
  expectValidation,
  ISO,
  send,
  SURVIVAL
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}/schedules`
const cron = { minute: "*/5", hour: "*", day_of_month: "*", month: "*", day_of_week: "*" }

describe("schedules (§8.1, §9.1 server_schedule)", () => {
  it("list includes tasks, ordered by sequence", async () => {
    const res = await send(panel, "GET", base, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.meta).toBeUndefined()
    const schedule = res.json.data[0]
    expect(schedule.object).toBe("server_schedule")
    expect(schedule.attributes).toMatchObject({
      id: 1,
      name: "Nightly restart",
      cron: { day_of_week: "*", day_of_month: "*", month: "*", hour: "4", minute: "0" },
      is_active: true,
      is_processing: false,
      only_when_online: true,
      last_run_at: null
    })
    expect(schedule.attributes.relationships.tasks.data.map((t: any) => t.attributes.sequence_id)).toEqual([1, 2])
    expect(Object.keys(schedule.attributes.relationships.tasks.data[0].attributes)).toEqual([
      "id",
      "sequence_id",
      "action",
      "payload",
      "time_offset",
      "is_queued",
      "continue_on_failure",
      "created_at",
      "updated_at"
    ])
  })

  it("create (200), view, update (200), execute (202 []), delete (204)", async () => {
    const key = k(panel, "userClient")
    const created = await send(panel, "POST", base, key, { name: "Saves", ...cron, is_active: true })
    expect(created.status).toBe(200)
    expect(created.json.attributes.next_run_at).toMatch(ISO)
    expect(created.json.attributes.relationships.tasks).toEqual({ object: "list", data: [] })
    const id = created.json.attributes.id
    expectDisplay(
      await send(panel, "POST", `${base}/${id}/execute`, key),
      "DisplayException",
      "Cannot process schedule for task execution: no tasks are registered."
    )
    const task = await send(panel, "POST", `${base}/${id}/tasks`, key, {
      action: "command",
      payload: "save-all",
      time_offset: 0
    })
    expect(task.status).toBe(200)
    expect(task.json.object).toBe("schedule_task")
    expect(task.json.attributes).toMatchObject({
      sequence_id: 1,
      action: "command",
      payload: "save-all",
      is_queued: false
    })
    const run = await send(panel, "POST", `${base}/${id}/execute`, key)
    expect(run.status).toBe(202)
    expect(run.text).toBe("[]")
    const viewed = await send(panel, "GET", `${base}/${id}`, key)
    expect(viewed.json.attributes.last_run_at).toMatch(ISO)
    const updated = await send(panel, "POST", `${base}/${id}`, key, { name: "Saves (hourly)", ...cron, minute: "0" })
    expect(updated.status).toBe(200)
    expect(updated.json.attributes).toMatchObject({ name: "Saves (hourly)", is_active: false })
    expect((await send(panel, "DELETE", `${base}/${id}`, key)).status).toBe(204)
    expectBindingMiss(await send(panel, "GET", `${base}/${id}`, key))
  })

  it("an invalid cron → 400 DisplayException; missing fields → 422", async () => {
    const key = k(panel, "userClient")
    expectDisplay(
      await send(panel, "POST", base, key, { name: "Bad", ...cron, minute: "61" }),
      "DisplayException",
      "The cron data provided does not evaluate to a valid expression."
    )
    expectValidation(
      await send(panel, "POST", base, key, { name: "x", hour: "*", day_of_month: "*", day_of_week: "*" }),
      [["minute", "required", "The minute field is required."]]
    )
  })

  it("subuser without schedule.* → 403; other server's schedule → 404; no access → 404; suspended → 409", async () => {
    expectDenied(await send(panel, "GET", base, k(panel, "subuserClient")))
    expectDenied(await send(panel, "POST", `${base}/1/execute`, k(panel, "subuserClient")))
    expectBindingMiss(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/schedules/1`, k(panel, "rootClient")))
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/schedules`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/schedules`, k(panel, "userClient")))
  })
})

describe("schedule tasks (§4.4, §8.1)", () => {
  it("insert with sequence_id shifts the others; delete closes the gap", async () => {
    const key = k(panel, "userClient")
    const inserted = await send(panel, "POST", `${base}/1/tasks`, key, {
      action: "backup",
      time_offset: 10,
      sequence_id: 1
    })
    expect(inserted.status).toBe(200)
    expect(inserted.json.attributes).toMatchObject({ sequence_id: 1, action: "backup", payload: "" })
    const seq = async () =>
      (await send(panel, "GET", `${base}/1`, key)).json.attributes.relationships.tasks.data.map(
        (t: any) => `${t.attributes.id}:${t.attributes.sequence_id}`
      )
    expect(await seq()).toEqual([`${inserted.json.attributes.id}:1`, "1:2", "2:3"])
    expect((await send(panel, "DELETE", `${base}/1/tasks/1`, key)).status).toBe(204)
    expect(await seq()).toEqual([`${inserted.json.attributes.id}:1`, "2:2"])
  })

  it("validation: payload required unless backup; time_offset ≤ 900", async () => {
    expectValidation(
      await send(panel, "POST", `${base}/1/tasks`, k(panel, "userClient"), { action: "command", time_offset: 901 }),
      [
        ["payload", "required_unless", "The payload field is required unless action is in backup."],
        ["time_offset", "max", "The time offset may not be greater than 900."]
      ]
    )
  })

  it("the task limit → 400 ServiceLimitExceededException", async () => {
    const key = k(panel, "userClient")
    for (let i = 0; i < 8; i++) {
      expect(
        (await send(panel, "POST", `${base}/1/tasks`, key, { action: "command", payload: "say", time_offset: 0 }))
          .status
      ).toBe(200)
    }
    expectDisplay(
      await send(panel, "POST", `${base}/1/tasks`, key, { action: "command", payload: "say", time_offset: 0 }),
      "ServiceLimitExceededException",
      "Schedules may not have more than 10 tasks associated with them. Creating this task would put this schedule over the limit."
    )
  })

  it("backup task with a backup limit of 0 → 403 HttpForbiddenException", async () => {
    const fixture = defaultFixtureJson()
    fixture.servers[0].feature_limits.backups = 0
    const other = await MockPanel.start({ fixture })
    try {
      expectError(
        await send(other, "POST", `${base}/1/tasks`, k(other, "userClient"), { action: "backup", time_offset: 0 }),
        403,
        "HttpForbiddenException",
        "A backup task cannot be created when the server's backup limit is set to 0."
      )
    } finally {
      await other.close()
    }
  })

  it("delete without schedule.update → 403 HttpForbiddenException (controller check); cross-schedule task → 404", async () => {
    expectError(
      await send(panel, "DELETE", `${base}/1/tasks/1`, k(panel, "subuserClient")),
      403,
      "HttpForbiddenException",
      "You do not have permission to perform this action."
    )
    const key = k(panel, "userClient")
    const other = await send(panel, "POST", base, key, { name: "Other", ...cron })
    expectBindingMiss(await send(panel, "DELETE", `${base}/${other.json.attributes.id}/tasks/1`, key))
  })
})
