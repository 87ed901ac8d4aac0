import { describe, expect, it } from "vitest"
import { expectError, usePanel } from "../helpers.js"
import {
  aclTruthTable,
  expectInvalidFilter,
  expectInvalidSort,
  expectMissing,
  expectNotAdmin,
  expectValidation,
  ISO,
  NEW_NODE,
  NULL_RESOURCE,
  send,
  startPanel
} from "./support.js"

const panel = usePanel(startPanel)

describe("application nodes (§8.2)", () => {
  it("view: every node column but the daemon token, plus allocated_resources (§9.2)", async () => {
    const res = await send(panel, "GET", "/api/application/nodes/1", "rootApplication")
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      object: "node",
      attributes: {
        id: 1,
        uuid: "9a8b7c6d-0001-4e2f-8a1b-2c3d4e5f6a7b",
        public: true,
        name: "Node 1",
        description: "Primary game node",
        location_id: 1,
        fqdn: "node1.example.com",
        scheme: "https",
        behind_proxy: false,
        maintenance_mode: false,
        memory: 16384,
        memory_overallocate: 0,
        disk: 102400,
        disk_overallocate: 0,
        upload_size: 100,
        daemon_listen: 8080,
        daemon_sftp: 2022,
        daemon_base: "/var/lib/pterodactyl/volumes",
        created_at: "2024-10-24T12:00:00+00:00",
        updated_at: "2024-10-24T12:00:00+00:00",
        allocated_resources: { memory: 6144, disk: 30720 }
      }
    })
  })

  it("create: 201 + meta.resource; the configuration is raw JSON; reset_secret rotates the token", async () => {
    const created = await send(panel, "POST", "/api/application/nodes", "rootApplication", NEW_NODE)
    expect(created.status).toBe(201)
    expect(created.json.meta).toEqual({ resource: `${panel.url}/api/application/nodes/3` })
    expect(created.json.attributes).toMatchObject({ id: 3, name: "Node 3", public: true, upload_size: 100 })
    expect(created.json.attributes.created_at).toMatch(ISO)
    const config = await send(panel, "GET", "/api/application/nodes/3/configuration", "rootApplication")
    expect(config.status).toBe(200)
    expect(config.json.object).toBeUndefined()
    expect(config.json).toMatchObject({
      debug: false,
      uuid: created.json.attributes.uuid,
      token_id: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      token: expect.stringMatching(/^[A-Za-z0-9]{64}$/),
      api: { port: 8080, ssl: { enabled: true }, upload_limit: 100 },
      system: { data: "/var/lib/pterodactyl/volumes", sftp: { bind_port: 2022 } },
      allowed_mounts: [],
      remote: panel.url
    })
    const same = await send(panel, "PATCH", "/api/application/nodes/3", "rootApplication", {
      ...NEW_NODE,
      name: "Renamed"
    })
    expect(same.json.attributes.name).toBe("Renamed")
    const unchanged = await send(panel, "GET", "/api/application/nodes/3/configuration", "rootApplication")
    expect(unchanged.json.token).toBe(config.json.token)
    await send(panel, "PATCH", "/api/application/nodes/3", "rootApplication", { ...NEW_NODE, reset_secret: true })
    const rotated = await send(panel, "GET", "/api/application/nodes/3/configuration", "rootApplication")
    expect(rotated.json.token).not.toBe(config.json.token)
    expect(rotated.json.token_id).not.toBe(config.json.token_id)
    // filter[daemon_token_id] finds the node by its current token id.
    const found = await send(
      panel,
      "GET",
      `/api/application/nodes?filter[daemon_token_id]=${rotated.json.token_id}`,
      "rootApplication"
    )
    expect(found.json.data.map((n: any) => n.attributes.id)).toEqual([3])
  })

  it("description is not stored (StoreNodeRequest::rules lacks it); an update without daemon_base resets it", async () => {
    const created = await send(panel, "POST", "/api/application/nodes", "rootApplication", {
      ...NEW_NODE,
      description: "dropped",
      daemon_base: "/srv/daemon"
    })
    expect(created.json.attributes).toMatchObject({ description: null, daemon_base: "/srv/daemon" })
    // StoreNodeRequest::validated fills the default whenever daemon_base is absent, on updates too.
    const updated = await send(panel, "PATCH", "/api/application/nodes/3", "rootApplication", {
      ...NEW_NODE,
      description: 12
    })
    expect(updated.status).toBe(200)
    expect(updated.json.attributes).toMatchObject({ description: null, daemon_base: "/var/lib/pterodactyl/volumes" })
  })

  it("422 with field and rule, with the request's attribute names", async () => {
    expectValidation(
      await send(panel, "POST", "/api/application/nodes", "rootApplication", { ...NEW_NODE, location_id: 99 }),
      "location_id",
      "exists",
      "The selected Location is invalid."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/nodes", "rootApplication", { ...NEW_NODE, daemon_sftp: 70000 }),
      "daemon_sftp",
      "between",
      "The daemon sftp must be between 1 and 65535."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/nodes", "rootApplication", { ...NEW_NODE, memory: undefined }),
      "memory",
      "required"
    )
  })

  it("delete: a node with servers → 400 HasActiveServersException; an empty one → 204", async () => {
    expectError(
      await send(panel, "DELETE", "/api/application/nodes/1", "rootApplication"),
      400,
      "HasActiveServersException",
      "A node must have no servers linked to it in order to be deleted."
    )
    await send(panel, "POST", "/api/application/nodes", "rootApplication", NEW_NODE)
    expect((await send(panel, "DELETE", "/api/application/nodes/3", "rootApplication")).status).toBe(204)
    expectMissing(await send(panel, "GET", "/api/application/nodes/3", "rootApplication"))
  })

  it("deployable: a plain list, paginated only with page; none fits → 400; memory and disk required", async () => {
    const plain = await send(panel, "GET", "/api/application/nodes/deployable?memory=1024&disk=1024", "rootApplication")
    expect(plain.status).toBe(200)
    expect(plain.json.meta).toBeUndefined()
    expect(plain.json.data.map((n: any) => n.attributes.id)).toEqual([1, 2])
    const paged = await send(
      panel,
      "GET",
      "/api/application/nodes/deployable?memory=1024&disk=1024&page=1&per_page=1",
      "rootApplication"
    )
    expect(paged.json.meta.pagination).toMatchObject({ total: 2, count: 1, per_page: 1, total_pages: 2 })
    expect(paged.json.meta.pagination.links).toEqual({
      next: `${panel.url}/api/application/nodes/deployable?page=2`
    })
    // Node 2 has 8192 MiB and 2048 in use: 6145 no longer fits there.
    const bigger = await send(panel, "GET", "/api/application/nodes/deployable?memory=6145&disk=1", "rootApplication")
    expect(bigger.json.data.map((n: any) => n.attributes.id)).toEqual([1])
    expectError(
      await send(panel, "GET", "/api/application/nodes/deployable?memory=999999&disk=1", "rootApplication"),
      400,
      "NoViableNodeException",
      "No nodes satisfying the requirements specified for automatic deployment could be found."
    )
    expectError(
      await send(panel, "GET", "/api/application/nodes/deployable?memory=1&disk=1&location_ids[]=7", "rootApplication"),
      400,
      "NoViableNodeException",
      "No nodes satisfying the requirements specified for automatic deployment could be found."
    )
    expectValidation(
      await send(panel, "GET", "/api/application/nodes/deployable?disk=1", "rootApplication"),
      "memory",
      "required"
    )
  })

  it("§10.2 truth table on nodes: write-only creates but cannot read; deployable and configuration need READ", async () => {
    await aclTruthTable(
      panel,
      { path: "/api/application/nodes/1/configuration" },
      { method: "POST", path: "/api/application/nodes", body: NEW_NODE, status: 201 }
    )
    for (const path of ["/api/application/nodes", "/api/application/nodes/deployable?memory=1&disk=1"]) {
      expectError(
        await send(panel, "GET", path, "writeOnlyApplication"),
        403,
        "AccessDeniedHttpException",
        "This action is unauthorized."
      )
    }
  })

  it("missing node → 404 even without rights or admin; non-admin client key → 403; root client key → includes", async () => {
    for (const name of ["noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "GET", "/api/application/nodes/99", name))
      expectMissing(await send(panel, "GET", "/api/application/nodes/99/configuration", name))
    }
    expectNotAdmin(await send(panel, "GET", "/api/application/nodes/1", "userClient"))
    const res = await send(panel, "GET", "/api/application/nodes/1?include=allocations,location,servers", "rootClient")
    expect(Object.keys(res.json.attributes.relationships)).toEqual(["allocations", "location", "servers"])
    expect(res.json.attributes.relationships.location.object).toBe("location")
    expect(res.json.attributes.relationships.servers.data).toHaveLength(3)
  })

  it("denied include → null_resource (limitedA has no r_servers)", async () => {
    const res = await send(panel, "GET", "/api/application/nodes?include=servers,location", "limitedA")
    expect(res.json.data[0].attributes.relationships).toEqual({
      location: expect.objectContaining({ object: "location" }),
      servers: NULL_RESOURCE
    })
  })

  it("per_page=60, filters and sorts (§7.2)", async () => {
    const res = await send(panel, "GET", "/api/application/nodes?per_page=60&sort=-memory", "rootApplication")
    expect(res.json.meta.pagination).toMatchObject({ total: 2, per_page: 60, links: {} })
    expect(res.json.data.map((n: any) => n.attributes.id)).toEqual([1, 2])
    const asc = await send(panel, "GET", "/api/application/nodes?sort=memory", "rootApplication")
    expect(asc.json.data.map((n: any) => n.attributes.id)).toEqual([2, 1])
    const byName = await send(panel, "GET", "/api/application/nodes?filter[fqdn]=NODE2", "rootApplication")
    expect(byName.json.data.map((n: any) => n.attributes.id)).toEqual([2])
    expectInvalidFilter(
      await send(panel, "GET", "/api/application/nodes?filter[location_id]=1", "rootApplication"),
      "location_id",
      "uuid, name, fqdn, daemon_token_id"
    )
    expectInvalidSort(
      await send(panel, "GET", "/api/application/nodes?sort=name", "rootApplication"),
      "name",
      "id, uuid, memory, disk"
    )
  })
})

