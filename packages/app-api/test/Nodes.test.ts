import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { seen, withFake } from "./utils/api.js"
import { json, panelError } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const nodeInput = {
  name: "node-1",
  location_id: 1,
  fqdn: "node1.example.com",
  scheme: "https",
  memory: 16384,
  memory_overallocate: 0,
  disk: 102400,
  disk_overallocate: 0,
  daemon_listen: 8080,
  daemon_sftp: 2022
} as const

describe("nodes (§8.2 Nodes)", () => {
  it.effect("list sends filters and the node sorts memory and disk", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.page("node", [Wire.node(1)], 1, 50)))
      const page = yield* api.nodes.list({ filter: { name: "eu" }, sort: ["-memory"], include: ["allocations"] })
      expect(page.items[0]?.fqdn).toBe("node1.example.com")
      expect(seen(requests[0]!)).toEqual({
        method: "GET",
        path: "/api/application/nodes",
        query: { "filter[name]": "eu", sort: "-memory", include: "allocations" }
      })
    })
  )

  it.effect("get decodes the location and servers includes", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        Wire.ok(
          Wire.item("node", {
            ...Wire.node(1),
            relationships: { location: Wire.item("location", Wire.location(1)), servers: Wire.NULL_RESOURCE }
          })
        )
      )
      const node = yield* api.nodes.get(1, { include: ["location", "servers"] })
      expect(node.relationships?.location?.short).toBe("loc1")
      expect(node.relationships?.servers).toBeNull()
    })
  )

  it.effect("deployable sends memory, disk and location_ids[] and reads the plain list", () =>
    Effect.gen(function* () {
      // FindViableNodesService::handle adds the DECIMAL sums, as strings.
      const { api, requests } = yield* withFake(() =>
        Wire.ok(Wire.list("node", [{ ...Wire.node(2), sum_memory: "2048", sum_disk: "0" }]))
      )
      const nodes = yield* api.nodes.deployable({ memory: 1024, disk: 0, location_ids: [1, 3] })
      expect(nodes.map((node) => [node.id, node.sum_memory, node.sum_disk])).toEqual([[2, 2048, 0]])
      expect(requests[0]?.url.pathname).toBe("/api/application/nodes/deployable")
      expect(requests[0]?.url.searchParams.get("memory")).toBe("1024")
      expect(requests[0]?.url.searchParams.get("disk")).toBe("0")
      expect(requests[0]?.url.searchParams.getAll("location_ids[]")).toEqual(["1", "3"])
    })
  )

  it.effect("deployable refuses negative or fractional sizes before sending; no room is the panel's 400", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => panelError(400, "NoViableNodeException", "No nodes satisfy it."))
      const invalid = yield* Effect.flip(api.nodes.deployable({ memory: -1, disk: 1.5 }))
      expect(invalid).toMatchObject({ _tag: "ValidationFailed", source: "client" })
      expect(requests).toHaveLength(0)
      const none = yield* Effect.flip(api.nodes.deployable({ memory: 1_000_000, disk: 0 }))
      expect(none).toMatchObject({ _tag: "PanelRequestRejected", status: 400 })
    })
  )

  it.effect("configuration is raw JSON without an envelope, and the daemon token stays redacted", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        json(200, {
          debug: false,
          uuid: "2b8df000-0000-4000-8000-000000000001",
          token_id: "abcdefghijklmnop",
          token: "daemon-secret-token",
          api: {
            host: "0.0.0.0",
            port: 8080,
            ssl: { enabled: true, cert: "/c.pem", key: "/k.pem" },
            upload_limit: 100
          },
          system: { data: "/var/lib/pterodactyl/volumes", sftp: { bind_port: 2022 } },
          allowed_mounts: [],
          remote: "https://panel.example"
        })
      )
      const config = yield* api.nodes.configuration(1)
      expect(requests[0]?.url.pathname).toBe("/api/application/nodes/1/configuration")
      expect(Redacted.value(config.token)).toBe("daemon-secret-token")
      expect(String(config.token)).not.toContain("daemon-secret-token")
      expect(config.system.sftp.bind_port).toBe(2022)
    })
  )

  it.effect("create returns the node and meta.resource; update sends reset_secret with the node's current fields", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.method === "POST"
          ? Wire.created({
              ...Wire.item("node", Wire.node(3)),
              meta: { resource: "https://panel.example/api/application/nodes/3" }
            })
          : Wire.ok(Wire.item("node", Wire.node(3)))
      )
      const created = yield* api.nodes.create(nodeInput)
      yield* api.nodes.update(3, { reset_secret: true })
      expect(created.resource).toBe("https://panel.example/api/application/nodes/3")
      expect(JSON.parse(requests[0]?.body ?? "")).toEqual(nodeInput)
      // The panel validates an update with the creation rules, so the current values complete it.
      expect(seen(requests[1]!)).toEqual({ method: "GET", path: "/api/application/nodes/3", query: {} })
      expect(seen(requests[2]!)).toEqual({ method: "PATCH", path: "/api/application/nodes/3", query: {} })
      // `description` is not sent: StoreNodeRequest::rules does not keep it.
      const {
        allocated_resources: _a,
        created_at: _c,
        id: _i,
        updated_at: _u,
        uuid: _uuid,
        description: _d,
        ...current
      } = Wire.node(3)
      expect(JSON.parse(requests[2]?.body ?? "")).toEqual({ ...current, reset_secret: true })
    })
  )

  it.effect("create refuses a blank name and a port outside 1-65535 without sending; a decimal port passes", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.created({
          ...Wire.item("node", Wire.node(3)),
          meta: { resource: "https://panel.example/api/application/nodes/3" }
        })
      )
      const error = yield* Effect.flip(api.nodes.create({ ...nodeInput, name: "", daemon_sftp: 70000 }))
      expect(error._tag).toBe("ValidationFailed")
      if (error._tag !== "ValidationFailed") return
      expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
        ["name", "required"],
        ["daemon_sftp", "between"]
      ])
      expect(requests).toHaveLength(0)
      // app/Models/Node.php::$validationRules: `numeric|between:1,65535` takes 2022.5 (the cast stores 2022).
      yield* api.nodes.create({ ...nodeInput, daemon_sftp: 2022.5 })
      expect(requests).toHaveLength(1)
    })
  )

  it.effect("deleting a node with servers is the panel's 400 HasActiveServersException", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        panelError(400, "HasActiveServersException", "Cannot delete a node that has active servers attached to it.")
      )
      const error = yield* Effect.flip(api.nodes.delete(1))
      expect(requests[0]?.method).toBe("DELETE")
      expect(error).toMatchObject({ _tag: "PanelRequestRejected", code: "HasActiveServersException" })
    })
  )
})

