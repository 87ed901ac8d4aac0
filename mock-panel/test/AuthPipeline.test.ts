import { describe, expect, it } from "vitest"
import * as MockPanel from "../src/MockPanel.js"
import { call, defaultFixtureJson, expectError, expectNoRateLimitHeaders, k, postJson, usePanel } from "./helpers.js"

const panel = usePanel({}, { resetEachTest: false })

const unauth = (res: Awaited<ReturnType<typeof call>>) => {
  expectError(res, 401, "AuthenticationException", "Unauthenticated.")
  expect(res.headers.get("www-authenticate")).toBeNull()
  expectNoRateLimitHeaders(res)
}

// Alice creating an API key with a raw body (row 6).
const postKey = (body: string | Uint8Array, type = "application/json") =>
  call(panel, "/api/client/account/api-keys", {
    key: k(panel, "userClient"),
    method: "POST",
    headers: { "Content-Type": type },
    body
  })

const expectMalformed = (res: Awaited<ReturnType<typeof call>>, reason: string) =>
  expectError(
    res,
    400,
    "BadRequestHttpException",
    `The JSON data passed in the request appears to be malformed: ${reason}`
  )

describe("§2.4 failure matrix", () => {
  it("row 1: no Authorization header → 401 Unauthenticated.", async () => {
    unauth(await call(panel, "/api/client"))
    unauth(await call(panel, "/api/application/users"))
  })

  it("row 2: malformed headers (lowercase bearer, Token, empty, bad | form) → 401", async () => {
    const good = k(panel, "userClient")
    for (const header of [
      `bearer ${good}`,
      `Token ${good}`,
      "Bearer ",
      "Bearer abc|def",
      "Bearer 12|",
      "Basic Zm9vOmJhcg=="
    ]) {
      unauth(await call(panel, "/api/client", { headers: { Authorization: header } }))
    }
  })

  it("row 2: the last 'Bearer ' wins and the value stops at a comma (§2.3)", async () => {
    const good = k(panel, "userClient")
    const res = await call(panel, "/api/client/account", {
      headers: { Authorization: `Bearer nonsense, Bearer ${good},x` }
    })
    expect(res.status).toBe(200)
  })

  it("row 3: unknown identifier → 401", async () => {
    unauth(await call(panel, "/api/client", { key: "ptlc_doesnotexist1UserClientSecret0000000000000001" }))
  })

  it("row 4: wrong, truncated and over-long secrets → 401 (§1.3: no length parse error)", async () => {
    const good = k(panel, "userClient")
    unauth(await call(panel, "/api/client", { key: `${good.slice(0, 47)}X` }))
    unauth(await call(panel, "/api/client", { key: good.slice(0, 40) }))
    unauth(await call(panel, "/api/client", { key: `${good}extra` }))
    unauth(await call(panel, "/api/client", { key: good.slice(0, 16) }))
  })

  it("row 5: expired key → 401", async () => {
    unauth(await call(panel, "/api/client", { key: k(panel, "expired") }))
  })

  it("row 5: expiry follows the panel's clock: valid before expires_at, 401 once it is past", async () => {
    // The fixture's `expired` key has expires_at 2020-01-01T00:00:00+00:00.
    await panel.control.setClock("2019-12-31T23:59:00Z")
    expect((await call(panel, "/api/client", { key: k(panel, "expired") })).status).toBe(200)
    await panel.control.advanceClock(120)
    unauth(await call(panel, "/api/client", { key: k(panel, "expired") }))
  })

  it("row 6: malformed JSON after authentication → 400 with PHP's error text, not rate limited", async () => {
    const res = await postKey("{not json")
    expectMalformed(res, "Syntax error")
    expectNoRateLimitHeaders(res)
  })

  it("row 6: the detail names the first fault as PHP's parser meets it (a raw newline in a string)", async () => {
    expectMalformed(
      await postKey('{"description":"two\nlines"}'),
      "Control character error, possibly incorrectly encoded"
    )
  })

  it("row 6: malformed JSON without credentials is still a 401 (auth runs first)", async () => {
    unauth(
      await call(panel, "/api/client/account/api-keys", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{"
      })
    )
  })

  it("row 6: only JSON content types are checked; other bodies are ignored (§6.2)", async () => {
    const res = await postKey("{not json", "text/plain")
    expect(res.status).toBe(422)
    expect(res.json.errors[0]).toEqual({
      code: "ValidationException",
      status: "422",
      detail: "The description field is required.",
      meta: { source_field: "description", rule: "required" }
    })
  })

  it("row 6: invalid UTF-8 in a JSON body → 400 Malformed UTF-8", async () => {
    expectMalformed(
      await postKey(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      "Malformed UTF-8 characters, possibly incorrectly encoded"
    )
  })

  it("row 7: APP_2FA_REQUIRED=2 blocks users without TOTP, except GET /account", async () => {
    const fixture = defaultFixtureJson()
    fixture.settings.two_factor_required = 2
    const p = await MockPanel.start({ fixture })
    try {
      const res = await call(p, "/api/client", { key: k(p, "userClient") })
      expectError(
        res,
        400,
        "TwoFactorAuthRequiredException",
        "Two-factor authentication is required on this account in order to access this endpoint."
      )
      expectNoRateLimitHeaders(res)
      expect((await call(p, "/api/client/account", { key: k(p, "userClient") })).status).toBe(200)
    } finally {
      await p.close()
    }
  })

  it("row 7: APP_2FA_REQUIRED=1 only applies to root admins", async () => {
    const fixture = defaultFixtureJson()
    fixture.settings.two_factor_required = 1
    const p = await MockPanel.start({ fixture })
    try {
      expect((await call(p, "/api/client", { key: k(p, "rootClient") })).status).toBe(400)
      expect((await call(p, "/api/client", { key: k(p, "userClient") })).status).toBe(200)
    } finally {
      await p.close()
    }
  })

  it("row 8: IP not in allowed_ips → 403 with the request IP, not rate limited", async () => {
    const res = await call(panel, "/api/client", { key: k(panel, "ipRestrictedClient") })
    expectError(
      res,
      403,
      "AccessDeniedHttpException",
      "This IP address (127.0.0.1) does not have permission to access the API using these credentials."
    )
    expectNoRateLimitHeaders(res)
  })

  it("row 10 / 14: non-admin on the application API → 403", async () => {
    for (const name of ["userClient", "subuserClient", "legacy"]) {
      const res = await call(panel, "/api/application/users", { key: k(panel, name) })
      expectError(res, 403, "AccessDeniedHttpException", "This account does not have permission to access the API.")
      expect(res.headers.get("x-ratelimit-limit")).toBe("240")
    }
  })

  it("row 11: application key on the client API → 403, before throttle:api.client (not counted)", async () => {
    // RequireClientApiKey sits in the `client-api` group ahead of the throttle and is not in
    // `$middlewarePriority`, so the sort leaves it there (§2.2).
    const res = await call(panel, "/api/client", { key: k(panel, "rootApplication") })
    expectError(
      res,
      403,
      "AccessDeniedHttpException",
      "You are attempting to use an application API key on an endpoint that requires a client API key."
    )
    expectNoRateLimitHeaders(res)
    // The refusal took nothing from admin's client bucket: their next request is the first counted.
    const after = await call(panel, "/api/client/permissions", { key: k(panel, "rootClient") })
    expect(after.headers.get("x-ratelimit-remaining")).toBe("719")
  })

  it("row 12: application key without the r_users bit → 403 This action is unauthorized.", async () => {
    expectError(
      await call(panel, "/api/application/users", { key: k(panel, "noRightsApplication") }),
      403,
      "AccessDeniedHttpException",
      "This action is unauthorized."
    )
  })

  it("row 13: a root admin's client key has full application access with includes populated", async () => {
    const res = await call(panel, "/api/application/users/1?include=servers", { key: k(panel, "rootClient") })
    expect(res.status).toBe(200)
    expect(res.json.attributes.relationships.servers.object).toBe("list")
    expect(res.json.attributes.relationships.servers.data.map((s: any) => s.attributes.id)).toEqual([4])
  })

  it("row 15: stateful Origin/Referer on a non-read method → 419 CSRF token mismatch.", async () => {
    for (const headers of [
      { Origin: "http://localhost" },
      { Referer: "http://127.0.0.1:8000/account" },
      { Origin: panel.url }
    ]) {
      expectError(
        await postJson(
          panel,
          "/api/client/account/api-keys",
          k(panel, "userClient"),
          { description: "x" },
          { headers }
        ),
        419,
        "HttpException",
        "CSRF token mismatch."
      )
    }
    const cookie = await postJson(
      panel,
      "/api/client/account/api-keys",
      "nokey",
      {},
      {
        headers: { Cookie: "pterodactyl_session=abc" }
      }
    )
    expectError(cookie, 419, "HttpException", "CSRF token mismatch.")
  })

  it("row 15: reads with a stateful Origin and writes from other origins are not affected", async () => {
    expect(
      (
        await call(panel, "/api/client/account", {
          key: k(panel, "userClient"),
          headers: { Origin: "http://localhost" }
        })
      ).status
    ).toBe(200)
    const res = await postJson(
      panel,
      "/api/client/account/api-keys",
      k(panel, "userClient"),
      { description: "" },
      {
        headers: { Origin: "http://localhost:5173" }
      }
    )
    expect(res.status).toBe(422)
  })
})

describe("§2.3 authentication details", () => {
  it("a legacy 48-character key without a prefix authenticates (§1.3)", async () => {
    const res = await call(panel, "/api/client/account", { key: k(panel, "legacy") })
    expect(res.status).toBe(200)
    expect(res.json.attributes.username).toBe("alice")
  })

  it("last_used_at is written at authentication even when the IP check rejects (§10.6 check 5)", async () => {
    await panel.control.reset()
    const before = await call(panel, "/api/client/account/api-keys", { key: k(panel, "userClient") })
    const row = (r: any) => r.json.data.find((d: any) => d.attributes.identifier === "ptlc_iprestrict1").attributes
    expect(row(before).last_used_at).toBeNull()
    expect((await call(panel, "/api/client", { key: k(panel, "ipRestrictedClient") })).status).toBe(403)
    const after = await call(panel, "/api/client/account/api-keys", { key: k(panel, "userClient") })
    expect(row(after).last_used_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/)
  })

  it("a 401 does not touch last_used_at", async () => {
    await panel.control.reset()
    await call(panel, "/api/client", { key: `${k(panel, "userClient").slice(0, 16)}wrong` })
    const res = await call(panel, "/api/client/account/api-keys", { key: k(panel, "subuserClient") })
    expect(res.json.data[0].attributes.last_used_at).not.toBeNull()
    const list = await call(panel, "/api/client/account/api-keys", { key: k(panel, "userClient") })
    const others = list.json.data.filter((d: any) => d.attributes.identifier !== "ptlc_userclient1")
    expect(others.every((d: any) => d.attributes.last_used_at === null)).toBe(true)
  })
})

describe("§3.1 / §10.2 application ACL bitmask truth table", () => {
  it("READ needs bit 1: r=3 and r=1 pass, r=2 (write-only) and r=0 fail", async () => {
    expect((await call(panel, "/api/application/users", { key: k(panel, "rootApplication") })).status).toBe(200)
    expect((await call(panel, "/api/application/users", { key: k(panel, "readOnlyApplication") })).status).toBe(200)
    for (const name of ["writeOnlyApplication", "noRightsApplication"]) {
      expectError(
        await call(panel, "/api/application/users/1", { key: k(panel, name) }),
        403,
        "AccessDeniedHttpException",
        "This action is unauthorized."
      )
    }
  })
})

describe("§2.2 binding before authorization", () => {
  it("non-admin: missing user → 404, existing user → 403 (§10.6 check 10)", async () => {
    expectError(
      await call(panel, "/api/application/users/999999", { key: k(panel, "userClient") }),
      404,
      "NotFoundHttpException",
      "The requested resource could not be found on the server."
    )
    expect((await call(panel, "/api/application/users/1", { key: k(panel, "userClient") })).status).toBe(403)
  })

  it("key without r_users: /users/nil → 404, /users/1 → 403", async () => {
    expect((await call(panel, "/api/application/users/nil", { key: k(panel, "noRightsApplication") })).status).toBe(404)
    expect((await call(panel, "/api/application/users/1", { key: k(panel, "noRightsApplication") })).status).toBe(403)
  })

  it("application key on an unknown client server → 404, on a real one → 403", async () => {
    expect((await call(panel, "/api/client/servers/nope1234", { key: k(panel, "rootApplication") })).status).toBe(404)
    expect((await call(panel, "/api/client/servers/1a2b3c01", { key: k(panel, "rootApplication") })).status).toBe(403)
  })

  it("client API: a binding 404 is not counted and carries no quota; server access 404s and 409s are (§2.2)", async () => {
    const p = await MockPanel.start({ clientRateLimit: 5 })
    try {
      const key = k(p, "userClient")
      const unknown = await call(p, "/api/client/servers/zzzzzzzz", { key })
      expectError(unknown, 404, "NotFoundHttpException", "The requested resource could not be found on the server.")
      expectNoRateLimitHeaders(unknown)
      const backup = await call(p, "/api/client/servers/1a2b3c01/backups/00000000-0000-0000-0000-000000000000", { key })
      expect(backup.status).toBe(404)
      expectNoRateLimitHeaders(backup)
      // Admin's server: bound, then refused by AuthenticateServerAccess after the throttle.
      const invisible = await call(p, "/api/client/servers/1a2b3c04", { key })
      expectError(invisible, 404, "NotFoundHttpException", "The requested resource does not exist on this server.")
      expect(invisible.headers.get("x-ratelimit-remaining")).toBe("4")
      const suspended = await call(p, "/api/client/servers/1a2b3c02/resources", { key })
      expect(suspended.status).toBe(409)
      expect(suspended.headers.get("x-ratelimit-remaining")).toBe("3")
    } finally {
      await p.close()
    }
  })

  it("application API: the throttle runs before SubstituteBindings, so a missing model is counted (§2.2)", async () => {
    const p = await MockPanel.start({ applicationRateLimit: 5 })
    try {
      const missing = await call(p, "/api/application/users/999999", { key: k(p, "rootApplication") })
      expect(missing.status).toBe(404)
      expect(missing.headers.get("x-ratelimit-remaining")).toBe("4")
      const refused = await call(p, "/api/application/users/999999", { key: k(p, "userClient") })
      expect(refused.status).toBe(404)
      expect(refused.headers.get("x-ratelimit-limit")).toBe("5")
    } finally {
      await p.close()
    }
  })
})
