// §9.1 `invocation`: the startup command with the server's values put in as they are.
import * as Effect from "effect/Effect"
import { describe, expect, it } from "vitest"
import * as Fixture from "../src/state/Fixture.js"
import { initialState } from "../src/state/Store.js"
import { invocation } from "../src/client-api/Transformers.js"

describe("invocation (§9.1)", () => {
  it("puts a value in literally, even one holding `$&` or `$$`", async () => {
    const state = initialState(await Effect.runPromise(Fixture.loadDefault))
    const survival = state.servers.find((s) => s.id === 1)!
    const server = { ...survival, environment: { ...survival.environment, SERVER_JARFILE: "a$&b$$c.jar" } }
    expect(invocation(state, server, false)).toBe(
      "java -Xms128M -Xmx2048M -jar a$&b$$c.jar --port 25565 --rcon-password [hidden]"
    )
  })
})
