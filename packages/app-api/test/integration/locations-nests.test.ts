// Locations, nests and eggs through ApplicationApi against the mock panel over real HTTP (spec
// §8.2, §3.3 — eggs use the eggs ACL —, §3.4, §7.1, §7.2, §10.2).
import { describe, expect } from "@effect/vitest"
import { Chunk, Effect, Stream } from "effect"
import { apiWith, describePanel, url } from "./support.js"

describePanel("locations, nests and eggs against the mock panel", (it) => {
  describe("locations", () => {
    it.effect("create (201 + resource), get, update, delete; a location with nodes cannot go", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const created = yield* api.locations.create({ short: "eu.west", long: "Dublin" })
        expect(created.value).toMatchObject({ short: "eu.west", long: "Dublin" })
        expect(created.resource).toBe(`${yield* url}/api/application/locations/${created.value.id}`)
        expect(yield* api.locations.get(created.value.id)).toEqual(created.value)
        const updated = yield* api.locations.update(created.value.id, { short: "eu.north", long: "Stockholm" })
        expect(updated.short).toBe("eu.north")
        // A partial update: the panel requires `short` on every update, the client fills it in.
        const relabelled = yield* api.locations.update(created.value.id, { long: "Stockholm, SE" })
        expect(relabelled).toMatchObject({ short: "eu.north", long: "Stockholm, SE" })
        yield* api.locations.delete(created.value.id)
        expect((yield* Effect.flip(api.locations.get(created.value.id)))._tag).toBe("NotFound")
        expect(yield* Effect.flip(api.locations.delete(1))).toMatchObject({
          _tag: "PanelRequestRejected",
          status: 400,
          code: "HasActiveNodesException"
        })
      })
    )

    it.effect("§10.2: write-only creates but cannot read, read-only reads but cannot write; missing → NotFound", () =>
      Effect.gen(function* () {
        const writeOnly = yield* apiWith("writeOnlyApplication")
        const readOnly = yield* apiWith("readOnlyApplication")
        yield* writeOnly.locations.create({ short: "ap.south" })
        expect(yield* Effect.flip(writeOnly.locations.list())).toMatchObject({ reason: "unauthorized" })
        expect((yield* readOnly.locations.list({ per_page: 60 })).perPage).toBe(60)
        expect(yield* Effect.flip(readOnly.locations.delete(1))).toMatchObject({ reason: "unauthorized" })
        for (const name of ["noRightsApplication", "userClient"]) {
          const api = yield* apiWith(name)
          expect((yield* Effect.flip(api.locations.get(404)))._tag).toBe("NotFound")
        }
      })
    )

    it.effect("include=servers is null without r_servers; a duplicate short is the panel's 422 (unique)", () =>
      Effect.gen(function* () {
        const limited = yield* apiWith("limitedA")
        const location = yield* limited.locations.get(1, { include: ["nodes", "servers"] })
        expect(location.relationships?.nodes?.map((n) => n.id)).toEqual([1, 2])
        expect(location.relationships?.servers).toBeNull()
        const api = yield* apiWith("rootApplication")
        const failure = yield* Effect.flip(api.locations.create({ short: "US.EAST" }))
        expect(failure).toMatchObject({
          _tag: "ValidationFailed",
          source: "panel",
          issues: [{ field: "short", rule: "unique" }]
        })
      })
    )

    it.effect("stream keeps the filter over pages of one", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        for (const short of ["eu.west", "eu.north", "ap.south"]) yield* api.locations.create({ short })
        const streamed = yield* Stream.runCollect(
          api.locations.stream({ filter: { short: "eu." }, sort: "-id", per_page: 1 })
        )
        expect(Chunk.toReadonlyArray(streamed).map((l) => l.short)).toEqual(["eu.north", "eu.west"])
      })
    )
  })

  describe("nests and eggs", () => {
    it.effect("nests list and stream, eggs list and get decode the egg of §9.2", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const page = yield* api.nests.list()
        expect(page.perPage).toBe(50)
        const streamed = yield* Stream.runCollect(api.nests.stream({ per_page: 1 }))
        expect(Chunk.toReadonlyArray(streamed).map((n) => n.id)).toEqual([1, 2])
        const eggs = yield* api.eggs.list(1)
        expect(eggs.map((e) => e.id)).toEqual([1, 2])
        const egg = yield* api.eggs.get(1, 1, { include: ["variables", "nest", "script", "config"] })
        expect(egg).toMatchObject({ id: 1, nest: 1, docker_image: "ghcr.io/pterodactyl/yolks:java_17" })
        expect(egg.relationships?.variables?.map((v) => v.env_variable)).toContain("SERVER_JARFILE")
        expect(egg.relationships?.nest?.name).toBe("Minecraft")
      })
    )

    it.effect("ACL: nests READ for nests, eggs READ for eggs; includes denied → null; missing → NotFound", () =>
      Effect.gen(function* () {
        const a = yield* apiWith("limitedA")
        const b = yield* apiWith("limitedB")
        const nest = yield* a.nests.get(1, { include: ["eggs", "servers"] })
        expect(nest.relationships?.eggs).toBeNull()
        expect(nest.relationships?.servers).toBeNull()
        expect(yield* Effect.flip(a.eggs.list(1))).toMatchObject({ reason: "unauthorized" })
        expect(yield* Effect.flip(b.nests.get(1))).toMatchObject({ reason: "unauthorized" })
        const egg = yield* b.eggs.get(1, 1, { include: ["nest"] })
        expect(egg.relationships?.nest).toBeNull()
        const writeOnly = yield* apiWith("writeOnlyApplication")
        expect(yield* Effect.flip(writeOnly.nests.list())).toMatchObject({ reason: "unauthorized" })
        for (const name of ["noRightsApplication", "userClient"]) {
          const api = yield* apiWith(name)
          expect((yield* Effect.flip(api.nests.get(9)))._tag).toBe("NotFound")
          expect((yield* Effect.flip(api.eggs.get(2, 1)))._tag).toBe("NotFound")
        }
        const user = yield* apiWith("userClient")
        expect(yield* Effect.flip(user.eggs.get(1, 1))).toMatchObject({ reason: "not-root-admin" })
      })
    )
  })
})
