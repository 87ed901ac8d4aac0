import { describe, expect, it } from "@effect/vitest"
import { PanelClient } from "@ptero-effect/core"
import { Effect, Layer, Option, Tracer } from "effect"
import { CLIENT_KEY, SECRET, fakeClient, json, panelError } from "./utils/fake.js"

// A tracer that keeps every span it starts, so the test can read names and attributes.
const recordingTracer = () => {
  const spans: Array<{ name: string; attributes: Map<string, unknown>; kind: Tracer.SpanKind }> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const attributes = new Map<string, unknown>()
      spans.push({ name, attributes, kind })
      return {
        _tag: "Span",
        name,
        spanId: `span${spans.length}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes,
        links,
        sampled: true,
        kind,
        end: () => {},
        attribute: (key, value) => {
          attributes.set(key, value)
        },
        event: () => {},
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })
  return { spans, layer: Layer.setTracer(tracer) }
}

describe("tracing", () => {
  it.effect("each request runs in a span named for the operation, with method and path only", () =>
    Effect.gen(function* () {
      const recorder = recordingTracer()
      let calls = 0
      const fake = fakeClient(() =>
        ++calls === 1 ? json(200, {}) : panelError(403, "AccessDeniedHttpException", "This action is unauthorized.")
      )
      yield* Effect.gen(function* () {
        const client = yield* PanelClient.make({ url: "https://p.example", api: "client", credentials: CLIENT_KEY })
        yield* client.send({
          operation: "ClientApi.servers.list",
          method: "GET",
          path: "",
          query: { "filter[name]": "secret-query" }
        })
        yield* Effect.flip(
          client.send({
            operation: "ClientApi.servers.power",
            method: "POST",
            path: "/servers/abc/power",
            body: { _tag: "Json", value: { signal: "start" } }
          })
        )
      }).pipe(Effect.provide(fake.layer), Effect.provide(recorder.layer))

      expect(recorder.spans.map((s) => s.name)).toEqual(["ClientApi.servers.list", "ClientApi.servers.power"])
      const [list, power] = recorder.spans
      expect(Object.fromEntries(list!.attributes)).toEqual({
        "http.request.method": "GET",
        "url.path": "/api/client",
        "http.response.status_code": 200
      })
      expect(power!.attributes.get("url.path")).toBe("/api/client/servers/abc/power")
      expect(power!.kind).toBe("client")
      const everything = JSON.stringify(recorder.spans.map((s) => [s.name, [...s.attributes]]))
      expect(everything).not.toContain("secret-query")
      expect(everything).not.toContain(SECRET)
      expect(everything).not.toContain("Bearer")
      expect(Option.isNone(Option.fromNullable(list!.attributes.get("url.full")))).toBe(true)
    })
  )
})
