import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const NEW_SECRET = "n3wS3cr3tn3wS3cr3tn3wS3cr3tn3wS3"

describe("account (§8.1 General / account)", () => {
  it.effect("GET /account decodes the account user of §9.1", () =>
    Effect.gen(function* () {
      const user = {
        id: 4,
        admin: true,
        username: "root",
        email: "r@x.io",
        first_name: "R",
        last_name: "T",
        language: "en"
      }
      const { api } = yield* fakeApi(routes({ "GET /api/client/account": json(200, Wire.item("user", user)) }))
      expect(yield* api.account.details()).toEqual(user)
    })
  )

  it.effect("a body that does not decode is UnexpectedResponse naming the field", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        json(
          200,
          Wire.item("user", {
            id: "4",
            admin: true,
            username: "r",
            email: "",
            first_name: "",
            last_name: "",
            language: "en"
          })
        )
      )
      const error = yield* Effect.flip(api.account.details())
      expect(error._tag).toBe("UnexpectedResponse")
      if (error._tag === "UnexpectedResponse") expect(error.issue).toContain("attributes.id")
    })
  )

  it.effect("two-factor setup keeps the secret redacted; enable sends code and password and returns the tokens", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          "GET /api/client/account/two-factor": json(200, {
            data: { image_url_data: "otpauth://totp/Panel:r@x.io?secret=ABC", secret: "ABCDEFGH" }
          }),
          "POST /api/client/account/two-factor": json(200, Wire.item("recovery_tokens", { tokens: ["t1", "t2"] }))
        })
      )
      const setup = yield* api.account.twoFactor.setup()
      expect(String(setup.secret)).not.toContain("ABCDEFGH")
      expect(Redacted.value(setup.secret)).toBe("ABCDEFGH")
      const tokens = yield* api.account.twoFactor.enable({ code: "123456", password: Redacted.make("pw") })
      expect(tokens.map(Redacted.value)).toEqual(["t1", "t2"])
      expect(requests[1]!.json).toEqual({ code: "123456", password: "pw" })
    })
  )

  it.effect("two-factor setup when already enabled is PanelRequestRejected (400)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(400, "BadRequestHttpException", "Two-factor authentication is already enabled on this account.")
      )
      const error = yield* Effect.flip(api.account.twoFactor.setup())
      expect(error._tag).toBe("PanelRequestRejected")
    })
  )

  it.effect("enable refuses a code that is not 6 characters without a request (rule size)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(api.account.twoFactor.enable({ code: "123", password: "pw" }))
      expect(requests).toHaveLength(0)
      expect(error._tag).toBe("ValidationFailed")
      if (error._tag === "ValidationFailed") {
        expect(error.source).toBe("client")
        expect(error.issues[0]).toMatchObject({ field: "code", rule: "size" })
      }
    })
  )

  it.effect("disable is POST /account/two-factor/disable with the password (since v1.11.8)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(routes({ "POST /api/client/account/two-factor/disable": noContent }))
      yield* api.account.twoFactor.disable({ password: "pw" })
      expect(requests[0]!.json).toEqual({ password: "pw" })
    })
  )

  it.effect("updateEmail is PUT /account/email; a wrong password is PanelRequestRejected with the panel's code", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        panelError(400, "InvalidPasswordProvidedException", "The password provided was invalid for this account.")
      )
      const error = yield* Effect.flip(api.account.updateEmail({ email: "new@example.com", password: "wrong" }))
      expect(requests[0]!.method).toBe("PUT")
      expect(requests[0]!.target).toBe("/api/client/account/email")
      expect(requests[0]!.json).toEqual({ email: "new@example.com", password: "wrong" })
      expect(error._tag).toBe("PanelRequestRejected")
      if (error._tag === "PanelRequestRejected") expect(error.code).toBe("InvalidPasswordProvidedException")
    })
  )

  it.effect("updateEmail refuses an address without @ (rule email), no request", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const error = yield* Effect.flip(api.account.updateEmail({ email: "nope", password: "pw" }))
      expect(requests).toHaveLength(0)
      if (error._tag === "ValidationFailed") expect(error.issues[0]!.rule).toBe("email")
      else expect.fail(error._tag)
    })
  )

  it.effect("updatePassword checks min 8 and confirmed before sending, then sends all three fields", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(routes({ "PUT /api/client/account/password": noContent }))
      const short = yield* Effect.flip(
        api.account.updatePassword({ current_password: "old", password: "short", password_confirmation: "short" })
      )
      const mismatch = yield* Effect.flip(
        api.account.updatePassword({ current_password: "old", password: "longenough", password_confirmation: "other" })
      )
      expect(requests).toHaveLength(0)
      expect(short._tag === "ValidationFailed" && short.issues[0]!.rule).toBe("min")
      expect(mismatch._tag === "ValidationFailed" && mismatch.issues[0]!.rule).toBe("confirmed")
      yield* api.account.updatePassword({
        current_password: "old",
        password: Redacted.make("longenough"),
        password_confirmation: "longenough"
      })
      expect(requests[0]!.json).toEqual({
        current_password: "old",
        password: "longenough",
        password_confirmation: "longenough"
      })
    })
  )

  it.effect("activity: one page with filter, sort and include; the stream repeats them on every page (§7.2)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi((request) => {
        const page = Number(request.url.searchParams.get("page") ?? "1")
        return json(
          200,
          Wire.list("activity_log", [Wire.activity(`a${page}`)], { pagination: Wire.pagination(2, 1, 1, page) })
        )
      })
      const first = yield* api.account.activity.list({ per_page: 1, filter: { event: "power" }, sort: "-timestamp" })
      expect(first.items[0]!.properties).toEqual({})
      expect(first.totalPages).toBe(2)
      expect(requests[0]!.url.searchParams.get("filter[event]")).toBe("power")
      expect(requests[0]!.url.searchParams.get("sort")).toBe("-timestamp")
      const all = yield* Stream.runCollect(
        api.account.activity.stream({ per_page: 1, filter: { event: "power" }, include: ["actor"] })
      )
      expect(Chunk.toArray(all).map((entry) => entry.id)).toEqual(["a1", "a2"])
      for (const request of requests.slice(1)) {
        expect(request.url.searchParams.get("per_page")).toBe("1")
        expect(request.url.searchParams.get("filter[event]")).toBe("power")
        expect(request.url.searchParams.get("include")).toBe("actor")
      }
      expect(requests.slice(1).map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2"])
    })
  )

  // app/Http/Controllers/Api/Client/ActivityLogController.php::__invoke caps per_page at 100 and
  // never answers 422 for it, so the library sends what it is given.
  it.effect("activity sends a per_page over 100 as is: the panel caps it (§4.6)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.list("activity_log", [], { pagination: Wire.pagination(0, 0, 100, 1) }))
      )
      const page = yield* api.account.activity.list({ per_page: 101 })
      expect(requests[0]!.url.searchParams.get("per_page")).toBe("101")
      expect(page.perPage).toBe(100)
    })
  )

  it.effect("SSH keys: list, add with name and public_key, remove by fingerprint (POST …/remove)", () =>
    Effect.gen(function* () {
      const key = {
        name: "laptop",
        fingerprint: "SHA256:abc",
        public_key: "ssh-ed25519 AAAA",
        created_at: "2024-10-24T12:04:30+00:00"
      }
      const { api, requests } = yield* fakeApi(
        routes({
          "GET /api/client/account/ssh-keys": json(200, Wire.list("ssh_key", [key])),
          "POST /api/client/account/ssh-keys": json(200, Wire.item("ssh_key", key)),
          "POST /api/client/account/ssh-keys/remove": noContent
        })
      )
      expect(yield* api.account.sshKeys.list()).toEqual([key])
      expect(yield* api.account.sshKeys.add({ name: "laptop", public_key: "ssh-ed25519 AAAA" })).toEqual(key)
      yield* api.account.sshKeys.remove("SHA256:abc")
      expect(requests.map((r) => r.json)).toEqual([
        undefined,
        { name: "laptop", public_key: "ssh-ed25519 AAAA" },
        { fingerprint: "SHA256:abc" }
      ])
    })
  )
})

