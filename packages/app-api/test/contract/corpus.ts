// The payloads of contract/application, served the way the panel serves them.
import { readdirSync, readFileSync } from "node:fs"
import type { Recorded, Reply } from "../utils/fake.js"

const DIRECTORY = new URL("../../../../contract/application/", import.meta.url)

export interface Payload {
  readonly source: string
  readonly route: string
  readonly notes: string
  readonly body: unknown
}

/** Every payload name (the file name without `.json`). */
export const names: ReadonlyArray<string> = readdirSync(DIRECTORY)
  .filter((file) => file.endsWith(".json"))
  .map((file) => file.slice(0, -".json".length))
  .sort()

export const payload = (name: string): Payload =>
  JSON.parse(readFileSync(new URL(`${name}.json`, DIRECTORY), "utf8")) as Payload

// The panel encodes without json_encode flags (§9.2.1): `/` as `\/`, non-ASCII as `\uXXXX`.
const phpJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`)

const statusOf = (file: Payload): number => {
  const body = file.body as { readonly errors?: ReadonlyArray<{ readonly status: string }> }
  if (body.errors !== undefined) return Number(body.errors[0]?.status)
  // Every Application API POST that answers with a body is a create (201).
  return file.route.startsWith("POST ") ? 201 : 200
}

/** The payload as the panel's HTTP answer. */
export const reply = (name: string): Reply => {
  const file = payload(name)
  return { status: statusOf(file), headers: { "content-type": "application/json" }, body: phpJson(file.body) }
}

/** `METHOD /path?query` of a recorded request, in the form of a payload's `route`. */
export const routeOf = (request: Recorded): string => {
  const query = decodeURIComponent(request.url.searchParams.toString())
  return `${request.method} ${request.url.pathname}${query === "" ? "" : `?${query}`}`
}

/** The route of a payload with its query in a stable order, to compare with `routeOf`. */
export const routeIn = (name: string): string => {
  const [method, target] = payload(name).route.split(" ") as [string, string]
  const url = new URL(target, "https://panel.example")
  url.searchParams.sort()
  const query = decodeURIComponent(url.searchParams.toString())
  return `${method} ${url.pathname}${query === "" ? "" : `?${query}`}`
}

/** `routeOf` with the query sorted like `routeIn`. */
export const sortedRouteOf = (request: Recorded): string => {
  const url = new URL(request.url)
  url.searchParams.sort()
  return routeOf({ ...request, url })
}
