import { describe, expect, it } from "vitest"
import { expectError, usePanel } from "../helpers.js"
import {
  aclTruthTable,
  expectDenied,
  expectInvalidFilter,
  expectInvalidSort,
  expectMissing,
  expectNotAdmin,
  expectValidation,
  NULL_RESOURCE,
  send,
  startPanel,
  withChildEgg
} from "./support.js"

const panel = usePanel(startPanel)

describe("application locations (§8.2)", () => {
  it("view and list: location objects (§9.2), per_page=60 honoured", async () => {
    const res = await send(panel, "GET", "/api/application/locations/1", "rootApplication")
    expect(res.json).toEqual({
      object: "location",
      attributes: {
        id: 1,
        short: "us.east",
        long: "US East (Virginia)",
        updated_at: "2024-10-24T12:00:00+00:00",
        created_at: "2024-10-24T12:00:00+00:00"
      }
    })
    const list = await send(panel, "GET", "/api/application/locations?per_page=60", "rootApplication")
    expect(list.json.meta.pagination).toEqual({
      total: 1,
      count: 1,
      per_page: 60,
      current_page: 1,
      total_pages: 1,
      links: {}
    })
  })

  it("testCreateLocation / update / testDeleteLocation; a location with nodes → 400 HasActiveNodesException", async () => {
    const created = await send(panel, "POST", "/api/application/locations", "rootApplication", {
      short: "eu.west",
      long: "EU West"
    })
    expect(created.status).toBe(201)
    expect(created.json.meta.resource).toBe(`${panel.url}/api/application/locations/2`)
    expect(created.json.attributes).toMatchObject({ id: 2, short: "eu.west", long: "EU West" })
    const updated = await send(panel, "PATCH", "/api/application/locations/2", "rootApplication", { short: "eu.north" })
    expect(updated.json.attributes).toMatchObject({ short: "eu.north", long: "EU West" })
    expect((await send(panel, "DELETE", "/api/application/locations/2", "rootApplication")).status).toBe(204)
    expectError(
      await send(panel, "DELETE", "/api/application/locations/1", "rootApplication"),
      400,
      "HasActiveNodesException",
      "Cannot delete a location that has active nodes attached to it."
    )
  })

  it("422: short required, unique and at most 60 characters, with the request's attribute names", async () => {
    expectValidation(
      await send(panel, "POST", "/api/application/locations", "rootApplication", { long: "x" }),
      "short",
      "required",
      "The Location Identifier field is required."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/locations", "rootApplication", { short: "US.EAST" }),
      "short",
      "unique",
      "The Location Identifier has already been taken."
    )
    expectValidation(
      await send(panel, "POST", "/api/application/locations", "rootApplication", { short: "x".repeat(61) }),
      "short",
      "between",
      "The Location Identifier must be between 1 and 60 characters."
    )
    // The location's own short name is not a clash on update.
    const same = await send(panel, "PATCH", "/api/application/locations/1", "rootApplication", { short: "us.east" })
    expect(same.status).toBe(200)
  })

  it("§10.2 truth table on r_locations; testGetMissingLocation; admin and include rules", async () => {
    await aclTruthTable(
      panel,
      { path: "/api/application/locations" },
      { method: "POST", path: "/api/application/locations", body: { short: "ap.south" }, status: 201 }
    )
    for (const name of ["rootApplication", "noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "GET", "/api/application/locations/nil", name))
    }
    expectNotAdmin(await send(panel, "GET", "/api/application/locations/1", "userClient"))
    // testKeyWithoutPermissionCannotLoadRelationship: limitedA reads nodes but not servers.
    const limited = await send(panel, "GET", "/api/application/locations/1?include=nodes,servers", "limitedA")
    expect(limited.json.attributes.relationships.nodes.data).toHaveLength(2)
    expect(limited.json.attributes.relationships.servers).toEqual(NULL_RESOURCE)
    const root = await send(panel, "GET", "/api/application/locations/1?include=servers", "rootClient")
    expect(root.json.attributes.relationships.servers.data).toHaveLength(4)
  })

  it("filters and sorts of §7.2", async () => {
    await send(panel, "POST", "/api/application/locations", "rootApplication", { short: "eu.west", long: "Dublin" })
    const found = await send(panel, "GET", "/api/application/locations?filter[long]=dub&sort=-id", "rootApplication")
    expect(found.json.data.map((l: any) => l.attributes.short)).toEqual(["eu.west"])
    expectInvalidFilter(
      await send(panel, "GET", "/api/application/locations?filter[id]=1", "rootApplication"),
      "id",
      "short, long"
    )
    expectInvalidSort(
      await send(panel, "GET", "/api/application/locations?sort=short", "rootApplication"),
      "short",
      "id"
    )
  })
})

describe("application nests and eggs (§8.2; eggs use the eggs ACL, §3.3)", () => {
  it("testNestResponse: nest objects, default per_page 50", async () => {
    const res = await send(panel, "GET", "/api/application/nests", "rootApplication")
    expect(res.json.meta.pagination).toMatchObject({ total: 2, per_page: 50 })
    expect(res.json.data[0]).toEqual({
      object: "nest",
      attributes: {
        id: 1,
        uuid: "3c4d5e6f-0001-4a1b-9c2d-3e4f5a6b7c8d",
        author: "support@pterodactyl.io",
        name: "Minecraft",
        description: "Minecraft - the classic game from Mojang.",
        created_at: "2024-10-24T12:00:00+00:00",
        updated_at: "2024-10-24T12:00:00+00:00"
      }
    })
  })

  it("eggs: a plain list scoped to the nest; egg object of §9.2; raw-model variable timestamps", async () => {
    const list = await send(panel, "GET", "/api/application/nests/1/eggs", "rootApplication")
    expect(list.json.meta).toBeUndefined()
    expect(list.json.data.map((e: any) => e.attributes.id)).toEqual([1, 2])
    const egg = await send(
      panel,
      "GET",
      "/api/application/nests/1/eggs/1?include=variables,nest,script",
      "rootApplication"
    )
    expect(egg.json.attributes).toMatchObject({
      id: 1,
      nest: 1,
      docker_image: "ghcr.io/pterodactyl/yolks:java_17",
      docker_images: { "Java 17": "ghcr.io/pterodactyl/yolks:java_17", "Java 21": "ghcr.io/pterodactyl/yolks:java_21" },
      // `startup` and `logs` go through `json_decode(..., true)`: an empty object comes back as [].
      config: { files: {}, startup: [], logs: [], file_denylist: [], extends: null },
      script: { privileged: true, entry: "ash", extends: null }
    })
    const variable = egg.json.attributes.relationships.variables.data[0]
    expect(variable.object).toBe("egg_variable")
    expect(Object.keys(variable.attributes)).toEqual([
      "id",
      "egg_id",
      "name",
      "description",
      "env_variable",
      "default_value",
      "user_viewable",
      "user_editable",
      "rules",
      "created_at",
      "updated_at"
    ])
    expect(variable.attributes.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/)
    expect(egg.json.attributes.relationships.nest.object).toBe("nest")
    // EggTransformer::includeScript: an egg that copies no script has a null resource.
    expect(egg.json.attributes.relationships.script).toEqual(NULL_RESOURCE)
    // An egg of another nest is a 404 (scoped binding).
    expectMissing(await send(panel, "GET", "/api/application/nests/2/eggs/1", "rootApplication"))
  })

  it("ACL: nests READ for nests, eggs READ for eggs; write-only keys read neither; 404 first", async () => {
    expect((await send(panel, "GET", "/api/application/nests/1", "limitedA")).status).toBe(200)
    expectDenied(await send(panel, "GET", "/api/application/nests/1/eggs", "limitedA"))
    expectDenied(await send(panel, "GET", "/api/application/nests/1", "limitedB"))
    expect((await send(panel, "GET", "/api/application/nests/1/eggs/1", "limitedB")).status).toBe(200)
    for (const path of ["/api/application/nests", "/api/application/nests/1/eggs"]) {
      expectDenied(await send(panel, "GET", path, "writeOnlyApplication"))
    }
    for (const name of ["noRightsApplication", "userClient"]) {
      expectMissing(await send(panel, "GET", "/api/application/nests/9", name))
      expectMissing(await send(panel, "GET", "/api/application/nests/1/eggs/99", name))
    }
    expectNotAdmin(await send(panel, "GET", "/api/application/nests/1/eggs/1", "userClient"))
  })

  it("denied includes → null_resource: nest.eggs without r_eggs, egg.nest without r_nests", async () => {
    const nest = await send(panel, "GET", "/api/application/nests/1?include=eggs,servers", "limitedA")
    expect(nest.json.attributes.relationships).toEqual({ eggs: NULL_RESOURCE, servers: NULL_RESOURCE })
    const egg = await send(panel, "GET", "/api/application/nests/1/eggs/1?include=nest,servers", "limitedB")
    expect(egg.json.attributes.relationships.nest).toEqual(NULL_RESOURCE)
    expect(egg.json.attributes.relationships.servers.data.map((s: any) => s.attributes.id)).toEqual([1, 3])
    // Nested includes reach depth 2 (§3.4).
    const nested = await send(panel, "GET", "/api/application/nests/1?include=eggs.variables", "rootClient")
    expect(nested.json.attributes.relationships.eggs.data[0].attributes.relationships.variables.object).toBe("list")
  })
})

describe("application eggs the panel cannot transform (500s of EggTransformer::transform)", () => {
  // An egg that takes its configuration from egg 1 and stores no `config_files` of its own.
  const broken = usePanel(() => startPanel(withChildEgg({ config_from: 1, config_files: null })))

  it("a null config_files is a JsonException (json_decode with JSON_THROW_ON_ERROR), for the whole list too", async () => {
    const detail = "An unexpected error was encountered while processing this request, please try again."
    expectError(
      await send(broken, "GET", "/api/application/nests/1/eggs/4", "rootApplication"),
      500,
      "JsonException",
      detail
    )
    expectError(
      await send(broken, "GET", "/api/application/nests/1/eggs", "rootApplication"),
      500,
      "JsonException",
      detail
    )
    expect((await send(broken, "GET", "/api/application/nests/1/eggs/1", "rootApplication")).status).toBe(200)
  })
})
