/**
 * Relationship includes (§3.4, §7.1): `attributes.relationships.<name>` holds an item, a
 * list, or `{"object":"null_resource","attributes":null}`. They decode to the related object(s),
 * or `null` for a null resource (the key may not read it, or there is nothing to include).
 *
 * The related schema is taken lazily: the group modules refer to each other (a user includes
 * servers, a server includes its user), and a thunk keeps module evaluation order irrelevant.
 */
import * as Schema from "effect/Schema"
import * as Envelope from "@ptero-effect/core/Envelope"

const itemOf = <A, I>(name: string | null, attributes: Schema.Schema<A, I>) =>
  Schema.Struct({
    // Includes built from a closure without a resource name (egg `config` and `script`) are
    // serialized with `"object": null` (league/fractal `Scope::serializeResource` passes null).
    object: name === null ? Schema.Null : Schema.Literal(name),
    attributes
  })

/**
 * A to-one include: the related object, or `null` for a null resource.
 */
export const one = <A, I>(name: string | null, attributes: () => Schema.Schema<A, I>) => {
  const lazy = Schema.suspend(attributes)
  return Schema.transform(
    Schema.Union(itemOf(name, lazy), Envelope.NullResource),
    Schema.NullOr(Schema.typeSchema(lazy)),
    {
      strict: true,
      decode: (envelope) => (envelope.object === "null_resource" ? null : (envelope.attributes as A)),
      encode: (value) =>
        value === null
          ? ({ object: "null_resource", attributes: null } as const)
          : ({ object: name, attributes: value } as { readonly object: string | null; readonly attributes: A })
    }
  )
}

/**
 * A to-many include: the related objects, or `null` for a null resource.
 */
export const many = <A, I>(name: string, attributes: () => Schema.Schema<A, I>) => {
  const lazy = Schema.suspend(attributes)
  return Schema.transform(
    Schema.Union(
      Schema.Struct({ object: Schema.Literal("list"), data: Schema.Array(itemOf(name, lazy)) }),
      Envelope.NullResource
    ),
    Schema.NullOr(Schema.Array(Schema.typeSchema(lazy))),
    {
      strict: true,
      decode: (envelope) => (envelope.object === "null_resource" ? null : envelope.data.map((item) => item.attributes)),
      encode: (value) =>
        value === null
          ? ({ object: "null_resource", attributes: null } as const)
          : { object: "list" as const, data: value.map((attributes) => ({ object: name, attributes })) }
    }
  )
}
