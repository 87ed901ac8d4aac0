import { describe, expect, it } from "@effect/vitest"
import { Deferred, Effect, Fiber, Redacted } from "effect"
import { CLIENT_KEY, type Recorded, type Reply, fakeApi, json, noContent, panelError } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const OLD_ID = CLIENT_KEY.slice(0, 16)
const NEW_ID = "ptlc_NeWkEy00000"
const NEW_SECRET = "n3wS3cr3tn3wS3cr3tn3wS3cr3tn3wS3"
const NEW_KEY = NEW_ID + NEW_SECRET

type Fault = "lookup" | "unlisted" | "create" | "verify" | "cleanup" | "delete-old" | "old-already-gone"

/** A panel holding the account's client keys, with a fault injected at one step of the rotation. */
const panel = (fault?: Fault, onVerify?: Effect.Effect<void>) => {
  const keys = new Map<string, { description: string; ips: Array<string>; bearer: string }>([
    [OLD_ID, { description: "deploy bot", ips: ["10.0.0.0/8"], bearer: CLIENT_KEY }]
  ])
  const bearerOf = (request: Recorded) => request.headers.authorization?.replace(/^Bearer /, "")
  const handler = (request: Recorded): Reply | Effect.Effect<Reply> => {
    const bearer = bearerOf(request)
    if (![...keys.values()].some((key) => key.bearer === bearer)) {
      return panelError(401, "AuthenticationException", "Unauthenticated.")
    }
    const route = `${request.method} ${request.url.pathname}`
    if (route === "GET /api/client/account/api-keys") {
      if (fault === "lookup") return panelError(503, "HttpException", "Service Unavailable")
      const listed = [...keys.entries()].filter(([id]) => fault !== "unlisted" || id !== OLD_ID)
      return json(
        200,
        Wire.list(
          "api_key",
          listed.map(([id, key]) => Wire.apiKey(id, key.description, key.ips))
        )
      )
    }
    if (route === "POST /api/client/account/api-keys") {
      if (fault === "create") {
        return panelError(400, "DisplayException", "You have reached the account limit for number of API keys.")
      }
      const body = request.json as { description: string; allowed_ips: Array<string> }
      keys.set(NEW_ID, {
        description: body.description,
        ips: body.allowed_ips,
        // A verify fault: the panel refuses the new key.
        bearer: fault === "verify" || fault === "cleanup" ? "refused" : NEW_KEY
      })
      return json(
        200,
        Wire.item("api_key", Wire.apiKey(NEW_ID, body.description, body.allowed_ips), {
          meta: { secret_token: NEW_SECRET }
        })
      )
    }
    if (route === "GET /api/client/account") {
      const reply = json(
        200,
        Wire.item("user", {
          id: 1,
          admin: false,
          username: "a",
          email: "a@x.io",
          first_name: "",
          last_name: "",
          language: "en"
        })
      )
      return onVerify && bearer === NEW_KEY ? Effect.as(onVerify, reply) : reply
    }
    if (request.method === "DELETE" && request.url.pathname.startsWith("/api/client/account/api-keys/")) {
      const id = decodeURIComponent(request.url.pathname.split("/").pop()!)
      if (fault === "cleanup" && id === NEW_ID)
        return panelError(
          500,
          "QueryException",
          "An unexpected error was encountered while processing this request, please try again."
        )
      if (fault === "delete-old" && id === OLD_ID) return panelError(503, "HttpException", "Service Unavailable")
      if (fault === "old-already-gone" && id === OLD_ID) keys.delete(OLD_ID)
      if (!keys.delete(id))
        return panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")
      return noContent
    }
    return panelError(404, "NotFoundHttpException", "not here")
  }
  return { keys, handler }
}

const usedKey = (request: Recorded) =>
  request.headers.authorization === `Bearer ${NEW_KEY}`
    ? "new"
    : request.headers.authorization === `Bearer ${CLIENT_KEY}`
      ? "old"
      : "other"