describe("application allocations (§8.2, ACL allocations §3.3)", () => {
  const path = "/api/application/nodes/1/allocations"

  it("list: allocation objects (§9.2), filter[server_id] semantics of §7.2", async () => {
    const res = await send(panel, "GET", path, "rootApplication")
    expect(res.json.data[0]).toEqual({
      object: "allocation",
      attributes: { id: 1, ip: "192.0.2.10", alias: null, port: 25565, notes: "Primary game port", assigned: true }
    })
    const ids = async (query: string) =>
      (await send(panel, "GET", `${path}?${query}`, "rootApplication")).json.data.map((a: any) => a.attributes.id)
    expect(await ids("filter[server_id]=1")).toEqual([1, 2])
    for (const unassigned of [
      "filter[server_id]=",
      "filter[server_id]=0",
      "filter[server_id]=true",
      "filter[server_id]=x"
    ]) {
      expect(await ids(unassigned), unassigned).toEqual([6])
    }
    expect(await ids("filter[port]=25566,25567")).toEqual([2, 3])
    expect(await ids("filter[ip]=192.0.2")).toEqual([])
    expect(await ids("filter[ip]=192.0.2.10&filter[port]=25568")).toEqual([4])
    expectInvalidFilter(
      await send(panel, "GET", `${path}?filter[notes]=x`, "rootApplication"),
      "notes",
      "ip, port, ip_alias, server_id"
    )
    // No sorts here: `sort` is ignored.
    expect((await send(panel, "GET", `${path}?sort=-port`, "rootApplication")).status).toBe(200)
  })

  it("create: ranges and CIDR blocks, duplicates ignored, 204; business rules → 400", async () => {
    const created = await send(panel, "POST", path, "rootApplication", {
      ip: "198.51.100.0/30",
      ports: ["25565", "30000-30001"],
      alias: "play.example.com"
    })
    expect(created.status).toBe(204)
    const all = await send(panel, "GET", `${path}?filter[ip_alias]=play&per_page=100`, "rootApplication")
    expect(all.json.meta.pagination.total).toBe(12)
    expect(new Set(all.json.data.map((a: any) => a.attributes.ip))).toEqual(
      new Set(["198.51.100.0", "198.51.100.1", "198.51.100.2", "198.51.100.3"])
    )
    await send(panel, "POST", path, "rootApplication", { ip: "198.51.100.1", ports: ["25565"] })
    const again = await send(panel, "GET", `${path}?filter[ip]=198.51.100.1`, "rootApplication")
    expect(again.json.meta.pagination.total).toBe(3)
    const rule = async (body: unknown, code: string, detail: string) =>
      expectError(await send(panel, "POST", path, "rootApplication", body), 400, code, detail)
    await rule(
      { ip: "198.51.100.0/24", ports: ["25565"] },
      "CidrOutOfRangeException",
      "CIDR notation only allows masks between /25 and /32."
    )
    await rule(
      { ip: "198.51.100.7", ports: ["80"] },
      "PortOutOfRangeException",
      "Ports in an allocation must be greater than 1024 and less than or equal to 65535."
    )
    await rule(
      { ip: "198.51.100.7", ports: ["20000-21001"] },
      "TooManyPortsInRangeException",
      "Adding more than 1000 ports in a single range at once is not supported."
    )
    await rule(
      { ip: "198.51.100.7", ports: ["abc"] },
      "InvalidPortMappingException",
      "The mapping provided for abc was invalid and could not be processed."
    )
    expectValidation(await send(panel, "POST", path, "rootApplication", { ip: "198.51.100.7" }), "ports", "required")
    expectValidation(
      await send(panel, "POST", path, "rootApplication", { ip: "198.51.100.7", ports: [25565] }),
      "ports.0",
      "string",
      "The ports.0 must be a string."
    )
  })

  it("create: AssignmentService's limits: masks /27-/32, ports above 1024, ranges checked at their ends", async () => {
    const rule = async (body: unknown, code: string, detail: string) =>
      expectError(await send(panel, "POST", path, "rootApplication", body), 400, code, detail)
    const outOfRange = "Ports in an allocation must be greater than 1024 and less than or equal to 65535."
    // CIDR_MAX_BITS is 27; the message still says /25.
    await rule(
      { ip: "198.51.100.0/26", ports: ["25565"] },
      "CidrOutOfRangeException",
      "CIDR notation only allows masks between /25 and /32."
    )
    expect(
      (await send(panel, "POST", path, "rootApplication", { ip: "198.51.100.0/27", ports: ["25565"] })).status
    ).toBe(204)
    // PORT_FLOOR: a port must be greater than 1024.
    await rule({ ip: "198.51.100.40", ports: ["1024"] }, "PortOutOfRangeException", outOfRange)
    await rule({ ip: "198.51.100.40", ports: ["1000-1500"] }, "PortOutOfRangeException", outOfRange)
    await rule({ ip: "198.51.100.40", ports: ["65000-65600"] }, "PortOutOfRangeException", outOfRange)
    // range() counts down, and only the start meets the floor: 1030-1020 stores 1020-1030.
    expect(
      (await send(panel, "POST", path, "rootApplication", { ip: "198.51.100.41", ports: ["1030-1020"] })).status
    ).toBe(204)
    const low = await send(panel, "GET", `${path}?filter[ip]=198.51.100.41&per_page=100`, "rootApplication")
    expect(low.json.data.map((a: any) => a.attributes.port).sort()).toEqual(
      Array.from({ length: 11 }, (_, i) => 1020 + i)
    )
  })

  it("delete: scoped to the node, an assigned allocation → 400", async () => {
    expect((await send(panel, "DELETE", `${path}/6`, "rootApplication")).status).toBe(204)
    expectMissing(await send(panel, "DELETE", "/api/application/nodes/2/allocations/1", "rootApplication"))
    expectError(
      await send(panel, "DELETE", `${path}/1`, "rootApplication"),
      400,
      "ServerUsingAllocationException",
      "A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned."
    )
  })

  it("§10.2 truth table on r_allocations; missing → 404 first; includes node and server", async () => {
    await aclTruthTable(panel, { path }, { method: "DELETE", path: `${path}/6`, status: 204 })
    await panel.control.reset()
    expectMissing(await send(panel, "DELETE", `${path}/999`, "noRightsApplication"))
    expectMissing(await send(panel, "GET", "/api/application/nodes/999/allocations", "userClient"))
    const denied = await send(panel, "GET", `${path}?include=node,server`, "limitedA")
    expect(denied.json.data[0].attributes.relationships).toEqual({
      node: expect.objectContaining({ object: "node" }),
      server: NULL_RESOURCE
    })
    const root = await send(panel, "GET", `${path}?include=server`, "rootClient")
    expect(root.json.data[0].attributes.relationships.server.attributes.id).toBe(1)
    // An unassigned allocation's server is absent: a null_resource too.
    expect(root.json.data.at(-1).attributes.relationships.server).toEqual(NULL_RESOURCE)
  })
})
