// The panel's API throttle in front of a recorded body, in its own process: one fixed window per
// bearer value that opens with the first counted request and lasts the period; a refused request
// is not counted and is told, in whole seconds, when the window ends
// (Illuminate\Routing\Middleware\ThrottleRequests, app/Providers/RouteServiceProvider.php).
// Usage: throttle.mjs <body file> <limit> <window ms>. Prints {port}. GET /counts answers what it
// counted (and is not counted); POST /reset forgets the windows and the counts.
import * as fs from "node:fs"
import * as http from "node:http"

const [bodyFile, limitText, windowText] = process.argv.slice(2)
const body = fs.readFileSync(bodyFile)
const limit = Number(limitText)
const windowMillis = Number(windowText)
const windows = new Map()
let counts = { answered: 0, refused: 0, refusedAfterFirstWindow: 0, windows: 0 }
const refusal = Buffer.from(
  JSON.stringify({ errors: [{ code: "ThrottleRequestsException", status: "429", detail: "Too Many Attempts." }] })
)

const server = http.createServer((req, res) => {
  req.resume()
  req.on("end", () => {
    if (req.url === "/counts" || req.url === "/reset") {
      if (req.url === "/reset") {
        windows.clear()
        counts = { answered: 0, refused: 0, refusedAfterFirstWindow: 0, windows: 0 }
      }
      res.writeHead(200, { "content-type": "application/json" })
      return res.end(JSON.stringify(counts))
    }
    const who = req.headers.authorization ?? ""
    const now = Date.now()
    let window = windows.get(who)
    if (window !== undefined && now >= window.endsAt) window = undefined
    if (window !== undefined && window.hits >= limit) {
      counts.refused++
      if (window.index > 0) counts.refusedAfterFirstWindow++
      res.writeHead(429, {
        "content-type": "application/json",
        "content-length": String(refusal.length),
        "retry-after": String(Math.ceil((window.endsAt - now) / 1000)),
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": "0"
      })
      return res.end(refusal)
    }
    if (window === undefined) {
      window = { hits: 0, endsAt: now + windowMillis, index: counts.windows++ }
      windows.set(who, window)
    }
    window.hits++
    counts.answered++
    res.writeHead(200, {
      "content-type": "application/json",
      "content-length": String(body.length),
      "x-ratelimit-limit": String(limit),
      "x-ratelimit-remaining": String(limit - window.hits)
    })
    res.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})
process.on("SIGTERM", () => {
  server.close(() => process.exit(0))
  server.closeAllConnections()
})
