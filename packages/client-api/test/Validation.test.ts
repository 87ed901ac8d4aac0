import { describe, expect, it } from "@effect/vitest"
import { isIpRange } from "../src/internal/ip.js"

describe("allowed_ips entries the panel accepts (§2.6)", () => {
  it("accepts addresses, CIDR, netmask, wildcard and range forms of both families", () => {
    for (const entry of [
      "127.0.0.1",
      "::1",
      "::ffff:7f00:1",
      "::ffff:127.0.0.1",
      "2001:db8::8a2e:370:7334",
      "192.168.1.1/28",
      "10.0.0.0/8",
      "::1/128",
      "2001:db8::/32",
      "192.168.1.0 255.255.255.0",
      "192.168.1.*",
      "10.0.0.1-10.0.0.9"
    ]) {
      expect([entry, isIpRange(entry)]).toEqual([entry, true])
    }
  })

  it("refuses what the panel's library cannot parse", () => {
    for (const entry of [
      "hodor",
      "hodor/24",
      "256.0.0.1",
      "10.0.0.0/33",
      "::1/129",
      "1.2.3",
      "1::2::3",
      "",
      "10.0.0.1/"
    ]) {
      expect([entry, isIpRange(entry)]).toEqual([entry, false])
    }
  })
})
