import { describe, expect, it } from "vitest"
import { call, usePanel } from "../helpers.js"

// Every Application API write with one field at a time replaced by an odd value, and the list
// queries with odd parameters: the mock answers 2xx, 400, 404 or 422 with a JSON body, never a
// 500 and never a dropped connection.
const panel = usePanel({ applicationRateLimit: 1_000_000 }, { resetEachTest: false })

const ENV = { SERVER_JARFILE: "server.jar", MINECRAFT_VERSION: "1.21", BUILD_NUMBER: "latest", RCON_PASSWORD: "pw" }
const LIMITS = { memory: 1, swap: 0, disk: 1, io: 500, cpu: 1 }
const FEATURES = { databases: 1, allocations: 1, backups: 1 }
const NODE = {
  name: "N",
  location_id: 1,
  fqdn: "n.test",
  scheme: "https",
  memory: 1,
  memory_overallocate: 0,
  disk: 1,
  disk_overallocate: 0,
  daemon_listen: 8080,
  daemon_sftp: 2022
}

const WRITES: ReadonlyArray<readonly [string, string, Record<string, unknown>]> = [
  ["POST", "/api/application/users", { email: "z@example.com", username: "zed", first_name: "Z", last_name: "Z" }],
  ["PATCH", "/api/application/users/3", { email: "b@example.com", username: "bob", first_name: "B", last_name: "B" }],
  ["POST", "/api/application/nodes", NODE],
  ["PATCH", "/api/application/nodes/1", { ...NODE, reset_secret: true }],
  ["POST", "/api/application/nodes/1/allocations", { ip: "192.0.2.50", ports: ["30000", "30001-30003"], alias: "a" }],
  ["POST", "/api/application/locations", { short: "s", long: "l" }],
  [
    "POST",
    "/api/application/servers",
    {
      name: "S",
      user: 2,
      egg: 1,
      docker_image: "i",
      startup: "s",
      environment: ENV,
      limits: LIMITS,
      feature_limits: FEATURES,
      allocation: { default: 6, additional: [] }
    }
  ],
  [
    "POST",
    "/api/application/servers",
    {
      name: "S",
      user: 2,
      egg: 1,
      environment: ENV,
      limits: LIMITS,
      feature_limits: FEATURES,
      deploy: { locations: [1], dedicated_ip: false, port_range: ["25560-25570"] }
    }
  ],
  ["PATCH", "/api/application/servers/1/details", { name: "S", user: 2, external_id: "x", description: "d" }],
  [
    "PATCH",
    "/api/application/servers/1/build",
    { allocation: 1, limits: LIMITS, add_allocations: [6], remove_allocations: [2], feature_limits: FEATURES }
  ],
  [
    "PATCH",
    "/api/application/servers/1/startup",
    { startup: "s", environment: ENV, egg: 2, image: "i", skip_scripts: true }
  ],
  ["POST", "/api/application/servers/1/databases", { database: "d", remote: "%", host: 1 }]
]

const ODD: ReadonlyArray<unknown> = [null, true, -1, 1.5, "abc", [1, "a", null], { x: { y: [] } }, "x".repeat(300)]

const sane = (status: number, text: string) => {
  expect(status).toBeGreaterThanOrEqual(200)
  expect(status).toBeLessThan(500)
  if (text !== "") expect(() => JSON.parse(text)).not.toThrow()
}

describe("application routes never answer 500 on odd input", () => {
  it("writes with one odd field at a time", async () => {
    const key = panel.plainKeys.rootApplication!
    for (const [method, path, body] of WRITES) {
      for (const field of Object.keys(body)) {
        await panel.control.reset()
        for (const value of ODD) {
          const res = await call(panel, `${path}?include=servers,allocations.node,user,variables,config`, {
            key,
            method,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ ...body, [field]: value })
          })
          sane(res.status, res.text)
        }
      }
    }
  })

  it("lists with odd query parameters", async () => {
    const key = panel.plainKeys.rootApplication!
    const queries = [
      "per_page=-1&page=abc",
      "per_page=abc&page=-5",
      "filter=x&sort[]=id",
      "filter[server_id][]=1&filter[port]=abc&filter[ip][a]=b",
      "include[]=servers&include[x]=node.allocations.server",
      "sort=,,-&filter[name]=%",
      "memory=1e400&disk=-0&location_ids=1",
      "memory=1&disk=1&location_ids[]=x&page=1&per_page=0"
    ]
    for (const path of [
      "/api/application/users",
      "/api/application/nodes",
      "/api/application/nodes/deployable",
      "/api/application/nodes/1/allocations",
      "/api/application/locations",
      "/api/application/servers",
      "/api/application/servers/1/databases",
      "/api/application/nests",
      "/api/application/nests/1/eggs"
    ]) {
      for (const query of queries) {
        const res = await call(panel, `${path}?${query}`, { key })
        sane(res.status, res.text)
      }
    }
  })
})
