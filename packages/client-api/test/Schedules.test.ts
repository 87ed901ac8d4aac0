import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const S = "/api/client/servers/1a7ce997/schedules"
const nightly = {
  name: "Nightly restart",
  minute: "0",
  hour: "4",
  day_of_month: "*",
  day_of_week: "*",
  is_active: true
}

describe("schedules and tasks (§8.1 Server: schedules)", () => {
  it.effect("list, create, get, update, execute and delete hit §8.1's routes; tasks come with each schedule", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`GET ${S}`]: json(200, Wire.list("server_schedule", [Wire.schedule(3)])),
          [`POST ${S}`]: json(200, Wire.item("server_schedule", Wire.schedule(3))),
          [`GET ${S}/3`]: json(200, Wire.item("server_schedule", Wire.schedule(3))),
          [`POST ${S}/3`]: json(200, Wire.item("server_schedule", Wire.schedule(3))),
          [`POST ${S}/3/execute`]: { status: 202 },
          [`DELETE ${S}/3`]: noContent
        })
      )
      const [listed] = yield* api.schedules.list("1a7ce997")
      expect(listed!.relationships.tasks.data[0]!.attributes.payload).toBe("say hello")
      yield* api.schedules.create("1a7ce997", { ...nightly, only_when_online: true })
      expect((yield* api.schedules.get("1a7ce997", 3)).cron.hour).toBe("4")
      // Every field given: no read first.
      yield* api.schedules.update("1a7ce997", 3, {
        ...nightly,
        month: "1-6",
        is_active: false,
        only_when_online: false
      })
      yield* api.schedules.execute("1a7ce997", 3)
      yield* api.schedules.delete("1a7ce997", 3)
      expect(requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
        `GET ${S}`,
        `POST ${S}`,
        `GET ${S}/3`,
        `POST ${S}/3`,
        `POST ${S}/3/execute`,
        `DELETE ${S}/3`
      ])
      expect(requests[1]!.json).toEqual({ ...nightly, month: "*", only_when_online: true })
      expect(requests[3]!.json).toEqual({ ...nightly, month: "1-6", is_active: false, only_when_online: false })
    })
  )

  it.effect("execute without tasks is PanelRequestRejected with the panel's DisplayException", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(400, "DisplayException", "Cannot process schedule for task execution: no tasks are registered.")
      )
      const error = yield* Effect.flip(api.schedules.execute("1a7ce997", 3))
      expect(error._tag === "PanelRequestRejected" && error.code).toBe("DisplayException")
    })
  )

  // StoreScheduleRequest only requires the cron fields to be strings; what cron cannot read is the
  // controller's 400 DisplayException (ScheduleController::getNextRunAt), not a 422.
  it.effect("cron fields are required before anything is sent; an unreadable one is left to the panel", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(api.schedules.create("1a7ce997", { ...nightly, minute: "", hour: "every hour" }))
      expect(requests).toHaveLength(0)
      if (error._tag !== "ValidationFailed") return expect.fail(error._tag)
      expect(error.issues.map((i) => [i.field, i.rule])).toEqual([["minute", "required"]])
    })
  )

  it.effect("tasks: create, update, delete; the payload is sent empty for a backup task", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          [`POST ${S}/3/tasks`]: json(200, Wire.item("schedule_task", Wire.task(9))),
          [`POST ${S}/3/tasks/9`]: json(200, Wire.item("schedule_task", Wire.task(9))),
          [`DELETE ${S}/3/tasks/9`]: noContent
        })
      )
      const task = yield* api.schedules.tasks.create("1a7ce997", 3, {
        action: "command",
        payload: "say bye",
        time_offset: 30
      })
      expect(task.id).toBe(9)
      yield* api.schedules.tasks.update("1a7ce997", 3, 9, {
        action: "backup",
        payload: "",
        time_offset: 0,
        continue_on_failure: true
      })
      yield* api.schedules.tasks.delete("1a7ce997", 3, 9)
      expect(requests.map((r) => r.json)).toEqual([
        { action: "command", payload: "say bye", time_offset: 30 },
        { action: "backup", payload: "", time_offset: 0, continue_on_failure: true },
        undefined
      ])
    })
  )

  it.effect("task checks: time_offset 0–900, payload required unless backup, action one of three; no request", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const late = yield* Effect.flip(
        api.schedules.tasks.create("1a7ce997", 3, { action: "power", payload: "start", time_offset: 901 })
      )
      const early = yield* Effect.flip(
        api.schedules.tasks.create("1a7ce997", 3, { action: "power", payload: "start", time_offset: -1 })
      )
      const empty = yield* Effect.flip(api.schedules.tasks.create("1a7ce997", 3, { action: "command", time_offset: 0 }))
      const action = yield* Effect.flip(
        api.schedules.tasks.create("1a7ce997", 3, { action: "reboot" as "power", payload: "x", time_offset: 0 })
      )
      expect(requests).toHaveLength(0)
      const first = (e: typeof late) => (e._tag === "ValidationFailed" ? [e.issues[0]!.field, e.issues[0]!.rule] : [])
      expect([first(late), first(early), first(empty), first(action)]).toEqual([
        ["time_offset", "max"],
        ["time_offset", "min"],
        ["payload", "required_unless"],
        ["action", "in"]
      ])
    })
  )

  it.effect("the task limit is PanelRequestRejected ServiceLimitExceededException (§8.1)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(
          400,
          "ServiceLimitExceededException",
          "Schedules may not have more than 10 tasks associated with them."
        )
      )
      const error = yield* Effect.flip(
        api.schedules.tasks.create("1a7ce997", 3, { action: "command", payload: "x", time_offset: 0 })
      )
      expect(error._tag === "PanelRequestRejected" && error.code).toBe("ServiceLimitExceededException")
    })
  )

  it.effect(
    "deleting a task without schedule.update is InsufficientPermissions with HttpForbiddenException (§4.4)",
    () =>
      Effect.gen(function* () {
        const { api } = yield* fakeApi(() =>
          panelError(403, "HttpForbiddenException", "You do not have permission to perform this action.")
        )
        const error = yield* Effect.flip(api.schedules.tasks.delete("1a7ce997", 3, 9))
        expect(error._tag === "InsufficientPermissions" && error.code).toBe("HttpForbiddenException")
      })
  )
})
