import { describe, expect, it } from "vitest"
import { isAllowed } from "../src/http/IpAccess.js"
import * as MockPanel from "../src/MockPanel.js"
import { call, defaultFixtureJson, expectError, k, postJson, secretsOf, usePanel } from "./helpers.js"

const panel = usePanel()

const KEYS = "/api/client/account/api-keys"

describe("§10.1 API key management", () => {
  it("testApiKeysAreReturned: client keys only, as api_key objects", async () => {
    const res = await call(panel, KEYS, { key: k(panel, "rootClient") })
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("list")
    expect(res.json.data).toEqual([
      {
        object: "api_key",
        attributes: {
          identifier: "ptlc_rootclient1",
          description: "Root admin client key",
          allowed_ips: [],
          last_used_at: expect.stringMatching(/\+00:00$/),
          created_at: "2024-10-24T12:00:00+00:00"
        }
      }
    ])
  })

  it("testApiKeyCanBeCreatedForAccount: 200, secret once, usable, for every accepted IP set", async () => {
    const sets = [
      [],
      ["127.0.0.1"],
      ["127.0.0.1", "::1"],
      ["::ffff:7f00:1"],
      ["127.0.0.1", "192.168.1.100", "192.168.10.10/28"],
      ["127.0.0.1/32", "192.168.100.100/27", "::1", "::1/128"]
    ]
    for (const allowed_ips of sets) {
      const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "made by a test", allowed_ips })
      expect(res.status).toBe(200)
      expect(res.json.object).toBe("api_key")
      expect(res.json.attributes.allowed_ips).toEqual(allowed_ips)
      expect(res.json.attributes.identifier).toMatch(/^ptlc_[A-Za-z0-9]{11}$/)
      expect(res.json.meta.secret_token).toMatch(/^[A-Za-z0-9]{32}$/)
      const bearer = res.json.attributes.identifier + res.json.meta.secret_token
      // The new key works from 127.0.0.1 exactly when its allow list admits it (§2.6).
      const expected = isAllowed(allowed_ips, "127.0.0.1") ? 200 : 403
      expect((await call(panel, "/api/client/account", { key: bearer })).status).toBe(expected)
      const list = await call(panel, KEYS, { key: k(panel, "rootClient") })
      expect(list.text).toContain(res.json.attributes.identifier)
      expect(list.text).not.toContain(res.json.meta.secret_token)
    }
  })

  it("testApiKeyCannotSpecifyMoreThanFiftyIps → 422", async () => {
    const ips = Array.from({ length: 100 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`)
    const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "x", allowed_ips: ips })
    expect(res.status).toBe(422)
    expect(res.json.errors).toEqual([
      {
        code: "ValidationException",
        status: "422",
        detail: "The allowed ips may not have more than 50 items.",
        meta: { source_field: "allowed_ips", rule: "max" }
      }
    ])
  })

  it("testApiKeyLimitIsApplied: the 26th key → 400 DisplayException; other users' keys do not count", async () => {
    for (let i = 0; i < 24; i++) {
      expect((await postJson(panel, KEYS, k(panel, "rootClient"), { description: `k${i}` })).status).toBe(200)
    }
    const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "one too many" })
    expectError(res, 400, "DisplayException", "You have reached the account limit for number of API keys.")
    expect(res.text).toBe(
      '{"errors":[{"code":"DisplayException","status":"400","detail":"You have reached the account limit for number of API keys."}]}'
    )
    expect((await postJson(panel, KEYS, k(panel, "subuserClient"), { description: "bob" })).status).toBe(200)
  })

  it("testValidationErrorIsReturnedForBadRequests: required, max, and invalid IPs with empty rule", async () => {
    const empty = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "" })
    expect(empty.json.errors).toEqual([
      {
        code: "ValidationException",
        status: "422",
        detail: "The description field is required.",
        meta: { source_field: "description", rule: "required" }
      }
    ])
    const long = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "a".repeat(501) })
    expect(long.json.errors).toEqual([
      {
        code: "ValidationException",
        status: "422",
        detail: "The description may not be greater than 500 characters.",
        meta: { source_field: "description", rule: "max" }
      }
    ])
    const ips = await postJson(panel, KEYS, k(panel, "rootClient"), {
      description: "x",
      allowed_ips: ["hodor", "127.0.0.1", "hodor/24"]
    })
    expect(ips.status).toBe(422)
    expect(ips.json.errors).toEqual([
      {
        code: "ValidationException",
        status: "422",
        detail: '"hodor" is not a valid IP address or CIDR range.',
        meta: { source_field: "allowed_ips.0", rule: "" }
      },
      {
        code: "ValidationException",
        status: "422",
        detail: '"hodor/24" is not a valid IP address or CIDR range.',
        meta: { source_field: "allowed_ips.2", rule: "" }
      }
    ])
    // 422 bodies are compact json_encode output, with slashes escaped.
    expect(ips.text).toContain('"\\"hodor\\/24\\" is not')
  })

  it("§2.6: entries read as iptools reads them: a number, hex, and an IPv6 range holding an IPv4 peer", async () => {
    // Range::contains compares packed addresses with strcmp, so 127.0.0.1 (4 bytes) lies between
    // :: and ffff:...:ffff (16 bytes each) but not at ::1.
    for (const [allowed, expected] of [
      ["2130706433", 200],
      ["0x7f000001", 200],
      [`0b${"01111111".padEnd(31, "0")}1`, 200],
      ["::/0", 200],
      ["127.0.0.1 255.255.255.0", 200],
      ["::1", 403],
      ["2130706432", 403]
    ] as const) {
      const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "x", allowed_ips: [allowed] })
      expect(res.status).toBe(200)
      const bearer = res.json.attributes.identifier + res.json.meta.secret_token
      expect([allowed, (await call(panel, "/api/client/account", { key: bearer })).status]).toEqual([allowed, expected])
    }
  })

  it("§2.6: an entry iptools refuses with anything but 'Invalid IP address format' is a 500, no key made", async () => {
    const before = (await call(panel, KEYS, { key: k(panel, "rootClient") })).json.data.length
    for (const [allowed, code] of [
      ["10.0.0.1/33", "NetworkException"],
      ["10.0.0.0 255.0.255.0", "NetworkException"],
      ["::1 255.0.0.0", "NetworkException"],
      ["10.0.0.9-10.0.0.1", "RangeException"],
      ["0x123", "IpException"],
      ["99999999999999999999", "TypeError"],
      [["10.0.0.1"], "TypeError"]
    ] as const) {
      // The exception leaves the after hook before any 422, even with other messages pending.
      const res = await postJson(panel, KEYS, k(panel, "rootClient"), {
        description: "x",
        allowed_ips: ["hodor", allowed]
      })
      expect([allowed, res.status, res.json]).toEqual([
        allowed,
        500,
        {
          errors: [
            {
              code,
              status: "500",
              detail: "An unexpected error was encountered while processing this request, please try again."
            }
          ]
        }
      ])
    }
    expect((await call(panel, KEYS, { key: k(panel, "rootClient") })).json.data.length).toBe(before)
  })

  it("§6.3: TrimStrings trims what PCRE's Unicode \\s matches: NEL and U+180E too, U+FEFF and U+200B", async () => {
    const res = await postJson(panel, KEYS, k(panel, "rootClient"), {
      description: "\u0085\u180e\ufeff key \u200b\u3000"
    })
    expect(res.status).toBe(200)
    expect(res.json.attributes.description).toBe("key")
  })

  it("§6.3: whitespace-only description is trimmed to null → required", async () => {
    const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "   " })
    expect(res.json.errors[0].meta).toEqual({ source_field: "description", rule: "required" })
  })

  it("wrong JSON types → 422, never 500", async () => {
    const res = await postJson(panel, KEYS, k(panel, "rootClient"), { description: 123, allowed_ips: "10.0.0.1" })
    expect(res.status).toBe(422)
    expect(res.json.errors.map((e: any) => [e.meta.source_field, e.meta.rule, e.detail])).toEqual([
      ["description", "string", "The description must be a string."],
      ["allowed_ips", "array", "The allowed ips must be an array."]
    ])
    const list = await postJson(panel, KEYS, k(panel, "rootClient"), [1, 2, 3])
    expect(list.json.errors[0].meta.rule).toBe("required")
  })

  it("testApiKeyCanBeDeleted → 204, then gone (404)", async () => {
    const created = await postJson(panel, KEYS, k(panel, "rootClient"), { description: "temp" })
    const id = created.json.attributes.identifier
    const del = await call(panel, `${KEYS}/${id}`, { key: k(panel, "rootClient"), method: "DELETE" })
    expect(del.status).toBe(204)
    expect(del.text).toBe("")
    expectError(
      await call(panel, `${KEYS}/${id}`, { key: k(panel, "rootClient"), method: "DELETE" }),
      404,
      "NotFoundHttpException",
      "The requested resource could not be found on the server."
    )
  })

  it("testNonExistentApiKeyDeletionReturns404Error, another user's key, an application key → 404", async () => {
    for (const id of ["1234", "ptlc_userclient1", "ptla_rootapp0001"]) {
      expectError(
        await call(panel, `${KEYS}/${id}`, { key: k(panel, "rootClient"), method: "DELETE" }),
        404,
        "NotFoundHttpException",
        "The requested resource could not be found on the server."
      )
    }
    expect((await call(panel, "/api/application/users", { key: k(panel, "rootApplication") })).status).toBe(200)
  })

  it("a key may delete itself", async () => {
    expect(
      (await call(panel, `${KEYS}/ptlc_userclient1`, { key: k(panel, "userClient"), method: "DELETE" })).status
    ).toBe(204)
    expect((await call(panel, "/api/client", { key: k(panel, "userClient") })).status).toBe(401)
  })
})

describe("§10.2 application users", () => {
  it("testGetUsers: per_page=60 honoured, pagination meta", async () => {
    const res = await call(panel, "/api/application/users?per_page=60", { key: k(panel, "rootApplication") })
    expect(res.status).toBe(200)
    expect(res.json.meta.pagination).toEqual({
      total: 3,
      count: 3,
      per_page: 60,
      current_page: 1,
      total_pages: 1,
      links: {}
    })
    expect(Object.keys(res.json.data[0].attributes)).toEqual([
      "id",
      "external_id",
      "uuid",
      "username",
      "email",
      "first_name",
      "last_name",
      "language",
      "root_admin",
      "2fa",
      "created_at",
      "updated_at"
    ])
  })

  it("pagination links carry only page on the application API (§7.1)", async () => {
    const res = await call(panel, "/api/application/users?per_page=1&page=2&filter[email]=example", {
      key: k(panel, "rootApplication")
    })
    expect(res.json.meta.pagination.links).toEqual({
      previous: `${panel.url}/api/application/users?page=1`,
      next: `${panel.url}/api/application/users?page=3`
    })
    expect(res.text).toContain("http:\\/\\/127.0.0.1")
  })

  it("filters and sorts (§7.2)", async () => {
    const f = await call(panel, "/api/application/users?filter[email]=ALICE", { key: k(panel, "rootApplication") })
    expect(f.json.data.map((u: any) => u.attributes.username)).toEqual(["alice"])
    const s = await call(panel, "/api/application/users?sort=-id", { key: k(panel, "rootApplication") })
    expect(s.json.data.map((u: any) => u.attributes.id)).toEqual([3, 2, 1])
  })

  it("unknown filter or sort → 400 InvalidFilterQuery / InvalidSortQuery", async () => {
    expectError(
      await call(panel, "/api/application/users?filter[name]=x", { key: k(panel, "rootApplication") }),
      400,
      "InvalidFilterQuery",
      "Requested filter(s) `name` are not allowed. Allowed filter(s) are `email, uuid, username, external_id`."
    )
    expectError(
      await call(panel, "/api/application/users?sort=-name", { key: k(panel, "rootApplication") }),
      400,
      "InvalidSortQuery",
      "Requested sort(s) `name` is not allowed. Allowed sort(s) are `id, uuid`."
    )
  })

  it("testKeyWithoutPermissionCannotLoadRelationship: r_servers=0 → null_resource", async () => {
    const fixture = defaultFixtureJson()
    fixture.api_keys.push({ ...fixture.api_keys[2], name: "usersOnly", identifier: "ptla_usersonly01", r_servers: 0 })
    const p = await MockPanel.start({ fixture })
    try {
      const res = await call(p, "/api/application/users/1?include=servers", { key: k(p, "usersOnly") })
      expect(res.status).toBe(200)
      expect(res.json.attributes.relationships.servers).toEqual({ object: "null_resource", attributes: null })
    } finally {
      await p.close()
    }
  })

  it("testGetMissingUser: /users/nil → 404; external ids", async () => {
    expectError(
      await call(panel, "/api/application/users/nil", { key: k(panel, "rootApplication") }),
      404,
      "NotFoundHttpException",
      "The requested resource could not be found on the server."
    )
    expect(
      (await call(panel, "/api/application/users/external/ext-alice", { key: k(panel, "rootApplication") })).json
        .attributes.id
    ).toBe(2)
    expect(
      (await call(panel, "/api/application/users/external/nope", { key: k(panel, "rootApplication") })).status
    ).toBe(404)
  })
})

describe("§10.3 IP restriction", () => {
  it("matching semantics of the historical unit tests", () => {
    expect(isAllowed([], "127.0.0.1")).toBe(true)
    expect(isAllowed(["127.0.0.1"], "127.0.0.1")).toBe(true)
    expect(isAllowed(["192.168.1.1/28"], "192.168.1.15")).toBe(true)
    expect(isAllowed(["192.168.1.1/28"], "192.168.1.16")).toBe(false)
    expect(isAllowed(["127.0.0.1"], "127.0.0.2")).toBe(false)
    expect(isAllowed(["2001:db8::/32"], "2001:db8:ffff::1")).toBe(true)
    expect(isAllowed(["::ffff:7f00:1"], "127.0.0.1")).toBe(false)
    expect(isAllowed(["192.168.1.*", "10.0.0.1-10.0.0.9"], "10.0.0.5")).toBe(true)
  })

  it("over HTTP, against the TCP peer address (X-Forwarded-For ignored)", async () => {
    const fixture = defaultFixtureJson()
    fixture.api_keys.push({
      ...fixture.api_keys[5],
      name: "loopback",
      identifier: "ptlc_loopback001",
      allowed_ips: ["127.0.0.0/8"]
    })
    const p = await MockPanel.start({ fixture })
    try {
      expect((await call(p, "/api/client", { key: k(p, "loopback") })).status).toBe(200)
      const res = await call(p, "/api/client", {
        key: k(p, "ipRestrictedClient"),
        headers: { "X-Forwarded-For": "10.1.2.3" }
      })
      expect(res.status).toBe(403)
    } finally {
      await p.close()
    }
  })
})

describe("client routes", () => {
  it("GET /api/client: type filters (§4.6)", async () => {
    const ids = async (key: string, q = "") =>
      (await call(panel, `/api/client${q}`, { key })).json.data.map((s: any) => s.attributes.internal_id)
    expect(await ids(k(panel, "userClient"))).toEqual([1, 2, 3])
    expect(await ids(k(panel, "subuserClient"))).toEqual([1])
    expect(await ids(k(panel, "rootClient"))).toEqual([4])
    expect(await ids(k(panel, "rootClient"), "?type=admin")).toEqual([1, 2, 3])
    expect(await ids(k(panel, "rootClient"), "?type=admin-all")).toEqual([1, 2, 3, 4])
    expect(await ids(k(panel, "userClient"), "?type=admin-all")).toEqual([])
    expect(await ids(k(panel, "subuserClient"), "?type=owner")).toEqual([])
  })

  it("GET /api/client: filter[*] and named filters, unknown filter → 400", async () => {
    const names = async (q: string) =>
      (await call(panel, `/api/client?type=admin-all&${q}`, { key: k(panel, "rootClient") })).json.data.map(
        (s: any) => s.attributes.name
      )
    expect(await names("filter[*]=surv")).toEqual(["Survival"])
    expect(await names("filter[*]=192.0.2.10:25567")).toEqual(["Creative"])
    expect(await names("filter[*]=:2701")).toEqual(["Admin Lab"])
    expect(await names("filter[*]=1a2b3c03")).toEqual(["Modded"])
    expect(await names("filter[name]=creative,lab")).toEqual(["Creative", "Admin Lab"])
    expectError(
      await call(panel, "/api/client?filter[owner]=1", { key: k(panel, "rootClient") }),
      400,
      "InvalidFilterQuery",
      "Requested filter(s) `owner` are not allowed. Allowed filter(s) are `uuid, name, description, external_id, *`."
    )
  })

  it("GET /api/client: pagination links repeat the whole query (§7.1)", async () => {
    const res = await call(panel, "/api/client?per_page=1&include=egg&page=2", { key: k(panel, "userClient") })
    expect(res.json.meta.pagination).toEqual({
      total: 3,
      count: 1,
      per_page: 1,
      current_page: 2,
      total_pages: 3,
      links: {
        previous: `${panel.url}/api/client?per_page=1&include=egg&page=1`,
        next: `${panel.url}/api/client?per_page=1&include=egg&page=3`
      }
    })
    expect(res.json.data[0].attributes.relationships.egg).toEqual({
      object: "egg",
      attributes: { uuid: "5e6f7a8b-0002-4c9d-8e1f-2a3b4c5d6e7f", name: "Vanilla Minecraft" }
    })
    const capped = await call(panel, "/api/client?per_page=500", { key: k(panel, "userClient") })
    expect(capped.json.meta.pagination.per_page).toBe(100)
  })

  it("GET /api/client/servers/{server}: meta for owner, admin and subuser (§4.3)", async () => {
    const owner = await call(panel, "/api/client/servers/1a2b3c01", { key: k(panel, "userClient") })
    expect(owner.json.meta).toEqual({ is_server_owner: true, user_permissions: ["*"] })
    const admin = await call(panel, "/api/client/servers/1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c", {
      key: k(panel, "rootClient")
    })
    expect(admin.json.meta).toEqual({
      is_server_owner: false,
      user_permissions: ["*", "admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer"]
    })
    const sub = await call(panel, "/api/client/servers/1a2b3c01?include=subusers", { key: k(panel, "subuserClient") })
    expect(sub.json.meta).toEqual({
      is_server_owner: false,
      user_permissions: ["websocket.connect", "control.console", "control.start", "file.read"]
    })
    const rel = sub.json.attributes.relationships
    expect(rel.allocations.data).toEqual([
      {
        object: "allocation",
        attributes: { id: 1, ip: "192.0.2.10", ip_alias: null, port: 25565, notes: null, is_default: true }
      }
    ])
    expect(rel.variables).toEqual({ object: "null_resource", attributes: null })
    expect(rel.subusers).toEqual({ object: "null_resource", attributes: null })
    expect(sub.json.attributes.invocation).toBe(
      "java -Xms128M -Xmx2048M -jar [hidden] --port 25565 --rcon-password [hidden]"
    )
  })

  it("GET /api/client/servers/{server}: invisible → 404 does not exist; unknown → 404 not found; any state allowed", async () => {
    expectError(
      await call(panel, "/api/client/servers/1a2b3c04", { key: k(panel, "userClient") }),
      404,
      "NotFoundHttpException",
      "The requested resource does not exist on this server."
    )
    expectError(
      await call(panel, "/api/client/servers/ffffffff", { key: k(panel, "userClient") }),
      404,
      "NotFoundHttpException",
      "The requested resource could not be found on the server."
    )
    expect(
      (await call(panel, "/api/client/servers/1a2b3c02", { key: k(panel, "userClient") })).json.attributes.status
    ).toBe("suspended")
    expect(
      (await call(panel, "/api/client/servers/1a2b3c03", { key: k(panel, "userClient") })).json.attributes.is_installing
    ).toBe(true)
  })

  it("GET /api/client/permissions: 40 permissions in 11 groups; GET /account", async () => {
    const res = await call(panel, "/api/client/permissions", { key: k(panel, "userClient") })
    expect(res.json.object).toBe("system_permissions")
    const groups = res.json.attributes.permissions
    expect(Object.keys(groups)).toHaveLength(11)
    expect(Object.values(groups).reduce((n: number, g: any) => n + Object.keys(g.keys).length, 0)).toBe(40)
    const account = await call(panel, "/api/client/account", { key: k(panel, "rootClient") })
    expect(account.json).toEqual({
      object: "user",
      attributes: {
        id: 1,
        admin: true,
        username: "admin",
        email: "admin@example.com",
        first_name: "Root",
        last_name: "Admin",
        language: "en"
      }
    })
  })

  it("§7.3 unknown route 404 and wrong method 405 with Allow (HEAD listed)", async () => {
    const missing = await call(panel, "/api/client/does-not-exist")
    expectError(missing, 404, "NotFoundHttpException", "The route api/client/does-not-exist could not be found.")
    expect(missing.text).toContain('{\n    "errors": [\n        {\n')
    const wrong = await call(panel, "/api/client/account", { method: "POST", key: k(panel, "userClient") })
    expectError(
      wrong,
      405,
      "MethodNotAllowedHttpException",
      "The POST method is not supported for route api/client/account. Supported methods: GET, HEAD."
    )
    expect(wrong.headers.get("allow")).toBe("GET, HEAD")
    const keys = await call(panel, KEYS, { method: "PUT" })
    expect(keys.json.errors[0].detail).toBe(
      "The PUT method is not supported for route api/client/account/api-keys. Supported methods: GET, HEAD, POST."
    )
    const head = await call(panel, "/api/client/account", { method: "HEAD", key: k(panel, "userClient") })
    expect(head.status).toBe(200)
    expect(head.text).toBe("")
  })
})

describe("§5 rate limiting", () => {
  it("headers on counted responses, 429 with exact body and headers, reset after the window (mock clock)", async () => {
    const p = await MockPanel.start({ clientRateLimit: 3, applicationRateLimit: 2 })
    try {
      const key = k(p, "userClient")
      expect((await call(p, "/api/client")).status).toBe(401)
      const remaining: Array<string | null> = []
      for (let i = 0; i < 2; i++)
        remaining.push((await call(p, "/api/client", { key })).headers.get("x-ratelimit-remaining"))
      // An unknown server fails in SubstituteClientBindings, before the throttle (§2.2): not counted.
      const unknown = await call(p, "/api/client/servers/zzzzzzzz", { key: k(p, "legacy") })
      expect(unknown.status).toBe(404)
      expect(unknown.headers.get("x-ratelimit-remaining")).toBeNull()
      // Admin's server is bound and then hidden by AuthenticateServerAccess, after it: counted.
      const hidden = await call(p, "/api/client/servers/1a2b3c04", { key: k(p, "legacy") })
      expect(hidden.status).toBe(404)
      remaining.push(hidden.headers.get("x-ratelimit-remaining"))
      expect(remaining).toEqual(["2", "1", "0"])
      const limited = await call(p, "/api/client", { key })
      expectError(limited, 429, "ThrottleRequestsException", "Too Many Attempts.")
      expect(limited.headers.get("x-ratelimit-limit")).toBe("3")
      expect(limited.headers.get("x-ratelimit-remaining")).toBe("0")
      const retryAfter = Number(limited.headers.get("retry-after"))
      expect(retryAfter).toBeGreaterThan(55)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(Number(limited.headers.get("x-ratelimit-reset"))).toBeGreaterThan(Date.now() / 1000)
      // The application bucket is separate.
      expect(
        (await call(p, "/api/application/users", { key: k(p, "rootApplication") })).headers.get("x-ratelimit-limit")
      ).toBe("2")
      await p.control.advanceClock(61)
      const again = await call(p, "/api/client", { key })
      expect(again.status).toBe(200)
      expect(again.headers.get("x-ratelimit-remaining")).toBe("2")
      expect(again.headers.get("x-ratelimit-reset")).toBeNull()
    } finally {
      await p.close()
    }
  })

  it("defaults: 720 client, 240 application, remaining decreasing by one (§10.6 check 6)", async () => {
    const a = await call(panel, "/api/client", { key: k(panel, "userClient") })
    const b = await call(panel, "/api/client", { key: k(panel, "userClient") })
    expect([
      a.headers.get("x-ratelimit-limit"),
      a.headers.get("x-ratelimit-remaining"),
      b.headers.get("x-ratelimit-remaining")
    ]).toEqual(["720", "719", "718"])
    expect(
      (await call(panel, "/api/application/users", { key: k(panel, "rootApplication") })).headers.get(
        "x-ratelimit-limit"
      )
    ).toBe("240")
  })

  it("call 721 inside a minute → 429 (§10.6 check 7)", async () => {
    const key = k(panel, "subuserClient")
    let last = await call(panel, "/api/client", { key })
    for (let i = 1; i < 721; i++) last = await call(panel, "/api/client/permissions", { key })
    expect(last.status).toBe(429)
    expect(last.text).toBe(
      '{\n    "errors": [\n        {\n            "code": "ThrottleRequestsException",\n            "status": "429",\n            "detail": "Too Many Attempts."\n        }\n    ]\n}'
    )
  })
})

describe("§6 content negotiation and profiles", () => {
  it("401 without a JSON Accept → 302 to /auth/login (§10.6 check 8)", async () => {
    for (const accept of [null, "*/*", "text/html"]) {
      const res = await call(panel, "/api/client", { accept })
      expect(res.status).toBe(302)
    }
    const res = await call(panel, "/api/client", { accept: "*/*" })
    expect((await fetch(`${panel.url}/api/client`, { redirect: "manual" })).headers.get("location")).toBe(
      `${panel.url}/auth/login`
    )
    expect(res.json).toBeUndefined()
  })

  it("JSON when the first Accept type has /json or +json, or XHR with */*", async () => {
    for (const accept of [
      "application/json",
      "Application/vnd.pterodactyl.v1+json",
      "text/html;q=0.5, application/json"
    ]) {
      expect((await call(panel, "/api/client", { accept })).status).toBe(401)
    }
    expect(
      (await call(panel, "/api/client", { accept: "*/*", headers: { "X-Requested-With": "XMLHttpRequest" } })).status
    ).toBe(401)
    expect((await call(panel, "/api/client", { accept: "text/html, application/json" })).status).toBe(302)
  })

  it("other errors without JSON are HTML pages with the same status; successes stay JSON", async () => {
    const res = await call(panel, "/api/client/nope", { accept: "text/html" })
    expect(res.status).toBe(404)
    expect(res.headers.get("content-type")).toContain("text/html")
    const ok = await call(panel, "/api/client/account", { accept: "text/html", key: k(panel, "userClient") })
    expect(ok.json.object).toBe("user")
  })

  it("documented profile: seed codes with the panel's statuses and details (§11)", async () => {
    const p = await MockPanel.start({ profile: "documented" })
    try {
      expectError(await call(p, "/api/client"), 401, "InvalidCredentialsException", "Unauthenticated.")
      expectError(
        await call(p, "/api/client", { key: k(p, "rootApplication") }),
        403,
        "InsufficientPermissionsException",
        "You are attempting to use an application API key on an endpoint that requires a client API key."
      )
      expectError(
        await call(p, "/api/client/servers/1a2b3c04", { key: k(p, "userClient") }),
        404,
        "NotFoundHttpException",
        "The requested resource does not exist on this server."
      )
    } finally {
      await p.close()
    }
  })
})

describe("control endpoints", () => {
  it("journal: method, path, query, status, key identifier, never a secret", async () => {
    await call(panel, "/api/client?page=1", { key: k(panel, "userClient") })
    await call(panel, "/api/client", {
      key: `${k(panel, "rootClient").slice(16)}${k(panel, "rootClient").slice(0, 16)}`
    })
    const res = await call(panel, "/__mock/journal")
    const entries = res.json.entries
    expect(entries[0]).toMatchObject({
      method: "GET",
      path: "/api/client",
      query: "page=1",
      status: 200,
      key: "ptlc_userclient1",
      route: "api:client.index"
    })
    expect(entries[1]).toMatchObject({ status: 401, key: null })
    for (const secret of secretsOf(defaultFixtureJson())) expect(res.text).not.toContain(secret.slice(0, 12))
  })

  it("faults: status N times, 429, delay, dropped connection", async () => {
    await postJson(panel, "/__mock/faults", "", { path: "/api/client*", status: 503, times: 2 })
    expect((await call(panel, "/api/client", { key: k(panel, "userClient") })).status).toBe(503)
    expect((await call(panel, "/api/client/account", { key: k(panel, "userClient") })).status).toBe(503)
    expect((await call(panel, "/api/client", { key: k(panel, "userClient") })).status).toBe(200)
    await panel.control.injectFault({ path: "/api/client", kind: "rate-limit", retry_after: 7 })
    const limited = await call(panel, "/api/client", { key: k(panel, "userClient") })
    expectError(limited, 429, "ThrottleRequestsException", "Too Many Attempts.")
    expect(limited.headers.get("retry-after")).toBe("7")
    // The headers of a real 429 (§5): the API's limit, nothing remaining.
    expect(limited.headers.get("x-ratelimit-limit")).toBe("720")
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0")
    await panel.control.injectFault({ path: "/api/application/users", kind: "rate-limit" })
    const application = await call(panel, "/api/application/users", { key: k(panel, "rootApplication") })
    expect(application.status).toBe(429)
    expect(application.headers.get("x-ratelimit-limit")).toBe("240")
    await panel.control.injectFault({ path: "/api/client", kind: "drop" })
    await expect(call(panel, "/api/client", { key: k(panel, "userClient") })).rejects.toThrow()
    await panel.control.injectFault({ path: "/api/client", kind: "delay", delay_ms: 150 })
    const started = Date.now()
    expect((await call(panel, "/api/client", { key: k(panel, "userClient") })).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect((await postJson(panel, "/__mock/faults", "", { kind: "status" })).status).toBe(422)
  })

  it("clock: set and advance; expiry follows the mock clock; reset restores state", async () => {
    const set = await postJson(panel, "/__mock/clock", "", { set: "2019-06-01T00:00:00+00:00" })
    expect(set.json.now).toBe("2019-06-01T00:00:00+00:00")
    expect((await call(panel, "/api/client", { key: k(panel, "expired") })).status).toBe(200)
    const adv = await postJson(panel, "/__mock/clock", "", { advance_seconds: 3600 })
    expect(adv.json.now).toBe("2019-06-01T01:00:00+00:00")
    await call(panel, `${KEYS}/ptlc_userclient1`, { key: k(panel, "userClient"), method: "DELETE" })
    expect((await call(panel, "/__mock/reset", { method: "POST" })).status).toBe(204)
    expect((await call(panel, "/api/client", { key: k(panel, "userClient") })).status).toBe(200)
    expect((await call(panel, "/api/client", { key: k(panel, "expired") })).status).toBe(401)
    const keys = await call(panel, "/__mock/keys")
    expect(keys.json.keys.map((x: any) => x.identifier)).toContain("ptlc_expired0001")
    for (const secret of secretsOf(defaultFixtureJson())) expect(keys.text).not.toContain(secret)
  })
})

describe("§8 robustness", () => {
  it("oversized body → 413, huge headers → 431, bad path values → 4xx, never 500", async () => {
    const big = await postJson(panel, KEYS, k(panel, "userClient"), { description: "x".repeat(1024 * 1024 + 10) })
    expectError(big, 413, "PostTooLargeException", "The POST data is too large.")
    const huge = await call(panel, "/api/client", { headers: { "X-Big": "a".repeat(20_000) } })
    expect(huge.status).toBe(431)
    const key = k(panel, "rootApplication")
    const statuses: Array<number> = []
    for (const path of [
      "/api/client/servers/%FF",
      "/api/client/servers/%00",
      "/api/application/users/-1",
      "/api/application/users/1e400",
      "/api/application/users/%E2%82",
      "/api/client?page[]=x&per_page[]=y&filter=abc&include[x]=y",
      "/api/application/users?sort[]=id&filter[email][]=a"
    ]) {
      statuses.push((await call(panel, path, { key: path.includes("client") ? k(panel, "rootClient") : key })).status)
    }
    expect(statuses.every((s) => s >= 200 && s < 500)).toBe(true)
    const deep = await call(panel, KEYS, {
      key: k(panel, "userClient"),
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "[".repeat(600) + "]".repeat(600)
    })
    expectError(
      deep,
      400,
      "BadRequestHttpException",
      "The JSON data passed in the request appears to be malformed: Maximum stack depth exceeded"
    )
    // MySQL compares "1abc" with an integer id as 1.
    expect((await call(panel, "/api/application/users/1abc", { key })).json.attributes.id).toBe(1)
  })
})
