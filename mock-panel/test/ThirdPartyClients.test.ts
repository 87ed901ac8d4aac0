// Two unmodified third-party REST clients, nodeactyl 3.3.0 and @devnote-dev/pterojs 2.2.2, against
// the mock started with the default fixture, over real HTTP: what their users read back, and how
// each surfaces the panel's failures (nodeactyl rejects with the bare HTTP status; PteroJS throws
// a PteroAPIError carrying the error codes for 4xx, a RequestError for 5xx).
import { PteroAPIError, PteroApp, PteroClient } from "@devnote-dev/pterojs"
import Nodeactyl from "nodeactyl"
import { describe, expect, it } from "vitest"
import { defaultFixtureJson, k, usePanel } from "./helpers.js"

const panel = usePanel()
const fixture = defaultFixtureJson()

const userNamed = (username: string) => fixture.users.find((u: any) => u.username === username)
const serverNamed = (name: string) => fixture.servers.find((s: any) => s.name === name)
const short = (server: any): string => server.uuid.slice(0, 8)

const alice = userNamed("alice")
const survival = serverNamed("Survival")
const creative = serverNamed("Creative")
const survivalBackup = fixture.backups.find((b: any) => b.server_id === survival.id)
const aliceServers = fixture.servers.filter((s: any) => s.owner_id === alice.id)

const key = (name: "userClient" | "rootApplication" | "readOnlyApplication") => k(panel, name)
// A well-formed key whose identifier exists but whose secret is wrong: the 401 of a revoked or
// mistyped key.
const wrongKey = (name: string) => `${fixture.api_keys.find((k: any) => k.name === name).identifier}${"0".repeat(32)}`
const UNKNOWN_SERVER = "0000dead"
const UNKNOWN_ID = 9999

const rejection = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error("expected the call to fail")
    },
    (error: unknown) => error
  )

describe("nodeactyl 3.3.0 NodeactylClient", () => {
  const client = () => new Nodeactyl.NodeactylClient(panel.url, key("userClient"))

  it("reads the key owner's account", async () => {
    expect(await client().getAccountDetails()).toEqual({
      id: alice.id,
      admin: false,
      username: alice.username,
      email: alice.email,
      first_name: alice.first_name,
      last_name: alice.last_name,
      language: alice.language
    })
  })

  it("lists the servers the key's user owns, from its `api/client?page=1` request", async () => {
    const list = await client().getAllServers()
    expect(list.object).toBe("list")
    expect(list.data.map((s: any) => s.attributes.identifier)).toEqual(aliceServers.map(short))
    expect(list.meta.pagination).toMatchObject({ total: aliceServers.length, current_page: 1 })
    const journal = await panel.control.journal()
    expect(journal.at(-1)).toMatchObject({ path: "/api/client", query: "page=1", status: 200 })
  })

  it("reads a server's details, usage and state", async () => {
    const details = await client().getServerDetails(short(survival))
    expect(details).toMatchObject({
      identifier: short(survival),
      uuid: survival.uuid,
      internal_id: survival.id,
      name: survival.name,
      description: survival.description,
      server_owner: true,
      limits: { memory: survival.limits.memory, disk: survival.limits.disk, cpu: survival.limits.cpu },
      feature_limits: survival.feature_limits
    })
    const usage = await client().getServerUsages(short(survival))
    expect(usage).toMatchObject({ current_state: fixture.power_states[survival.uuid], is_suspended: false })
    expect(typeof usage.resources.memory_bytes).toBe("number")
    expect(await client().getServerStatus(short(survival))).toBe("running")
  })

  it("sends a console command and a stop signal to the running server", async () => {
    expect(await client().sendServerCommand(short(survival), "say from nodeactyl")).toBe(true)
    expect(await client().stopServer(short(survival))).toBe(true)
    expect(await panel.control.wings.state(survival.uuid)).toBe("offline")
    expect(await client().getServerStatus(short(survival))).toBe("offline")
  })

  it("lists and reads backups, lists subusers, and gets console credentials", async () => {
    const backups = await client().listServerBackups(short(survival))
    expect(backups.map((b: any) => b.attributes)).toEqual([
      expect.objectContaining({
        uuid: survivalBackup.uuid,
        name: survivalBackup.name,
        is_successful: survivalBackup.is_successful,
        bytes: survivalBackup.bytes
      })
    ])
    expect(await client().getBackupDetails(short(survival), survivalBackup.uuid)).toMatchObject({
      uuid: survivalBackup.uuid,
      checksum: survivalBackup.checksum
    })
    const subuser = fixture.subusers.find((s: any) => s.server_id === survival.id)
    const subusers = await client().getSubUsers(short(survival))
    expect(subusers.map((s: any) => [s.attributes.uuid, s.attributes.permissions])).toEqual([
      [fixture.users.find((u: any) => u.id === subuser.user_id).uuid, subuser.permissions]
    ])
    const socket = await client().getConsoleWebSocket(short(survival))
    expect(socket.socket).toMatch(new RegExp(`/api/servers/${survival.uuid}/ws$`))
    expect(socket.token.split(".")).toHaveLength(3)
  })

  it("rejects with 401 for a wrong key, 404 for an unknown server, 409 for a suspended one", async () => {
    const wrong = new Nodeactyl.NodeactylClient(panel.url, wrongKey("userClient"))
    expect(await rejection(wrong.getAccountDetails())).toBe(401)
    expect(await rejection(client().getServerDetails(UNKNOWN_SERVER))).toBe(404)
    expect(await rejection(client().sendServerCommand(short(creative), "say hi"))).toBe(409)
  })
})

