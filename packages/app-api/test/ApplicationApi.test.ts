import { describe, expect, it } from "@effect/vitest"
import { ApplicationApi } from "@ptero-effect/app-api"
import { ConfigProvider, Effect, Layer } from "effect"
import { APPLICATION_KEY, fakeClient } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

describe("ApplicationApi.layerConfig", () => {
  it.effect("reads PTERODACTYL_URL and PTERODACTYL_APPLICATION_KEY and sends to /api/application", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => Wire.ok(Wire.item("user", Wire.user(1))))
      const live = ApplicationApi.layerConfig().pipe(
        Layer.provide(fake.layer),
        Layer.provide(
          Layer.setConfigProvider(
            ConfigProvider.fromMap(
              new Map([
                ["PTERODACTYL_URL", "https://panel.example/"],
                ["PTERODACTYL_APPLICATION_KEY", APPLICATION_KEY]
              ])
            )
          )
        )
      )
      const user = yield* Effect.flatMap(ApplicationApi.ApplicationApi, (api) => api.users.get(1)).pipe(
        Effect.provide(live)
      )
      expect(user.id).toBe(1)
      expect(fake.requests[0]?.url.href).toBe("https://panel.example/api/application/users/1")
      expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${APPLICATION_KEY}`)
    })
  )

  it.effect("a missing key is a ConfigError that names the variable", () =>
    Effect.gen(function* () {
      const fake = fakeClient(() => Wire.noContent)
      const live = ApplicationApi.layerConfig().pipe(
        Layer.provide(fake.layer),
        Layer.provide(
          Layer.setConfigProvider(ConfigProvider.fromMap(new Map([["PTERODACTYL_URL", "https://panel.example"]])))
        )
      )
      const error = yield* Effect.flip(Effect.provide(ApplicationApi.ApplicationApi, live))
      expect(String(error)).toContain("PTERODACTYL_APPLICATION_KEY")
      expect(fake.requests).toHaveLength(0)
    })
  )
})
