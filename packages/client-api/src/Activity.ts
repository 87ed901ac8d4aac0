/**
 * The activity log entries shared by `account.activity` and `servers.activity` (§9.1
 * `activity_log`, §7.2 for the query).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"

/**
 * The `user` object inside an activity's `actor` include (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const Actor = Schema.Struct({
  uuid: Schema.String,
  username: Schema.String,
  email: Schema.String,
  image: Schema.String,
  "2fa_enabled": Schema.Boolean,
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Actor extends Schema.Schema.Type<typeof Actor> {}

// PHP serialises an empty map as `[]`; both decode to an object.
const Properties = Schema.transform(
  Schema.Union(Schema.Record({ key: Schema.String, value: Schema.Unknown }), Schema.Array(Schema.Unknown)),
  Schema.Record({ key: Schema.String, value: Schema.Unknown }),
  {
    strict: true,
    decode: (value): Readonly<Record<string, unknown>> =>
      Array.isArray(value) ? Object.fromEntries(value.entries()) : (value as Readonly<Record<string, unknown>>),
    encode: (value) => value
  }
)

/**
 * One `activity_log` entry (§9.1), as `app/Transformers/Api/Client/ActivityLogTransformer.php::transform`
 * writes it; `properties` is always an object there.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ActivityLog = Schema.Struct({
  id: Schema.String,
  batch: Schema.NullOr(Schema.String),
  event: Schema.String,
  is_api: Schema.Boolean,
  /** `null` unless the caller is the actor or a root admin. */
  ip: Schema.NullOr(Schema.String),
  description: Schema.NullOr(Schema.String),
  properties: Properties,
  has_additional_metadata: Schema.Boolean,
  timestamp: Schema.String,
  relationships: Schema.optional(
    Schema.Struct({ actor: Schema.optional(Envelope.Relationship(Envelope.Item("user", Actor))) })
  )
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ActivityLog extends Schema.Schema.Type<typeof ActivityLog> {}

/**
 * The query of an activity list (§8.1): filter by `event` (partial match); sort by `timestamp`
 * (`-timestamp` for newest first). The panel validates neither `page` nor `per_page`
 * (`app/Http/Controllers/Api/Client/ActivityLogController.php::__invoke`): `per_page` defaults to
 * 25 and is capped at 100, `0` means 15 and a negative value means every entry on one page
 * (§4.6); a `page` below 1 is page 1. The page's `perPage` says what was used.
 *
 * @since 0.1.0
 * @category models
 */
export interface Query {
  readonly page?: number | undefined
  readonly per_page?: number | undefined
  readonly filter?: { readonly event?: string | undefined } | undefined
  readonly sort?: "timestamp" | "-timestamp" | undefined
  readonly include?: ReadonlyArray<"actor"> | undefined
}
