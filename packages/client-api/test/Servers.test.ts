import { describe, expect, it } from "@effect/vitest"
import { Permissions } from "@ptero-effect/client-api"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { fakeApi, json, noContent, panelError, routes } from "./utils/fake.js"
import * as Wire from "./utils/wire.js"

const notVisible = panelError(404, "NotFoundHttpException", "The requested resource does not exist on this server.")
const suspended = panelError(
  409,
  "ServerStateConflictException",
  "This server is currently suspended and the functionality requested is unavailable."
)

describe("servers (§8.1, §4.1, §4.6, §9.1 server)", () => {
  it.effect("list sends type, §7.2 filters including filter[*], include joined by commas, page and per_page", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.list("server", [Wire.server()], { pagination: Wire.pagination(1, 1, 10, 1) }))
      )
      const page = yield* api.servers.list({
        type: "admin-all",
        filter: { name: "surv", "*": "10.0.0.5:25565", uuid: undefined },
        include: ["egg", "subusers"],
        per_page: 10
      })
      const params = requests[0]!.url.searchParams
      expect(requests[0]!.url.pathname).toBe("/api/client")
      expect(params.get("type")).toBe("admin-all")
      expect(params.get("filter[name]")).toBe("surv")
      expect(params.get("filter[*]")).toBe("10.0.0.5:25565")
      expect(params.has("filter[uuid]")).toBe(false)
      expect(params.get("include")).toBe("egg,subusers")
      expect(params.get("per_page")).toBe("10")
      expect(page.items[0]!.identifier).toBe("1a7ce997")
      expect(page.items[0]!.relationships.allocations.data[0]!.attributes.port).toBe(25565)
    })
  )

  it.effect("decodes a subuser's view: variables as null_resource, subusers include as null_resource (§4.5)", () =>
    Effect.gen(function* () {
      const restricted = Wire.server("1a7ce997", {
        server_owner: false,
        invocation: "java -jar [hidden]",
        relationships: {
          allocations: Wire.list("allocation", [Wire.allocation(1)]),
          variables: Wire.nullResource,
          egg: Wire.item("egg", { uuid: "e-uuid", name: "Paper" }),
          subusers: Wire.nullResource
        }
      })
      const { api } = yield* fakeApi(() =>
        json(200, Wire.list("server", [restricted], { pagination: Wire.pagination(1, 1, 50, 1) }))
      )
      const [server] = (yield* api.servers.list({ include: ["egg", "subusers"] })).items
      expect(server!.relationships.variables.object).toBe("null_resource")
      expect(server!.relationships.subusers?.object).toBe("null_resource")
      expect(server!.relationships.egg?.attributes.name).toBe("Paper")
    })
  )

  it.effect("stream walks every page and repeats type, filters, include and per_page on each (peer pitfall 3)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi((request) => {
        const page = Number(request.url.searchParams.get("page"))
        return json(
          200,
          Wire.list("server", [Wire.server(`0000000${page}`)], { pagination: Wire.pagination(3, 1, 1, page) })
        )
      })
      const servers = yield* Stream.runCollect(
        api.servers.stream({ type: "owner", filter: { name: "s" }, include: ["egg"], per_page: 1 })
      )
      expect(Chunk.toArray(servers).map((s) => s.identifier)).toEqual(["00000001", "00000002", "00000003"])
      expect(requests.map((r) => r.url.search)).toEqual(
        [1, 2, 3].map((page) => `?type=owner&page=${page}&per_page=1&include=egg&filter%5Bname%5D=s`)
      )
    })
  )

  // app/Http/Controllers/Api/Client/ClientController.php::index: min(per_page, 100), no rule.
  it.effect("list sends a per_page above 100 as is: the panel caps it (§4.6)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.list("server", [], { pagination: Wire.pagination(0, 0, 100, 1) }))
      )
      const page = yield* api.servers.list({ per_page: 500 })
      expect(requests[0]!.url.searchParams.get("per_page")).toBe("500")
      expect(page.perPage).toBe(100)
    })
  )

  it.effect("get returns the server with meta.is_server_owner and meta.user_permissions", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(
        routes({
          "GET /api/client/servers/1a7ce997": json(200, {
            ...Wire.item("server", Wire.server()),
            meta: { is_server_owner: false, user_permissions: ["websocket.connect", "control.start"] }
          })
        })
      )
      const view = yield* api.servers.get("1a7ce997")
      expect(view.is_server_owner).toBe(false)
      expect(view.user_permissions).toEqual(["websocket.connect", "control.start"])
      expect(view.server.uuid).toMatch(/^1a7ce997-/)
      expect(requests[0]!.method).toBe("GET")
    })
  )

  it.effect("get: a server the user cannot see is NotFound with the panel's detail (§4.1)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => notVisible)
      const error = yield* Effect.flip(api.servers.get("deadbeef"))
      expect(error._tag).toBe("NotFound")
      if (error._tag === "NotFound") expect(error.detail).toBe("The requested resource does not exist on this server.")
    })
  )

  it.effect("get is allowed in any state, so a 409 there is UnexpectedResponse, not a typed conflict (§4.1)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() => suspended)
      const error = yield* Effect.flip(api.servers.get("1a7ce997"))
      expect(error._tag).toBe("UnexpectedResponse")
      if (error._tag === "UnexpectedResponse") expect(error.issue).toContain("ServerStateConflict")
    })
  )

  it.effect("path segments are encoded: a full UUID or odd input cannot escape the server path", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => notVisible)
      yield* Effect.flip(api.servers.resources("../account"))
      expect(requests[0]!.url.pathname).toBe("/api/client/servers/..%2Faccount/resources")
    })
  )

  it.effect("websocket returns the socket and a redacted token; 409 on a suspended server is ServerStateConflict", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(
        routes({
          "GET /api/client/servers/1a7ce997/websocket": json(200, {
            data: { token: "jwt.payload.sig", socket: "wss://node1.example.com:8080/api/servers/uuid/ws" }
          }),
          "GET /api/client/servers/bbbbbbbb/websocket": suspended
        })
      )
      const credentials = yield* api.servers.websocket("1a7ce997")
      expect(credentials.socket).toMatch(/^wss:\/\/.*\/ws$/)
      expect(Redacted.value(credentials.token)).toBe("jwt.payload.sig")
      expect(String(credentials.token)).not.toContain("jwt")
      const error = yield* Effect.flip(api.servers.websocket("bbbbbbbb"))
      expect(error._tag).toBe("ServerStateConflict")
    })
  )

  it.effect("a subuser without websocket.connect gets InsufficientPermissions with HttpForbiddenException (§4.4)", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(403, "HttpForbiddenException", "You do not have permission to connect to this server's websocket.")
      )
      const error = yield* Effect.flip(api.servers.websocket("1a7ce997"))
      expect(error._tag).toBe("InsufficientPermissions")
      if (error._tag === "InsufficientPermissions") expect(error.code).toBe("HttpForbiddenException")
    })
  )

  it.effect("resources decodes stats", () =>
    Effect.gen(function* () {
      const stats = {
        current_state: "running",
        is_suspended: false,
        resources: {
          memory_bytes: 1024,
          cpu_absolute: 12.5,
          disk_bytes: 2048,
          network_rx_bytes: 1,
          network_tx_bytes: 2,
          uptime: 3600
        }
      }
      const { api } = yield* fakeApi(
        routes({ "GET /api/client/servers/1a7ce997/resources": json(200, Wire.item("stats", stats)) })
      )
      expect(yield* api.servers.resources("1a7ce997")).toEqual(stats)
    })
  )

  it.effect("activity lists one page of the server's log with the event filter", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() =>
        json(200, Wire.list("activity_log", [Wire.activity("x")], { pagination: Wire.pagination(1, 1, 25, 1) }))
      )
      const page = yield* api.servers.activity.list("1a7ce997", { filter: { event: "server:power" } })
      expect(page.items[0]!.event).toBe("server:power.start")
      expect(requests[0]!.url.pathname).toBe("/api/client/servers/1a7ce997/activity")
      expect(requests[0]!.url.searchParams.get("filter[event]")).toBe("server:power")
    })
  )

  it.effect("command posts {command}; an empty one is refused (rule required) without a request", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(routes({ "POST /api/client/servers/1a7ce997/command": noContent }))
      yield* api.servers.command("1a7ce997", "say hi")
      expect(requests[0]!.json).toEqual({ command: "say hi" })
      const error = yield* Effect.flip(api.servers.command("1a7ce997", "  "))
      expect(requests).toHaveLength(1)
      expect(error._tag === "ValidationFailed" && error.issues[0]).toMatchObject({ field: "command", rule: "required" })
    })
  )

  it.effect("command on an offline server is the panel's 502 as PanelServerError", () =>
    Effect.gen(function* () {
      const { api } = yield* fakeApi(() =>
        panelError(502, "HttpException", "Server must be online in order to send commands.")
      )
      const error = yield* Effect.flip(api.servers.command("1a7ce997", "say hi"))
      expect(error._tag).toBe("PanelServerError")
      if (error._tag === "PanelServerError")
        expect(error.detail).toBe("Server must be online in order to send commands.")
    })
  )

  it.effect("power posts the signal; an unknown signal is refused with rule in and the panel's detail", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(routes({ "POST /api/client/servers/1a7ce997/power": noContent }))
      yield* api.servers.power("1a7ce997", "kill")
      expect(requests[0]!.json).toEqual({ signal: "kill" })
      const error = yield* Effect.flip(api.servers.power("1a7ce997", "explode" as "kill"))
      expect(requests).toHaveLength(1)
      expect(error._tag === "ValidationFailed" && error.issues[0]).toEqual(
        expect.objectContaining({ field: "signal", rule: "in", detail: "The selected signal is invalid." })
      )
    })
  )

  it.effect("power on a suspended server is ServerStateConflict; never sent twice (POST)", () =>
    Effect.gen(function* () {
      const { api, requests } = yield* fakeApi(() => suspended)
      const error = yield* Effect.flip(api.servers.power("1a7ce997", "start"))
      expect(error._tag).toBe("ServerStateConflict")
      expect(requests).toHaveLength(1)
    })
  )

  it.effect("permissions decodes the §4.2 catalogue", () =>
    Effect.gen(function* () {
      const catalogue = {
        control: { description: "Control", keys: { console: "c", start: "s", stop: "t", restart: "r" } },
        websocket: { description: "Websocket", keys: { connect: "c" } }
      }
      const { api } = yield* fakeApi(
        routes({
          "GET /api/client/permissions": json(200, Wire.item("system_permissions", { permissions: catalogue }))
        })
      )
      const permissions = yield* api.permissions()
      expect(permissions.control?.keys.start).toBe("s")
      expect(Permissions.flatten(permissions)).toContain("websocket.connect")
    })
  )
})
