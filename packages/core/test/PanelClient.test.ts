import { describe, expect, it } from "@effect/vitest"
import { ApiKey, PanelClient, PanelError } from "@ptero-effect/core"
import { ConfigProvider, Effect, Exit, Layer, Redacted } from "effect"
import { VERSION } from "../src/internal/version.js"
import { APPLICATION_KEY, CLIENT_KEY, SECRET, fakeClient, json } from "./utils/fake.js"
import { sendJson, testServer } from "./utils/server.js"
import { transports } from "./utils/transports.js"
import packageJson from "../package.json" with { type: "json" }

const list = {
  object: "list",
  data: [],
  meta: { pagination: { total: 0, count: 0, per_page: 50, current_page: 1, total_pages: 1, links: {} } }
}

describe.each(transports)("PanelClient over real HTTP, %s", (_name, transport) => {
  it.scoped("sends exactly the panel's API headers and a User-Agent", () =>
    Effect.gen(function* () {
      const server = yield* testServer((_, res) => sendJson(res, 200, list))
      const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: CLIENT_KEY })
      yield* client.send({ operation: "test.get", method: "GET", path: "" })
      yield* client.send({
        operation: "test.post",
        method: "POST",
        path: "/account/api-keys",
        body: { _tag: "Json", value: { description: "x" } }
      })
      const [get, post] = server.seen
      expect(get!.url).toBe("/api/client")
      expect(get!.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`)
      expect(get!.headers.accept).toBe("Application/vnd.pterodactyl.v1+json")
      expect(get!.headers["content-type"]).toBeUndefined()
      expect(get!.headers["user-agent"]).toBe(`ptero-effect/${VERSION} (@ptero-effect/core)`)
      expect(post!.headers["content-type"]).toBe("application/json")
      expect(JSON.parse(post!.body)).toEqual({ description: "x" })
    }).pipe(Effect.provide(transport))
  )

  for (const suffix of ["", "/", "//"]) {
    it.scoped(`joins a base URL ending in ${JSON.stringify(suffix)} and a path prefix without doubling slashes`, () =>
      Effect.gen(function* () {
        const server = yield* testServer((_, res) => sendJson(res, 200, list))
        const client = yield* PanelClient.make({
          url: `${server.url}/panel${suffix}`,
          api: "application",
          credentials: APPLICATION_KEY
        })
        yield* client.send({
          operation: "t",
          method: "GET",
          path: PanelClient.path`/users/${"a b/c"}`,
          query: { "filter[email]": "x@y", include: "servers", ids: [1, 2] }
        })
        expect(server.seen[0]!.url).toBe(
          "/panel/api/application/users/a%20b%2Fc?filter%5Bemail%5D=x%40y&include=servers&ids%5B%5D=1&ids%5B%5D=2"
        )
      }).pipe(Effect.provide(transport))
    )
  }

  it.scoped("a 302 to /auth/login is InvalidCredentials, not a followed redirect (§6.1)", () =>
    Effect.gen(function* () {
      const server = yield* testServer((seen, res) => {
        if (seen.url.startsWith("/auth/login")) return sendJson(res, 200, { page: "login" })
        res.writeHead(302, { location: "http://127.0.0.1/auth/login" })
        res.end()
      })
      const client = yield* PanelClient.make({ url: server.url, api: "client", credentials: CLIENT_KEY })
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "" }))
      expect(error._tag).toBe("InvalidCredentials")
      expect(server.seen).toHaveLength(1)
    }).pipe(Effect.provide(transport))
  )

  it.effect("a refused connection is PanelUnreachable with the reason and no query string", () =>
    Effect.gen(function* () {
      const closed = yield* Effect.scoped(testServer((_, res) => res.end()))
      const client = yield* PanelClient.make({ url: closed.url, api: "client", credentials: CLIENT_KEY })
      const error = yield* Effect.flip(
        client.send({ operation: "t", method: "GET", path: "/servers", query: { token: "hidden" } })
      )
      expect(error._tag).toBe("PanelUnreachable")
      if (error._tag !== "PanelUnreachable") return
      expect(error.reason).toBe("transport")
      expect(error.cause).toContain("ECONNREFUSED")
      expect(error.path).toBe("/api/client/servers")
      expect(JSON.stringify(error)).not.toContain("hidden")
    }).pipe(Effect.provide(transport))
  )
})

describe("PanelClient configuration", () => {
  const bad: Array<[string, string]> = [
    ["not a URL", "panel.example.com"],
    ["another scheme", "ftp://panel.example.com"],
    ["a query string", "https://panel.example.com/?x=1"],
    ["user info", "https://user:pw@panel.example.com"],
    ["the API prefix", "https://panel.example.com/api/client"]
  ]
  for (const [name, url] of bad) {
    it.effect(`a URL with ${name} fails layer construction with InvalidPanelConfig`, () =>
      Effect.gen(function* () {
        const fake = fakeClient(() => json(200, {}))
        const exit = yield* Layer.build(PanelClient.layer({ url, api: "client", credentials: CLIENT_KEY })).pipe(
          Effect.provide(fake.layer),
          Effect.scoped,
          Effect.exit
        )
        expect(exit).toStrictEqual(Exit.fail(expect.any(PanelError.InvalidPanelConfig)))
        expect(Exit.isFailure(exit) && String(exit.cause)).toContain("Invalid url")
      })
    )
  }

  it.effect("a malformed key fails layer construction with MalformedApiKey", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, {}))
      const error = yield* PanelClient.make({
        url: "https://p.example",
        api: "client",
        credentials: "ptlc_short"
      }).pipe(Effect.provide(fake.layer), Effect.flip)
      expect(error._tag).toBe("MalformedApiKey")
    })
  )

  const env = (entries: Record<string, string>) =>
    Layer.setConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(entries))))

  it.effect("layerConfig reads PTERODACTYL_URL and PTERODACTYL_CLIENT_KEY", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, list))
      const client = yield* PanelClient.PanelClient.pipe(
        Effect.provide(
          PanelClient.layerConfig({ api: "client" }).pipe(
            Layer.provide(fake.layer),
            Layer.provide(env({ PTERODACTYL_URL: "https://panel.example/", PTERODACTYL_CLIENT_KEY: CLIENT_KEY }))
          )
        )
      )
      yield* client.send({ operation: "t", method: "GET", path: "" })
      expect(fake.requests[0]!.url.href).toBe("https://panel.example/api/client")
      expect(client.credentials).toBeDefined()
      expect((yield* client.credentials.current).identifier).toBe("ptlc_AbCdEfGhIjK")
    })
  )

  const configCases: Array<[string, Record<string, string>, string]> = [
    ["a missing URL", { PTERODACTYL_APPLICATION_KEY: APPLICATION_KEY }, "PTERODACTYL_URL"],
    ["a missing key", { PTERODACTYL_URL: "https://panel.example" }, "PTERODACTYL_APPLICATION_KEY"],
    [
      "a malformed URL",
      { PTERODACTYL_URL: "panel-secret-host", PTERODACTYL_APPLICATION_KEY: APPLICATION_KEY },
      "PTERODACTYL_URL"
    ],
    [
      "a malformed key",
      { PTERODACTYL_URL: "https://panel.example", PTERODACTYL_APPLICATION_KEY: `${SECRET}!` },
      "PTERODACTYL_APPLICATION_KEY"
    ]
  ]
  for (const [name, entries, variable] of configCases) {
    it.effect(`layerConfig: ${name} is a ConfigError naming ${variable}, never the value`, () =>
      Effect.gen(function* () {
        const fake = fakeClient(() => json(200, list))
        const error = yield* Layer.build(
          PanelClient.layerConfig({ api: "application" }).pipe(Layer.provide(fake.layer), Layer.provide(env(entries)))
        ).pipe(Effect.scoped, Effect.flip)
        expect(error._tag).not.toBe("InvalidPanelConfig")
        const text = String(error)
        expect(text).toContain(variable)
        expect(text).not.toContain(SECRET)
        expect(text).not.toContain("panel-secret-host")
      })
    )
  }

  it("the User-Agent names the package version", () => {
    expect(VERSION).toBe(packageJson.version)
    expect(PanelClient.USER_AGENT).toContain(packageJson.version)
  })

  it("keys are parsed once and kept redacted on the service", () => {
    const key = ApiKey.unsafeMake(CLIENT_KEY)
    expect(Redacted.isRedacted(key.value)).toBe(true)
  })
})

describe("PanelClient per-request options", () => {
  it.effect("a guard refuses a key before anything is sent", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, {}))
      const client = yield* PanelClient.make({
        url: "https://p.example",
        api: "client",
        credentials: APPLICATION_KEY,
        guard: (key, where) =>
          key.kind === "application"
            ? new PanelError.InsufficientPermissions({
                ...where,
                status: 403,
                code: "Refused",
                detail: "no",
                errors: [],
                reason: "application-key-on-client-api"
              })
            : undefined
      }).pipe(Effect.provide(fake.layer))
      const error = yield* Effect.flip(client.send({ operation: "t", method: "GET", path: "/account" }))
      expect(error._tag).toBe("InsufficientPermissions")
      expect(fake.requests).toHaveLength(0)
    })
  )

  it.effect("a request can carry its own key without changing the credentials", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, {}))
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      const other = ApiKey.unsafeMake(`ptlc_OtherKey000${"O".repeat(32)}`)
      yield* client.send({ operation: "t", method: "GET", path: "/account", key: other })
      yield* client.send({ operation: "t", method: "GET", path: "/account" })
      expect(fake.requests.map((r) => r.headers.authorization)).toEqual([
        `Bearer ${Redacted.value(other.value)}`,
        `Bearer ${CLIENT_KEY}`
      ])
    })
  )
})
