import type * as HttpClientError from "@effect/platform/HttpClientError"
import { describe, expect, expectTypeOf, it } from "@effect/vitest"
import { PanelClient, PanelError } from "@ptero-effect/core"
import type { ParseResult } from "effect"
import { Duration, Effect, Option } from "effect"
import { CLIENT_KEY, type Reply, SECRET, fakeClient, json, panelError } from "./utils/fake.js"

const failWith = (reply: Reply, method: "GET" | "POST" = "GET") =>
  Effect.gen(function* () {
    const fake = fakeClient(() => reply)
    const client = yield* PanelClient.make({
      url: "https://panel.example",
      api: "client",
      credentials: CLIENT_KEY,
      // One answer decoded as it is: a 429 is not waited out here.
      retry: false
    }).pipe(Effect.provide(fake.layer))
    return yield* Effect.flip(client.send({ operation: "t", method, path: "/servers/1a7ce997" }))
  })

interface Case {
  readonly name: string
  readonly reply: Reply
  readonly tag: PanelError.PanelError["_tag"]
  readonly check?: (error: any) => void
}

const cases: ReadonlyArray<Case> = [
  {
    name: "§2.4 rows 1-5: 401 AuthenticationException",
    reply: panelError(401, "AuthenticationException", "Unauthenticated."),
    tag: "InvalidCredentials",
    check: (e) => expect([e.code, e.detail, e.status]).toEqual(["AuthenticationException", "Unauthenticated.", 401])
  },
  {
    name: "documented profile: 401 InvalidCredentialsException",
    reply: panelError(401, "InvalidCredentialsException", "The credentials provided were invalid."),
    tag: "InvalidCredentials",
    check: (e) => expect(e.code).toBe("InvalidCredentialsException")
  },
  {
    name: "§2.4 row 8: IP blocked",
    reply: panelError(
      403,
      "AccessDeniedHttpException",
      "This IP address (127.0.0.1) does not have permission to access the API using these credentials."
    ),
    tag: "InsufficientPermissions",
    check: (e) => expect(e.reason).toBe("ip-not-allowed")
  },
  {
    name: "§2.4 row 10: not a root admin",
    reply: panelError(403, "AccessDeniedHttpException", "This account does not have permission to access the API."),
    tag: "InsufficientPermissions",
    check: (e) => expect(e.reason).toBe("not-root-admin")
  },
  {
    name: "§2.4 row 11: application key on the client API",
    reply: panelError(
      403,
      "AccessDeniedHttpException",
      "You are attempting to use an application API key on an endpoint that requires a client API key."
    ),
    tag: "InsufficientPermissions",
    check: (e) => expect(e.reason).toBe("application-key-on-client-api")
  },
  {
    name: "§2.4 row 12: ACL denial",
    reply: panelError(403, "AccessDeniedHttpException", "This action is unauthorized."),
    tag: "InsufficientPermissions",
    check: (e) => expect(e.reason).toBe("unauthorized")
  },
  {
    name: "§4.4: HttpForbiddenException",
    reply: panelError(
      403,
      "HttpForbiddenException",
      "You do not have permission to connect to this server's websocket."
    ),
    tag: "InsufficientPermissions",
    check: (e) => expect([e.code, e.reason]).toEqual(["HttpForbiddenException", "other"])
  },
  {
    name: "documented profile: 403 InsufficientPermissionsException",
    reply: panelError(403, "InsufficientPermissionsException", "This action requires additional permissions."),
    tag: "InsufficientPermissions",
    check: (e) => expect(e.code).toBe("InsufficientPermissionsException")
  },
  {
    name: "§4.1: a server the user cannot see",
    reply: panelError(404, "NotFoundHttpException", "The requested resource does not exist on this server."),
    tag: "NotFound",
    check: (e) => expect(e.detail).toBe("The requested resource does not exist on this server.")
  },
  {
    name: "§4.1: 409 suspended",
    reply: panelError(
      409,
      "ServerStateConflictException",
      "This server is currently suspended and the functionality requested is unavailable."
    ),
    tag: "ServerStateConflict",
    check: (e) => expect(e.code).toBe("ServerStateConflictException")
  },
  {
    name: "§7.3: 422 with every entry kept",
    reply: json(422, {
      errors: [
        {
          code: "ValidationException",
          status: "422",
          detail: '"hodor" is not a valid IP address or CIDR range.',
          meta: { source_field: "allowed_ips.0", rule: "" }
        },
        {
          code: "ValidationException",
          status: "422",
          detail: "The description field is required.",
          meta: { source_field: "description", rule: "required" }
        }
      ]
    }),
    tag: "ValidationFailed",
    check: (e) => {
      expect(e.source).toBe("panel")
      expect(e.issues.map((i: PanelError.FieldIssue) => [i.field, i.rule])).toEqual([
        ["allowed_ips.0", ""],
        ["description", "required"]
      ])
    }
  },
  {
    name: "§5: 429 with Retry-After",
    reply: panelError(429, "ThrottleRequestsException", "Too Many Attempts."),
    tag: "RateLimited"
  },
  {
    name: "§4.7: 400 DisplayException",
    reply: panelError(400, "DisplayException", "You have reached the account limit for number of API keys."),
    tag: "PanelRequestRejected",
    check: (e) => expect([e.status, e.code]).toEqual([400, "DisplayException"])
  },
  {
    name: "§7.2: 400 InvalidFilterQuery",
    reply: panelError(
      400,
      "InvalidFilterQuery",
      "Requested filter(s) `x` are not allowed. Allowed filter(s) are `email`."
    ),
    tag: "PanelRequestRejected"
  },
  {
    name: "§7.3: 405",
    reply: panelError(
      405,
      "MethodNotAllowedHttpException",
      "The PATCH method is not supported for route api/client. Supported methods: GET, HEAD."
    ),
    tag: "PanelRequestRejected",
    check: (e) => expect(e.status).toBe(405)
  },
  {
    name: "§8.1: 502 server offline",
    reply: panelError(502, "HttpException", "Server must be online in order to send commands."),
    tag: "PanelServerError",
    check: (e) => expect([e.status, e.detail]).toEqual([502, "Server must be online in order to send commands."])
  },
  {
    name: "an HTML 502 from a proxy",
    reply: { status: 502, headers: { "content-type": "text/html" }, body: "<html><body>Bad Gateway</body></html>" },
    tag: "PanelServerError",
    check: (e) => expect(e.detail).toContain("Bad Gateway")
  },
  {
    name: "an HTML 404 page (not a panel)",
    reply: { status: 404, headers: { "content-type": "text/html" }, body: "<!doctype html><title>Not Found</title>" },
    tag: "UnexpectedResponse",
    check: (e) => expect([e.status, e.excerpt]).toEqual([404, "<!doctype html><title>Not Found</title>"])
  },
  {
    name: "an empty 403",
    reply: { status: 403, body: "" },
    tag: "UnexpectedResponse",
    check: (e) => expect(e.issue).toContain("empty body")
  },
  {
    name: "truncated JSON",
    reply: { status: 404, headers: { "content-type": "application/json" }, body: '{"errors":[{"code":"NotFo' },
    tag: "UnexpectedResponse"
  },
  {
    name: "JSON of the wrong shape",
    reply: json(403, { message: "Forbidden" }),
    tag: "UnexpectedResponse"
  },
  {
    name: "an empty errors array",
    reply: json(404, { errors: [] }),
    tag: "UnexpectedResponse"
  },
  {
    name: "a 302 to /auth/login",
    reply: { status: 302, headers: { location: "https://panel.example/auth/login" } },
    tag: "InvalidCredentials",
    check: (e) => expect(e.status).toBe(302)
  },
  {
    name: "a 302 elsewhere",
    reply: { status: 302, headers: { location: "https://elsewhere.example/" } },
    tag: "UnexpectedResponse"
  }
]

