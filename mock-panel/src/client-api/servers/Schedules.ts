/**
 * `ScheduleController` (§8.1 `/servers/{server}/schedules`): schedules are bound through the
 * server, so a foreign id is a 404 (§4.1); the cron fields must evaluate (`next_run_at`).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Cron from "../Cron.js"
import * as Failure from "../../http/Failure.js"
import type { RequestContext, RouteDefinition } from "../../http/Route.js"
import { iso, type State, modify, now, read, withClient } from "../../state/Store.js"
import * as T from "../Transformers.js"
import { list } from "../../laravel/Fractal.js"
import * as Activity from "../Activity.js"
import * as G from "../../state/Generate.js"
import * as Input from "../../laravel/Input.js"
import * as Bindings from "../../http/Bindings.js"
import * as S from "./ServerGroup.js"
import type * as Fixture from "../../state/Fixture.js"
import { mysqlNumber } from "../../state/Mysql.js"

/**
 * The bound schedule of the bound server.
 *
 * @since 0.1.0
 * @category helpers
 */
export const scheduleOf = (state: State, ctx: RequestContext): Fixture.Schedule | undefined => {
  const server = ctx.models.server!
  const id = mysqlNumber(ctx.params.schedule ?? "")
  return state.client.schedules.find((s) => s.id === id && s.server_id === server.id)
}

/**
 * `{schedule}`, bound through the server (§4.1).
 *
 * @since 0.1.0
 * @category helpers
 */
export const scheduleBinding = Bindings.scoped("schedule", (state, ctx) => scheduleOf(state, ctx) !== undefined)

/**
 * Replaces one schedule.
 *
 * @since 0.1.0
 * @category helpers
 */
export const replaceSchedule = (state: State, schedule: Fixture.Schedule): State =>
  withClient(state, { schedules: state.client.schedules.map((s) => (s.id === schedule.id ? schedule : s)) })

// StoreScheduleRequest::rules() (UpdateScheduleRequest extends it) with the `Schedule` model's
// rules. Neither `month` nor `only_when_online` has a rule.
const SCHEDULE_RULES = {
  name: "required|string|max:191",
  is_active: "filled|boolean",
  minute: "required|string",
  hour: "required|string",
  day_of_month: "required|string",
  day_of_week: "required|string"
}

const cronFields = (ctx: RequestContext) => ({
  cron_minute: String(ctx.input.minute),
  cron_hour: String(ctx.input.hour),
  cron_day_of_month: String(ctx.input.day_of_month),
  cron_month: Input.text(ctx.input.month),
  cron_day_of_week: String(ctx.input.day_of_week)
})