describe("account API keys (§4.7)", () => {
  it.effect("list decodes api_key objects, including allowed_ips null for old rows", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(
        routes({
          "GET /api/client/account/api-keys": json(
            200,
            Wire.list("api_key", [Wire.apiKey("ptlc_AbCdEfGhIjK"), Wire.apiKey("ptlc_Old00000000", "old", null)])
          )
        })
      )
      const keys = yield* api.account.apiKeys.list()
      expect(keys.map((k) => k.allowed_ips)).toEqual([[], null])
    })
  )

  it.effect("create sends description and allowed_ips and joins identifier + meta.secret_token into a usable key", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          "POST /api/client/account/api-keys": json(
            200,
            Wire.item("api_key", Wire.apiKey("ptlc_NeWkEy00000", "ci", ["10.0.0.0/8"]), {
              meta: { secret_token: NEW_SECRET }
            })
          )
        })
      )
      const created = yield* api.account.apiKeys.create({ description: "ci", allowed_ips: ["10.0.0.0/8"] })
      expect(requests[0]!.json).toEqual({ description: "ci", allowed_ips: ["10.0.0.0/8"] })
      expect(created.info.identifier).toBe("ptlc_NeWkEy00000")
      expect(created.key.kind).toBe("client")
      expect(Redacted.value(created.key.value)).toBe(`ptlc_NeWkEy00000${NEW_SECRET}`)
      expect(JSON.stringify(created)).not.toContain(NEW_SECRET)
    })
  )

  it.effect("create: the 26th key is PanelRequestRejected with DisplayException (§4.7)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(400, "DisplayException", "You have reached the account limit for number of API keys.")
      )
      const error = yield* Effect.flip(api.account.apiKeys.create({ description: "one too many" }))
      expect(error._tag).toBe("PanelRequestRejected")
      if (error._tag === "PanelRequestRejected") expect(error.detail).toContain("account limit")
    })
  )

  it.effect("create refuses an empty or 501-character description with the panel's rules and details, no request", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const empty = yield* Effect.flip(api.account.apiKeys.create({ description: "" }))
      const long = yield* Effect.flip(api.account.apiKeys.create({ description: "x".repeat(501) }))
      expect(requests).toHaveLength(0)
      expect(empty._tag === "ValidationFailed" && empty.issues[0]).toEqual(
        expect.objectContaining({
          field: "description",
          rule: "required",
          detail: "The description field is required."
        })
      )
      expect(long._tag === "ValidationFailed" && long.issues[0]).toEqual(
        expect.objectContaining({
          field: "description",
          rule: "max",
          detail: "The description may not be greater than 500 characters."
        })
      )
    })
  )

  it.effect("create refuses more than 50 allowed IPs and names each bad entry like the panel (§2.6, §10.1)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => noContent)
      const many = yield* Effect.flip(
        api.account.apiKeys.create({
          description: "x",
          allowed_ips: Array.from({ length: 51 }, (_, i) => `10.0.0.${i}`)
        })
      )
      const bad = yield* Effect.flip(
        api.account.apiKeys.create({ description: "x", allowed_ips: ["hodor", "127.0.0.1", "hodor/24"] })
      )
      expect(requests).toHaveLength(0)
      expect(many._tag === "ValidationFailed" && many.issues[0]!.detail).toBe(
        "The allowed ips may not have more than 50 items."
      )
      if (bad._tag !== "ValidationFailed") return expect.fail(bad._tag)
      expect(bad.issues.map((i) => [i.field, i.detail])).toEqual([
        ["allowed_ips.0", '"hodor" is not a valid IP address or CIDR range.'],
        ["allowed_ips.2", '"hodor/24" is not a valid IP address or CIDR range.']
      ])
    })
  )

  it.effect("create accepts every allowed_ips set the panel's own test accepts (§10.1)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.item("api_key", Wire.apiKey("ptlc_NeWkEy00000"), { meta: { secret_token: NEW_SECRET } }))
      )
      for (const ips of [
        [],
        ["127.0.0.1"],
        ["127.0.0.1", "::1"],
        ["::ffff:7f00:1"],
        ["127.0.0.1", "192.168.1.100", "192.168.10.10/28"],
        ["127.0.0.1/32", "192.168.100.100/27", "::1", "::1/128"]
      ]) {
        yield* api.account.apiKeys.create({ description: "ok", allowed_ips: ips })
      }
      expect(requests).toHaveLength(6)
    })
  )

  it.effect("delete is DELETE /account/api-keys/{identifier}; an unknown one is NotFound", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          "DELETE /api/client/account/api-keys/ptlc_AbCdEfGhIjK": noContent,
          "DELETE /api/client/account/api-keys/1234": panelError(
            404,
            "NotFoundHttpException",
            "The requested resource could not be found on the server."
          )
        })
      )
      yield* api.account.apiKeys.delete("ptlc_AbCdEfGhIjK")
      const error = yield* Effect.flip(api.account.apiKeys.delete("1234"))
      expect(requests.map((r) => r.method)).toEqual(["DELETE", "DELETE"])
      expect(error._tag).toBe("NotFound")
    })
  )
})