describe("PanelError decoding", () => {
  for (const testCase of cases) {
    it.effect(`${testCase.name} → ${testCase.tag}`, () =>
      Effect.gen(function* () {
        const error = yield* failWith(testCase.reply)
        expect(error._tag).toBe(testCase.tag)
        expect(PanelError.isPanelError(error)).toBe(true)
        expect(error).toMatchObject({ method: "GET", path: "/api/client/servers/1a7ce997" })
        testCase.check?.(error)
        expect(JSON.stringify(error)).not.toContain(SECRET)
        expect(String(error)).not.toContain(SECRET)
      })
    )
  }

  it.effect("RateLimited reads Retry-After, the limit and X-RateLimit-Reset (§5)", () =>
    Effect.gen(function* () {
      const error = yield* failWith({
        ...panelError(429, "ThrottleRequestsException", "Too Many Attempts."),
        headers: {
          "retry-after": "37",
          "x-ratelimit-limit": "720",
          "x-ratelimit-remaining": "0",
          "x-ratelimit-reset": "1700000037"
        }
      })
      if (error._tag !== "RateLimited") throw new Error(error._tag)
      expect(Duration.toSeconds(error.retryAfter)).toBe(37)
      expect(error.limit).toEqual(Option.some(720))
      expect(error.resetAt).toEqual(Option.some(new Date(1700000037 * 1000)))
    })
  )

  it.effect("Retry-After as an HTTP date; a value that is neither seconds nor a date is ignored", () =>
    Effect.gen(function* () {
      const at = (retryAfter: string) =>
        failWith({
          ...panelError(429, "ThrottleRequestsException", "Too Many Attempts."),
          headers: { "retry-after": retryAfter, "x-ratelimit-reset": "30" }
        }).pipe(Effect.map((e) => (e._tag === "RateLimited" ? Duration.toSeconds(e.retryAfter) : -1)))
      // The test clock starts at 0 (1970-01-01T00:00:00Z).
      expect(yield* at("Thu, 01 Jan 1970 00:00:45 GMT")).toBe(45)
      expect(yield* at("5.5")).toBe(30)
      expect(yield* at("soon")).toBe(30)
    })
  )

  it.effect("RateLimited falls back to X-RateLimit-Reset when Retry-After is missing", () =>
    Effect.gen(function* () {
      // The test clock starts at 0, so a reset at t=12 s is 12 seconds away.
      const error = yield* failWith({
        ...panelError(429, "ThrottleRequestsException", "Too Many Attempts."),
        headers: { "x-ratelimit-reset": "12" }
      })
      if (error._tag !== "RateLimited") throw new Error(error._tag)
      expect(Duration.toSeconds(error.retryAfter)).toBe(12)
    })
  )

  it.effect("an excerpt never carries the key, even if a proxy echoes it", () =>
    Effect.gen(function* () {
      const error = yield* failWith({ status: 400, body: `<pre>Authorization: Bearer ${CLIENT_KEY}</pre>` })
      expect(error._tag).toBe("UnexpectedResponse")
      expect(JSON.stringify(error)).not.toContain(SECRET)
      expect(JSON.stringify(error)).toContain("<redacted>")
    })
  )

  it.effect("an excerpt never carries a JWT (a console token), even one whose `-` splits it into short runs", () =>
    Effect.gen(function* () {
      const token =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.eyJzZXJ2ZXJfdXVpZCI6ImEtYiJ9.aB-cD_eF-gH1-iJ2kL3-mN4oP5-qR6sT7-uV8wX9-yZ0"
      const error = yield* failWith({ status: 400, body: `{"data":{"token":"${token}"}}` })
      expect(error._tag).toBe("UnexpectedResponse")
      expect(JSON.stringify(error)).not.toContain("aB-cD_eF")
      expect(JSON.stringify(error)).not.toContain("eyJ")
    })
  )

  it.effect("a success body that does not decode is UnexpectedResponse naming the field", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, { object: "user", attributes: { id: "seven" } }))
      const client = yield* PanelClient.make({
        url: "https://panel.example",
        api: "client",
        credentials: CLIENT_KEY
      }).pipe(Effect.provide(fake.layer))
      const { Schema } = yield* Effect.promise(() => import("effect"))
      const schema = Schema.Struct({ object: Schema.Literal("user"), attributes: Schema.Struct({ id: Schema.Number }) })
      const error = yield* Effect.flip(client.json({ operation: "t", method: "GET", path: "/account" }, schema))
      expect(error._tag).toBe("UnexpectedResponse")
      if (error._tag === "UnexpectedResponse") expect(error.issue).toContain("attributes.id")
    })
  )
})

