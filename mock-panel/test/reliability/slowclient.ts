// Measures how long the mock panel lets a slow client hold a connection: one that sends its
// headers, or its body, one byte per second. Default settings unless REQUEST_TIMEOUT (ms) is set.
// Run: npx tsx --conditions=@ptero-effect/source mock-panel/test/reliability/slowclient.ts
import * as Net from "node:net"
import * as MockPanel from "../../src/MockPanel.js"

const measure = (port: number, kind: string, start: (socket: Net.Socket) => void) =>
  new Promise<void>((resolve) => {
    const t0 = Date.now()
    let answer = ""
    const socket = Net.connect(port, "127.0.0.1", () => start(socket))
    // Bounded: the client gives up on its own after 90 s.
    const limit = setTimeout(() => socket.destroy(), 90_000)
    const drip = setInterval(() => (socket.destroyed ? clearInterval(drip) : socket.write("x")), 1_000)
    socket.on("data", (d: Buffer) => {
      answer += d.toString("latin1")
    })
    socket.on("error", () => {})
    socket.on("close", () => {
      clearTimeout(limit)
      clearInterval(drip)
      console.log(`${kind}: closed after ${Date.now() - t0} ms, answer ${JSON.stringify(answer.split("\r\n")[0])}`)
      resolve()
    })
  })

const main = async () => {
  const timeout = Number(process.env.REQUEST_TIMEOUT)
  const panel = await MockPanel.start(Number.isFinite(timeout) && timeout > 0 ? { requestTimeout: timeout } : {})
  const port = Number(new URL(panel.url).port)
  await Promise.all([
    measure(port, "slow headers (1 byte/s)", (s) => s.write("GET /api/client HTTP/1.1\r\nHost: x\r\nX-Slow: ")),
    measure(port, "slow body (1 byte/s)", (s) =>
      s.write("POST /api/client/account/api-keys HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n")
    )
  ])
  await panel.close()
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  }
)