describe("account.apiKeys.rotate (§4.7, DESIGN key rotation)", () => {
  it.effect("creates a key with the same description and IPs, verifies it, swaps, then deletes the old one", () =>
    Effect.gen(function* () {
      const state = panel()
      const { api, requests } = yield* fakeApi(state.handler)
      const rotation = yield* api.account.apiKeys.rotate()
      expect(rotation.previous).toBe(OLD_ID)
      expect(rotation.key.identifier).toBe(NEW_ID)
      expect(Redacted.value(rotation.key.value)).toBe(NEW_KEY)
      expect(requests.map((r) => [r.method, r.url.pathname, usedKey(r)])).toEqual([
        ["GET", "/api/client/account/api-keys", "old"],
        ["POST", "/api/client/account/api-keys", "old"],
        ["GET", "/api/client/account", "new"],
        ["DELETE", `/api/client/account/api-keys/${OLD_ID}`, "new"]
      ])
      expect(requests[1]!.json).toEqual({ description: "deploy bot", allowed_ips: ["10.0.0.0/8"] })
      expect([...state.keys.keys()]).toEqual([NEW_ID])
      expect((yield* api.panel.credentials.current).identifier).toBe(NEW_ID)
      yield* api.account.details()
      expect(usedKey(requests.at(-1)!)).toBe("new")
    })
  )

  it.effect("requests made while the new key is being verified still use the old key", () =>
    Effect.gen(function* () {
      const verifying = yield* Deferred.make<void>()
      const release = yield* Deferred.make<void>()
      const state = panel(undefined, Effect.zipRight(Deferred.succeed(verifying, undefined), Deferred.await(release)))
      const { api, requests } = yield* fakeApi(state.handler)
      const rotation = yield* Effect.fork(api.account.apiKeys.rotate())
      yield* Deferred.await(verifying)
      yield* api.account.apiKeys.list()
      expect(usedKey(requests.at(-1)!)).toBe("old")
      yield* Deferred.succeed(release, undefined)
      yield* Fiber.join(rotation)
      expect((yield* api.panel.credentials.current).identifier).toBe(NEW_ID)
    })
  )

  const failing = (fault: Fault) =>
    Effect.gen(function* () {
      const state = panel(fault)
      const { api, requests } = yield* fakeApi(state.handler)
      const error = yield* Effect.flip(api.account.apiKeys.rotate())
      const current = yield* api.panel.credentials.current
      return { error, state, requests, current }
    })

  it.effect("lookup fails: nothing changed, nothing left behind, step lookup with the panel error", () =>
    Effect.gen(function* () {
      const { current, error, requests, state } = yield* failing("lookup")
      expect(error).toMatchObject({ _tag: "KeyRotationFailed", step: "lookup", inUse: OLD_ID, leftBehind: [] })
      expect(error.error._tag).toBe("PanelServerError")
      expect(current.identifier).toBe(OLD_ID)
      expect(requests).toHaveLength(1)
      expect([...state.keys.keys()]).toEqual([OLD_ID])
    })
  )

  it.effect("the key in use is not among the account's client keys: step lookup, NotFound, no key created", () =>
    Effect.gen(function* () {
      const { error, requests } = yield* failing("unlisted")
      expect(error).toMatchObject({ step: "lookup", inUse: OLD_ID, leftBehind: [] })
      expect(error.error._tag).toBe("NotFound")
      expect(requests.some((r) => r.method === "POST")).toBe(false)
    })
  )

  it.effect("create fails (key limit): step create, the old key stays in use, nothing left behind", () =>
    Effect.gen(function* () {
      const { current, error, state } = yield* failing("create")
      expect(error).toMatchObject({ step: "create", inUse: OLD_ID, leftBehind: [] })
      expect(error.error._tag).toBe("PanelRequestRejected")
      expect(current.identifier).toBe(OLD_ID)
      expect([...state.keys.keys()]).toEqual([OLD_ID])
    })
  )

  it.effect("verify fails: the new key is deleted again with the old key, which stays in use", () =>
    Effect.gen(function* () {
      const { current, error, requests, state } = yield* failing("verify")
      expect(error).toMatchObject({ step: "verify", inUse: OLD_ID, leftBehind: [] })
      expect(error.error._tag).toBe("InvalidCredentials")
      expect(current.identifier).toBe(OLD_ID)
      expect([...state.keys.keys()]).toEqual([OLD_ID])
      const cleanup = requests.at(-1)!
      expect([cleanup.method, cleanup.url.pathname, usedKey(cleanup)]).toEqual([
        "DELETE",
        `/api/client/account/api-keys/${NEW_ID}`,
        "old"
      ])
    })
  )

  it.effect("verify fails and so does the cleanup: the unverified key is reported as left behind", () =>
    Effect.gen(function* () {
      const { current, error, state } = yield* failing("cleanup")
      expect(error).toMatchObject({ step: "verify", inUse: OLD_ID, leftBehind: [NEW_ID] })
      expect(current.identifier).toBe(OLD_ID)
      expect([...state.keys.keys()]).toEqual([OLD_ID, NEW_ID])
    })
  )

  it.effect("deleting the old key fails: the verified new key is in use and the old one is reported", () =>
    Effect.gen(function* () {
      const { current, error, state } = yield* failing("delete-old")
      expect(error).toMatchObject({ step: "delete-old", inUse: NEW_ID, leftBehind: [OLD_ID] })
      expect(error.error._tag).toBe("PanelServerError")
      expect(current.identifier).toBe(NEW_ID)
      expect([...state.keys.keys()]).toEqual([OLD_ID, NEW_ID])
      expect(error.message).toContain("delete-old")
      expect(error.message).not.toContain(NEW_SECRET)
      expect(JSON.stringify(error)).not.toContain(NEW_SECRET)
    })
  )

  it.effect("an old key already deleted elsewhere (404) counts as deleted", () =>
    Effect.gen(function* () {
      const state = panel("old-already-gone")
      const { api } = yield* fakeApi(state.handler)
      const rotation = yield* api.account.apiKeys.rotate()
      expect(rotation.key.identifier).toBe(NEW_ID)
    })
  )
})
