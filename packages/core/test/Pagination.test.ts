import { describe, expect, it } from "@effect/vitest"
import { Envelope, Pagination, PanelClient } from "@ptero-effect/core"
import { Chunk, Effect, Schema, Stream } from "effect"
import { CLIENT_KEY, fakeClient, json } from "./utils/fake.js"

const Server = Envelope.Item("server", Schema.Struct({ identifier: Schema.String }))
const ServerList = Envelope.PaginatedList(Server)

// Serves `total` servers in pages of `per_page`, like the panel's `/api/client` (§7.1).
const panel = (total: number) =>
  fakeClient((request) => {
    const perPage = Number(request.url.searchParams.get("per_page") ?? 50)
    const page = Number(request.url.searchParams.get("page") ?? 1)
    const totalPages = Math.max(1, Math.ceil(total / perPage))
    const start = (page - 1) * perPage
    const data = Array.from({ length: Math.max(0, Math.min(perPage, total - start)) }, (_, i) => ({
      object: "server",
      attributes: { identifier: `s${start + i}` }
    }))
    return json(200, {
      object: "list",
      data,
      meta: {
        pagination: {
          total,
          count: data.length,
          per_page: perPage,
          current_page: page,
          total_pages: totalPages,
          links: {}
        }
      }
    })
  })

const stream = (client: PanelClient.Service, query: Record<string, PanelClient.QueryValue>) =>
  Pagination.paginate((page) =>
    client
      .json({ operation: "servers.list", method: "GET", path: "", query: { ...query, page } }, ServerList)
      .pipe(Effect.map((list) => Pagination.fromEnvelope(list, (item) => item.attributes.identifier)))
  )

describe("Pagination.paginate", () => {
  it.effect("streams every item of every page and stops at total_pages", () =>
    Effect.gen(function* () {
      const fake = panel(12)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      const items = yield* Stream.runCollect(stream(client, { per_page: 5 }))
      expect(Chunk.toReadonlyArray(items)).toEqual(Array.from({ length: 12 }, (_, i) => `s${i}`))
      expect(fake.requests.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"])
    })
  )

  it.effect("keeps per_page, include, filter[…] and sort on every follow-up request", () =>
    Effect.gen(function* () {
      const fake = panel(7)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      yield* Stream.runDrain(
        stream(client, { per_page: 3, include: "egg,subusers", "filter[name]": "mc", sort: "-id" })
      )
      expect(fake.requests).toHaveLength(3)
      for (const request of fake.requests) {
        const params = request.url.searchParams
        expect([params.get("per_page"), params.get("include"), params.get("filter[name]"), params.get("sort")]).toEqual(
          ["3", "egg,subusers", "mc", "-id"]
        )
      }
    })
  )

  it.effect("fetches a page only when the consumer reaches it", () =>
    Effect.gen(function* () {
      const fake = panel(100)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      const firstSeven = yield* Stream.runCollect(Stream.take(stream(client, { per_page: 5 }), 7))
      expect(Chunk.size(firstSeven)).toBe(7)
      expect(fake.requests).toHaveLength(2)
    })
  )

  it.effect("an empty list is one request and no items", () =>
    Effect.gen(function* () {
      const fake = panel(0)
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      expect(Chunk.size(yield* Stream.runCollect(stream(client, {})))).toBe(0)
      expect(fake.requests).toHaveLength(1)
    })
  )

  it.effect("a failing page fails the stream with the page's error", () =>
    Effect.gen(function* () {
      let calls = 0
      const fake = fakeClient(() =>
        ++calls === 1
          ? json(200, {
              object: "list",
              data: [{ object: "server", attributes: { identifier: "a" } }],
              meta: {
                pagination: { total: 2, count: 1, per_page: 1, current_page: 1, total_pages: 2, links: { next: "x" } }
              }
            })
          : json(404, { errors: [{ code: "NotFoundHttpException", status: "404", detail: "gone" }] })
      )
      const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY }).pipe(
        Effect.provide(fake.layer)
      )
      const error = yield* Effect.flip(Stream.runCollect(stream(client, { per_page: 1 })))
      expect(error._tag).toBe("NotFound")
    })
  )
})
