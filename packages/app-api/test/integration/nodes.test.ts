// Nodes and allocations through ApplicationApi against the mock panel over real HTTP (spec §8.2
// Nodes and Allocations, §3.3, §3.4, §7.1, §7.2, §10.2). The mock renders its own JSON from its
// state, so this is a contract test of our schemas against an independent reading of §9.2.
import { describe, expect } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { apiWith, describePanel, url } from "./support.js"

const NEW_NODE = {
  name: "Node 3",
  location_id: 1,
  fqdn: "node3.other.test",
  scheme: "https",
  memory: 4096,
  memory_overallocate: 0,
  disk: 20480,
  disk_overallocate: 0,
  daemon_listen: 8080,
  daemon_sftp: 2022
} as const

describePanel("nodes and allocations against the mock panel", (it) => {
  describe("nodes", () => {
    it.effect("get, list and configuration decode; allocated_resources sums the node's servers", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const node = yield* api.nodes.get(1)
        expect(node).toMatchObject({ id: 1, name: "Node 1", public: true, allocated_resources: { memory: 6144 } })
        const page = yield* api.nodes.list({ per_page: 60 })
        expect(page.perPage).toBe(60)
        expect(page.items.map((n) => n.id)).toEqual([1, 2])
        const config = yield* api.nodes.configuration(1)
        expect(config.uuid).toBe(node.uuid)
        expect(Redacted.value(config.token)).toHaveLength(64)
        expect(config.remote).toBe(yield* url)
      })
    )

    it.effect("create (201 + resource), update with reset_secret, delete; a node with servers cannot go", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const created = yield* api.nodes.create(NEW_NODE)
        expect(created.resource).toBe(`${yield* url}/api/application/nodes/${created.value.id}`)
        const before = yield* api.nodes.configuration(created.value.id)
        const renamed = yield* api.nodes.update(created.value.id, { name: "Renamed", reset_secret: true })
        expect(renamed.name).toBe("Renamed")
        const after = yield* api.nodes.configuration(created.value.id)
        expect(after.token_id).not.toBe(before.token_id)
        yield* api.nodes.delete(created.value.id)
        expect((yield* Effect.flip(api.nodes.get(created.value.id)))._tag).toBe("NotFound")
        const busy = yield* Effect.flip(api.nodes.delete(1))
        expect(busy).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "HasActiveServersException" })
      })
    )

    it.effect("deployable: a plain list, and the 400 when nothing fits", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const nodes = yield* api.nodes.deployable({ memory: 6145, disk: 1, location_ids: [1] })
        expect(nodes.map((n) => n.id)).toEqual([1])
        const none = yield* Effect.flip(api.nodes.deployable({ memory: 999999, disk: 1 }))
        expect(none).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "NoViableNodeException" })
      })
    )

    it.effect(
      "§10.2 truth table: a write-only key creates but cannot read; a read-only key reads but cannot write",
      () =>
        Effect.gen(function* () {
          const writeOnly = yield* apiWith("writeOnlyApplication")
          const readOnly = yield* apiWith("readOnlyApplication")
          expect((yield* writeOnly.nodes.create(NEW_NODE)).value.name).toBe("Node 3")
          const read = yield* Effect.flip(writeOnly.nodes.get(1))
          expect(read).toMatchObject({ _tag: "InsufficientPermissions", reason: "unauthorized" })
          expect((yield* readOnly.nodes.get(1)).id).toBe(1)
          const write = yield* Effect.flip(readOnly.nodes.create(NEW_NODE))
          expect(write).toMatchObject({ _tag: "InsufficientPermissions", reason: "unauthorized" })
        })
    )

    it.effect(
      "a missing node is NotFound even without permission or admin; a user's client key is not-root-admin",
      () =>
        Effect.gen(function* () {
          for (const name of ["noRightsApplication", "userClient"]) {
            const api = yield* apiWith(name)
            expect((yield* Effect.flip(api.nodes.get(999)))._tag).toBe("NotFound")
            expect((yield* Effect.flip(api.nodes.configuration(999)))._tag).toBe("NotFound")
          }
          const user = yield* apiWith("userClient")
          expect(yield* Effect.flip(user.nodes.get(1))).toMatchObject({
            _tag: "InsufficientPermissions",
            reason: "not-root-admin"
          })
        })
    )

    it.effect("includes: populated for a root admin's client key, null for a key without r_servers (§3.4)", () =>
      Effect.gen(function* () {
        const root = yield* apiWith("rootClient")
        const full = yield* root.nodes.get(1, { include: ["allocations", "location", "servers"] })
        expect(full.relationships?.location?.short).toBe("us.east")
        expect(full.relationships?.servers?.map((s) => s.id)).toEqual([1, 2, 3])
        const limited = yield* apiWith("limitedA")
        const partial = yield* limited.nodes.get(1, { include: ["location", "servers"] })
        expect(partial.relationships?.location?.id).toBe(1)
        expect(partial.relationships?.servers).toBeNull()
      })
    )

    it.effect("a 422 from the panel carries field and rule", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const failure = yield* Effect.flip(api.nodes.create({ ...NEW_NODE, location_id: 99 }))
        expect(failure._tag).toBe("ValidationFailed")
        if (failure._tag !== "ValidationFailed") return
        expect(failure.issues).toContainEqual(
          expect.objectContaining({ field: "location_id", rule: "exists", detail: "The selected Location is invalid." })
        )
      })
    )

    it.effect("stream walks every page and keeps the filter and sort", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        yield* api.nodes.create(NEW_NODE)
        const streamed = yield* Stream.runCollect(
          api.nodes.stream({ filter: { fqdn: "example.com" }, sort: "-id", per_page: 1 })
        )
        // Without the filter on page 2 and 3 the new node (fqdn node3.other.test) would appear.
        expect(Chunk.toReadonlyArray(streamed).map((n) => n.id)).toEqual([2, 1])
      })
    )
  })

  describe("allocations", () => {
    it.effect("list decodes, filter[server_id] selects a server's or the unassigned allocations", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const owned = yield* api.allocations.list(1, { filter: { server_id: 1 } })
        expect(owned.items.map((a) => [a.id, a.assigned])).toEqual([
          [1, true],
          [2, true]
        ])
        const free = yield* api.allocations.list(1, { filter: { server_id: false } })
        expect(free.items.map((a) => a.id)).toEqual([6])
      })
    )

    it.effect("create ranges, then delete one; an assigned allocation is the panel's 400", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        yield* api.allocations.create(2, { ip: "192.0.2.20", ports: ["30000-30002"], alias: "play.test" })
        const added = yield* api.allocations.list(2, { filter: { ip_alias: "play" } })
        expect(added.items.map((a) => a.port)).toEqual([30000, 30001, 30002])
        yield* api.allocations.delete(2, added.items[0]!.id)
        expect((yield* api.allocations.list(2, { filter: { ip_alias: "play" } })).total).toBe(2)
        // AllocationDeletionService::handle and AssignmentService::handle answer 400 DisplayExceptions.
        const used = yield* Effect.flip(api.allocations.delete(1, 1))
        expect(used).toMatchObject({
          _tag: "PanelRequestRejected",
          status: 400,
          code: "ServerUsingAllocationException"
        })
        const unparseable = yield* Effect.flip(api.allocations.create(2, { ip: "not-an-ip.invalid", ports: ["30005"] }))
        expect(unparseable).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "DisplayException" })
        // A /26 never reaches the panel: CIDR_MAX_BITS is 27.
        const mask = yield* Effect.flip(api.allocations.create(2, { ip: "192.0.2.0/26", ports: ["30005"] }))
        expect(mask).toMatchObject({ _tag: "ValidationFailed", source: "client" })
        expect((yield* api.allocations.list(1, { filter: { server_id: 1 } })).items.map((a) => a.id)).toEqual([1, 2])
      })
    )

    it.effect("ACL uses r_allocations: write-only creates but cannot list; missing → NotFound first", () =>
      Effect.gen(function* () {
        const writeOnly = yield* apiWith("writeOnlyApplication")
        yield* writeOnly.allocations.create(1, { ip: "192.0.2.10", ports: ["30100"] })
        expect(yield* Effect.flip(writeOnly.allocations.list(1))).toMatchObject({
          _tag: "InsufficientPermissions",
          reason: "unauthorized"
        })
        const readOnly = yield* apiWith("readOnlyApplication")
        expect(yield* Effect.flip(readOnly.allocations.delete(1, 6))).toMatchObject({
          _tag: "InsufficientPermissions",
          reason: "unauthorized"
        })
        const none = yield* apiWith("noRightsApplication")
        expect((yield* Effect.flip(none.allocations.delete(2, 1)))._tag).toBe("NotFound")
        expect((yield* Effect.flip(none.allocations.list(99)))._tag).toBe("NotFound")
      })
    )

    it.effect("include=server is null without r_servers; stream keeps filter[server_id] over pages", () =>
      Effect.gen(function* () {
        const limited = yield* apiWith("limitedA")
        const page = yield* limited.allocations.list(1, { include: ["node", "server"], per_page: 1 })
        expect(page.items[0]?.relationships?.server).toBeNull()
        expect(page.items[0]?.relationships?.node?.id).toBe(1)
        const api = yield* apiWith("rootApplication")
        const streamed = yield* Stream.runCollect(api.allocations.stream(1, { filter: { server_id: 1 }, per_page: 1 }))
        expect(Chunk.toReadonlyArray(streamed).map((a) => a.id)).toEqual([1, 2])
      })
    )
  })
})
