/**
 * `/servers/{server}/schedules`: schedules and their tasks (§8.1 "Schedules", §4.4, §4.5).
 *
 * The panel reads an omitted `is_active`, `only_when_online` or `continue_on_failure` as `false`
 * and an omitted `payload` as `''`, on create and on update alike: an update replaces every field
 * (`app/Http/Controllers/Api/Client/Servers/ScheduleController.php::update`,
 * `ScheduleTaskController.php::update`). So `update` and `tasks.update` take the fields to change
 * and fill in the others from the schedule as it is, read first.
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
 * A `schedule_task` (§9.1), from `app/Transformers/Api/Client/TaskTransformer.php::transform`.
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
 * A `server_schedule` (§9.1), from `app/Transformers/Api/Client/ScheduleTransformer.php::transform`;
 * its tasks are a default include, always present.
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
 * The body of a schedule create: the cron fields as strings.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleInput {
  /** At most 191 characters. */
  readonly name: string
  readonly minute: string
  readonly hour: string
  readonly day_of_month: string
  readonly day_of_week: string
  /** `*` when omitted (the panel has no default: without a month it fails with a 500). */
  readonly month?: string | undefined
  /** Required: the panel would read an omitted value as `false` and create the schedule inactive. */
  readonly is_active: boolean
  /** Omitted means `false`, as on the panel. */
  readonly only_when_online?: boolean | undefined
}

/**
 * The body of a schedule update: the fields to change. The others keep their current values.
 *
 * @since 0.1.0
 * @category models
 */
export interface ScheduleUpdate {
  readonly name?: string | undefined
  readonly minute?: string | undefined
  readonly hour?: string | undefined
  readonly day_of_month?: string | undefined
  readonly month?: string | undefined
  readonly day_of_week?: string | undefined
  readonly is_active?: boolean | undefined
  readonly only_when_online?: boolean | undefined
}

/**
 * The body of a task create.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskInput {
  readonly action: "command" | "power" | "backup"
  /** The command, the power signal, or the ignored files of a backup; required unless `backup`. */
  readonly payload?: string | undefined
  /** 0–900 seconds after the previous task. */
  readonly time_offset: number
  /** The position; after the last task when omitted, and the tasks from there on move up. */
  readonly sequence_id?: number | undefined
  /** Omitted means `false`, as on the panel. */
  readonly continue_on_failure?: boolean | undefined
}

/**
 * The body of a task update: the fields to change. The others keep their current values.
 *
 * @since 0.1.0
 * @category models
 */
export interface TaskUpdate {
  readonly action?: "command" | "power" | "backup" | undefined
  readonly payload?: string | undefined
  readonly time_offset?: number | undefined
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
  /**
   * `POST /schedules` (`schedule.create`). An expression cron cannot read is a 400
   * `DisplayException` (`PanelRequestRejected`), not a 422.
   */
  readonly create: (
    server: string,
    input: ScheduleInput
  ) => Effect.Effect<Schedule, ServerError | PanelError.ValidationFailed>
  /** `GET /schedules/{schedule}` (`schedule.read`). */
  readonly get: (server: string, schedule: number) => Effect.Effect<Schedule, ServerError>
  /**
   * `POST /schedules/{schedule}` (`schedule.update`). Fields left out keep their current values:
   * unless every field is given, the schedule is read first, which needs `schedule.read` too.
   * Switching `is_active` also clears `is_processing` on the panel.
   */
  readonly update: (
    server: string,
    schedule: number,
    input: ScheduleUpdate
  ) => Effect.Effect<Schedule, ServerError | PanelError.ValidationFailed>
  /**
   * `POST /schedules/{schedule}/execute` (`schedule.update`): 202. A schedule without tasks is a
   * 400 `DisplayException`; the first task runs during the request, so its failure (Wings, the
   * backup limit) is this request's.
   */
  readonly execute: (
    server: string,
    schedule: number
  ) => Effect.Effect<void, ServerError | PanelError.PanelRequestRejected>
  /** `DELETE /schedules/{schedule}` (`schedule.delete`). */
  readonly delete: (server: string, schedule: number) => Effect.Effect<void, ServerError>
  readonly tasks: {
    /**
     * `POST /schedules/{schedule}/tasks` (`schedule.update`). Over the task limit → 400
     * `ServiceLimitExceededException`; a backup task when the backup limit is 0 → 403
     * `HttpForbiddenException`.
     */
    readonly create: (
      server: string,
      schedule: number,
      input: TaskInput
    ) => Effect.Effect<Task, ServerError | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
    /**
     * `POST /schedules/{schedule}/tasks/{task}` (`schedule.update`). Fields left out keep their
     * current values: unless `action`, `payload`, `time_offset` and `continue_on_failure` are all
     * given, the schedule is read first (`schedule.read`). A task that is not in the schedule is
     * the panel's 404.
     */
    readonly update: (
      server: string,
      schedule: number,
      task: number,
      input: TaskUpdate
    ) => Effect.Effect<Task, ServerError | PanelError.ValidationFailed>
    /** `DELETE /schedules/{schedule}/tasks/{task}` (`schedule.update`, else a 403 `HttpForbiddenException`). */
    readonly delete: (server: string, schedule: number, task: number) => Effect.Effect<void, ServerError>
  }
}

