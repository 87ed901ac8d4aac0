/**
 * The egg-variable columns (§9.2.9), shared by the egg's `variables` include and the server's.
 * Kept here so neither group module reads the other's values while modules load.
 */
import * as Schema from "effect/Schema"

// app/Transformers/Api/Application/EggVariableTransformer.php::transform and
// ServerVariableTransformer.php::transform answer `$model->toArray()`: casts from
// app/Models/EggVariable.php::$casts; `description` and `default_value` are NOT NULL text columns
// (2016_01_23_202731_add_service_varibles, 2018_09_03_143756_allow_egg_variables_to_have_longer_values);
// the timestamps are Laravel's nullable `timestamps()` passed through as they are.
export const fields = {
  id: Schema.Int,
  egg_id: Schema.Int,
  name: Schema.String,
  description: Schema.String,
  env_variable: Schema.String,
  default_value: Schema.String,
  user_viewable: Schema.Boolean,
  user_editable: Schema.Boolean,
  rules: Schema.String,
  /** Eloquent's `2024-03-12T18:05:01.000000Z` form. */
  created_at: Schema.NullOr(Schema.String),
  updated_at: Schema.NullOr(Schema.String)
}