describe("the error channel is the library's own (type level)", () => {
  it("PanelClient methods fail only with PanelError", () => {
    type SendError = Effect.Effect.Error<ReturnType<PanelClient.Service["send"]>>
    type JsonError = Effect.Effect.Error<ReturnType<PanelClient.Service["json"]>>
    type EmptyError = Effect.Effect.Error<ReturnType<PanelClient.Service["empty"]>>
    expectTypeOf<SendError>().toEqualTypeOf<PanelError.PanelError>()
    expectTypeOf<JsonError>().toEqualTypeOf<PanelError.PanelError>()
    expectTypeOf<EmptyError>().toEqualTypeOf<PanelError.PanelError>()
    expectTypeOf<HttpClientError.HttpClientError>().not.toMatchTypeOf<PanelError.PanelError>()
    expectTypeOf<ParseResult.ParseError>().not.toMatchTypeOf<PanelError.PanelError>()
    expect(PanelError.PanelError.members).toHaveLength(10)
  })
})

const failingWith = (reply: Reply) =>
  failWith(reply).pipe(
    Effect.orDie,
    Effect.flatMap((error) => Effect.fail<PanelError.PanelError>(error))
  )

describe("PanelError.narrow", () => {
  it.effect("keeps documented route failures and turns others into UnexpectedResponse, keeping the detail", () =>
    Effect.gen(function* () {
      const conflict = panelError(
        409,
        "ServerStateConflictException",
        "This server is currently suspended and the functionality requested is unavailable."
      )
      const documented = yield* failingWith(conflict).pipe(
        PanelError.narrow("ServerStateConflict", "NotFound"),
        Effect.flip
      )
      expect(documented._tag).toBe("ServerStateConflict")
      const undocumented = yield* failingWith(conflict).pipe(PanelError.narrow("NotFound"), Effect.flip)
      expect(undocumented._tag).toBe("UnexpectedResponse")
      if (undocumented._tag === "UnexpectedResponse") {
        expect(undocumented.status).toBe(409)
        expect(undocumented.issue).toContain("currently suspended")
      }
      const common = yield* failingWith(panelError(401, "AuthenticationException", "Unauthenticated.")).pipe(
        PanelError.narrow(),
        Effect.flip
      )
      expect(common._tag).toBe("InvalidCredentials")
    })
  )

  it("narrows the type to Common plus the listed tags", () => {
    const narrowed = PanelError.narrow("NotFound")(
      Effect.fail(
        new PanelError.NotFound({ method: "GET", path: "/", status: 404, code: "", detail: "", errors: [] })
      ) as Effect.Effect<never, PanelError.PanelError>
    )
    expectTypeOf<Effect.Effect.Error<typeof narrowed>>().toEqualTypeOf<PanelError.Common | PanelError.NotFound>()
    expect(Effect.isEffect(narrowed)).toBe(true)
  })
})
