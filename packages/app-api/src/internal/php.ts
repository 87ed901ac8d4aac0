/**
 * Shapes that come from PHP's `json_encode` rather than from a schema of the panel's own.
 */
import * as Schema from "effect/Schema"

const isList = <A>(input: { readonly [key: string]: A } | ReadonlyArray<A>): input is ReadonlyArray<A> =>
  Array.isArray(input)

/**
 * A map that PHP may have written as a list. `json_encode` writes an empty PHP array as `[]`
 * whatever it stands for (§9.2.1), so a transformer that passes a decoded JSON column or an
 * `array` cast through answers `[]` for an empty map (egg `docker_images`, `config.startup`,
 * `config.logs`). Decodes both to a record; a list's entries are keyed by their index, as PHP
 * keys them.
 */
export const map = <A, I>(value: Schema.Schema<A, I>) =>
  Schema.transform(
    Schema.Union(Schema.Record({ key: Schema.String, value }), Schema.Array(value)),
    Schema.Record({ key: Schema.String, value: Schema.typeSchema(value) }),
    {
      strict: true,
      decode: (input): { readonly [key: string]: A } =>
        isList(input) ? Object.fromEntries(input.map((item, index) => [String(index), item])) : input,
      encode: (record) => record
    }
  )
