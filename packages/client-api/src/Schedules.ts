/**
 * `/servers/{server}/schedules`: schedules and their tasks (§8.1 "Server: schedules", §4.4,
 * §4.5).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"
import type { ServerError } from "./Servers.js"

/**
 * What a task does.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TaskAction = Schema.Literal("command", "power", "backup")

/**
 * A `schedule_task` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Task = Schema.Struct({
  id: Schema.Int,
  sequence_id: Schema.Int,
  action: TaskAction,
  /** The command, the power signal, or the ignored files of a backup. */
  payload: Schema.String,
  /** Seconds after the previous task, 0–900. */
  time_offset: Schema.Int,
  is_queued: Schema.Boolean,
  continue_on_failure: Schema.Boolean,
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Task extends Schema.Schema.Type<typeof Task> {}

/**
 * A `server_schedule` (§9.1); its tasks are always included.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Schedule = Schema.Struct({
  id: Schema.Int,
  name: Schema.String,
  cron: Schema.Struct({
    day_of_week: Schema.String,
    day_of_month: Schema.String,
    month: Schema.String,
    hour: Schema.String,
    minute: Schema.String
  }),
  is_active: Schema.Boolean,
  is_processing: Schema.Boolean,
  only_when_online: Schema.Boolean,
  last_run_at: Schema.NullOr(Schema.String),
  next_run_at: Schema.NullOr(Schema.String),
  created_at: Schema.String,
  updated_at: Schema.String,
  relationships: Schema.Struct({ tasks: Envelope.List(Envelope.Item("schedule_task", Task)) })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Schedule extends Schema.Schema.Type<typeof Schedule> {}

/**
 * The body of schedule create and update: the cron fields as strings (`month` defaults to `*`).
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleInput {
  readonly name: string
  readonly minute: string
  readonly hour: string
  readonly day_of_month: string
  readonly day_of_week: string
  readonly month?: string | undefined
  readonly is_active?: boolean | undefined
  readonly only_when_online?: boolean | undefined
}

/**
 * The body of task create and update.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskInput {
  readonly action: "command" | "power" | "backup"
  /** Required unless the action is `backup`. */
  readonly payload?: string | undefined
  /** 0–900 seconds. */
  readonly time_offset: number
  readonly sequence_id?: number | undefined
  readonly continue_on_failure?: boolean | undefined
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /schedules` (`schedule.read`). */
  readonly list: (server: string) => Effect.Effect<ReadonlyArray<Schedule>, ServerError>
  /** `POST /schedules` (`schedule.create`). */
  readonly create: (
    server: string,
    input: ScheduleInput
  ) => Effect.Effect<Schedule, ServerError | PanelError.ValidationFailed>
  /** `GET /schedules/{schedule}` (`schedule.read`). */
  readonly get: (server: string, schedule: number) => Effect.Effect<Schedule, ServerError>
  /** `POST /schedules/{schedule}` (`schedule.update`). */
  readonly update: (
    server: string,
    schedule: number,
    input: ScheduleInput
  ) => Effect.Effect<Schedule, ServerError | PanelError.ValidationFailed>
  /** `POST /schedules/{schedule}/execute` (`schedule.update`): 202; a schedule without tasks is a 400. */
  readonly execute: (
    server: string,
    schedule: number
  ) => Effect.Effect<void, ServerError | PanelError.PanelRequestRejected>
  /** `DELETE /schedules/{schedule}` (`schedule.delete`). */
  readonly delete: (server: string, schedule: number) => Effect.Effect<void, ServerError>
  readonly tasks: {
    /**
     * `POST /schedules/{schedule}/tasks` (`schedule.update`). Over the task limit → 400
     * `ServiceLimitExceededException`; a backup task when the backup limit is 0 → 403.
     */
    readonly create: (
      server: string,
      schedule: number,
      input: TaskInput
    ) => Effect.Effect<Task, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
    /** `POST /schedules/{schedule}/tasks/{task}` (`schedule.update`). */
    readonly update: (
      server: string,
      schedule: number,
      task: number,
      input: TaskInput
    ) => Effect.Effect<Task, ServerError | PanelError.ValidationFailed>
    /** `DELETE /schedules/{schedule}/tasks/{task}` (`schedule.update`). */
    readonly delete: (server: string, schedule: number, task: number) => Effect.Effect<void, ServerError>
  }
}

const scheduleChecks = (input: ScheduleInput) => [
  Validate.required("name", input.name),
  Validate.cronField("minute", input.minute),
  Validate.cronField("hour", input.hour),
  Validate.cronField("day_of_month", input.day_of_month),
  input.month === undefined ? undefined : Validate.cronField("month", input.month),
  Validate.cronField("day_of_week", input.day_of_week)
]

const scheduleBody = (input: ScheduleInput) =>
  Request.json(
    Request.defined({
      name: input.name,
      minute: input.minute,
      hour: input.hour,
      day_of_month: input.day_of_month,
      month: input.month ?? "*",
      day_of_week: input.day_of_week,
      is_active: input.is_active,
      only_when_online: input.only_when_online
    })
  )

const taskChecks = (input: TaskInput) => [
  Validate.oneOf("action", input.action, ["command", "power", "backup"]),
  input.action !== "backup" && (input.payload === undefined || input.payload.trim() === "")
    ? {
        field: "payload",
        rule: "required_unless",
        detail: "The payload field is required unless action is in backup."
      }
    : undefined,
  Validate.integerBetween("time_offset", input.time_offset, 0, 900),
  Validate.integerBetween("sequence_id", input.sequence_id, 1, Number.MAX_SAFE_INTEGER)
]

const taskBody = (input: TaskInput) =>
  Request.json(
    Request.defined({
      action: input.action,
      payload: input.payload ?? "",
      time_offset: input.time_offset,
      sequence_id: input.sequence_id,
      continue_on_failure: input.continue_on_failure
    })
  )

/**
 * The schedules group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const schedules = (server: string) => PanelClient.path`/servers/${server}/schedules`
  const one = (server: string, schedule: number) => PanelClient.path`/servers/${server}/schedules/${schedule}`
  const state = PanelError.narrow("NotFound", "ServerStateConflict")
  const validated = PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")

  return {
    list: (server) =>
      Request.list(
        panel,
        { operation: "ClientApi.schedules.list", method: "GET", path: schedules(server) },
        "server_schedule",
        Schedule
      ).pipe(state),
    create: (server, input) =>
      Validate.refuse("POST", schedules(server), scheduleChecks(input)).pipe(
        Effect.zipRight(
          Request.item(
            panel,
            {
              operation: "ClientApi.schedules.create",
              method: "POST",
              path: schedules(server),
              body: scheduleBody(input)
            },
            "server_schedule",
            Schedule
          )
        ),
        validated
      ),
    get: (server, schedule) =>
      Request.item(
        panel,
        { operation: "ClientApi.schedules.get", method: "GET", path: one(server, schedule) },
        "server_schedule",
        Schedule
      ).pipe(state),
    update: (server, schedule, input) =>
      Validate.refuse("POST", one(server, schedule), scheduleChecks(input)).pipe(
        Effect.zipRight(
          Request.item(
            panel,
            {
              operation: "ClientApi.schedules.update",
              method: "POST",
              path: one(server, schedule),
              body: scheduleBody(input)
            },
            "server_schedule",
            Schedule
          )
        ),
        validated
      ),
    execute: (server, schedule) =>
      panel
        .empty({ operation: "ClientApi.schedules.execute", method: "POST", path: `${one(server, schedule)}/execute` })
        .pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
    delete: (server, schedule) =>
      panel
        .empty({ operation: "ClientApi.schedules.delete", method: "DELETE", path: one(server, schedule) })
        .pipe(state),
    tasks: {
      create: (server, schedule, input) => {
        const path = `${one(server, schedule)}/tasks`
        return Validate.refuse("POST", path, taskChecks(input)).pipe(
          Effect.zipRight(
            Request.item(
              panel,
              { operation: "ClientApi.schedules.tasks.create", method: "POST", path, body: taskBody(input) },
              "schedule_task",
              Task
            )
          ),
          PanelError.narrow("NotFound", "ServerStateConflict", "ValidationFailed")
        )
      },
      update: (server, schedule, task, input) => {
        const path = `${one(server, schedule)}${PanelClient.path`/tasks/${task}`}`
        return Validate.refuse("POST", path, taskChecks(input)).pipe(
          Effect.zipRight(
            Request.item(
              panel,
              { operation: "ClientApi.schedules.tasks.update", method: "POST", path, body: taskBody(input) },
              "schedule_task",
              Task
            )
          ),
          validated
        )
      },
      delete: (server, schedule, task) =>
        panel
          .empty({
            operation: "ClientApi.schedules.tasks.delete",
            method: "DELETE",
            path: `${one(server, schedule)}${PanelClient.path`/tasks/${task}`}`
          })
          .pipe(state)
    }
  }
}
