import { describe, expect, it } from "vitest"
import * as Routes from "../../src/http/Routes.js"
import { call, k, usePanel } from "../helpers.js"

const panel = usePanel({}, { resetEachTest: false })

const PARAMS: Record<string, ReadonlyArray<string>> = {
  server: ["1a2b3c01", "1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c", "%00", "x".repeat(300)],
  database: ["zzzzzzzz", "-1", ""],
  schedule: ["1", "1e9", "abc"],
  task: ["1", "-5"],
  allocation: ["2", "99999999999999999999"],
  user: ["6f1c2b3a-0003-4c5d-8e9f-a0b1c2d3e4f5", "nobody"],
  backup: ["b4c5d6e7-0001-4f8a-9b0c-1d2e3f4a5b6c", "../../etc"],
  identifier: ["ptlc_nosuchkey00"]
}

const BODIES: ReadonlyArray<string> = [
  "null",
  "[]",
  '"text"',
  "123",
  '{"files":"x","root":[],"permissions":{"a":{"b":1}},"signal":["start"],"command":{"x":1}}',
  '{"files":[null,1,{"from":[],"to":{}}],"name":["a"],"minute":1,"hour":true,"day_of_month":"*","day_of_week":"*","action":"power","time_offset":"1e400"}',
  '{"database":"x".repeat(1)}',
  '{"email":"a@b","permissions":[1,2,"file.read"],"truncate":"yes","notes":12,"key":"SERVER_JARFILE","value":[]}',
  '{"url":"http://[::1","docker_image":"|~","name":"\\u0000","description":null,"is_locked":"maybe","ignored":5}',
  '{"public_key":"ssh-rsa AAAAB3NzaC1yc2E=","fingerprint":["x"],"code":123456,"password":{"a":1},"current_password":1}'
]

const paths = (template: string): Array<string> => {
  let out = [template]
  for (const [name, values] of Object.entries(PARAMS)) {
    if (!template.includes(`{${name}}`)) continue
    out = out.flatMap((p) => values.map((v) => p.replace(`{${name}}`, encodeURIComponent(v))))
  }
  return out.slice(0, 6)
}

describe("the client routes never fail on odd input (§7.3)", () => {
  it("every route, odd path values, odd JSON bodies and query strings", async () => {
    const routes = Routes.all.filter((r) => r.api === "client")
    const keys = [k(panel, "userClient"), k(panel, "subuserClient")]
    let requests = 0
    for (const route of routes) {
      // Bodies reach validation only once the bindings found their models, which the first path
      // (every parameter's first value) is built for; on the other paths a request stops at the
      // binding 404 whatever its body, so one body covers them. A GET sends no body at all.
      const bodies = route.method === "GET" ? [undefined] : BODIES
      const cases = paths(route.path).flatMap((path, index) =>
        (index === 0 ? bodies : bodies.slice(0, 1)).flatMap((body) => keys.map((key) => ({ path, body, key })))
      )
      // One route's requests at once: they only need the fixture back between routes, and
      // concurrent odd requests are as fair a test as sequential ones.
      const answers = await Promise.all(
        cases.map(({ path, body, key }) =>
          call(panel, `${path}?directory[]=x&file=%2F..%2F..&filter[event][]=1&per_page=-1&page=abc`, {
            key,
            method: route.method,
            headers: { "Content-Type": "application/json" },
            ...(body === undefined ? {} : { body })
          }).then((res) => ({ path, body, res }))
        )
      )
      for (const { path, body, res } of answers) {
        requests++
        // 502 is the panel's own answer for commands to a stopped server; a Wings 500 relayed as
        // `DaemonConnectionException` is what Wings 1.11 answers for a path that is missing or of
        // the wrong kind (wings/Errors.ts). Anything else would be the mock failing.
        const relayed = res.json?.errors?.[0]?.code === "DaemonConnectionException"
        if (res.status >= 500 && res.status !== 502 && !relayed) {
          throw new Error(`${route.method} ${path} ${body} → ${res.status} ${res.text.slice(0, 300)}`)
        }
      }
      await panel.control.reset()
    }
    expect(requests).toBeGreaterThan(1000)
  }, 120_000)
})
