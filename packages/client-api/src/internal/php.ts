/**
 * Shapes PHP's `json_encode` gives to values that are lists in the panel's mind.
 */
import * as Schema from "effect/Schema"

/**
 * A PHP array of strings. `json_encode` writes a list only when the keys are 0…n-1; an array
 * that kept its keys through `array_unique` or `array_intersect` (subuser permissions,
 * `app/Http/Controllers/Api/Client/Servers/SubuserController.php::getDefaultPermissions`) or a
 * map sent where a list was expected becomes an object. Both decode to the values in order.
 */
export const StringList = Schema.transform(
  Schema.Union(Schema.Array(Schema.String), Schema.Record({ key: Schema.String, value: Schema.String })),
  Schema.Array(Schema.String),
  {
    strict: true,
    decode: (value): ReadonlyArray<string> =>
      Array.isArray(value) ? value : Object.values(value as Readonly<Record<string, string>>),
    encode: (value) => value
  }
)

/** A PHP string array that a legacy row may hold as `NULL`, which means none. */
export const StringListOrNone = Schema.transform(Schema.NullOr(StringList), Schema.Array(Schema.String), {
  strict: true,
  decode: (value): ReadonlyArray<string> => value ?? [],
  encode: (value) => value
})
