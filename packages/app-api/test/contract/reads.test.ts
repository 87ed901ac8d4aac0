// Every success payload of contract/application, decoded through ApplicationApi over a canned
// transport that answers it the way the panel does; the request must be the payload's route.
import { describe, expect, it } from "@effect/vitest"
import type { ApplicationApi } from "@ptero-effect/app-api"
import { Effect, Redacted } from "effect"
import { withFake } from "../utils/api.js"
import { names, payload, reply, routeIn, sortedRouteOf } from "./corpus.js"

type Api = ApplicationApi.Service

interface Case {
  readonly call: (api: Api) => Effect.Effect<unknown, unknown>
  readonly check: (value: any) => void
  /** Why the library cannot send the payload's exact route, if it cannot. */
  readonly otherRoute?: string
}

const userInput = { email: "grace@example.com", username: "grace", first_name: "Grace", last_name: "Hopper" }
const nodeInput = {
  name: "Node 3",
  location_id: 1,
  fqdn: "node3.example.com",
  scheme: "https",
  memory: 16384,
  memory_overallocate: 0,
  disk: 204800,
  disk_overallocate: -1,
  daemon_listen: 8080,
  daemon_sftp: 2022
} as const
const serverInput = {
  name: "Creative",
  user: 2,
  egg: 5,
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  startup: "java -Xms128M -Xmx{{SERVER_MEMORY}}M -jar {{SERVER_JARFILE}}",
  environment: { SERVER_JARFILE: "server.jar", BUILD_NUMBER: "latest" },
  limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200 },
  feature_limits: { databases: null, backups: null },
  deploy: { locations: [1], dedicated_ip: false, port_range: [] }
}
const allServerIncludes = [
  "allocations",
  "user",
  "subusers",
  "nest",
  "egg",
  "variables",
  "location",
  "node",
  "databases"
] as const

