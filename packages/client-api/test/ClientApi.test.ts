import { describe, expect, it } from "@effect/vitest"
import { ClientApi } from "@ptero-effect/client-api"
import { ApiKey } from "@ptero-effect/core"
import { ConfigProvider, Effect, Layer } from "effect"
import { APPLICATION_KEY, CLIENT_KEY, PANEL, fakeApi, fakeClient, json } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const account = {
  id: 1,
  admin: false,
  username: "alice",
  email: "a@example.com",
  first_name: "A",
  last_name: "L",
  language: "en"
}

describe("ClientApi", () => {
  it.effect("refuses an application key before sending anything, with the panel's 403 (§2.4 row 11)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("user", account)), APPLICATION_KEY)
      const error = yield* Effect.flip(api.account.details())
      expect(requests).toHaveLength(0)
      expect(error._tag).toBe("InsufficientPermissions")
      if (error._tag !== "InsufficientPermissions") return
      expect(error.reason).toBe("application-key-on-client-api")
      expect(error.code).toBe("AccessDeniedHttpException")
      expect(error.status).toBe(403)
      expect(error.detail).toBe(
        "You are attempting to use an application API key on an endpoint that requires a client API key."
      )
      expect(error.path).toBe("/api/client/account")
    })
  )

  it.effect("refuses an application key set later through the shared credentials, still without a request", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("user", account)))
      yield* api.account.details()
      yield* api.panel.credentials.set(ApiKey.unsafeMake(APPLICATION_KEY))
      const error = yield* Effect.flip(api.servers.get("1a7ce997"))
      expect(error._tag).toBe("InsufficientPermissions")
      expect(requests).toHaveLength(1)
    })
  )

  it.effect("sends a client key as a bearer token under /api/client", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => json(200, Wire.item("user", account)))
      const user = yield* api.account.details()
      expect(user.username).toBe("alice")
      expect(requests[0]!.target).toBe("/api/client/account")
      expect(requests[0]!.headers.authorization).toBe(`Bearer ${CLIENT_KEY}`)
    })
  )

  it.effect("layerConfig reads PTERODACTYL_URL and PTERODACTYL_CLIENT_KEY", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, Wire.item("user", account)))
      const live = ClientApi.layerConfig().pipe(
        Layer.provide(fake.layer),
        Layer.provide(
          Layer.setConfigProvider(
            ConfigProvider.fromMap(
              new Map([
                ["PTERODACTYL_URL", `${PANEL}/`],
                ["PTERODACTYL_CLIENT_KEY", CLIENT_KEY]
              ])
            )
          )
        )
      )
      const user = yield* Effect.flatMap(ClientApi.ClientApi, (api) => api.account.details()).pipe(Effect.provide(live))
      expect(user.id).toBe(1)
      expect(fake.requests[0]!.url.toString()).toBe(`${PANEL}/api/client/account`)
    })
  )

  it.effect("layerConfig fails with a ConfigError naming a missing key variable, not its value", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => json(200, {}))
      const live = ClientApi.layerConfig().pipe(
        Layer.provide(fake.layer),
        Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["PTERODACTYL_URL", PANEL]]))))
      )
      const error = yield* Effect.flip(Effect.provide(ClientApi.ClientApi, live))
      expect(String(error)).toContain("PTERODACTYL_CLIENT_KEY")
    })
  )
})
