// The contract corpus (contract/client/*.json at the repository root): payloads written from the
// panel's transformers, served here over a canned transport the way the panel sends them.
import { readdirSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { fakeApi, type Recorded, type Reply } from "../utils/fake.js"

const directory = fileURLToPath(new URL("../../../../contract/client/", import.meta.url))

/** One contract file. */
export interface Payload {
  readonly source: string
  readonly route: string
  readonly notes: string
  readonly status?: number
  readonly body: unknown
}

/** Every payload name in the corpus. */
export const names = (): ReadonlyArray<string> =>
  readdirSync(directory)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length))
    .sort()

/** Reads one payload. */
export const load = (name: string): Payload => JSON.parse(readFileSync(`${directory}${name}.json`, "utf8")) as Payload

/**
 * JSON as PHP's `json_encode` writes it with default flags: `/` as `\/` and everything outside
 * ASCII as `\uXXXX` (UTF-16 units, as PHP does for characters beyond the BMP).
 */
export const phpJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

/** The panel's answer carrying a payload. */
export const reply = (name: string): Reply => {
  const payload = load(name)
  return {
    status: payload.status ?? 200,
    headers: { "content-type": "application/json" },
    body: phpJson(payload.body)
  }
}

/** A `ClientApi` whose transport answers every request with the named payload. */
export const serve = (name: string) => {
  const answer = reply(name)
  return fakeApi((_: Recorded) => answer)
}

/** A `ClientApi` whose transport answers each request with the next payload of the list. */
export const serveInOrder = (...names: ReadonlyArray<string>) => {
  const answers = names.map(reply)
  let next = 0
  return fakeApi((_: Recorded) => answers[Math.min(next++, answers.length - 1)]!)
}

/** The body of a payload, for assertions that compare decoded values with it. */
export const body = <A = any>(name: string): A => load(name).body as A
