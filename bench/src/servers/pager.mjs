// Serves GET /api/client as the mock does, at any size: pages of a server object recorded from
// the mock, with identifiers varied per index, and the pagination meta and links of §7.1.
// In its own process, so the benchmark's heap is the client's alone.
import * as fs from "node:fs"
import * as http from "node:http"

const [templateFile, totalText] = process.argv.slice(2)
const template = JSON.parse(fs.readFileSync(templateFile, "utf8"))
const total = Number(totalText)

const item = (i) => {
  const hex = i.toString(16).padStart(8, "0")
  return {
    ...template,
    attributes: {
      ...template.attributes,
      identifier: hex,
      uuid: `${hex}${template.attributes.uuid.slice(8)}`,
      internal_id: i + 1,
      name: `server-${i}`
    }
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://127.0.0.1")
  const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get("per_page") ?? 50)))
  const page = Math.max(1, Number(url.searchParams.get("page") ?? 1))
  const totalPages = Math.max(1, Math.ceil(total / perPage))
  const start = (page - 1) * perPage
  const data = []
  for (let i = start; i < Math.min(total, start + perPage); i++) data.push(item(i))
  const link = (p) => {
    const next = new URL(url)
    next.searchParams.set("page", String(p))
    return `http://${req.headers.host}${next.pathname}${next.search}`
  }
  const links = {}
  if (page > 1) links.previous = link(page - 1)
  if (page < totalPages) links.next = link(page + 1)
  const body = JSON.stringify({
    object: "list",
    data,
    meta: {
      pagination: { total, count: data.length, per_page: perPage, current_page: page, total_pages: totalPages, links }
    }
  })
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) })
  res.end(body)
})
server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`))
process.on("SIGTERM", () => server.close(() => process.exit(0)))
