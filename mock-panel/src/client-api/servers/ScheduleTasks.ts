/**
 * `ScheduleTaskController` (§8.1 `/servers/{server}/schedules/{schedule}/tasks`): tasks are
 * bound through their schedule, so a foreign id is a 404 (§4.1); sequence ids shift as tasks
 * come and go.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Failure from "../../http/Failure.js"
import type { RequestContext, RouteDefinition } from "../../http/Route.js"
import { iso, type State, Store, modify, now, read } from "../../state/Store.js"
import * as T from "../Transformers.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Input from "../../laravel/Input.js"
import * as Bindings from "../../http/Bindings.js"
import * as S from "./ServerGroup.js"
import type * as Fixture from "../../state/Fixture.js"
import { mysqlNumber } from "../../state/Mysql.js"
import { replaceSchedule, scheduleBinding, scheduleOf } from "./Schedules.js"

const taskOf = (schedule: Fixture.Schedule | undefined, ctx: RequestContext) => {
  const id = mysqlNumber(ctx.params.task ?? "")
  return schedule?.tasks.find((t) => t.id === id)
}

const taskBinding = Bindings.scoped("task", (state, ctx) => taskOf(scheduleOf(state, ctx), ctx) !== undefined)

// StoreTaskRequest::rules()
const TASK_RULES = {
  action: "required|in:command,power,backup",
  payload: "required_unless:action,backup|string|nullable",
  time_offset: "required|numeric|min:0|max:900",
  sequence_id: "sometimes|required|numeric|min:1",
  continue_on_failure: "sometimes|required|boolean"
}

const backupTaskForbidden = (state: State, ctx: RequestContext) =>
  S.serverOf(state, ctx).feature_limits.backups === 0 && ctx.input.action === "backup"
    ? Failure.forbidden("A backup task cannot be created when the server's backup limit is set to 0.")
    : undefined

// The task fields a create and an update both take from the validated input.
const taskFields = (ctx: RequestContext) => ({
  action: ctx.input.action as Fixture.Task["action"],
  payload: Input.text(ctx.input.payload) ?? "",
  time_offset: Math.floor(Number(ctx.input.time_offset)),
  continue_on_failure: Input.bool(ctx.input.continue_on_failure)
})

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/schedules/{schedule}/tasks",
    name: "api:client:server.schedules.tasks.create",
    bindings: [scheduleBinding],
    permission: "schedule.update",
    request: { rules: TASK_RULES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const limit = (yield* Store).fixture.settings.client.schedule_task_limit
        const row = yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          if (current.tasks.length >= limit) {
            return Failure.display(
              `Schedules may not have more than ${limit} tasks associated with them. Creating this task would put this schedule over the limit.`,
              "ServiceLimitExceededException"
            )
          }
          const forbidden = backupTaskForbidden(state, ctx)
          if (forbidden !== undefined) return forbidden
          const allTasks = state.client.schedules.flatMap((s) => s.tasks)
          const [id, s1] = G.nextId(state, "tasks", allTasks)
          const last = current.tasks.reduce((m, t) => Math.max(m, t.sequence_id), 0)
          // ScheduleTaskController::store: the next free position unless a smaller one is asked
          // for, which moves the tasks from there up; a larger one is not honoured.
          const requested = Input.text(ctx.input.sequence_id)
          const asked = requested === undefined ? last + 1 : Math.max(1, Math.trunc(Number(requested)))
          const sequence = Math.min(asked, last + 1)
          const shifted = current.tasks.map((t) =>
            sequence <= last && t.sequence_id >= sequence ? { ...t, sequence_id: t.sequence_id + 1 } : t
          )
          const task: Fixture.Task = {
            id,
            sequence_id: sequence,
            ...taskFields(ctx),
            is_queued: false,
            created_at: iso(at),
            updated_at: iso(at)
          }
          const s2 = replaceSchedule(s1, { ...current, tasks: [...shifted, task] })
          return [
            task,
            Activity.log(s2, ctx, at, "server:task.create", {
              server: S.serverOf(state, ctx),
              properties: { name: current.name, action: task.action, payload: task.payload }
            })
          ]
        })
        return { status: 200, body: T.task(row) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/schedules/{schedule}/tasks/{task}",
    name: "api:client:server.schedules.tasks.update",
    bindings: [scheduleBinding, taskBinding],
    permission: "schedule.update",
    request: { rules: TASK_RULES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const row = yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          const task = taskOf(current, ctx)
          if (current === undefined || task === undefined) return Failure.notFound()
          const forbidden = backupTaskForbidden(state, ctx)
          if (forbidden !== undefined) return forbidden
          const requested = Input.text(ctx.input.sequence_id)
          const sequence = requested === undefined ? task.sequence_id : Math.max(1, Math.floor(Number(requested)))
          const others = current.tasks.map((t) => {
            if (t.id === task.id) return t
            if (sequence < task.sequence_id && t.sequence_id >= sequence && t.sequence_id < task.sequence_id) {
              return { ...t, sequence_id: t.sequence_id + 1 }
            }
            if (sequence > task.sequence_id && t.sequence_id > task.sequence_id && t.sequence_id <= sequence) {
              return { ...t, sequence_id: t.sequence_id - 1 }
            }
            return t
          })
          const updated: Fixture.Task = {
            ...task,
            sequence_id: sequence,
            ...taskFields(ctx),
            updated_at: iso(at)
          }
          const s1 = replaceSchedule(state, {
            ...current,
            tasks: others.map((t) => (t.id === task.id ? updated : t))
          })
          return [
            updated,
            Activity.log(s1, ctx, at, "server:task.update", {
              server: S.serverOf(state, ctx),
              properties: { name: current.name, action: updated.action, payload: updated.payload }
            })
          ]
        })
        return { status: 200, body: T.task(row) }
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/schedules/{schedule}/tasks/{task}",
    name: "api:client:server.schedules.tasks.delete",
    bindings: [scheduleBinding, taskBinding],
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const state0 = yield* read
        // The controller's own check, with its own exception (§4.4).
        if (!S.holds(state0, ctx, "schedule.update")) {
          return yield* Effect.fail(Failure.forbidden("You do not have permission to perform this action."))
        }
        return yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          const task = taskOf(current, ctx)
          if (current === undefined || task === undefined) return Failure.notFound()
          const tasks = current.tasks
            .filter((t) => t.id !== task.id)
            .map((t) => (t.sequence_id > task.sequence_id ? { ...t, sequence_id: t.sequence_id - 1 } : t))
          return [
            { status: 204 },
            Activity.log(replaceSchedule(state, { ...current, tasks }), ctx, at, "server:task.delete", {
              server: S.serverOf(state, ctx),
              properties: { name: current.name, action: task.action, payload: task.payload }
            })
          ]
        })
      })
  })
]
