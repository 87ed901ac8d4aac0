/**
 * The raw egg-variable columns (spec §9.2), shared by the egg's `variables` include and the
 * server's. Kept here so neither group module reads the other's values while modules load.
 */
import * as Schema from "effect/Schema"

export const fields = {
  id: Schema.Int,
  egg_id: Schema.Int,
  name: Schema.String,
  description: Schema.NullOr(Schema.String),
  env_variable: Schema.String,
  default_value: Schema.NullOr(Schema.String),
  user_viewable: Schema.Boolean,
  user_editable: Schema.Boolean,
  rules: Schema.String,
  created_at: Schema.String,
  updated_at: Schema.String
}
