// A bare node:http server, in its own process so the benchmark's CPU figures are the client's
// alone: answers every request with the same recorded status, headers and body.
import * as fs from "node:fs"
import * as http from "node:http"

const [bodyFile, headersJson] = process.argv.slice(2)
const body = fs.readFileSync(bodyFile)
const headers = { ...JSON.parse(headersJson), "content-length": String(body.length) }
const server = http.createServer((req, res) => {
  req.resume()
  req.on("end", () => {
    res.writeHead(200, headers)
    res.end(body)
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`)
})
process.on("SIGTERM", () => server.close(() => process.exit(0)))
