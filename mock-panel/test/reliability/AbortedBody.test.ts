// A client that goes away in the middle of its request body sent a truncated request: the mock
// must not handle it as if it were whole (a form body cut short still parses).
import * as Net from "node:net"
import { describe, expect, it } from "vitest"
import { eventually } from "./support.js"
import { usePanel } from "../helpers.js"

const USER_CLIENT = "ptlc_userclient1UserClientSecret0000000000000001"

const panel = usePanel({}, { resetEachTest: false })

const keysWithMemo = async (memo: string) => {
  const res = await fetch(`${panel.url}/api/client/account/api-keys`, {
    headers: { Accept: "application/json", Authorization: `Bearer ${USER_CLIENT}` }
  })
  const body = (await res.json()) as { data: Array<{ attributes: { description: string } }> }
  return body.data.filter((k) => k.attributes.description === memo).length
}

describe("a client that leaves mid-body", () => {
  it("the truncated request is not handled: no key created, nothing journaled", async () => {
    await panel.control.reset()
    const body = "description=truncated-body&allowed_ips%5B%5D=127.0.0.1"
    await new Promise<void>((resolve) => {
      const socket = Net.connect(Number(new URL(panel.url).port), "127.0.0.1", () => {
        socket.write(
          "POST /api/client/account/api-keys HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n" +
            `Authorization: Bearer ${USER_CLIENT}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
            `Content-Length: ${body.length + 100}\r\n\r\n${body}`
        )
        setTimeout(() => socket.destroy(), 100)
      })
      socket.on("error", () => {})
      socket.on("close", () => resolve())
    })
    // Give the panel time to act on what it received, were it to.
    await eventually(() => false, 300)
    expect(await keysWithMemo("truncated-body")).toBe(0)
    expect((await panel.control.journal()).filter((e) => e.method === "POST")).toEqual([])
  })
})
