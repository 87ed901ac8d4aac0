import * as Fs from "node:fs"
import { afterAll, beforeAll, beforeEach, expect } from "vitest"
import * as MockPanel from "../src/MockPanel.js"
import * as Fixture from "../src/state/Fixture.js"

export interface Res {
  readonly status: number
  readonly headers: Headers
  readonly text: string
  readonly json: any
}

export interface CallOptions {
  readonly key?: string | undefined
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string | Uint8Array
  readonly accept?: string | null
}

export const call = async (panel: { url: string }, path: string, options: CallOptions = {}): Promise<Res> => {
  const headers: Record<string, string> = {}
  if (options.accept !== null) headers.Accept = options.accept ?? "application/json"
  if (options.key !== undefined) headers.Authorization = `Bearer ${options.key}`
  Object.assign(headers, options.headers ?? {})
  const res = await fetch(panel.url + path, {
    method: options.method ?? "GET",
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
    redirect: "manual"
  })
  const text = await res.text()
  let json: any
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, headers: res.headers, text, json }
}

export const postJson = (panel: { url: string }, path: string, key: string, body: unknown, extra: CallOptions = {}) =>
  call(panel, path, {
    ...extra,
    key,
    method: "POST",
    headers: { "Content-Type": "application/json", ...(extra.headers ?? {}) },
    body: JSON.stringify(body)
  })

export const expectError = (res: Res, status: number, code: string, detail: string) => {
  expect(res.status).toBe(status)
  expect(res.json).toEqual({ errors: [{ code, status: String(status), detail }] })
}

export const expectNoRateLimitHeaders = (res: Res) => {
  expect(res.headers.get("x-ratelimit-limit")).toBeNull()
  expect(res.headers.get("x-ratelimit-remaining")).toBeNull()
}

export const defaultFixtureJson = (): any => JSON.parse(Fs.readFileSync(Fixture.defaultPath, "utf8"))

export const secretsOf = (fixture: any): Array<string> => fixture.api_keys.map((k: any) => k.secret)

export type Panel = MockPanel.Started

/**
 * The test file's panel: started before its first test (with `start`'s options, or by `start`
 * itself), back to the fixture before each test unless `resetEachTest` is false, closed after
 * the last. The returned object is filled in once the panel listens.
 */
export const usePanel = (
  start: MockPanel.Options | (() => Promise<Panel>) = {},
  { resetEachTest = true }: { readonly resetEachTest?: boolean } = {}
): Panel => {
  const panel = {} as Panel
  beforeAll(async () => {
    Object.assign(panel, typeof start === "function" ? await start() : await MockPanel.start(start))
  })
  if (resetEachTest) beforeEach(() => panel.control.reset())
  afterAll(() => panel.close())
  return panel
}
export const k = (panel: Panel, name: string): string => {
  const value = panel.plainKeys[name]
  if (value === undefined) throw new Error(`no key ${name}`)
  return value
}

export const UNAUTHENTICATED = ["AuthenticationException", "Unauthenticated."] as const
