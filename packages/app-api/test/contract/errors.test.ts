// Every error payload of contract/application, answered by a canned transport to the route that
// raises it, must arrive as the error class its status maps to with the panel's code and detail.
import { describe, expect, it } from "@effect/vitest"
import type { ApplicationApi } from "@ptero-effect/app-api"
import { Effect } from "effect"
import { withFake } from "../utils/api.js"
import { names, payload, reply, routeIn, sortedRouteOf } from "./corpus.js"

type Api = ApplicationApi.Service

interface Case {
  readonly call: (api: Api) => Effect.Effect<unknown, { readonly _tag: string }>
  readonly tag: "PanelRequestRejected" | "ServerStateConflict"
  /** The payload answering the read a partial update makes first. */
  readonly read?: string
}

// Inputs the library's own checks let through, so that the request reaches the (canned) panel.
const allocation = { ip: "203.0.113.10", ports: ["25565"] }
const deploy = {
  name: "Creative",
  user: 2,
  egg: 5,
  docker_image: "ghcr.io/pterodactyl/yolks:java_17",
  startup: "java -jar server.jar",
  environment: {},
  limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200 },
  feature_limits: { databases: 1, backups: 1 },
  deploy: { locations: [1], dedicated_ip: false, port_range: ["25565-25570"] }
}
const database = { database: "stats", remote: "%", host: 2 }

const cases: Record<string, Case> = {
  "error-allocation-cidr-out-of-range": {
    call: (api) => api.allocations.create(1, allocation),
    tag: "PanelRequestRejected"
  },
  "error-allocation-invalid-port-mapping": {
    call: (api) => api.allocations.create(1, allocation),
    tag: "PanelRequestRejected"
  },
  "error-allocation-too-many-ports": {
    call: (api) => api.allocations.create(1, allocation),
    tag: "PanelRequestRejected"
  },
  "error-allocation-port-out-of-range": {
    call: (api) => api.allocations.create(1, allocation),
    tag: "PanelRequestRejected"
  },
  "error-allocation-ip-unparseable": {
    call: (api) => api.allocations.create(1, { ip: "not-a-host.invalid", ports: ["25565"] }),
    tag: "PanelRequestRejected"
  },
  "error-allocation-server-using": { call: (api) => api.allocations.delete(1, 12), tag: "PanelRequestRejected" },
  "error-user-has-servers": { call: (api) => api.users.delete(2), tag: "PanelRequestRejected" },
  "error-node-has-servers": { call: (api) => api.nodes.delete(1), tag: "PanelRequestRejected" },
  "error-node-configuration-not-persisted": {
    call: (api) => api.nodes.update(1, { name: "Node 1" }),
    tag: "PanelRequestRejected",
    read: "node"
  },
  "error-location-has-nodes": { call: (api) => api.locations.delete(1), tag: "PanelRequestRejected" },
  "error-deploy-no-viable-node": {
    call: (api) => api.nodes.deployable({ memory: 999999, disk: 0 }),
    tag: "PanelRequestRejected"
  },
  "error-deploy-no-viable-allocation": { call: (api) => api.servers.create(deploy), tag: "PanelRequestRejected" },
  "error-deploy-too-many-ports": { call: (api) => api.servers.create(deploy), tag: "PanelRequestRejected" },
  "error-build-allocation-not-assigned": {
    call: (api) => api.servers.updateBuild(7, { allocation: 99 }),
    tag: "PanelRequestRejected",
    read: "server"
  },
  "error-build-no-fallback-allocation": {
    call: (api) => api.servers.updateBuild(7, { remove_allocations: [12] }),
    tag: "PanelRequestRejected",
    read: "server"
  },
  "error-database-too-many": { call: (api) => api.databases.create(7, database), tag: "PanelRequestRejected" },
  "error-database-duplicate-name": { call: (api) => api.databases.create(7, database), tag: "PanelRequestRejected" },
  "error-suspend-transferring": { call: (api) => api.servers.suspend(7), tag: "ServerStateConflict" },
  "error-reinstall-daemon-conflict": { call: (api) => api.servers.reinstall(7), tag: "ServerStateConflict" }
}

describe("contract/application: error bodies arrive as typed errors", () => {
  it("every error payload has a case here", () => {
    expect(Object.keys(cases).sort()).toEqual(names.filter((name) => name.startsWith("error-")))
  })

  for (const [name, testCase] of Object.entries(cases)) {
    it.effect(`${name}: ${payload(name).route}`, () =>
      Effect.gen(function* () {
        const route = routeIn(name)
        const { api, requests } = yield* withFake((request) =>
          sortedRouteOf(request) === route || testCase.read === undefined ? reply(name) : reply(testCase.read)
        )
        const error = yield* Effect.flip(testCase.call(api))
        const [entry] = (
          payload(name).body as { errors: ReadonlyArray<{ code: string; status: string; detail: string }> }
        ).errors
        expect(error).toMatchObject({ _tag: testCase.tag, code: entry?.code, detail: entry?.detail })
        expect(error).toMatchObject({ status: Number(entry?.status) })
        expect(requests.map(sortedRouteOf).at(-1)).toBe(route)
      })
    )
  }
})
