import { describe, expect, it } from "vitest"
import * as MockPanel from "../../src/MockPanel.js"
import { expectError, usePanel } from "../helpers.js"
import {
  aclTruthTable,
  expectDenied,
  expectInvalidFilter,
  expectInvalidSort,
  expectMissing,
  expectNotAdmin,
  expectValidation,
  ISO,
  NULL_RESOURCE,
  send,
  startPanel
} from "./support.js"

const panel = usePanel(startPanel)

const ENVIRONMENT = {
  SERVER_JARFILE: "server.jar",
  MINECRAFT_VERSION: "1.21",
  BUILD_NUMBER: "latest",
  RCON_PASSWORD: "pw"
}
const NEW_SERVER = {
  name: "Lobby",
  user: 3,
  egg: 1,
  docker_image: "ghcr.io/pterodactyl/yolks:java_21",
  startup: "java -jar {{SERVER_JARFILE}}",
  environment: ENVIRONMENT,
  limits: { memory: 1024, swap: 0, disk: 2048, io: 500, cpu: 100 },
  feature_limits: { databases: 1, allocations: 2, backups: 3 }
}
const BUILD = {
  allocation: 1,
  limits: { memory: 4096, swap: 0, disk: 10240, io: 500, cpu: 200 },
  feature_limits: { databases: 2, backups: 2 }
}

