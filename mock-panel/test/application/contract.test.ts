// The mock's Application API answers have the shapes of the panel's, as contract/application
// records them: the same keys on every object, the same object names (includes too), and only
// JSON types (null included) the panel's payloads show for each field.
import { describe, expect, it } from "vitest"
import { usePanel } from "../helpers.js"
import { contract, corpus, type Shape, shapeOf } from "./shape.js"
import { NEW_NODE, send, startPanel, withChildEgg } from "./support.js"

// An egg that takes its configuration and install script from egg 1, for the config and script
// includes (EggTransformer::includeConfig / includeScript answer null resources otherwise).
const panel = usePanel(() => startPanel(withChildEgg({ name: "Paper (child)", config_from: 1, copy_script_from: 1 })))

interface Request {
  readonly method?: string
  readonly path: string
  readonly key?: string
  readonly body?: unknown
}

const ENVIRONMENT = {
  SERVER_JARFILE: "server.jar",
  MINECRAFT_VERSION: "1.21",
  BUILD_NUMBER: "latest",
  RCON_PASSWORD: "pw"
}
const ALL_SERVER_INCLUDES = "allocations,user,subusers,nest,egg,variables,location,node,databases"

// The mock's request answering the same route as each success payload (its fixture's ids).
const requests: Record<string, Request> = {
  user: { path: "/api/application/users/2" },
  "user-with-servers": { path: "/api/application/users/2?include=servers" },
  "users-list-page-1": { path: "/api/application/users?per_page=2" },
  "users-list-page-2": { path: "/api/application/users?per_page=2&page=2" },
  "users-list-middle-page": { path: "/api/application/users?per_page=1&page=2" },
  "users-list-single-page": { path: "/api/application/users?filter[email]=alice" },
  "user-created": {
    method: "POST",
    path: "/api/application/users",
    body: { email: "grace@example.com", username: "grace", first_name: "Grace", last_name: "Hopper" }
  },
  node: { path: "/api/application/nodes/1?include=allocations,location,servers" },
  "nodes-list": { path: "/api/application/nodes" },
  "node-created": {
    method: "POST",
    path: "/api/application/nodes",
    body: NEW_NODE
  },
  "node-configuration": { path: "/api/application/nodes/1/configuration" },
  "nodes-deployable": { path: "/api/application/nodes/deployable?memory=1&disk=1&location_ids[]=1" },
  "nodes-deployable-paged": { path: "/api/application/nodes/deployable?memory=1&disk=1&page=1" },
  "allocations-list": { path: "/api/application/nodes/1/allocations?include=node,server" },
  "allocations-list-denied-includes": {
    path: "/api/application/nodes/1/allocations?include=node,server",
    key: "limitedA"
  },
  location: { path: "/api/application/locations/1?include=nodes,servers" },
  "locations-list": { path: "/api/application/locations" },
  "location-created": { method: "POST", path: "/api/application/locations", body: { short: "uk-lon" } },
  server: { path: "/api/application/servers/1" },
  "server-all-includes": { path: `/api/application/servers/1?include=${ALL_SERVER_INCLUDES}` },
  "server-denied-includes": {
    path: "/api/application/servers/1?include=user,subusers,egg,databases,variables",
    key: "serversOnly"
  },
  "servers-list": { path: "/api/application/servers?per_page=1" },
  "server-created": {
    method: "POST",
    path: "/api/application/servers",
    body: {
      name: "Creative",
      user: 3,
      egg: 1,
      docker_image: "ghcr.io/pterodactyl/yolks:java_17",
      startup: "java -jar {{SERVER_JARFILE}}",
      environment: ENVIRONMENT,
      limits: { memory: 1024, swap: 0, disk: 2048, io: 500, cpu: 100 },
      feature_limits: { databases: null, backups: null },
      deploy: { locations: [], dedicated_ip: false, port_range: [] }
    }
  },
  database: { path: "/api/application/servers/1/databases/1?include=password,host" },
  "databases-list": { path: "/api/application/servers/1/databases?include=host", key: "limitedA" },
  "database-created": {
    method: "POST",
    path: "/api/application/servers/1/databases",
    body: { database: "stats", remote: "%", host: 1 }
  },
  "database-host-linked": { path: "/api/application/servers/1/databases/1?include=host" },
  nest: { path: "/api/application/nests/1?include=eggs,servers" },
  "nests-list": { path: "/api/application/nests" },
  "eggs-list": { path: "/api/application/nests/1/eggs" },
  "egg-with-includes": { path: "/api/application/nests/1/eggs/4?include=nest,servers,config,script,variables" },
  "egg-inheriting-nulls": { path: "/api/application/nests/1/eggs/4?include=config,script" },
  "egg-own-config": { path: "/api/application/nests/1/eggs/1?include=config,script,variables" }
}

const statusOf = (route: string) => (route.startsWith("POST ") ? 201 : 200)

// Paths (and object names) the mock answers that the panel's payloads do not show, and types
// outside those the panel's payloads take there.
const strangers = (mock: Shape) =>
  [...mock.types].flatMap(([path, types]) => {
    const allowed = corpus.types.get(path)
    if (allowed === undefined) return [`${path}: not a field the panel answers`]
    const extra = [...types].filter((type) => !allowed.has(type))
    return extra.length === 0 ? [] : [`${path}: ${extra.join(", ")} where the panel has ${[...allowed].join(", ")}`]
  })

describe("the mock's Application API has the panel's shapes (contract/application)", () => {
  it("every success payload has a request here", () => {
    const success = [...contract].filter(([, file]) => file.body.errors === undefined).map(([name]) => name)
    expect(Object.keys(requests).sort()).toEqual(success.sort())
  })

  for (const [name, request] of Object.entries(requests)) {
    const file = contract.get(name)!
    it(`${name}: ${file.route}`, async () => {
      const res = await send(
        panel,
        request.method ?? "GET",
        request.path,
        request.key ?? "rootApplication",
        request.body
      )
      expect(res.status).toBe(statusOf(file.route))
      const mock = shapeOf(res.json)
      const expected = shapeOf(file.body)
      // Every object has the keys of an object of the same name in this route's payload (or, for
      // one the payload shows only as a null resource, in any payload).
      for (const [object, keySets] of mock.keys) {
        const known = expected.keys.get(object) ?? corpus.keys.get(object) ?? new Set<string>()
        for (const keys of keySets)
          expect({ object, keys, known: known.has(keys) }).toEqual({ object, keys, known: true })
      }
      expect(strangers(mock)).toEqual([])
    })
  }
})
