// No duplicate writes. The mock's faults (connection dropped after the panel
// applied the request, 502, responses slower than the client's timeout) against a client with a
// retry policy: a POST is applied at most once, counted in the journal and in the state; GET, PUT
// and DELETE are retried as the policy says and end in the right state.
import { FetchHttpClient } from "@effect/platform"
import { describe, expect, layer } from "@effect/vitest"
import { PanelClient, type PanelError, RateLimit } from "@ptero-effect/core"
import { Duration, Effect, Layer, Redacted } from "effect"
import * as Control from "../../src/Control.js"
import * as MockPanel from "../../src/MockPanel.js"

const Live = Layer.merge(MockPanel.layer(), FetchHttpClient.layer)

const KEYS = "/account/api-keys"
const POLICY = RateLimit.retryPolicy({ baseDelay: Duration.millis(5), maxDelay: Duration.millis(20) })

const client = (timeout: Duration.DurationInput = "2 seconds") =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    return yield* PanelClient.make({
      url: panel.url,
      api: "client",
      credentials: panel.keys.userClient,
      retry: POLICY,
      timeout
    })
  })

const fresh = Effect.flatMap(MockPanel.MockPanel, (panel) => panel.control.reset)

const fault = (input: Control.FaultInput) =>
  Effect.flatMap(MockPanel.MockPanel, (panel) => panel.control.injectFault(input))

/** Journal entries for one method and path (the journal also holds dropped requests). */
const journalOf = (method: string, path: string) =>
  Effect.map(
    Effect.flatMap(MockPanel.MockPanel, (panel) => panel.control.journal),
    (entries) => entries.filter((e) => e.method === method && e.path === path)
  )

/** alice's client keys with this memo, read over HTTP from the panel itself. */
const keysWithMemo = (memo: string) =>
  Effect.gen(function* () {
    const panel = yield* MockPanel.MockPanel
    const res = yield* Effect.promise(() =>
      fetch(`${panel.url}/api/client/account/api-keys`, {
        headers: { Accept: "application/json", Authorization: `Bearer ${Redacted.value(panel.keys.userClient)}` }
      }).then((r) => r.json() as Promise<{ data: Array<{ attributes: { identifier: string; description: string } }> }>)
    )
    return res.data.filter((k) => k.attributes.description === memo).map((k) => k.attributes.identifier)
  })

const createKey = (memo: string, timeout?: Duration.DurationInput) =>
  Effect.flatMap(Effect.orDie(client(timeout)), (c) =>
    c.send({ operation: "t.create", method: "POST", path: KEYS, body: { _tag: "Json", value: { description: memo } } })
  )

const tagOf = (error: PanelError.PanelError) =>
  error._tag === "PanelUnreachable" ? `${error._tag}:${error.reason}` : error._tag

