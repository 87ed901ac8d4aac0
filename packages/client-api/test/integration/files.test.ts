// Contract: files (including signed-URL upload and download) and databases.
import { describe, expect } from "@effect/vitest"
import { Databases } from "@ptero-effect/client-api"
import { PanelClient } from "@ptero-effect/core"
import { MockPanel } from "@ptero-effect/mock-panel"
import { Effect, Option, Redacted } from "effect"
import {
  ADMIN_LAB,
  client,
  CREATIVE,
  describePanel,
  failsWith,
  issues,
  NOT_VISIBLE,
  SURVIVAL,
  SUSPENDED,
  UNAUTHORIZED
} from "./support.js"

describePanel("ClientApi files and databases against the mock panel", (it) => {
  describe("files", () => {
    it.effect("list, write, contents, rename, delete round trip", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const root = yield* api.files.list(SURVIVAL)
        expect(root.map((f) => f.name)).toEqual(["logs", "plugins", "eula.txt", "server.properties"])
        yield* api.files.write(SURVIVAL, "/notes.txt", "hello\n")
        expect(yield* api.files.contents(SURVIVAL, "/notes.txt")).toBe("hello\n")
        yield* api.files.rename(SURVIVAL, { root: "/", files: [{ from: "notes.txt", to: "read-me.txt" }] })
        yield* api.files.delete(SURVIVAL, { root: "/", files: ["read-me.txt"] })
        expect((yield* api.files.list(SURVIVAL)).map((f) => f.name)).not.toContain("read-me.txt")
      })
    )

    it.effect("upload and download binary bytes through signed URLs", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const bytes = new Uint8Array(300).map((_, i) => (i * 7) % 256)
        yield* api.files.upload(SURVIVAL, { name: "blob.bin", directory: "/", data: bytes })
        const back = yield* api.files.download(SURVIVAL, "/blob.bin")
        expect(back).toEqual(bytes)
      })
    )

    it.effect("compress returns the archive's file object", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const archive = yield* api.files.compress(SURVIVAL, { root: "/", files: ["eula.txt"] })
        expect(archive.name).toMatch(/\.tar\.gz$/)
        expect(archive.is_file).toBe(true)
      })
    )

    it.effect("403 without file.read-content, 404 unseen server, 409 suspended", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const alice = yield* client("userClient")
        yield* failsWith(bob.files.contents(SURVIVAL, "/eula.txt"), "InsufficientPermissions", UNAUTHORIZED)
        yield* failsWith(alice.files.list(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(alice.files.list(CREATIVE), "ServerStateConflict", SUSPENDED)
      })
    )

    it.effect("a rename entry without a source: the client's check names the panel's field and rule", () =>
      Effect.gen(function* () {
        const panel = yield* MockPanel.MockPanel
        const raw = yield* PanelClient.make({ url: panel.url, api: "client", credentials: panel.keys.userClient })
        const body = { root: "/", files: [{ from: "", to: "x" }] }
        const fromPanel = yield* Effect.flip(
          raw.send({
            operation: "t",
            method: "PUT",
            path: `/servers/${SURVIVAL}/files/rename`,
            body: { _tag: "Json", value: body }
          })
        )
        expect(issues(fromPanel)).toEqual([["files.0.from", "required"]])
        const api = yield* client("userClient")
        const fromClient: any = yield* Effect.flip(api.files.rename(SURVIVAL, body))
        expect(fromClient.issues.map((i: any) => [i.field, i.rule])).toEqual([["files.0.from", "required"]])
      })
    )
  })

  describe("databases", () => {
    it.effect("create shows the password, rotate changes it, delete removes the database", () =>
      Effect.gen(function* () {
        const api = yield* client("userClient")
        const created = yield* api.databases.create(SURVIVAL, { database: "stats", remote: "%" })
        expect(created.name).toBe("s1_stats")
        const first = Option.getOrThrow(Databases.password(created))
        const rotated = yield* api.databases.rotatePassword(SURVIVAL, created.id)
        expect(Redacted.value(Option.getOrThrow(Databases.password(rotated)))).not.toBe(Redacted.value(first))
        yield* api.databases.delete(SURVIVAL, created.id)
        expect((yield* api.databases.list(SURVIVAL)).map((d) => d.name)).toEqual(["s1_world"])
      })
    )

    it.effect("403 for a subuser, 404 through another server, 404 unseen, 409 suspended, 422 taken name", () =>
      Effect.gen(function* () {
        const bob = yield* client("subuserClient")
        const alice = yield* client("userClient")
        const root = yield* client("rootClient")
        yield* failsWith(bob.databases.list(SURVIVAL), "InsufficientPermissions", UNAUTHORIZED)
        const [world] = yield* alice.databases.list(SURVIVAL)
        yield* failsWith(
          root.databases.delete(ADMIN_LAB, world!.id),
          "NotFound",
          "The requested resource was not found for this server."
        )
        yield* failsWith(alice.databases.list(ADMIN_LAB), "NotFound", NOT_VISIBLE)
        yield* failsWith(alice.databases.list(CREATIVE), "ServerStateConflict", SUSPENDED)
        const taken = yield* Effect.flip(alice.databases.create(SURVIVAL, { database: "world", remote: "%" }))
        expect(issues(taken)).toEqual([["database", "unique"]])
      })
    )
  })
})
