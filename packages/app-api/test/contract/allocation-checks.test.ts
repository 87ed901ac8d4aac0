// allocations.create refuses exactly what AssignmentService::handle refuses (each a 400 there),
// and sends everything it accepts.
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { withFake } from "../utils/api.js"
import * as Wire from "../utils/wire.js"

const accepted: ReadonlyArray<readonly [string, string | number]> = [
  ["ports", "1025"],
  ["ports", "65535"],
  ["ports", "0025565"],
  ["ports", 25565],
  ["ports", "25565-26564"],
  // range() counts down, so a descending range is accepted.
  ["ports", "26000-25565"],
  // Only the start meets the floor and only the end the ceiling: the panel adds 1000-1500.
  ["ports", "1500-1000"],
  ["ip", "203.0.113.0/27"],
  ["ip", "203.0.113.0/32"]
]

const refused: ReadonlyArray<readonly [string, string | number, string]> = [
  ["ports", "1024", "port_out_of_range"],
  ["ports", "65536", "port_out_of_range"],
  ["ports", "1000-1500", "port_out_of_range"],
  ["ports", "65000-65600", "port_out_of_range"],
  ["ports", "25565-26565", "too_many_ports_in_range"],
  ["ports", "80-90", "invalid_port_mapping"],
  ["ports", "25565-", "invalid_port_mapping"],
  // CIDR_MAX_BITS is 27 although CidrOutOfRangeException's message says /25.
  ["ip", "203.0.113.0/26", "cidr_out_of_range"],
  ["ip", "203.0.113.0/25", "cidr_out_of_range"],
  ["ip", "203.0.113.0/33", "cidr_out_of_range"],
  ["ip", "203.0.113.0/x", "cidr_out_of_range"]
]

const input = (field: string, value: string | number) =>
  field === "ip" ? { ip: String(value), ports: ["25565"] } : { ip: "203.0.113.10", ports: [value] }

describe("allocations.create checks ports and masks as AssignmentService::handle does", () => {
  for (const [field, value] of accepted) {
    it.effect(`sends ${field} ${JSON.stringify(value)}`, () =>
      Effect.gen(function* () {
        const { api, requests } = yield* withFake(() => Wire.noContent)
        yield* api.allocations.create(1, input(field, value))
        expect(requests).toHaveLength(1)
        // StoreAllocationRequest::rules: ports are strings.
        expect(JSON.parse(requests[0]?.body ?? "").ports).toEqual(input(field, value).ports.map(String))
      })
    )
  }
  for (const [field, value, rule] of refused) {
    it.effect(`refuses ${field} ${JSON.stringify(value)} (${rule}) without sending`, () =>
      Effect.gen(function* () {
        const { api, requests } = yield* withFake(() => Wire.noContent)
        const error = yield* Effect.flip(api.allocations.create(1, input(field, value)))
        expect(error).toMatchObject({ _tag: "ValidationFailed", source: "client" })
        if (error._tag !== "ValidationFailed") return
        expect(error.issues.map((issue) => [issue.field, issue.rule])).toEqual([
          [field === "ip" ? "ip" : "ports.0", rule]
        ])
        expect(requests).toHaveLength(0)
      })
    )
  }
})