const cases: Record<string, Case> = {
  user: {
    call: (api) => api.users.get(2),
    check: (user) => {
      expect(user).toMatchObject({ id: 2, external_id: "crm-2", first_name: "Ada", "2fa": false })
      expect(user.relationships).toBeUndefined()
    }
  },
  "user-with-servers": {
    call: (api) => api.users.get(2, { include: ["servers"] }),
    check: (user) => expect(user.relationships.servers.map((server: any) => server.external_id)).toEqual(["srv-7"])
  },
  "users-list-page-1": {
    call: (api) => api.users.list({ per_page: 2 }),
    check: (page) => {
      expect(page).toMatchObject({ total: 3, count: 2, perPage: 2, currentPage: 1, totalPages: 2 })
      // A user from before 2017_01_12_135449_add_more_user_data has no names.
      expect(page.items[1]).toMatchObject({ username: "olduser", first_name: null, last_name: null })
    }
  },
  "users-list-page-2": {
    call: (api) => api.users.list({ per_page: 2, page: 2 }),
    check: (page) => expect(page).toMatchObject({ currentPage: 2, totalPages: 2, count: 1 })
  },
  "users-list-middle-page": {
    call: (api) => api.users.list({ per_page: 1, page: 2 }),
    check: (page) => expect(page).toMatchObject({ currentPage: 2, totalPages: 3 })
  },
  "users-list-single-page": {
    call: (api) => api.users.list({ filter: { email: "ada" } }),
    check: (page) => expect(page).toMatchObject({ total: 1, totalPages: 1, items: [{ username: "ada" }] })
  },
  "user-created": {
    call: (api) => api.users.create(userInput),
    check: (created) => {
      expect(created.resource).toBe("https://panel.example.com/api/application/users/4")
      expect(created.value).toMatchObject({ id: 4, root_admin: false, language: "en" })
    }
  },
  node: {
    call: (api) => api.nodes.get(1, { include: ["allocations", "location", "servers"] }),
    check: (node) => {
      expect(node.allocated_resources).toEqual({ memory: 3072, disk: 15360 })
      expect(node.daemon_base).toBe("/var/lib/pterodactyl/volumes")
      expect(node.relationships.allocations.map((allocation: any) => allocation.alias)).toEqual([
        "play.example.com",
        null
      ])
      expect(node.relationships.location.short).toBe("de-fra")
      expect(node.relationships.servers[0].id).toBe(7)
    }
  },
  "nodes-list": {
    call: (api) => api.nodes.list(),
    check: (page) =>
      expect(page.items[1]).toMatchObject({
        description: null,
        public: false,
        memory_overallocate: -1,
        allocated_resources: { memory: 0, disk: 0 }
      })
  },
  "node-created": {
    call: (api) => api.nodes.create(nodeInput),
    check: (created) => {
      expect(created.resource).toBe("https://panel.example.com/api/application/nodes/3")
      expect(created.value.description).toBeNull()
    }
  },
  "node-configuration": {
    call: (api) => api.nodes.configuration(1),
    check: (configuration) => {
      expect(Redacted.isRedacted(configuration.token)).toBe(true)
      expect(configuration.api.ssl.cert).toBe("/etc/letsencrypt/live/node1.example.com/fullchain.pem")
      expect(configuration.remote).toBe("https://panel.example.com")
    }
  },
  "nodes-deployable": {
    call: (api) => api.nodes.deployable({ memory: 1024, disk: 2048, location_ids: [1] }),
    check: (nodes) =>
      expect(nodes.map((node: any) => [node.id, node.sum_memory, node.sum_disk])).toEqual([[1, 3072, 15360]])
  },
  "nodes-deployable-paged": {
    call: (api) => api.nodes.deployable({ memory: 1024, disk: 2048 }),
    check: (nodes) =>
      expect(nodes.map((node: any) => [node.id, node.sum_memory])).toEqual([
        [1, 3072],
        [2, 0]
      ]),
    otherRoute: "nodes.deployable never sends `page`; the paginated form still decodes to its items"
  },
  "allocations-list": {
    call: (api) => api.allocations.list(1, { include: ["node", "server"] }),
    check: (page) => {
      expect(page.items[0].relationships.server.id).toBe(7)
      expect(page.items[0].relationships.node.id).toBe(1)
      // AllocationTransformer::includeServer: an unassigned allocation's server is a null resource.
      expect(page.items[1]).toMatchObject({ assigned: false, relationships: { server: null } })
    }
  },
  "allocations-list-denied-includes": {
    call: (api) => api.allocations.list(1, { include: ["node", "server"] }),
    check: (page) => expect(page.items[0].relationships).toEqual({ node: null, server: null })
  },
  location: {
    call: (api) => api.locations.get(1, { include: ["nodes", "servers"] }),
    check: (location) => {
      expect(location.long).toBe("Frankfurt, Germany")
      expect(location.relationships.nodes[0].fqdn).toBe("node1.example.com")
      expect(location.relationships.servers[0].identifier).toBe("1a7ce997")
    }
  },
  "locations-list": {
    call: (api) => api.locations.list(),
    check: (page) => expect(page.items.map((location: any) => location.long)).toEqual(["Frankfurt, Germany", null])
  },
  "location-created": {
    call: (api) => api.locations.create({ short: "uk-lon" }),
    check: (created) => {
      expect(created.value.long).toBeNull()
      expect(created.resource).toBe("https://panel.example.com/api/application/locations/3")
    }
  },
  server: {
    call: (api) => api.servers.get(7),
    check: (server) => {
      expect(server).toMatchObject({ external_id: "srv-7", status: null, suspended: false })
      expect(server.container.image).toBe("ghcr.io/pterodactyl/yolks:java_17")
      expect(server.relationships).toBeUndefined()
    }
  },
  "server-all-includes": {
    call: (api) => api.servers.get(7, { include: allServerIncludes }),
    check: (server) => {
      const related = server.relationships
      expect(related.allocations.map((allocation: any) => allocation.id)).toEqual([12, 14])
      expect(related.user.username).toBe("ada")
      // ServerTransformer::includeSubusers (`subuser`), a nullable permissions column.
      expect(related.subusers.map((subuser: any) => subuser.permissions)).toEqual([
        ["control.console", "control.start", "file.read"],
        null
      ])
      expect(related.nest.name).toBe("Minecraft")
      expect(related.egg.config.logs).toEqual({})
      expect(related.variables.map((variable: any) => variable.server_value)).toEqual(["server.jar", null, "latest"])
      expect(related.variables[2].created_at).toBeNull()
      expect(related.location.short).toBe("de-fra")
      expect(related.node.id).toBe(1)
      // ServerTransformer::includeDatabases (`databases`), a nullable max_connections.
      expect(related.databases.map((database: any) => database.max_connections)).toEqual([0, null])
    }
  },
  "server-denied-includes": {
    call: (api) => api.servers.get(7, { include: ["user", "subusers", "egg", "databases", "variables"] }),
    check: (server) => {
      expect(server.relationships).toMatchObject({ user: null, subusers: null, egg: null, databases: null })
      expect(server.relationships.variables).toHaveLength(3)
      expect(server.limits).toMatchObject({ swap: -1, threads: "0-1,3", oom_disabled: false })
      expect(server.feature_limits).toEqual({ databases: null, allocations: null, backups: 0 })
      expect(server.container.environment.P_SERVER_ALLOCATION_LIMIT).toBeNull()
    }
  },
  "servers-list": {
    call: (api) => api.servers.list({ per_page: 1 }),
    check: (page) => expect(page).toMatchObject({ total: 2, totalPages: 2, items: [{ id: 7 }] })
  },
  "server-created": {
    call: (api) => api.servers.create(serverInput),
    check: (server) => {
      expect(server).toMatchObject({ id: 8, status: "installing", feature_limits: { databases: 0, allocations: 0 } })
      expect(server.container.installed).toBe(0)
    }
  },
  database: {
    call: (api) => api.databases.get(7, 3, { include: ["password", "host"] }),
    check: (database) => {
      expect(Redacted.value(database.relationships.password.password)).toBe("q8#Lr!2zWv@9Xt$kP4m&Yb7n")
      expect(database.relationships.host).toMatchObject({ id: 2, node: null, port: 3306 })
    }
  },
  "databases-list": {
    call: (api) => api.databases.list(7, { include: ["host"] }),
    check: (databases) => {
      expect(databases.map((database: any) => database.relationships.host)).toEqual([null, null])
      expect(databases[1].max_connections).toBeNull()
    }
  },
  "database-created": {
    call: (api) => api.databases.create(7, { database: "stats", remote: "%", host: 2 }),
    check: (created) => {
      expect(created.value).toMatchObject({ database: "s7_stats", max_connections: null })
      expect(created.resource).toBe("https://panel.example.com/api/application/servers/7/databases/5")
    }
  },
  "database-host-linked": {
    call: (api) => api.databases.get(7, 4, { include: ["host"] }),
    check: (database) => expect(database.relationships.host.node).toBe(1)
  },
  nest: {
    call: (api) => api.nests.get(1, { include: ["eggs", "servers"] }),
    check: (nest) => {
      expect(nest.relationships.eggs[0].docker_images).toEqual({
        "Java 17": "ghcr.io/pterodactyl/yolks:java_17",
        "Java 11": "ghcr.io/pterodactyl/yolks:java_11"
      })
      expect(nest.relationships.servers[0].id).toBe(7)
    }
  },
  "nests-list": {
    call: (api) => api.nests.list(),
    check: (page) => expect(page.items.map((nest: any) => nest.description === null)).toEqual([false, true])
  },
  "eggs-list": {
    call: (api) => api.eggs.list(1),
    check: (eggs) => {
      const [paper, admin, legacy] = eggs
      expect(paper.config.file_denylist).toEqual([])
      // An egg made in the admin area: no deny list; "{}" columns decoded by json_decode(…, true).
      expect(admin.config).toMatchObject({ file_denylist: null, startup: {}, logs: {}, files: {} })
      // A legacy row: no startup, no images (`[]`, an empty PHP array).
      expect(legacy).toMatchObject({ startup: null, docker_image: "", docker_images: {} })
      expect(legacy.config).toMatchObject({ startup: null, logs: null, stop: null })
    }
  },
  "egg-with-includes": {
    call: (api) => api.eggs.get(1, 6, { include: ["nest", "servers", "config", "script", "variables"] }),
    check: (egg) => {
      expect(egg.config.extends).toBe(5)
      expect(egg.relationships.config).toEqual({
        files: {},
        startup: { done: ")! For help, type " },
        stop: "stop",
        logs: {}
      })
      expect(egg.relationships.script.install).toContain("Paper Installation Script")
      expect(egg.relationships.servers).toEqual([])
      expect(egg.relationships.variables).toEqual([])
    }
  },
  "egg-inheriting-nulls": {
    call: (api) => api.eggs.get(1, 10, { include: ["config", "script"] }),
    check: (egg) => {
      expect(egg.relationships.config).toEqual({ files: {}, startup: null, stop: null, logs: null })
      expect(egg.relationships.script).toEqual({
        privileged: true,
        install: null,
        entry: "ash",
        container: "alpine:3.4"
      })
    }
  },
  "egg-own-config": {
    call: (api) => api.eggs.get(1, 5, { include: ["config", "script", "variables"] }),
    check: (egg) => {
      expect(egg.relationships).toMatchObject({ config: null, script: null })
      expect(egg.relationships.variables.map((variable: any) => variable.env_variable)).toEqual([
        "SERVER_JARFILE",
        "MINECRAFT_VERSION",
        "BUILD_NUMBER"
      ])
    }
  }
}

describe("contract/application: success payloads decode through ApplicationApi", () => {
  it("every payload that is not an error body has a case here", () => {
    expect(Object.keys(cases).sort()).toEqual(names.filter((name) => !name.startsWith("error-")))
  })

  for (const [name, testCase] of Object.entries(cases)) {
    it.effect(`${name}: ${payload(name).route}`, () =>
      Effect.gen(function* () {
        const { api, requests } = yield* withFake(() => reply(name))
        const value = yield* testCase.call(api)
        testCase.check(value)
        expect(requests).toHaveLength(1)
        if (testCase.otherRoute === undefined) expect(sortedRouteOf(requests[0]!)).toBe(routeIn(name))
      })
    )
  }
})
