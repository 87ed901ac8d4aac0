// Servers and server databases through ApplicationApi against the mock panel over real HTTP
// (spec §8.2 Servers and Server databases, §3.3, §3.4, §7.1, §7.2, §10.2).
import { describe, expect } from "@effect/vitest"
import { Chunk, Effect, Redacted, Stream } from "effect"
import { apiWith, describePanel, reset, url } from "./support.js"

const ENVIRONMENT = {
  SERVER_JARFILE: "server.jar",
  MINECRAFT_VERSION: "1.21",
  BUILD_NUMBER: "latest",
  RCON_PASSWORD: "pw"
}
const BASE = {
  name: "Lobby",
  user: 3,
  egg: 1,
  docker_image: "ghcr.io/pterodactyl/yolks:java_21",
  startup: "java -jar {{SERVER_JARFILE}}",
  environment: ENVIRONMENT,
  limits: { memory: 1024, swap: 0, disk: 2048, io: 500, cpu: 100 },
  feature_limits: { databases: 1, allocations: 1, backups: 1 }
}

describePanel("servers and databases against the mock panel", (it) => {
  describe("servers", () => {
    it.effect("create with deploy, suspend, unsuspend, reinstall, then delete (force)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const server = yield* api.servers.create({
          ...BASE,
          external_id: "lobby-1",
          deploy: { locations: [1], dedicated_ip: false, port_range: ["25560-25570"] }
        })
        expect(server).toMatchObject({
          name: "Lobby",
          node: 1,
          allocation: 6,
          status: "installing",
          external_id: "lobby-1"
        })
        yield* api.servers.suspend(server.id)
        expect((yield* api.servers.getByExternalId("lobby-1")).status).toBe("suspended")
        yield* api.servers.unsuspend(server.id)
        yield* api.servers.reinstall(server.id)
        expect((yield* api.servers.get(server.id)).container.installed).toBe(0)
        yield* api.servers.delete(server.id, { force: true })
        expect((yield* Effect.flip(api.servers.get(server.id)))._tag).toBe("NotFound")
      })
    )

    it.effect("create with an allocation; no deployable node is the panel's 400", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const server = yield* api.servers.create({ ...BASE, allocation: { default: 6 } })
        expect(server.allocation).toBe(6)
        yield* reset
        const failure = yield* Effect.flip(
          api.servers.create({
            ...BASE,
            limits: { ...BASE.limits, memory: 999999 },
            deploy: { locations: [1], dedicated_ip: false, port_range: [] }
          })
        )
        expect(failure).toMatchObject({ _tag: "PanelRequestRejected", status: 400, code: "NoViableNodeException" })
      })
    )

    it.effect("details, build and startup updates decode the server", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const details = yield* api.servers.updateDetails(1, {
          name: "Survival 2",
          user: 2,
          external_id: "ext-survival"
        })
        expect(details.name).toBe("Survival 2")
        const build = yield* api.servers.updateBuild(1, {
          allocation: 1,
          limits: { memory: 4096, swap: 0, disk: 10240, io: 500, cpu: 200 },
          add_allocations: [6],
          feature_limits: { databases: 2, allocations: 3, backups: 2 }
        })
        expect(build.limits.memory).toBe(4096)
        const startup = yield* api.servers.updateStartup(4, {
          startup: "./srcds_run +map {{SRCDS_MAP}}",
          environment: { SRCDS_MAP: "gm_bigcity" },
          egg: 3,
          image: "ghcr.io/pterodactyl/games:source",
          skip_scripts: false
        })
        expect(startup.container.environment.SRCDS_MAP).toBe("gm_bigcity")
      })
    )

    it.effect("§10.2: write-only suspends but cannot read; read-only reads but cannot write", () =>
      Effect.gen(function* () {
        const writeOnly = yield* apiWith("writeOnlyApplication")
        const readOnly = yield* apiWith("readOnlyApplication")
        yield* writeOnly.servers.suspend(1)
        expect(yield* Effect.flip(writeOnly.servers.get(1))).toMatchObject({ reason: "unauthorized" })
        expect((yield* readOnly.servers.get(1)).status).toBe("suspended")
        expect(yield* Effect.flip(readOnly.servers.unsuspend(1))).toMatchObject({ reason: "unauthorized" })
      })
    )

    it.effect("missing → NotFound without permission or admin; non-admin client key → not-root-admin", () =>
      Effect.gen(function* () {
        for (const name of ["noRightsApplication", "userClient"]) {
          const api = yield* apiWith(name)
          expect((yield* Effect.flip(api.servers.get(999)))._tag).toBe("NotFound")
          expect((yield* Effect.flip(api.servers.suspend(999)))._tag).toBe("NotFound")
        }
        const user = yield* apiWith("userClient")
        expect(yield* Effect.flip(user.servers.get(1))).toMatchObject({ reason: "not-root-admin" })
      })
    )

    it.effect("includes: every relationship for a root admin's client key, null where a key lacks the right", () =>
      Effect.gen(function* () {
        const root = yield* apiWith("rootClient")
        const full = yield* root.servers.get(1, {
          include: ["allocations", "user", "subusers", "nest", "egg", "variables", "location", "node", "databases"]
        })
        expect(full.relationships?.allocations?.map((a) => a.id)).toEqual([1, 2])
        expect(full.relationships?.user?.username).toBe("alice")
        expect(full.relationships?.subusers?.[0]?.user_id).toBe(3)
        expect(full.relationships?.variables?.map((v) => v.env_variable)).toContain("SERVER_JARFILE")
        expect(full.relationships?.databases?.[0]?.database).toBe("s1_world")
        const limited = yield* apiWith("limitedB")
        const partial = yield* limited.servers.get(1, { include: ["user", "egg", "node"] })
        expect(partial.relationships?.user).toBeNull()
        expect(partial.relationships?.node).toBeNull()
        expect(partial.relationships?.egg?.id).toBe(1)
      })
    )

    it.effect("a 422 from the panel carries field and rule (egg variables)", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const failure = yield* Effect.flip(
          api.servers.create({
            ...BASE,
            environment: { ...ENVIRONMENT, SERVER_JARFILE: "no-jar" },
            allocation: { default: 6 }
          })
        )
        expect(failure).toMatchObject({
          _tag: "ValidationFailed",
          issues: [{ field: "environment.SERVER_JARFILE", rule: "regex" }]
        })
      })
    )

    it.effect("list per_page=60 and a stream that keeps the filter over pages of one", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        expect((yield* api.servers.list({ per_page: 60 })).perPage).toBe(60)
        const streamed = yield* Stream.runCollect(
          api.servers.stream({ filter: { image: "yolks" }, sort: "-id", per_page: 1 })
        )
        // Server 4 runs the games:source image; without the filter on later pages it would appear.
        expect(Chunk.toReadonlyArray(streamed).map((s) => s.id)).toEqual([3, 2, 1])
      })
    )
  })

  describe("server databases", () => {
    it.effect("create (201 + resource), get by id, reset password, delete; include password and host", () =>
      Effect.gen(function* () {
        const api = yield* apiWith("rootApplication")
        const created = yield* api.databases.create(1, { database: "stats", remote: "%", host: 1 })
        expect(created.value).toMatchObject({ server: 1, database: "s1_stats", remote: "%" })
        expect(created.resource).toBe(`${yield* url}/api/application/servers/1/databases/${created.value.id}`)
        const before = yield* api.databases.get(1, created.value.id, { include: ["password", "host"] })
        expect(before.relationships?.host?.name).toBe("MySQL on Node 1")
        yield* api.databases.resetPassword(1, created.value.id)
        const after = yield* api.databases.get(1, created.value.id, { include: ["password"] })
        const secret = (db: typeof before) => {
          const password = db.relationships?.password
          return password ? Redacted.value(password.password) : undefined
        }
        expect(secret(before)).toHaveLength(24)
        expect(secret(after)).not.toBe(secret(before))
        yield* api.databases.delete(1, created.value.id)
        expect((yield* api.databases.list(1)).map((d) => d.id)).toEqual([1])
      })
    )

    it.effect("ACL uses r_server_databases; host include needs r_database_hosts; missing → NotFound; 422", () =>
      Effect.gen(function* () {
        const writeOnly = yield* apiWith("writeOnlyApplication")
        yield* writeOnly.databases.create(1, { database: "logs", remote: "%", host: 1 })
        expect(yield* Effect.flip(writeOnly.databases.list(1))).toMatchObject({ reason: "unauthorized" })
        const readOnly = yield* apiWith("readOnlyApplication")
        expect(yield* Effect.flip(readOnly.databases.resetPassword(1, 1))).toMatchObject({ reason: "unauthorized" })
        const limited = yield* apiWith("limitedA")
        const db = yield* limited.databases.get(1, 1, { include: ["password", "host"] })
        expect(db.relationships?.host).toBeNull()
        expect(db.relationships?.password).not.toBeNull()
        const none = yield* apiWith("noRightsApplication")
        expect((yield* Effect.flip(none.databases.get(1, 99)))._tag).toBe("NotFound")
        const api = yield* apiWith("rootApplication")
        // Server 1 is at its database limit (2): DatabaseManagementService::create's 400 comes before
        // the duplicate name (which would be its 400 too: the request's unique rule never fails).
        const failure = yield* Effect.flip(api.databases.create(1, { database: "logs", remote: "%", host: 1 }))
        expect([failure._tag, "code" in failure ? failure.code : undefined]).toEqual([
          "PanelRequestRejected",
          "TooManyDatabasesException"
        ])
      })
    )
  })
})
