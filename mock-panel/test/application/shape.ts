// The shape of Application API bodies, to compare the mock's answers with contract/application:
// which keys each object has and which JSON types (null included) each field takes.
import { readdirSync, readFileSync } from "node:fs"

const DIRECTORY = new URL("../../../contract/application/", import.meta.url)

/** Every contract payload by name. */
export const contract: ReadonlyMap<string, { readonly route: string; readonly body: any }> = new Map(
  readdirSync(DIRECTORY)
    .filter((file) => file.endsWith(".json"))
    .map((file) => [file.slice(0, -5), JSON.parse(readFileSync(new URL(file, DIRECTORY), "utf8"))])
)

// Maps whose keys are data, not field names: only their own type is compared.
const OPAQUE = new Set([
  "server.container.environment",
  "egg.docker_images",
  "egg.config.files",
  "egg.config.startup",
  "egg.config.logs",
  "egg.relationships.config.files",
  "egg.relationships.config.startup",
  "egg.relationships.config.logs"
])

const typeOf = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value)

export interface Shape {
  /** `path` → the JSON types seen there. */
  readonly types: Map<string, Set<string>>
  /** object name → the key sets its items had. */
  readonly keys: Map<string, Set<string>>
}

export const emptyShape = (): Shape => ({ types: new Map(), keys: new Map() })

const note = (shape: Shape, path: string, type: string) => {
  const seen = shape.types.get(path) ?? new Set<string>()
  seen.add(type)
  shape.types.set(path, seen)
}

const fields = (shape: Shape, path: string, value: unknown) => {
  note(shape, path, typeOf(value))
  if (OPAQUE.has(path)) return
  if (Array.isArray(value)) for (const item of value) fields(shape, `${path}[]`, item)
  else if (typeOf(value) === "object") {
    for (const [key, inner] of Object.entries(value as object)) fields(shape, `${path}.${key}`, inner)
  }
}

/** Records a response body: its envelope and, for a list, its `meta`. */
export const recordBody = (shape: Shape, body: any): void => {
  record(shape, body)
  if (body?.meta !== undefined) fields(shape, "(meta)", body.meta)
}

/** Records an envelope (item, list, null resource); an item without a name takes `unnamed`. */
export const record = (shape: Shape, value: unknown, unnamed = "(root)"): void => {
  const envelope = value as { object?: unknown; attributes?: unknown; data?: unknown }
  if (envelope.object === "list") {
    for (const item of (envelope.data ?? []) as ReadonlyArray<unknown>) record(shape, item, unnamed)
    return
  }
  if (envelope.object === "null_resource") return
  const name = envelope.object === null ? unnamed : String(envelope.object)
  const { relationships, ...attributes } = (envelope.attributes ?? {}) as Record<string, unknown>
  const keys = Object.keys(attributes).sort().join(",")
  const sets = shape.keys.get(name) ?? new Set<string>()
  sets.add(keys)
  shape.keys.set(name, sets)
  for (const [key, inner] of Object.entries(attributes)) fields(shape, `${name}.${key}`, inner)
  for (const [key, inner] of Object.entries((relationships ?? {}) as Record<string, unknown>)) {
    const related = inner as { object?: unknown; data?: ReadonlyArray<{ object?: unknown }> }
    const itemName = related.object === "list" ? related.data?.[0]?.object : related.object
    if (itemName !== undefined) note(shape, `${name}.relationships.${key}`, String(itemName))
    record(shape, inner, `${name}.relationships.${key}`)
  }
}

/** The shape of every contract payload together: the types each path may take. */
export const corpus: Shape = (() => {
  const shape = emptyShape()
  for (const { body } of contract.values()) if (body.errors === undefined) recordBody(shape, body)
  return shape
})()

/** The shape of one body. */
export const shapeOf = (body: unknown): Shape => {
  const shape = emptyShape()
  recordBody(shape, body)
  return shape
}