layer(Live, { excludeTestServices: true })("no duplicate writes under faults", (it) => {
  describe("the drop-after fault", () => {
    it.effect("applies the request, journals its status, then closes the connection without a response", () =>
      Effect.gen(function* () {
        yield* fresh
        const panel = yield* MockPanel.MockPanel
        yield* fault({ path: "/api/client/account/api-keys", method: "POST", kind: "drop-after" })
        const outcome = yield* Effect.promise(() =>
          fetch(`${panel.url}/api/client/account/api-keys`, {
            method: "POST",
            headers: {
              Accept: "application/json",
              "Content-Type": "application/json",
              Authorization: `Bearer ${Redacted.value(panel.keys.userClient)}`
            },
            body: JSON.stringify({ description: "dropped-after" })
          }).then(
            (r) => `status ${r.status}`,
            () => "no response"
          )
        )
        expect(outcome).toBe("no response")
        expect((yield* journalOf("POST", "/api/client/account/api-keys")).map((e) => e.status)).toEqual([200])
        expect(yield* keysWithMemo("dropped-after")).toHaveLength(1)
        // The fault was used up: the next request is answered.
        expect((yield* keysWithMemo("dropped-after")).length).toBe(1)
      })
    )

    it.effect("is accepted by the control endpoint and listed with the other kinds", () =>
      Effect.gen(function* () {
        yield* fresh
        const panel = yield* MockPanel.MockPanel
        const res = yield* Effect.promise(() =>
          fetch(`${panel.url}${Control.PREFIX}/faults`, {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ path: "/api/client", kind: "drop-after", times: 2 })
          }).then(async (r) => ({ status: r.status, body: (await r.json()) as { kind: string; remaining: number } }))
        )
        expect(res.status).toBe(201)
        expect(res.body).toMatchObject({ kind: "drop-after", remaining: 2 })
      })
    )
  })

  describe("POST is never repeated", () => {
    it.effect("connection dropped after the panel applied it: one journal entry, one key, a transport error", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account/api-keys", method: "POST", kind: "drop-after", times: 5 })
        const error = yield* Effect.flip(createKey("post-drop-after"))
        expect(tagOf(error)).toBe("PanelUnreachable:transport")
        expect(yield* journalOf("POST", "/api/client/account/api-keys")).toHaveLength(1)
        expect(yield* keysWithMemo("post-drop-after")).toHaveLength(1)
      })
    )

    it.effect("connection dropped before the panel saw it: one attempt, no key", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account/api-keys", method: "POST", kind: "drop", times: 5 })
        const error = yield* Effect.flip(createKey("post-drop"))
        expect(tagOf(error)).toBe("PanelUnreachable:transport")
        expect((yield* journalOf("POST", "/api/client/account/api-keys")).map((e) => e.status)).toEqual([0])
        expect(yield* keysWithMemo("post-drop")).toHaveLength(0)
      })
    )

    it.effect("502: one attempt, PanelServerError, no key", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account/api-keys", method: "POST", status: 502, kind: "status", times: 5 })
        const error = yield* Effect.flip(createKey("post-502"))
        expect(error._tag).toBe("PanelServerError")
        expect(yield* journalOf("POST", "/api/client/account/api-keys")).toHaveLength(1)
        expect(yield* keysWithMemo("post-502")).toHaveLength(0)
      })
    )

    it.effect("a response slower than the client's timeout: a typed timeout, applied at most once", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account/api-keys", method: "POST", kind: "delay", delay_ms: 300, times: 5 })
        const error = yield* Effect.flip(createKey("post-slow", "60 millis"))
        expect(tagOf(error)).toBe("PanelUnreachable:timeout")
        // Let the panel finish whatever it still does with the abandoned request.
        yield* Effect.sleep("500 millis")
        const entries = yield* journalOf("POST", "/api/client/account/api-keys")
        const keys = yield* keysWithMemo("post-slow")
        expect(entries.length).toBeLessThanOrEqual(1)
        expect(keys.length).toBe(entries.filter((e) => e.status === 200).length)
        // Only one fault use was taken: the client did not send the POST again.
        const panel = yield* MockPanel.MockPanel
        expect((yield* panel.control.faults).map((f) => f.remaining)).toEqual([4])
      })
    )
  })

  describe("GET, PUT and DELETE are retried per the policy", () => {
    it.effect("GET: dropped after handling twice, then answered: 3 attempts, a value", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account", method: "GET", kind: "drop-after", times: 2 })
        const c = yield* client()
        const res = yield* c.send({ operation: "t.account", method: "GET", path: "/account" })
        expect(res.status).toBe(200)
        expect((yield* journalOf("GET", "/api/client/account")).map((e) => e.status)).toEqual([200, 200, 200])
      })
    )

    it.effect("GET: 502 then 504, then answered; slower than the timeout once, then answered", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account", method: "GET", kind: "status", status: 502 })
        yield* fault({ path: "/api/client/account", method: "GET", kind: "status", status: 504 })
        const c = yield* client()
        expect((yield* c.send({ operation: "t", method: "GET", path: "/account" })).status).toBe(200)
        expect((yield* journalOf("GET", "/api/client/account")).map((e) => e.status)).toEqual([502, 504, 200])
        yield* fresh
        yield* fault({ path: "/api/client/account", method: "GET", kind: "delay", delay_ms: 400 })
        const quick = yield* client("100 millis")
        expect((yield* quick.send({ operation: "t", method: "GET", path: "/account" })).status).toBe(200)
      })
    )

    it.effect("GET: the policy's limit holds: 1 + maxRetries attempts, then the last error", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account", method: "GET", kind: "status", status: 503, times: 50 })
        const c = yield* client()
        const error = yield* Effect.flip(c.send({ operation: "t", method: "GET", path: "/account" }))
        expect(error._tag).toBe("PanelServerError")
        expect(yield* journalOf("GET", "/api/client/account")).toHaveLength(1 + POLICY.maxRetries)
      })
    )

    it.effect("PUT: dropped after it changed the e-mail, retried, the e-mail is the new one", () =>
      Effect.gen(function* () {
        yield* fresh
        yield* fault({ path: "/api/client/account/email", method: "PUT", kind: "drop-after" })
        const c = yield* client()
        yield* c.send({
          operation: "t.email",
          method: "PUT",
          path: "/account/email",
          body: { _tag: "Json", value: { email: "alice.new@example.com", password: "alice-password" } }
        })
        expect((yield* journalOf("PUT", "/api/client/account/email")).map((e) => e.status)).toEqual([204, 204])
        const account = yield* c.send({ operation: "t.account", method: "GET", path: "/account" })
        expect(JSON.parse(account.body).attributes.email).toBe("alice.new@example.com")
      })
    )

    it.effect("DELETE: 502 then retried → 204; dropped after deleting → retried → 404, and the key is gone", () =>
      Effect.gen(function* () {
        yield* fresh
        const c = yield* client()
        const created = yield* createKey("to-delete")
        const first = JSON.parse(created.body).attributes.identifier as string
        yield* fault({ path: `/api/client/account/api-keys/${first}`, method: "DELETE", kind: "status", status: 502 })
        yield* c.send({ operation: "t.delete", method: "DELETE", path: `${KEYS}/${first}` })
        expect((yield* journalOf("DELETE", `/api/client/account/api-keys/${first}`)).map((e) => e.status)).toEqual([
          502, 204
        ])

        const second = JSON.parse((yield* createKey("to-delete-2")).body).attributes.identifier as string
        yield* fault({ path: `/api/client/account/api-keys/${second}`, method: "DELETE", kind: "drop-after" })
        const error = yield* Effect.flip(c.send({ operation: "t.delete", method: "DELETE", path: `${KEYS}/${second}` }))
        // The retry finds the key already deleted: the state is right, the caller sees NotFound.
        expect(error._tag).toBe("NotFound")
        expect((yield* journalOf("DELETE", `/api/client/account/api-keys/${second}`)).map((e) => e.status)).toEqual([
          204, 404
        ])
        expect(yield* keysWithMemo("to-delete")).toEqual([])
        expect(yield* keysWithMemo("to-delete-2")).toEqual([])
      })
    )
  })
})
