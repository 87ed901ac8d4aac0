/**
 * Schemas of the panel's response envelopes (§7.1): items, lists, paginated lists, the
 * null resource of a denied include, and the error body.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * `{"object": name, "attributes": {…}}`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const Item = <const Name extends string, A, I, R>(name: Name, attributes: Schema.Schema<A, I, R>) =>
  memoized(items, attributes, name, () => Schema.Struct({ object: Schema.Literal(name), attributes }))

/**
 * `{"object": name, "attributes": {…}, "meta": {"resource": url}}`: the 201 of an Application API
 * create, which names the new object's URL.
 *
 * @since 0.1.0
 * @category constructors
 */
export const Created = <const Name extends string, A, I, R>(name: Name, attributes: Schema.Schema<A, I, R>) =>
  memoized(created, attributes, name, () =>
    Schema.Struct({
      object: Schema.Literal(name),
      attributes,
      meta: Schema.Struct({ resource: Schema.String })
    })
  )

// The envelope schemas are built per request by the API groups; the same envelope is returned for
// the same inner schema, so its decoder is compiled once instead of on every request.
const items = new WeakMap<object, Map<string, unknown>>()
const created = new WeakMap<object, Map<string, unknown>>()
const lists = new WeakMap<object, Map<string, unknown>>()
const memoized = <S>(cache: WeakMap<object, Map<string, unknown>>, inner: object, name: string, make: () => S): S => {
  let byName = cache.get(inner)
  if (byName === undefined) {
    byName = new Map()
    cache.set(inner, byName)
  }
  let schema = byName.get(name) as S | undefined
  if (schema === undefined) {
    schema = make()
    byName.set(name, schema)
  }
  return schema
}

/**
 * `{"object":"null_resource","attributes":null}`: an include the key may not read.
 *
 * @since 0.1.0
 * @category schemas
 */
export const NullResource = Schema.Struct({
  object: Schema.Literal("null_resource"),
  attributes: Schema.Null
})

/**
 * @since 0.1.0
 * @category models
 */
export type NullResource = typeof NullResource.Type

/**
 * The links of a paginated list; both are absolute URLs.
 *
 * @since 0.1.0
 * @category schemas
 */
export const PaginationLinks = Schema.Struct({
  previous: Schema.optional(Schema.String),
  next: Schema.optional(Schema.String)
})

/**
 * `meta.pagination` of a paginated list.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Pagination = Schema.Struct({
  total: Schema.Number,
  count: Schema.Number,
  per_page: Schema.Number,
  current_page: Schema.Number,
  total_pages: Schema.Number,
  // An empty links map may arrive as `[]`, the JSON form of an empty PHP array, so both shapes decode.
  links: Schema.Union(PaginationLinks, Schema.Array(Schema.Unknown))
})

/**
 * @since 0.1.0
 * @category models
 */
export type Pagination = typeof Pagination.Type

/**
 * `{"object":"list","data":[…]}` without pagination.
 *
 * @since 0.1.0
 * @category constructors
 */
export const List = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  memoized(lists, item, "list", () => Schema.Struct({ object: Schema.Literal("list"), data: Schema.Array(item) }))

/**
 * A list with `meta.pagination`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const PaginatedList = <A, I, R>(item: Schema.Schema<A, I, R>) =>
  memoized(lists, item, "paginated", () =>
    Schema.Struct({
      object: Schema.Literal("list"),
      data: Schema.Array(item),
      meta: Schema.Struct({ pagination: Pagination })
    })
  )

/**
 * A relationship inside `attributes.relationships`: the included value, or a null resource.
 *
 * @since 0.1.0
 * @category constructors
 */
export const Relationship = <A, I, R>(value: Schema.Schema<A, I, R>) => Schema.Union(value, NullResource)

/**
 * One entry of an error body as the panel writes it (§7.3).
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBodyEntry = Schema.Struct({
  code: Schema.String,
  status: Schema.Union(Schema.String, Schema.Number),
  detail: Schema.optionalWith(Schema.String, { default: () => "" }),
  meta: Schema.optional(
    Schema.Struct({
      source_field: Schema.optional(Schema.String),
      rule: Schema.optional(Schema.String)
    })
  )
})

/**
 * `{"errors":[…]}` with at least one entry.
 *
 * @since 0.1.0
 * @category schemas
 */
export const ErrorBody = Schema.Struct({ errors: Schema.NonEmptyArray(ErrorBodyEntry) })

/**
 * @since 0.1.0
 * @category models
 */
export type ErrorBody = typeof ErrorBody.Type
