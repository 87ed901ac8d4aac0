// Type-level: every method's error channel is a subset of PanelError (checked by tsc), and the
// route-specific members are exactly the ones the spec documents for that route (§8.1, §4.1).
import { describe, expectTypeOf, it } from "@effect/vitest"
import type { Account, ClientApi } from "@ptero-effect/client-api"
import type { PanelError } from "@ptero-effect/core"
import type { Effect, Stream } from "effect"

type ErrorOf<F> = F extends (...args: ReadonlyArray<any>) => infer R
  ? R extends Effect.Effect<any, infer E, any>
    ? E
    : R extends Stream.Stream<any, infer E, any>
      ? E
      : never
  : never

/** Every method of a group, recursively, mapped to its error type. */
type Errors<G> = {
  [K in keyof G]: G[K] extends (...args: ReadonlyArray<any>) => any ? ErrorOf<G[K]> : Errors<G[K]>
}[keyof G]

type Api = Omit<ClientApi.Service, "panel">
type Specific<E> = Extract<E, PanelError.RouteSpecific>["_tag"]

describe("error channels", () => {
  it("every method of every group fails only with PanelError (rotate: KeyRotationFailed)", () => {
    expectTypeOf<Errors<Omit<Api["account"], "apiKeys">>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Omit<Api["account"]["apiKeys"], "rotate">>>().toExtend<PanelError.PanelError>()
    expectTypeOf<ErrorOf<Api["account"]["apiKeys"]["rotate"]>>().toEqualTypeOf<Account.KeyRotationFailed>()
    expectTypeOf<ErrorOf<Api["permissions"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["servers"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["databases"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Omit<Api["files"], "upload">>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["schedules"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["network"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["subusers"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["backups"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["startup"]>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Errors<Api["settings"]>>().toExtend<PanelError.PanelError>()
  })

  it("every method can fail with each Common failure", () => {
    expectTypeOf<PanelError.Common>().toExtend<ErrorOf<Api["account"]["details"]>>()
    expectTypeOf<PanelError.Common>().toExtend<ErrorOf<Api["files"]["download"]>>()
    expectTypeOf<PanelError.Common>().toExtend<ErrorOf<Api["backups"]["stream"]>>()
    // The recursive collection above is not vacuous: it sees the groups' own failures.
    expectTypeOf<PanelError.ServerStateConflict>().toExtend<Errors<Api["servers"]>>()
    expectTypeOf<PanelError.ValidationFailed>().toExtend<Errors<Omit<Api["account"], "apiKeys">>>()
  })

  it("GET /servers/{server} has no 409; other server routes have NotFound and ServerStateConflict (§4.1)", () => {
    expectTypeOf<Specific<ErrorOf<Api["servers"]["get"]>>>().toEqualTypeOf<"NotFound">()
    expectTypeOf<Specific<ErrorOf<Api["servers"]["resources"]>>>().toEqualTypeOf<"NotFound" | "ServerStateConflict">()
    expectTypeOf<Specific<ErrorOf<Api["backups"]["delete"]>>>().toEqualTypeOf<"NotFound" | "ServerStateConflict">()
  })

  it("routes with FormRequest validation add ValidationFailed; a 400 (PanelRequestRejected) is Common (§2.4 row 7)", () => {
    expectTypeOf<Specific<ErrorOf<Api["servers"]["power"]>>>().toEqualTypeOf<
      "NotFound" | "ServerStateConflict" | "ValidationFailed"
    >()
    expectTypeOf<Specific<ErrorOf<Api["network"]["assign"]>>>().toEqualTypeOf<"NotFound" | "ServerStateConflict">()
    expectTypeOf<Specific<ErrorOf<Api["schedules"]["tasks"]["create"]>>>().toEqualTypeOf<
      "NotFound" | "ServerStateConflict" | "ValidationFailed"
    >()
    expectTypeOf<Specific<ErrorOf<Api["account"]["apiKeys"]["create"]>>>().toEqualTypeOf<"ValidationFailed">()
    expectTypeOf<PanelError.PanelRequestRejected>().toExtend<ErrorOf<Api["network"]["assign"]>>()
    expectTypeOf<Specific<ErrorOf<Api["account"]["apiKeys"]["delete"]>>>().toEqualTypeOf<"NotFound">()
    expectTypeOf<Specific<ErrorOf<Api["account"]["details"]>>>().toEqualTypeOf<never>()
  })

  it("a too-large body is UnexpectedResponse with a reason, not a class outside the union", () => {
    expectTypeOf<PanelError.UnexpectedResponse["reason"]>().toEqualTypeOf<"content" | "too-large">()
    expectTypeOf<PanelError.UnexpectedResponse>().toExtend<PanelError.Common>()
    expectTypeOf<PanelError.PanelUnreachable>().toExtend<ErrorOf<Api["files"]["downloadStream"]>>()
    expectTypeOf<PanelError.UnexpectedResponse>().toExtend<ErrorOf<Api["servers"]["stream"]>>()
  })

  it("upload fails with PanelError for bytes, plus the caller's own stream failure for a stream", () => {
    const bytes = (api: Api) => api.files.upload("x", { name: "a", data: new Uint8Array() })
    const streamed = (api: Api) =>
      api.files.upload("x", { name: "a", data: null as unknown as Stream.Stream<Uint8Array, "disk"> })
    expectTypeOf<Effect.Effect.Error<ReturnType<typeof bytes>>>().toExtend<PanelError.PanelError>()
    expectTypeOf<Effect.Effect.Error<ReturnType<typeof streamed>>>().toExtend<PanelError.PanelError | "disk">()
    expectTypeOf<"disk">().toExtend<Effect.Effect.Error<ReturnType<typeof streamed>>>()
  })
})
