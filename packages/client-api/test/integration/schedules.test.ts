// Contract: schedules and tasks, network allocations, subusers.
import { describe, expect } from "@effect/vitest"
import { Effect } from "effect"
import {
  ADMIN_LAB,
  client,
  CREATIVE,
  describePanel,
  failsWith,
  issues,
  NOT_VISIBLE,
  SURVIVAL,
  SUSPENDED,
  UNAUTHORIZED
} from "./support.js"

const cron = { minute: "*/10", hour: "*", day_of_month: "*", day_of_week: "*" }
const BOB = "6f1c2b3a-0003-4c5d-8e9f-a0b1c2d3e4f5"

describePanel("ClientApi schedules, network and subusers against the mock panel", (it) => {
  describe("schedules", () => {
    it.effect("create, add a task, execute, update, delete", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const schedule = yield* api.schedules.create(SURVIVAL, { name: "Saves", ...cron, is_active: true })
        expect(schedule.relationships.tasks.data).toEqual([])
        const task = yield* api.schedules.tasks.create(SURVIVAL, schedule.id, {
          action: "command",
          payload: "save-all",
          time_offset: 0
        })
        expect(task.sequence_id).toBe(1)
        yield* api.schedules.execute(SURVIVAL, schedule.id)
        expect((yield* api.schedules.get(SURVIVAL, schedule.id)).last_run_at).not.toBeNull()
        const updated = yield* api.schedules.update(SURVIVAL, schedule.id, { name: "Saves!", ...cron })
        expect(updated.name).toBe("Saves!")
        yield* api.schedules.tasks.delete(SURVIVAL, schedule.id, task.id)
        yield* api.schedules.delete(SURVIVAL, schedule.id)
        expect((yield* api.schedules.list(SURVIVAL)).map((s) => s.name)).toEqual(["Nightly restart"])
      })
    )

    it.effect("executing a schedule without tasks is the panel's 400; a full schedule refuses tasks with 400", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const empty = yield* api.schedules.create(SURVIVAL, { name: "Empty", ...cron, is_active: true })
        yield* failsWith(
          api.schedules.execute(SURVIVAL, empty.id),
          "PanelRequestRejected",
          "Cannot process schedule for task execution: no tasks are registered."
        )
        for (let i = 0; i < 8; i++) {
          yield* api.schedules.tasks.create(SURVIVAL, 1, { action: "command", payload: "say", time_offset: 0 })
        }
        const full = yield* failsWith(
          api.schedules.tasks.create(SURVIVAL, 1, { action: "command", payload: "say", time_offset: 0 }),
          "PanelRequestRejected"
        )
        expect(full.code).toBe("ServiceLimitExceededException")
      })
    )

    it.effect("403 subuser, 404 another server's schedule, 404 unseen, 409 suspended, 422 from the panel", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const alice = yield* client("userClient")
        const root = yield* client("rootClient")
        yield* failsWith(bob.schedules.list(SURVIVAL), "InsufficientPermissions", UNAUTHORIZED)
        yield* failsWith(root.schedules.get(ADMIN_LAB, 1), "NotFound")
        yield* failsWith(alice.schedules.list(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(alice.schedules.list(CREATIVE), "ServerStateConflict", SUSPENDED)
        // The library checks the name's length itself now; is_active is typed, so an untyped caller's
        // value is what still reaches the panel's 422 (StoreScheduleRequest: filled|boolean).
        const notBoolean = yield* Effect.flip(
          alice.schedules.create(SURVIVAL, { name: "Saves", ...cron, is_active: "yes" as unknown as boolean })
        )
        expect(issues(notBoolean)).toEqual([["is_active", "boolean"]])
      })
    )
  })

  describe("network", () => {
    it.effect("list, assign, notes, primary, unassign; the limit is a 400", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        expect((yield* api.network.list(SURVIVAL)).map((a) => a.port)).toEqual([25565, 25566])
        const assigned = yield* api.network.assign(SURVIVAL)
        expect(assigned.is_default).toBe(false)
        const limited = yield* failsWith(api.network.assign(SURVIVAL), "PanelRequestRejected")
        expect(limited.detail).toBe("Cannot assign additional allocations to this server: limit has been reached.")
        expect((yield* api.network.setNotes(SURVIVAL, assigned.id, "query port")).notes).toBe("query port")
        expect((yield* api.network.setPrimary(SURVIVAL, assigned.id)).is_default).toBe(true)
        yield* failsWith(
          api.network.unassign(SURVIVAL, assigned.id),
          "PanelRequestRejected",
          "You cannot delete the primary allocation for this server."
        )
        yield* api.network.unassign(SURVIVAL, 2)
      })
    )

    it.effect("403 subuser, 404 another server's allocation, 404 unseen, 409 suspended, 422 notes too long", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const alice = yield* client("userClient")
        const root = yield* client("rootClient")
        yield* failsWith(bob.network.list(SURVIVAL), "InsufficientPermissions", UNAUTHORIZED)
        yield* failsWith(root.network.setPrimary(ADMIN_LAB, 1), "NotFound")
        yield* failsWith(alice.network.list(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(alice.network.list(CREATIVE), "ServerStateConflict", SUSPENDED)
        const long = yield* Effect.flip(alice.network.setNotes(SURVIVAL, 2, "x".repeat(257)))
        expect(long._tag).toBe("ValidationFailed")
      })
    )
  })

  describe("subusers", () => {
    it.effect("create, get, update, delete", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const carol = yield* api.subusers.create(SURVIVAL, {
          email: "carol@example.com",
          permissions: ["control.console"]
        })
        expect(carol.permissions).toEqual(["control.console", "websocket.connect"])
        expect((yield* api.subusers.get(SURVIVAL, carol.uuid)).email).toBe("carol@example.com")
        const updated = yield* api.subusers.update(SURVIVAL, carol.uuid, { permissions: ["file.read"] })
        expect(updated.permissions).toEqual(["file.read", "websocket.connect"])
        yield* api.subusers.delete(SURVIVAL, carol.uuid)
        expect((yield* api.subusers.list(SURVIVAL)).map((s) => s.uuid)).toEqual([BOB])
      })
    )

    it.effect("400 for an existing subuser, 403 subuser, 404 another server's subuser, 404 unseen, 409 suspended", () =>
      Effect.gen(function* () {
        const alice = yield* client("userClient")
        const bob = yield* client("subuserClient")
        const root = yield* client("rootClient")
        const exists = yield* failsWith(
          alice.subusers.create(SURVIVAL, { email: "bob@example.com", permissions: ["control.console"] }),
          "PanelRequestRejected"
        )
        expect(exists.code).toBe("ServerSubuserExistsException")
        yield* failsWith(bob.subusers.list(SURVIVAL), "InsufficientPermissions", UNAUTHORIZED)
        yield* failsWith(root.subusers.get(ADMIN_LAB, BOB), "NotFound")
        yield* failsWith(alice.subusers.list(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(alice.subusers.list(CREATIVE), "ServerStateConflict", SUSPENDED)
      })
    )
  })
})
