import { describe, expect, it } from "@effect/vitest"
import type { Servers } from "@ptero-effect/app-api"
import { Chunk, Effect, Stream } from "effect"
import { seen, withFake } from "./utils/api.js"
import { panelError } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const base = {
  name: "Survival",
  user: 1,
  egg: 5,
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  startup: "java -jar {{SERVER_JARFILE}}",
  environment: { SERVER_JARFILE: "server.jar" },
  limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200 },
  feature_limits: { databases: 1, allocations: 1, backups: 2 }
} satisfies Omit<Servers.CreateWithDeploy, "deploy">

describe("servers (§8.2 Servers)", () => {
  it.effect("list sends §7.2 filters and sorts; stream keeps them on every page", () =>
    Effect.gen(function* () {
      const all = Array.from({ length: 5 }, (_, i) => Wire.server(i + 1))
      const { api, requests } = yield* withFake((request) =>
        Wire.ok(Wire.page("server", all, Number(request.url.searchParams.get("page") ?? 1), 2))
      )
      const servers = yield* Stream.runCollect(
        api.servers.stream({ filter: { uuidShort: "1a7c", external_id: "crm" }, sort: "-id", per_page: 2 })
      )
      expect(Chunk.toReadonlyArray(servers).map((server) => server.id)).toEqual([1, 2, 3, 4, 5])
      expect(requests.map((request) => seen(request).query)).toEqual(
        ["1", "2", "3"].map((page) => ({
          "filter[uuidShort]": "1a7c",
          "filter[external_id]": "crm",
          sort: "-id",
          per_page: "2",
          page
        }))
      )
      expect(requests.every((request) => request.url.pathname === "/api/application/servers")).toBe(true)
    })
  )

  it.effect("get decodes §9.2 fields and every include; denied ones are null (§3.4)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(
          Wire.item("server", {
            ...Wire.server(7, { status: "suspended", suspended: true, external_id: "crm-7" }),
            relationships: {
              allocations: Wire.list("allocation", [Wire.allocation(10, { assigned: true })]),
              user: Wire.item("user", Wire.user(1)),
              // ServerTransformer::includeSubusers names the items `subuser`.
              subusers: Wire.list("subuser", [
                {
                  id: 1,
                  user_id: 2,
                  server_id: 7,
                  permissions: ["control.console"],
                  created_at: Wire.TIMESTAMP,
                  updated_at: Wire.TIMESTAMP
                }
              ]),
              nest: Wire.item("nest", Wire.nest(1)),
              egg: Wire.item("egg", Wire.egg(5)),
              variables: Wire.list("server_variable", [{ ...Wire.eggVariable(1), server_value: "paper.jar" }]),
              location: Wire.NULL_RESOURCE,
              node: Wire.item("node", Wire.node(1)),
              databases: Wire.NULL_RESOURCE
            }
          })
        )
      )
      const server = yield* api.servers.get(7, {
        include: ["allocations", "user", "subusers", "nest", "egg", "variables", "location", "node", "databases"]
      })
      expect(seen(requests[0]!)).toEqual({
        method: "GET",
        path: "/api/application/servers/7",
        query: { include: "allocations,user,subusers,nest,egg,variables,location,node,databases" }
      })
      expect(server.status).toBe("suspended")
      expect(server.container.installed).toBe(1)
      expect(server.relationships?.allocations?.[0]?.port).toBe(25575)
      expect(server.relationships?.user?.username).toBe("user1")
      expect(server.relationships?.subusers?.[0]?.permissions).toEqual(["control.console"])
      expect(server.relationships?.egg?.docker_images).toEqual({ "Java 17": "ghcr.io/pterodactyl/yolks:java_17" })
      expect(server.relationships?.variables?.[0]?.server_value).toBe("paper.jar")
      expect(server.relationships?.node?.allocated_resources).toEqual({ memory: 2048, disk: 10240 })
      expect(server.relationships?.location).toBeNull()
      expect(server.relationships?.databases).toBeNull()
    })
  )

  it.effect("getByExternalId reads /servers/external/{external_id}", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() =>
        Wire.ok(Wire.item("server", Wire.server(3, { external_id: "a b" })))
      )
      const server = yield* api.servers.getByExternalId("a b")
      expect(server.external_id).toBe("a b")
      expect(requests[0]?.url.pathname).toBe("/api/application/servers/external/a%20b")
    })
  )

  it.effect("create with deploy posts the deploy block and returns the server (201, no meta.resource)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.created(Wire.item("server", Wire.server(8))))
      const server = yield* api.servers.create({
        ...base,
        deploy: { locations: [1, 2], dedicated_ip: false, port_range: ["25565-25570", "27015"] }
      })
      expect(server.id).toBe(8)
      expect(seen(requests[0]!)).toEqual({ method: "POST", path: "/api/application/servers", query: {} })
      expect(JSON.parse(requests[0]?.body ?? "")).toEqual({
        ...base,
        deploy: { locations: [1, 2], dedicated_ip: false, port_range: ["25565-25570", "27015"] }
      })
    })
  )

  it.effect("create with allocation posts allocation.default and additional", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.created(Wire.item("server", Wire.server(9))))
      yield* api.servers.create({ ...base, allocation: { default: 10, additional: [11, 12] } })
      expect(JSON.parse(requests[0]?.body ?? "").allocation).toEqual({ default: 10, additional: [11, 12] })
    })
  )

  it.effect(
    "create refuses port_range entries the panel drops or cannot match, and a blank name, without sending",
    () =>
      Effect.gen(function* () {
        const { api, requests } = yield* withFake(() => Wire.created(Wire.item("server", Wire.server(9))))
        const error = yield* Effect.flip(
          api.servers.create({
            ...base,
            name: "  ",
            // AllocationSelectionService::setPorts: digits are kept whatever their value ("70000"),
            // "80-90" and "ok" are dropped, a descending range is searched with BETWEEN and matches nothing,
            // and a range whose ends differ by more than 1000 is its 400.
            deploy: {
              locations: [1],
              dedicated_ip: false,
              port_range: ["25570-25565", "70000", "ok", "80-90", "25000-26001", "25000-26000"]
            }
          })
        )
        expect(error._tag).toBe("ValidationFailed")
        if (error._tag !== "ValidationFailed") return
        expect(error.source).toBe("client")
        expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
          ["name", "required"],
          ["deploy.port_range.0", "port_range"],
          ["deploy.port_range.2", "port_range"],
          ["deploy.port_range.3", "port_range"],
          ["deploy.port_range.4", "too_many_ports_in_range"]
        ])
        expect(requests).toHaveLength(0)
      })
  )

  it.effect(
    "create sends an empty deploy.locations (any location, FindViableNodesService::handle) and ports as strings",
    () =>
      Effect.gen(function* () {
        const { api, requests } = yield* withFake(() => Wire.created(Wire.item("server", Wire.server(9))))
        yield* api.servers.create({
          ...base,
          deploy: { locations: [], dedicated_ip: true, port_range: [25565, " 27015 "] }
        })
        expect(JSON.parse(requests[0]?.body ?? "").deploy).toEqual({
          locations: [],
          dedicated_ip: true,
          port_range: ["25565", "27015"]
        })
      })
  )

  it.effect("create without allocation or deploy is refused before sending", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.created(Wire.item("server", Wire.server(9))))
      const input = { ...base } as unknown as Servers.CreateInput
      const error = yield* Effect.flip(api.servers.create(input))
      expect(error).toMatchObject({ _tag: "ValidationFailed", source: "client" })
      expect(requests).toHaveLength(0)
    })
  )

  it.effect("details, build and startup are PATCHes of their own paths; complete inputs need no read", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.item("server", Wire.server(4))))
      yield* api.servers.updateDetails(4, { name: "Creative", user: 2, external_id: null, description: "for builders" })
      yield* api.servers.updateBuild(4, {
        allocation: 10,
        limits: { memory: 4096, swap: 0, disk: 20480, io: 500, cpu: 300 },
        add_allocations: [11],
        remove_allocations: [12],
        feature_limits: { databases: 2, allocations: 2, backups: 4 }
      })
      yield* api.servers.updateStartup(4, {
        startup: "java -jar x.jar",
        image: "ghcr.io/pterodactyl/yolks:java_21",
        egg: 5,
        skip_scripts: true
      })
      expect(requests.map((request) => [request.method, request.url.pathname])).toEqual([
        ["PATCH", "/api/application/servers/4/details"],
        ["PATCH", "/api/application/servers/4/build"],
        ["PATCH", "/api/application/servers/4/startup"]
      ])
      expect(JSON.parse(requests[1]?.body ?? "").feature_limits).toEqual({ databases: 2, allocations: 2, backups: 4 })
      expect(JSON.parse(requests[2]?.body ?? "")).toEqual({
        startup: "java -jar x.jar",
        environment: {},
        egg: 5,
        image: "ghcr.io/pterodactyl/yolks:java_21",
        skip_scripts: true
      })
    })
  )

  it.effect("updateDetails keeps external_id and description it was not given (the panel would wipe them)", () =>
    Effect.gen(function* () {
      const current = Wire.server(4, { external_id: "crm-4", description: "kept" })
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.item("server", current)))
      yield* api.servers.updateDetails(4, { name: "Renamed" })
      expect(requests.map((request) => request.method)).toEqual(["GET", "PATCH"])
      // UpdateServerDetailsRequest::validated reads all four with input(): absent would be null / "".
      expect(JSON.parse(requests[1]?.body ?? "")).toEqual({
        name: "Renamed",
        user: current.user,
        external_id: "crm-4",
        description: "kept"
      })
    })
  )

  it.effect(
    "updateBuild completes allocation, limits and feature limits from the server (the panel requires them)",
    () =>
      Effect.gen(function* () {
        const current = Wire.server(4)
        const { api, requests } = yield* withFake(() => Wire.ok(Wire.item("server", current)))
        yield* api.servers.updateBuild(4, { limits: { memory: 4096 }, feature_limits: { backups: 9 } })
        const { oom_disabled: _, ...limits } = current.limits
        expect(JSON.parse(requests[1]?.body ?? "")).toEqual({
          allocation: current.allocation,
          limits: { ...limits, memory: 4096 },
          feature_limits: { ...current.feature_limits, backups: 9 }
        })
      })
  )

  it.effect("updateStartup fills startup, image and egg, and sends the other variables' current values", () =>
    Effect.gen(function* () {
      const variable = (id: number, env: string, server_value: string | null) => ({
        ...Wire.eggVariable(id),
        env_variable: env,
        default_value: `default-${env}`,
        server_value
      })
      const current = {
        ...Wire.server(4),
        relationships: {
          variables: Wire.list("server_variable", [
            variable(1, "A", "old"),
            variable(2, "B", "kept"),
            variable(3, "C", null)
          ])
        }
      }
      const { api, requests } = yield* withFake(() => Wire.ok(Wire.item("server", current)))
      yield* api.servers.updateStartup(4, { environment: { A: "new" }, skip_scripts: false })
      expect(seen(requests[0]!)).toEqual({
        method: "GET",
        path: "/api/application/servers/4",
        query: { include: "variables" }
      })
      // StartupModificationService::handle rewrites every variable of the egg, a missing one as "".
      expect(JSON.parse(requests[1]?.body ?? "")).toEqual({
        startup: current.container.startup_command,
        environment: { A: "new", B: "kept", C: "default-C" },
        egg: current.egg,
        image: current.container.image,
        skip_scripts: false
      })
    })
  )

  it.effect("suspend during a transfer and reinstall during a power action are ServerStateConflict (409)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake((request) =>
        request.url.pathname.endsWith("/suspend")
          ? panelError(
              409,
              "ConflictHttpException",
              "Cannot toggle suspension status on a server that is currently being transferred."
            )
          : panelError(409, "DaemonConnectionException", "An error occurred on the remote host: busy.. (request id: x)")
      )
      const suspend = yield* Effect.flip(api.servers.suspend(4))
      const reinstall = yield* Effect.flip(api.servers.reinstall(4))
      expect(suspend).toMatchObject({ _tag: "ServerStateConflict", code: "ConflictHttpException" })
      expect(reinstall).toMatchObject({ _tag: "ServerStateConflict", code: "DaemonConnectionException" })
    })
  )

  it.effect("suspend, unsuspend, reinstall, delete and force delete hit their routes (204)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* withFake(() => Wire.noContent)
      yield* api.servers.suspend(4)
      yield* api.servers.unsuspend(4)
      yield* api.servers.reinstall(4)
      yield* api.servers.delete(4)
      yield* api.servers.delete(4, { force: true })
      expect(requests.map((request) => [request.method, request.url.pathname])).toEqual([
        ["POST", "/api/application/servers/4/suspend"],
        ["POST", "/api/application/servers/4/unsuspend"],
        ["POST", "/api/application/servers/4/reinstall"],
        ["DELETE", "/api/application/servers/4"],
        ["DELETE", "/api/application/servers/4/force"]
      ])
    })
  )

  it.effect("suspending a missing server is NotFound", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        panelError(404, "NotFoundHttpException", "The requested resource could not be found on the server.")
      )
      const error = yield* Effect.flip(api.servers.suspend(404))
      expect(error).toMatchObject({ _tag: "NotFound", path: "/api/application/servers/404/suspend" })
    })
  )

  it.effect("a 403 for a key without r_servers write is InsufficientPermissions (§2.4 row 12)", () =>
    Effect.gen(function* () {
      const { api } = yield* withFake(() =>
        panelError(403, "AccessDeniedHttpException", "This action is unauthorized.")
      )
      const error = yield* Effect.flip(api.servers.reinstall(1))
      expect(error).toMatchObject({ _tag: "InsufficientPermissions", reason: "unauthorized" })
    })
  )
})