describe("application servers (§8.2)", () => {
  it("view: the server object of §9.2, container.installed an int", async () => {
    const res = await send(panel, "GET", "/api/application/servers/1", "rootApplication")
    expect(res.json).toEqual({
      object: "server",
      attributes: {
        id: 1,
        external_id: "ext-survival",
        uuid: "1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c",
        identifier: "1a2b3c01",
        name: "Survival",
        description: "Alice's survival world",
        status: null,
        suspended: false,
        limits: { memory: 2048, swap: 0, disk: 10240, io: 500, cpu: 200, threads: null, oom_disabled: true },
        feature_limits: { databases: 2, allocations: 3, backups: 2 },
        user: 2,
        node: 1,
        allocation: 1,
        nest: 1,
        egg: 1,
        container: {
          startup_command: expect.any(String),
          image: expect.any(String),
          installed: 1,
          environment: expect.objectContaining({
            SERVER_JARFILE: "paper.jar",
            P_SERVER_UUID: "1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c",
            P_SERVER_LOCATION: "us.east",
            P_SERVER_ALLOCATION_LIMIT: 3
          })
        },
        updated_at: "2024-10-24T12:00:00+00:00",
        created_at: "2024-10-24T12:00:00+00:00"
      }
    })
    const external = await send(panel, "GET", "/api/application/servers/external/EXT-SURVIVAL", "rootApplication")
    expect(external.json.attributes.id).toBe(1)
    expectMissing(await send(panel, "GET", "/api/application/servers/external/nope", "rootApplication"))
  })

  it("create with allocation: 201, no meta.resource; the allocations are assigned; later reads see it", async () => {
    const res = await send(panel, "POST", "/api/application/servers", "rootApplication", {
      ...NEW_SERVER,
      allocation: { default: 6 }
    })
    expect(res.status).toBe(201)
    expect(Object.keys(res.json).sort()).toEqual(["attributes", "object"])
    expect(res.json.attributes).toMatchObject({
      id: 5,
      name: "Lobby",
      status: "installing",
      user: 3,
      node: 1,
      allocation: 6,
      egg: 1,
      nest: 1,
      feature_limits: { databases: 1, allocations: 2, backups: 3 },
      container: { image: "ghcr.io/pterodactyl/yolks:java_21", installed: 0 }
    })
    expect(res.json.attributes.created_at).toMatch(ISO)
    const allocation = await send(
      panel,
      "GET",
      "/api/application/nodes/1/allocations?filter[server_id]=5",
      "rootApplication"
    )
    expect(allocation.json.data.map((a: any) => a.attributes.id)).toEqual([6])
    expect((await send(panel, "GET", "/api/application/servers/5", "rootApplication")).status).toBe(200)
    // The mock's Wings finishes installing after `install_seconds` (10 by default) on the mock clock.
    await panel.control.advanceClock(10)
    const installed = await send(panel, "GET", "/api/application/servers/5", "rootApplication")
    expect(installed.json.attributes).toMatchObject({ status: null, container: { installed: 1 } })
  })

  it("create with deploy picks a free allocation; none → the 400s of §8.2", async () => {
    const deployed = await send(panel, "POST", "/api/application/servers", "rootApplication", {
      ...NEW_SERVER,
      deploy: { locations: [1], dedicated_ip: false, port_range: ["25560-25570"] }
    })
    expect(deployed.status).toBe(201)
    expect(deployed.json.attributes).toMatchObject({ node: 1, allocation: 6 })
    await panel.control.reset()
    expectError(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        limits: { ...NEW_SERVER.limits, memory: 999999 },
        deploy: { locations: [1], dedicated_ip: false, port_range: [] }
      }),
      400,
      "NoViableNodeException",
      "No nodes satisfying the requirements specified for automatic deployment could be found."
    )
    expectError(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        deploy: { locations: [1], dedicated_ip: true, port_range: [] }
      }),
      400,
      "NoViableAllocationException",
      "No allocations satisfying the requirements for automatic deployment were found."
    )
  })

  it("create: 422s with field and rule (allocation, egg variables, limits)", async () => {
    expectValidation(
      await send(panel, "POST", "/api/application/servers", "rootApplication", NEW_SERVER),
      "allocation.default",
      "required"
    )
    expectValidation(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        allocation: { default: 1 }
      }),
      "allocation.default",
      "exists",
      "The selected allocation.default is invalid."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        allocation: { default: 6 },
        environment: { ...ENVIRONMENT, SERVER_JARFILE: undefined }
      }),
      "environment.SERVER_JARFILE",
      "required",
      "The Server Jar File variable field is required."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        allocation: { default: 6 },
        limits: { ...NEW_SERVER.limits, io: 5 }
      }),
      "limits.io",
      "between",
      "The limits.io must be between 10 and 1000."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/servers", "rootApplication", {
        ...NEW_SERVER,
        deploy: { locations: [1], port_range: [] }
      }),
      "deploy.dedicated_ip",
      "required_with"
    )
  })

  it("details, build and startup updates", async () => {
    const details = await send(panel, "PATCH", "/api/application/servers/1/details", "rootApplication", {
      name: "Survival 2",
      user: 3,
      external_id: "ext-new"
    })
    expect(details.json.attributes).toMatchObject({
      name: "Survival 2",
      user: 3,
      external_id: "ext-new",
      description: ""
    })
    expectValidation(
      await send(panel, "PATCH", "/api/application/servers/1/details", "rootApplication", { name: "x", user: 99 }),
      "user",
      "exists"
    )
    const build = await send(panel, "PATCH", "/api/application/servers/1/build", "rootApplication", {
      ...BUILD,
      add_allocations: [6],
      remove_allocations: [2]
    })
    expect(build.status).toBe(200)
    expect(build.json.attributes.limits).toMatchObject({ memory: 4096 })
    expect(build.json.attributes.feature_limits).toEqual({ databases: 2, allocations: null, backups: 2 })
    const assigned = await send(
      panel,
      "GET",
      "/api/application/nodes/1/allocations?filter[server_id]=1",
      "rootApplication"
    )
    expect(assigned.json.data.map((a: any) => a.attributes.id)).toEqual([1, 6])
    // Legacy top-level limits when `limits` is absent.
    const legacy = await send(panel, "PATCH", "/api/application/servers/1/build", "rootApplication", {
      allocation: 1,
      memory: 512,
      swap: 0,
      disk: 1024,
      io: 500,
      cpu: 50,
      feature_limits: { databases: 0, backups: 0 }
    })
    expect(legacy.json.attributes.limits).toMatchObject({ memory: 512, cpu: 50 })
    expectValidation(
      await send(panel, "PATCH", "/api/application/servers/1/build", "rootApplication", {
        allocation: 1,
        feature_limits: {}
      }),
      "memory",
      "required_without",
      "The memory field is required when limits is not present."
    )
    expectError(
      await send(panel, "PATCH", "/api/application/servers/1/build", "rootApplication", {
        ...BUILD,
        remove_allocations: [1]
      }),
      400,
      "DisplayException",
      "You are attempting to delete the default allocation for this server but there is no fallback allocation to use."
    )
    expectError(
      await send(panel, "PATCH", "/api/application/servers/1/build", "rootApplication", { ...BUILD, allocation: 2 }),
      400,
      "DisplayException",
      "The requested default allocation is not currently assigned to this server."
    )
    const startup = await send(panel, "PATCH", "/api/application/servers/4/startup", "rootApplication", {
      startup: "./srcds_run +map {{SRCDS_MAP}}",
      environment: { SRCDS_MAP: "gm_bigcity" },
      egg: 3,
      image: "ghcr.io/pterodactyl/games:source",
      skip_scripts: false
    })
    expect(startup.json.attributes.container).toMatchObject({
      startup_command: "./srcds_run +map {{SRCDS_MAP}}",
      environment: expect.objectContaining({ SRCDS_MAP: "gm_bigcity" })
    })
    expectValidation(
      await send(panel, "PATCH", "/api/application/servers/4/startup", "rootApplication", { environment: {}, egg: 3 }),
      "skip_scripts",
      "present",
      "The skip scripts field must be present."
    )
  })

  it("docker_image / image and startup are required, as the Server model's rules make them", async () => {
    const { docker_image: _image, startup: _startup, ...rest } = NEW_SERVER
    const create = await send(panel, "POST", "/api/application/servers", "rootApplication", {
      ...rest,
      allocation: { default: 6 }
    })
    expectValidation(create, "docker_image", "required")
    expectValidation(create, "startup", "required")
    const startup = await send(panel, "PATCH", "/api/application/servers/1/startup", "rootApplication", {
      environment: {},
      egg: 1,
      skip_scripts: false
    })
    expectValidation(startup, "startup", "required")
    expectValidation(startup, "image", "required")
  })

  it("variables: server_value is null where the server has no value (Server::variables left-joins)", async () => {
    // Server 2 moves to egg 1, whose variables it has no values for but SERVER_JARFILE.
    await send(panel, "PATCH", "/api/application/servers/2/startup", "rootApplication", {
      startup: "java -jar {{SERVER_JARFILE}}",
      environment: {},
      egg: 1,
      image: "ghcr.io/pterodactyl/yolks:java_17",
      skip_scripts: false
    })
    const res = await send(panel, "GET", "/api/application/servers/2?include=variables", "serversOnly")
    const values = Object.fromEntries(
      res.json.attributes.relationships.variables.data.map((v: any) => [
        v.attributes.env_variable,
        v.attributes.server_value
      ])
    )
    expect(values).toMatchObject({ SERVER_JARFILE: expect.any(String), MINECRAFT_VERSION: null, RCON_PASSWORD: null })
  })

  it("suspend, unsuspend, reinstall: 204 and the status moves", async () => {
    const status = async () =>
      (await send(panel, "GET", "/api/application/servers/1", "rootApplication")).json.attributes
    expect((await send(panel, "POST", "/api/application/servers/1/suspend", "rootApplication")).status).toBe(204)
    expect(await status()).toMatchObject({ status: "suspended", suspended: true })
    expect((await send(panel, "POST", "/api/application/servers/1/suspend", "rootApplication")).status).toBe(204)
    expect((await send(panel, "POST", "/api/application/servers/1/unsuspend", "rootApplication")).status).toBe(204)
    expect(await status()).toMatchObject({ status: null, suspended: false })
    expect((await send(panel, "POST", "/api/application/servers/1/reinstall", "rootApplication")).status).toBe(204)
    expect((await status()).container.installed).toBe(0)
  })

  it("reinstall while a stop holds Wings' power lock: Wings' 409 relayed, the status unchanged", async () => {
    const other = await MockPanel.start({ wings: { stopMs: 5000 } })
    try {
      await send(other, "POST", "/api/client/servers/1a2b3c01/power", "userClient", { signal: "stop" })
      const refused = await send(other, "POST", "/api/application/servers/1/reinstall", "rootApplication")
      expect(refused.status).toBe(409)
      expect(refused.json.errors[0]).toMatchObject({ code: "DaemonConnectionException", status: "409" })
      expect(refused.json.errors[0].detail).toMatch(
        /^An error occurred on the remote host: Cannot execute server reinstall event while another power action is running\.\. \(request id: [0-9a-f-]{36}\)$/
      )
      const server = await send(other, "GET", "/api/application/servers/1", "rootApplication")
      expect(server.json.attributes.status).toBeNull()
    } finally {
      await other.close()
    }
  })

  it("delete and force delete: 204, the allocations are freed, the owner can then be deleted", async () => {
    expect((await send(panel, "DELETE", "/api/application/servers/1", "rootApplication")).status).toBe(204)
    expect((await send(panel, "DELETE", "/api/application/servers/2/force", "rootApplication")).status).toBe(204)
    expect((await send(panel, "DELETE", "/api/application/servers/3/anything", "rootApplication")).status).toBe(204)
    expectMissing(await send(panel, "GET", "/api/application/servers/1", "rootApplication"))
    const free = await send(panel, "GET", "/api/application/nodes/1/allocations?filter[server_id]=", "rootApplication")
    expect(free.json.data.map((a: any) => a.attributes.id)).toEqual([1, 2, 3, 4, 6])
    expect((await send(panel, "DELETE", "/api/application/users/2", "rootApplication")).status).toBe(204)
  })

  it("§10.2 truth table on r_servers: write-only suspends but cannot read", async () => {
    await aclTruthTable(
      panel,
      { path: "/api/application/servers/1" },
      { method: "POST", path: "/api/application/servers/1/suspend", status: 204 }
    )
    for (const [method, path, body] of [
      ["PATCH", "/api/application/servers/1/build", BUILD],
      ["POST", "/api/application/servers", NEW_SERVER],
      ["DELETE", "/api/application/servers/1/force", undefined]
    ] as const) {
      expectDenied(await send(panel, method, path, "readOnlyApplication", body))
    }
  })

  it("missing → 404 for any key; non-admin client key → 403; root admin's client key → includes", async () => {
    for (const name of ["noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "POST", "/api/application/servers/99/suspend", name))
      expectMissing(await send(panel, "DELETE", "/api/application/servers/99", name))
    }
    expectNotAdmin(await send(panel, "GET", "/api/application/servers/1", "userClient"))
    const res = await send(
      panel,
      "GET",
      "/api/application/servers/1?include=allocations,user,subusers,nest,egg,variables,location,node,databases",
      "rootClient"
    )
    const rel = res.json.attributes.relationships
    expect(Object.keys(rel)).toEqual([
      "allocations",
      "user",
      "subusers",
      "nest",
      "egg",
      "variables",
      "location",
      "node",
      "databases"
    ])
    expect(rel.allocations.data.map((a: any) => a.attributes.id)).toEqual([1, 2])
    expect(rel.user.attributes.username).toBe("alice")
    // ServerTransformer::includeSubusers / includeDatabases name the items `subuser` / `databases`.
    expect(rel.subusers.data[0]).toEqual({
      object: "subuser",
      attributes: {
        id: 1,
        user_id: 3,
        server_id: 1,
        permissions: expect.any(Array),
        created_at: "2024-10-24T12:00:00+00:00",
        updated_at: "2024-10-24T12:00:00+00:00"
      }
    })
    expect(rel.variables.data[0]).toMatchObject({
      object: "server_variable",
      attributes: {
        env_variable: "SERVER_JARFILE",
        server_value: "paper.jar",
        created_at: expect.stringMatching(/\.\d{6}Z$/)
      }
    })
    expect(rel.databases.data[0].object).toBe("databases")
  })

  it("include=transfer is the panel's 500: ServerTransformer lists it but has no includeTransfer", async () => {
    expectError(
      await send(panel, "GET", "/api/application/servers/1?include=transfer", "rootApplication"),
      500,
      "TypeError",
      "An unexpected error was encountered while processing this request, please try again."
    )
    expect((await send(panel, "GET", "/api/application/servers/1?include=transfers", "rootApplication")).status).toBe(
      200
    )
  })

  it("denied includes → null_resource (limitedB reads servers and eggs only)", async () => {
    const res = await send(panel, "GET", "/api/application/servers/1?include=user,egg,node,databases", "limitedB")
    expect(res.json.attributes.relationships).toEqual({
      user: NULL_RESOURCE,
      egg: expect.objectContaining({ object: "egg" }),
      node: NULL_RESOURCE,
      databases: NULL_RESOURCE
    })
  })

  it("list: per_page=60, filters, sorts and the §7.2 400s; search is validated", async () => {
    const res = await send(panel, "GET", "/api/application/servers?per_page=60&sort=-id", "rootApplication")
    expect(res.json.meta.pagination).toMatchObject({ total: 4, per_page: 60 })
    expect(res.json.data.map((s: any) => s.attributes.id)).toEqual([4, 3, 2, 1])
    const found = await send(panel, "GET", "/api/application/servers?filter[uuidShort]=1a2b3c02", "rootApplication")
    expect(found.json.data.map((s: any) => s.attributes.id)).toEqual([2])
    const images = await send(panel, "GET", "/api/application/servers?filter[image]=games", "rootApplication")
    expect(images.json.data.map((s: any) => s.attributes.id)).toEqual([4])
    expectInvalidFilter(
      await send(panel, "GET", "/api/application/servers?filter[owner_id]=1", "rootApplication"),
      "owner_id",
      "uuid, uuidShort, name, description, image, external_id"
    )
    expectInvalidSort(
      await send(panel, "GET", "/api/application/servers?sort=name", "rootApplication"),
      "name",
      "id, uuid"
    )
    expectValidation(
      await send(panel, "GET", `/api/application/servers?search=${"x".repeat(101)}`, "rootApplication"),
      "search",
      "max"
    )
  })
})