type Complete<A> = { readonly [K in keyof A]-?: Exclude<A[K], undefined> }

// app/Http/Requests/Api/Client/Servers/Schedules/StoreScheduleRequest.php::rules, from
// app/Models/Schedule.php::$validationRules: name required|string|max:191, is_active filled|boolean,
// the cron fields required|string; month and only_when_online have no rule.
const scheduleChecks = (input: Complete<ScheduleUpdate>) => [
  Validate.field(Validate.required("name", input.name), Validate.maxLength("name", input.name, 191)),
  Validate.required("minute", input.minute),
  Validate.required("hour", input.hour),
  Validate.required("day_of_month", input.day_of_month),
  Validate.required("day_of_week", input.day_of_week),
  // Not a panel rule: without a month the panel calls a string-typed helper with null and fails
  // with a 500 TypeError (app/Helpers/Utilities.php::getScheduleNextRunDate), a panel bug.
  Validate.required("month", input.month)
]

const scheduleBody = (input: Complete<ScheduleUpdate>) =>
  Request.json({
    name: input.name,
    minute: input.minute,
    hour: input.hour,
    day_of_month: input.day_of_month,
    month: input.month,
    day_of_week: input.day_of_week,
    is_active: input.is_active,
    only_when_online: input.only_when_online
  })

const scheduleFields = (schedule: Schedule): Complete<ScheduleUpdate> => ({
  name: schedule.name,
  minute: schedule.cron.minute,
  hour: schedule.cron.hour,
  day_of_month: schedule.cron.day_of_month,
  month: schedule.cron.month,
  day_of_week: schedule.cron.day_of_week,
  is_active: schedule.is_active,
  only_when_online: schedule.only_when_online
})

// app/Http/Requests/Api/Client/Servers/Schedules/StoreTaskRequest.php::rules: time_offset and
// sequence_id are `numeric` (not integer) with min/max.
const taskChecks = (input: TaskUpdate & Pick<TaskInput, "action" | "time_offset">) => [
  Validate.oneOf("action", input.action, ["command", "power", "backup"]),
  input.action !== "backup" && (input.payload === undefined || Validate.required("payload", input.payload))
    ? {
        field: "payload",
        rule: "required_unless",
        detail: "The payload field is required unless action is in backup."
      }
    : undefined,
  Validate.numberBetween("time_offset", input.time_offset, 0, 900),
  input.sequence_id === undefined ? undefined : Validate.numberBetween("sequence_id", input.sequence_id, 1, Infinity)
]

const taskBody = (input: TaskUpdate & Pick<TaskInput, "action" | "time_offset">) =>
  Request.json(
    Request.defined({
      action: input.action,
      payload: input.payload ?? "",
      time_offset: input.time_offset,
      sequence_id: input.sequence_id,
      continue_on_failure: input.continue_on_failure
    })
  )

const complete = <A extends object>(input: A, keys: ReadonlyArray<keyof A>): boolean =>
  keys.every((key) => input[key] !== undefined)