describe("allocations (§8.2 Allocations)", () => {
  it.effect("list sends the §7.2 filters, and stream keeps them on every page", () =>
    Effect.gen(function* () {
      const all = Array.from({ length: 4 }, (_, i) => Wire.allocation(i + 1))
      const { api, requests } = yield* withFake((request) =>
        Wire.ok(Wire.page("allocation", all, Number(request.url.searchParams.get("page") ?? 1), 3))
      )
      const allocations = yield* Stream.runCollect(
        api.allocations.stream(2, { filter: { ip: "10.0.0.1", server_id: 0 }, include: ["server"], per_page: 3 })
      )
      expect(Chunk.toReadonlyArray(allocations).map((allocation) => allocation.port)).toEqual([
        25566, 25567, 25568, 25569
      ])
      expect(requests.map(seen)).toEqual(
        ["1", "2"].map((page) => ({
          method: "GET",
          path: "/api/application/nodes/2/allocations",
          query: { "filter[ip]": "10.0.0.1", "filter[server_id]": "0", include: "server", per_page: "3", page }
        }))
      )
    })
  )

  it.effect("an unassigned allocation's server include is a null resource", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        Wire.ok(
          Wire.page(
            "allocation",
            [
              {
                ...Wire.allocation(1),
                relationships: { server: Wire.NULL_RESOURCE, node: Wire.item("node", Wire.node(2)) }
              }
            ],
            1,
            50
          )
        )
      )
      const page = yield* api.allocations.list(2, { include: ["server", "node"] })
      expect(page.items[0]?.relationships?.server).toBeNull()
      expect(page.items[0]?.relationships?.node?.id).toBe(2)
    })
  )

  it.effect("create sends ports as strings, ranges included (204)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      yield* api.allocations.create(2, { ip: "10.0.0.1", ports: [25565, "25570-25580"], alias: "play.example.com" })
      expect(seen(requests[0]!)).toEqual({ method: "POST", path: "/api/application/nodes/2/allocations", query: {} })
      expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
        ip: "10.0.0.1",
        ports: ["25565", "25570-25580"],
        alias: "play.example.com"
      })
    })
  )

  it.effect("create refuses malformed ports and ranges without sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      const error = yield* Effect.flip(
        api.allocations.create(2, { ip: "10.0.0.1", ports: ["25565", "0", "65536", "300-200", "80,81", "1-2-3"] })
      )
      expect(error._tag).toBe("ValidationFailed")
      if (error._tag !== "ValidationFailed") return
      expect(error.source).toBe("client")
      expect(error.issues.map((issue) => issue.field)).toEqual(["ports.1", "ports.2", "ports.3", "ports.4", "ports.5"])
      const empty = yield* Effect.flip(api.allocations.create(2, { ip: "", ports: [] }))
      expect(empty).toMatchObject({ _tag: "ValidationFailed", source: "client" })
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("delete is scoped to the node; another node's allocation is NotFound", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")
      )
      const error = yield* Effect.flip(api.allocations.delete(2, 99))
      expect(seen(requests[0]!)).toEqual({
        method: "DELETE",
        path: "/api/application/nodes/2/allocations/99",
        query: {}
      })
      expect(error._tag).toBe("NotFound")
    })
  )
})