describe("nodeactyl 3.3.0 NodeactylApplication", () => {
  const app = (name: "rootApplication" | "readOnlyApplication" = "rootApplication") =>
    new Nodeactyl.NodeactylApplication(panel.url, key(name))

  it("lists users and reads one", async () => {
    const users = await app().getAllUsers()
    expect(users.data.map((u: any) => u.attributes.username)).toEqual(fixture.users.map((u: any) => u.username))
    expect(users.meta.pagination.total).toBe(fixture.users.length)
    const one = await app().getUserDetails(alice.id)
    expect(one.object).toBe("user")
    expect(one.attributes).toMatchObject({
      id: alice.id,
      uuid: alice.uuid,
      external_id: alice.external_id,
      email: alice.email,
      root_admin: false
    })
  })

  it("lists nodes and reads one", async () => {
    const nodes = await app().getAllNodes()
    expect(nodes.data.map((n: any) => [n.attributes.id, n.attributes.fqdn])).toEqual(
      fixture.nodes.map((n: any) => [n.id, n.fqdn])
    )
    const node = fixture.nodes[0]
    expect(await app().getNodeDetails(node.id)).toMatchObject({
      id: node.id,
      name: node.name,
      memory: node.memory,
      daemon_listen: node.daemon_listen
    })
  })

  it("lists servers and reads one", async () => {
    const servers = await app().getAllServers()
    expect(servers.data.map((s: any) => s.attributes.uuid)).toEqual(fixture.servers.map((s: any) => s.uuid))
    expect(await app().getServerDetails(survival.id)).toMatchObject({
      id: survival.id,
      external_id: survival.external_id,
      identifier: short(survival),
      name: survival.name,
      user: survival.owner_id,
      node: survival.node_id,
      egg: survival.egg_id,
      suspended: false
    })
  })

  it("creates a user without a password, then deletes it", async () => {
    const created = await app().createUser("carol@example.com", "carol", "Carol", "Newcomer")
    expect(created.attributes).toMatchObject({
      username: "carol",
      email: "carol@example.com",
      first_name: "Carol",
      last_name: "Newcomer",
      root_admin: false
    })
    const id: number = created.attributes.id
    expect(created.meta.resource).toBe(`${panel.url}/api/application/users/${id}`)
    expect((await app().getUserDetails(id)).attributes.username).toBe("carol")
    expect(await app().deleteUser(id)).toBe(true)
    expect(await rejection(app().getUserDetails(id))).toBe(404)
  })

  it("rejects with 401 for a wrong key, 403 for a read-only key writing, 404 for an unknown server", async () => {
    const wrong = new Nodeactyl.NodeactylApplication(panel.url, wrongKey("rootApplication"))
    expect(await rejection(wrong.getAllUsers())).toBe(401)
    expect(await rejection(app("readOnlyApplication").createUser("x@example.com", "xavier", "X", "Y"))).toBe(403)
    expect((await app().getAllUsers()).data).toHaveLength(fixture.users.length)
    expect(await rejection(app().getServerDetails(UNKNOWN_ID))).toBe(404)
  })
})

const apiError = async (promise: Promise<unknown>) => {
  const error = await rejection(promise)
  expect(error).toBeInstanceOf(PteroAPIError)
  return (error as PteroAPIError).codes
}