// ScheduleController::getNextRunAt passes `month` to Utilities::getScheduleNextRunDate(string ...):
// without a month (absent, null, "") or with an array, the TypeError escapes its catch of
// \Exception and is a 500 (a panel bug); an expression cron cannot read is its 400.
const nextRun = (
  fields: ReturnType<typeof cronFields>,
  at: number
): { readonly next: string; readonly month: string } | Failure.PanelFailure => {
  if (fields.cron_month === undefined) return Failure.unexpected("TypeError")
  const cron = Cron.parse(
    fields.cron_minute,
    fields.cron_hour,
    fields.cron_day_of_month,
    fields.cron_month,
    fields.cron_day_of_week
  )
  const next = cron === undefined ? undefined : Cron.next(cron, at)
  return next === undefined
    ? Failure.display("The cron data provided does not evaluate to a valid expression.")
    : { next: iso(next), month: fields.cron_month }
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/schedules",
    name: "api:client:server.schedules",
    permission: "schedule.read",
    handle: (ctx) =>
      Effect.map(read, (state) => ({
        status: 200,
        body: list(state.client.schedules.filter((s) => s.server_id === ctx.models.server!.id).map(T.schedule))
      }))
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/schedules",
    name: "api:client:server.schedules.store",
    permission: "schedule.create",
    request: { rules: SCHEDULE_RULES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const row = yield* modify((state) => {
          const fields = cronFields(ctx)
          const run = nextRun(fields, at)
          if (run instanceof Failure.PanelFailure) return run
          const [id, s1] = G.nextId(state, "schedules", state.client.schedules)
          const schedule: Fixture.Schedule = {
            id,
            server_id: ctx.models.server!.id,
            name: String(ctx.input.name),
            ...fields,
            cron_month: run.month,
            is_active: Input.bool(ctx.input.is_active),
            is_processing: false,
            only_when_online: Input.bool(ctx.input.only_when_online),
            last_run_at: null,
            next_run_at: run.next,
            tasks: [],
            created_at: iso(at),
            updated_at: iso(at)
          }
          const s2 = withClient(s1, { schedules: [...s1.client.schedules, schedule] })
          return [
            schedule,
            Activity.log(s2, ctx, at, "server:schedule.create", {
              server: S.serverOf(state, ctx),
              properties: { name: schedule.name }
            })
          ]
        })
        return { status: 200, body: T.schedule(row) }
      })
  }),
  S.serverRoute({
    method: "GET",
    path: "/api/client/servers/{server}/schedules/{schedule}",
    name: "api:client:server.schedules.view",
    bindings: [scheduleBinding],
    permission: "schedule.read",
    handle: (ctx) =>
      Effect.flatMap(read, (state) => {
        const schedule = scheduleOf(state, ctx)
        return schedule === undefined
          ? Effect.fail(Failure.notFound())
          : Effect.succeed({ status: 200, body: T.schedule(schedule) })
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/schedules/{schedule}",
    name: "api:client:server.schedules.update",
    bindings: [scheduleBinding],
    permission: "schedule.update",
    request: { rules: SCHEDULE_RULES },
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        const row = yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const fields = cronFields(ctx)
          const run = nextRun(fields, at)
          if (run instanceof Failure.PanelFailure) return run
          // A full replacement: an absent is_active / only_when_online is false ((bool) null).
          const active = Input.bool(ctx.input.is_active)
          const updated: Fixture.Schedule = {
            ...current,
            name: String(ctx.input.name),
            ...fields,
            cron_month: run.month,
            is_active: active,
            only_when_online: Input.bool(ctx.input.only_when_online),
            // Switching is_active either way clears a stuck processing flag (ScheduleController::update).
            is_processing: active !== current.is_active ? false : current.is_processing,
            next_run_at: run.next,
            updated_at: iso(at)
          }
          return [
            updated,
            Activity.log(replaceSchedule(state, updated), ctx, at, "server:schedule.update", {
              server: S.serverOf(state, ctx),
              properties: { name: updated.name }
            })
          ]
        })
        return { status: 200, body: T.schedule(row) }
      })
  }),
  S.serverRoute({
    method: "POST",
    path: "/api/client/servers/{server}/schedules/{schedule}/execute",
    name: "api:client:server.schedules.execute",
    bindings: [scheduleBinding],
    permission: "schedule.update",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          if (current.tasks.length === 0) {
            return Failure.display("Cannot process schedule for task execution: no tasks are registered.")
          }
          const server = S.serverOf(state, ctx)
          // The tasks run at once in the mock; power tasks move the power state.
          let power = state.client.power[server.id] ?? "offline"
          for (const task of [...current.tasks].sort((a, b) => a.sequence_id - b.sequence_id)) {
            if (task.action !== "power") continue
            if (task.payload === "start" || task.payload === "restart") power = "running"
            if (task.payload === "stop" || task.payload === "kill") power = "offline"
          }
          const cron = Cron.parse(
            current.cron_minute,
            current.cron_hour,
            current.cron_day_of_month,
            current.cron_month,
            current.cron_day_of_week
          )
          const next = cron === undefined ? undefined : Cron.next(cron, at)
          const updated: Fixture.Schedule = {
            ...current,
            is_processing: false,
            last_run_at: iso(at),
            next_run_at: next === undefined ? current.next_run_at : iso(next)
          }
          const s1 = withClient(replaceSchedule(state, updated), {
            power: { ...state.client.power, [server.id]: power }
          })
          // `new JsonResponse([], 202)` (§7.1).
          return [
            { status: 202, body: [] },
            Activity.log(s1, ctx, at, "server:schedule.execute", { server, properties: { name: current.name } })
          ]
        })
      })
  }),
  S.serverRoute({
    method: "DELETE",
    path: "/api/client/servers/{server}/schedules/{schedule}",
    name: "api:client:server.schedules.delete",
    bindings: [scheduleBinding],
    permission: "schedule.delete",
    handle: (ctx) =>
      Effect.gen(function* () {
        const at = yield* now
        return yield* modify((state) => {
          const current = scheduleOf(state, ctx)
          if (current === undefined) return Failure.notFound()
          const s1 = withClient(state, { schedules: state.client.schedules.filter((s) => s.id !== current.id) })
          return [
            { status: 204 },
            Activity.log(s1, ctx, at, "server:schedule.delete", {
              server: S.serverOf(state, ctx),
              properties: { name: current.name }
            })
          ]
        })
      })
  })
]