describe("locations (§8.2 Locations)", () => {
  it.effect("list sends the short/long filters, sort by id, includes", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.page("location", [Wire.location(1)], 1, 60)))
      const page = yield* api.locations.list({ filter: { short: "eu" }, sort: "-id", include: ["nodes"], per_page: 60 })
      expect(page.perPage).toBe(60)
      expect(seen(requests[0]!).query).toEqual({ "filter[short]": "eu", sort: "-id", include: "nodes", per_page: "60" })
    })
  )

  it.effect("get decodes a denied nodes include as null (§10.2 LocationControllerTest)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        Wire.ok(
          Wire.item("location", { ...Wire.location(1, { long: null }), relationships: { nodes: Wire.NULL_RESOURCE } })
        )
      )
      const location = yield* api.locations.get(1, { include: ["nodes"] })
      expect(location.long).toBeNull()
      expect(location.relationships?.nodes).toBeNull()
    })
  )

  it.effect("create, update and delete hit their routes; create returns meta.resource", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake((request) =>
        request.method === "POST"
          ? Wire.created({
              ...Wire.item("location", Wire.location(4, { short: "us-east" })),
              meta: { resource: "https://panel.example/api/application/locations/4" }
            })
          : request.method === "PATCH"
            ? Wire.ok(Wire.item("location", Wire.location(4, { short: "us-east", long: "Virginia" })))
            : request.method === "GET"
              ? Wire.ok(Wire.item("location", Wire.location(4, { short: "us-east", long: "US East" })))
              : Wire.noContent
      )
      const created = yield* api.locations.create({ short: "us-east", long: "US East" })
      const updated = yield* api.locations.update(4, { long: "Virginia" })
      yield* api.locations.delete(4)
      expect(created).toMatchObject({
        value: { short: "us-east" },
        resource: "https://panel.example/api/application/locations/4"
      })
      expect(updated.long).toBe("Virginia")
      expect(
        requests.map((request) => [request.method, request.url.pathname, request.body && JSON.parse(request.body)])
      ).toEqual([
        ["POST", "/api/application/locations", { short: "us-east", long: "US East" }],
        // The current `short` completes the update: the panel requires it (creation rules).
        ["GET", "/api/application/locations/4", undefined],
        ["PATCH", "/api/application/locations/4", { short: "us-east", long: "Virginia" }],
        ["DELETE", "/api/application/locations/4", undefined]
      ])
    })
  )

  it.effect("short must be 1–60 characters; refused before sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      const long = yield* Effect.flip(api.locations.create({ short: "x".repeat(61) }))
      const blank = yield* Effect.flip(api.locations.update(1, { short: "" }))
      expect(long).toMatchObject({
        _tag: "ValidationFailed",
        source: "client",
        issues: [{ field: "short", rule: "between" }]
      })
      expect(blank).toMatchObject({
        _tag: "ValidationFailed",
        source: "client",
        issues: [{ field: "short", rule: "required" }]
      })
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("deleting a location with nodes is the panel's 400 HasActiveNodesException", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        panelError(400, "HasActiveNodesException", "Cannot delete a location that has active nodes attached to it.")
      )
      const error = yield* Effect.flip(api.locations.delete(1))
      expect(error).toMatchObject({
        _tag: "PanelRequestRejected",
        detail: "Cannot delete a location that has active nodes attached to it."
      })
    })
  )
})