describe("@devnote-dev/pterojs 2.2.2 PteroClient", () => {
  const client = () => new PteroClient(panel.url, key("userClient"))

  it("reads the key owner's account and the permission catalogue", async () => {
    const account = await client().account.fetch()
    expect([account.id, account.username, account.email, account.firstname, account.lastname, account.isAdmin]).toEqual(
      [alice.id, alice.username, alice.email, alice.first_name, alice.last_name, false]
    )
    const permissions = await client().fetchPermissions()
    expect(Object.keys(permissions.control?.keys ?? {})).toEqual(["console", "start", "stop", "restart"])
  })

  it("lists the servers the key's user owns and reads one", async () => {
    const servers = await client().servers.fetch()
    expect([...servers.keys()]).toEqual(aliceServers.map(short))
    // Not `isOwner` nor `internalId`: PteroJS reads `is_owner` and never `internal_id`, where the
    // panel sends `server_owner` and `internal_id` (app/Transformers/Api/Client/ServerTransformer.php).
    const server = await client().servers.fetch(short(survival))
    expect(server).toMatchObject({
      identifier: short(survival),
      uuid: survival.uuid,
      name: survival.name,
      node: fixture.nodes.find((n: any) => n.id === survival.node_id).name,
      suspended: false
    })
    expect(server.limits.memory).toBe(survival.limits.memory)
    expect(server.featureLimits).toEqual(survival.feature_limits)
  })

  it("reads resources, sends a command and a kill signal to the running server", async () => {
    const servers = client().servers
    expect(await servers.fetchResources(short(survival))).toMatchObject({ currentState: "running", isSuspended: false })
    await servers.sendCommand(short(survival), "say from pterojs")
    await servers.setPowerState(short(survival), "kill")
    expect(await panel.control.wings.state(survival.uuid)).toBe("offline")
    expect((await servers.fetchResources(short(survival))).currentState).toBe("offline")
  })

  it("lists the root directory and reads a file, lists backups and databases", async () => {
    const server = await client().servers.fetch(short(survival))
    const files = await server.files.fetch("/")
    const rootNames = fixture.files
      .filter((f: any) => f.server_id === survival.id)
      .map((f: any) => f.path.split("/")[1])
    expect([...files.keys()].sort()).toEqual([...new Set(rootNames)].sort())
    expect(files.get("eula.txt")).toMatchObject({ isFile: true, size: "eula=true\n".length })
    const eula = fixture.files.find((f: any) => f.server_id === survival.id && f.path === "/eula.txt")
    expect(await server.files.getContents("/eula.txt")).toBe(eula.content)
    const backups = await server.backups.fetch()
    expect([...backups.keys()]).toEqual([survivalBackup.uuid])
    expect(backups.get(survivalBackup.uuid)).toMatchObject({
      name: survivalBackup.name,
      successful: true,
      locked: false
    })
    const database = fixture.databases.find((d: any) => d.server_id === survival.id)
    const databases = [...(await server.databases.fetch()).values()]
    expect(databases.map((d) => [d.name, d.username, d.connectionsFrom])).toEqual([
      [database.database, database.username, database.remote]
    ])
  })

  it("throws PteroAPIError with the panel's code for a wrong key, an unknown and a suspended server", async () => {
    const wrong = new PteroClient(panel.url, wrongKey("userClient"))
    expect(await apiError(wrong.account.fetch())).toEqual(["AuthenticationException"])
    expect(await apiError(client().servers.fetch(UNKNOWN_SERVER))).toEqual(["NotFoundHttpException"])
    expect(await apiError(client().servers.sendCommand(short(creative), "say hi"))).toEqual([
      "ServerStateConflictException"
    ])
  })
})

describe("@devnote-dev/pterojs 2.2.2 PteroApp", () => {
  const app = (name: "rootApplication" | "readOnlyApplication" = "rootApplication") =>
    new PteroApp(panel.url, key(name))

  it("lists users and reads one by id and by external id", async () => {
    const users = await app().users.fetch()
    expect([...users.values()].map((u) => [u.id, u.username, u.isAdmin])).toEqual(
      fixture.users.map((u: any) => [u.id, u.username, u.root_admin])
    )
    const byId = await app().users.fetch(alice.id)
    expect(byId).toMatchObject({ id: alice.id, email: alice.email, firstname: alice.first_name })
    const byExternal = await app().users.fetch(alice.external_id)
    expect(byExternal.id).toBe(alice.id)
  })

  it("lists nodes and servers, and reads a server", async () => {
    const nodes = await app().nodes.fetch()
    expect([...nodes.values()].map((n) => [n.id, n.name, n.fqdn])).toEqual(
      fixture.nodes.map((n: any) => [n.id, n.name, n.fqdn])
    )
    const servers = await app().servers.fetch()
    expect([...servers.values()].map((s) => [s.id, s.name, s.ownerId, s.suspended])).toEqual(
      fixture.servers.map((s: any) => [s.id, s.name, s.owner_id, s.status === "suspended"])
    )
    const server = await app().servers.fetch(survival.id)
    expect(server).toMatchObject({
      id: survival.id,
      uuid: survival.uuid,
      identifier: short(survival),
      externalId: survival.external_id,
      nodeId: survival.node_id
    })
  })

  it("creates a user, then deletes it", async () => {
    const created = await app().users.create({
      email: "erin@example.com",
      username: "erin",
      firstname: "Erin",
      lastname: "Newcomer",
      password: "a-long-enough-password"
    })
    expect(created).toMatchObject({ username: "erin", email: "erin@example.com", isAdmin: false })
    await app().users.delete(created.id)
    expect(await apiError(app().users.fetch(created.id, { force: true }))).toEqual(["NotFoundHttpException"])
  })

  it("throws PteroAPIError for a wrong key, a read-only key writing and an unknown server", async () => {
    const wrong = new PteroApp(panel.url, wrongKey("rootApplication"))
    expect(await apiError(wrong.users.fetch())).toEqual(["AuthenticationException"])
    const readOnly = app("readOnlyApplication").users.create({
      email: "x@example.com",
      username: "xavier",
      firstname: "X",
      lastname: "Y"
    })
    expect(await apiError(readOnly)).toEqual(["AccessDeniedHttpException"])
    expect(await apiError(app().servers.fetch(UNKNOWN_ID))).toEqual(["NotFoundHttpException"])
  })
})
