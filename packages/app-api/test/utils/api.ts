import { ApplicationApi } from "@ptero-effect/app-api"
import { Effect } from "effect"
import { APPLICATION_KEY, fakeClient, type Handler } from "./fake.js"

export const URL_BASE = "https://panel.example"

/** The service over a fake transport, and every request it sent. */
export const withFake = (handler: Handler, key: string = APPLICATION_KEY) =>
  Effect.gen(function* () {
    const fake = fakeClient(handler)
    const api = yield* ApplicationApi.make({ url: URL_BASE, credentials: key }).pipe(Effect.provide(fake.layer))
    return { api, requests: fake.requests }
  })

/** The request as the panel sees it: method, path and query. */
export const seen = (request: { readonly method: string; readonly url: URL }) => ({
  method: request.method,
  path: request.url.pathname,
  query: Object.fromEntries(request.url.searchParams)
})