const scheduleKeys: ReadonlyArray<keyof ScheduleUpdate> = [
  "name",
  "minute",
  "hour",
  "day_of_month",
  "month",
  "day_of_week",
  "is_active",
  "only_when_online"
]

const taskKeys: ReadonlyArray<keyof TaskUpdate> = ["action", "payload", "time_offset", "continue_on_failure"]

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

  const get = (server: string, schedule: number) =>
    Request.item(
      panel,
      { operation: "ClientApi.schedules.get", method: "GET", path: one(server, schedule) },
      "server_schedule",
      Schedule
    ).pipe(state)

  const send = (
    operation: string,
    path: string,
    input: Complete<ScheduleUpdate>
  ): Effect.Effect<Schedule, ServerError | PanelError.ValidationFailed> =>
    Validate.refuse("POST", path, scheduleChecks(input)).pipe(
      Effect.zipRight(
        Request.item(panel, { operation, method: "POST", path, body: scheduleBody(input) }, "server_schedule", Schedule)
      ),
      validated
    )

  const sendTask = (
    operation: string,
    path: string,
    input: TaskUpdate & Pick<TaskInput, "action" | "time_offset">
  ): Effect.Effect<Task, ServerError | PanelError.ValidationFailed> =>
    Validate.refuse("POST", path, taskChecks(input)).pipe(
      Effect.zipRight(
        Request.item(panel, { operation, method: "POST", path, body: taskBody(input) }, "schedule_task", Task)
      ),
      validated
    )

  return {
    list: (server) =>
      Request.list(
        panel,
        { operation: "ClientApi.schedules.list", method: "GET", path: schedules(server) },
        "server_schedule",
        Schedule
      ).pipe(state),
    create: (server, input) =>
      send("ClientApi.schedules.create", schedules(server), {
        ...input,
        month: input.month ?? "*",
        only_when_online: input.only_when_online ?? false
      }),
    get,
    update: (server, schedule, input) => {
      // `defined` drops the members left undefined, so what remains overrides the current values.
      const given = Request.defined({ ...input }) as Partial<Complete<ScheduleUpdate>>
      const fields: Effect.Effect<Complete<ScheduleUpdate>, ServerError> = complete(given, scheduleKeys)
        ? Effect.succeed(given as Complete<ScheduleUpdate>)
        : Effect.map(get(server, schedule), (current) => ({ ...scheduleFields(current), ...given }))
      return Effect.flatMap(fields, (merged) => send("ClientApi.schedules.update", one(server, schedule), merged))
    },
    execute: (server, schedule) =>
      panel
        .empty({ operation: "ClientApi.schedules.execute", method: "POST", path: `${one(server, schedule)}/execute` })
        .pipe(PanelError.narrow("NotFound", "ServerStateConflict")),
    delete: (server, schedule) =>
      panel
        .empty({ operation: "ClientApi.schedules.delete", method: "DELETE", path: one(server, schedule) })
        .pipe(state),
    tasks: {
      create: (server, schedule, input) =>
        sendTask("ClientApi.schedules.tasks.create", `${one(server, schedule)}/tasks`, input),
      update: (server, schedule, task, input) => {
        const path = `${one(server, schedule)}${PanelClient.path`/tasks/${task}`}`
        const given = Request.defined({ ...input }) as Partial<Complete<TaskUpdate>>
        const fields: Effect.Effect<Partial<Complete<TaskUpdate>>, ServerError> = complete(given, taskKeys)
          ? Effect.succeed(given)
          : Effect.map(get(server, schedule), (current) => {
              const found = current.relationships.tasks.data.find((entry) => entry.attributes.id === task)?.attributes
              return found === undefined
                ? given
                : {
                    action: found.action,
                    payload: found.payload,
                    time_offset: found.time_offset,
                    continue_on_failure: found.continue_on_failure,
                    ...given
                  }
            })
        return Effect.flatMap(fields, (merged) =>
          sendTask("ClientApi.schedules.tasks.update", path, {
            ...merged,
            // Not in the schedule: the panel's 404 answers, whatever is sent.
            action: merged.action ?? "command",
            time_offset: merged.time_offset ?? 0
          })
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