describe("application server databases (§8.2, ACL server_databases §3.3)", () => {
  const path = "/api/application/servers/1/databases"

  it("list (not paginated), view, include=password,host", async () => {
    const list = await send(panel, "GET", `${path}?include=password,host`, "rootApplication")
    expect(list.json.meta).toBeUndefined()
    expect(list.json.data[0]).toEqual({
      object: "server_database",
      attributes: {
        id: 1,
        server: 1,
        host: 1,
        database: "s1_world",
        username: "u1_Qw3rTy7890",
        remote: "%",
        max_connections: 0,
        created_at: "2024-10-24T12:00:00+00:00",
        updated_at: "2024-10-24T12:00:00+00:00",
        relationships: {
          password: { object: "database_password", attributes: { password: "WorldDbPassword0000000001" } },
          host: {
            object: "database_host",
            attributes: {
              id: 1,
              name: "MySQL on Node 1",
              host: "db1.example.com",
              port: 3306,
              username: "pterodactyl",
              node: 1,
              created_at: "2024-10-24T12:00:00+00:00",
              updated_at: "2024-10-24T12:00:00+00:00"
            }
          }
        }
      }
    })
    // `{database}` is bound globally, not scoped to the server (§8.2), by id or by hashid.
    expect((await send(panel, "GET", "/api/application/servers/4/databases/1", "rootApplication")).status).toBe(200)
    const client = await send(panel, "GET", "/api/client/servers/1a2b3c01/databases", "rootClient")
    const hashid = client.json.data[0].attributes.id
    expect(hashid).toMatch(/^[A-Za-z0-9]{8,}$/)
    const byHashid = await send(panel, "GET", `${path}/${hashid}`, "rootApplication")
    expect(byHashid.json.attributes.id).toBe(1)
    expectMissing(await send(panel, "GET", `${path}/zzzzzzzz`, "rootApplication"))
  })

  it("create: 201 + meta.resource, the s<id>_ prefix; reset password; delete", async () => {
    const created = await send(panel, "POST", path, "rootApplication", { database: "stats", remote: "%", host: 1 })
    expect(created.status).toBe(201)
    expect(created.json.attributes).toMatchObject({ id: 2, server: 1, database: "s1_stats", remote: "%" })
    expect(created.json.attributes.username).toMatch(/^u1_[A-Za-z0-9]{10}$/)
    expect(created.json.meta).toEqual({ resource: `${panel.url}${path}/2` })
    // The created model is not re-read: max_connections (column default 0) is null in the 201.
    expect(created.json.attributes.max_connections).toBeNull()
    expect((await send(panel, "GET", `${path}/2`, "rootApplication")).json.attributes.max_connections).toBe(0)
    const before = await send(panel, "GET", `${path}/2?include=password`, "rootApplication")
    expect((await send(panel, "POST", `${path}/2/reset-password`, "rootApplication")).status).toBe(204)
    const after = await send(panel, "GET", `${path}/2?include=password`, "rootApplication")
    expect(after.json.attributes.relationships.password.attributes.password).not.toBe(
      before.json.attributes.relationships.password.attributes.password
    )
    // The server's database limit (2) is reached: DatabaseManagementService::create checks it first.
    expectError(
      await send(panel, "POST", path, "rootApplication", { database: "more", remote: "%", host: 1 }),
      400,
      "TooManyDatabasesException",
      "Operation aborted: creating a new database would put this server over the defined limit."
    )
    expectValidation(
      await send(panel, "POST", path, "rootApplication", { database: "bad name", remote: "%", host: 1 }),
      "database",
      "alpha_dash"
    )
    expectValidation(
      await send(panel, "POST", path, "rootApplication", { database: "x", remote: "%", host: 9 }),
      "host",
      "exists"
    )
    expect((await send(panel, "DELETE", `${path}/2`, "rootApplication")).status).toBe(204)
    expectMissing(await send(panel, "GET", `${path}/2`, "rootApplication"))
    // StoreServerDatabaseRequest's unique rule never matches (it compares the raw and the prefixed
    // name at once); DatabaseManagementService::createModel refuses the duplicate with a 400.
    expectError(
      await send(panel, "POST", path, "rootApplication", { database: "world", remote: "%", host: 1 }),
      400,
      "DuplicateDatabaseNameException",
      "A database with that name already exists for this server."
    )
  })

  it("client databases switched off (client_features.databases.enabled): a 500 here too, before the limit", async () => {
    const other = await startPanel((json) => {
      json.settings = { ...json.settings, client: { databases_enabled: false } }
    })
    try {
      expectError(
        await send(other, "POST", path, "rootApplication", { database: "stats", remote: "%", host: 1 }),
        500,
        "DatabaseClientFeatureNotEnabledException",
        "An unexpected error was encountered while processing this request, please try again."
      )
      expect((await send(other, "GET", path, "rootApplication")).json.data).toHaveLength(1)
    } finally {
      await other.close()
    }
  })

  it("§10.2 truth table on r_server_databases; denied host include; 404 first", async () => {
    await aclTruthTable(
      panel,
      { path },
      { method: "POST", path, body: { database: "logs", remote: "%", host: 1 }, status: 201 }
    )
    expectDenied(await send(panel, "POST", `${path}/1/reset-password`, "readOnlyApplication"))
    const limited = await send(panel, "GET", `${path}/1?include=password,host`, "limitedA")
    expect(limited.json.attributes.relationships.host).toEqual(NULL_RESOURCE)
    expect(limited.json.attributes.relationships.password.object).toBe("database_password")
    for (const name of ["noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "GET", `${path}/99`, name))
      expectMissing(await send(panel, "DELETE", "/api/application/servers/99/databases/1", name))
    }
    expectNotAdmin(await send(panel, "GET", path, "userClient"))
  })
})
