// A panel that answers with a body that does not end (or ends far beyond any real answer), for the
// client's size limit over real sockets. It writes only when the socket takes more (backpressure),
// so the bytes it counts are the bytes the client side made room for: what the client read plus
// what the two kernels' socket buffers hold.
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Zlib from "node:zlib"

export interface Flood {
  readonly url: string
  /** Bytes handed to the socket, over every response so far. */
  readonly written: () => number
  /** Responses whose connection the client closed before the body ended. */
  readonly cut: () => number
  readonly close: () => Promise<void>
}

export interface FloodOptions {
  /** Body bytes per response before the server ends it itself. */
  readonly total: number
  /** A `Content-Length` to declare (even a false one); chunked without it. */
  readonly declare?: number | undefined
  /** Send a gzip body whose decompressed size is `total` (a "zip bomb"). */
  readonly gzip?: boolean | undefined
  readonly status?: number | undefined
}

const CHUNK = new Uint8Array(64 * 1024).fill(97)

export const flood = (options: FloodOptions): Promise<Flood> =>
  new Promise((resolve) => {
    let written = 0
    let cut = 0
    const server = Http.createServer((_req, res) => {
      const headers: Record<string, string> = { "content-type": "application/json" }
      if (options.gzip) {
        const compressed = Zlib.gzipSync(Buffer.alloc(options.total, 97))
        res.writeHead(options.status ?? 200, {
          ...headers,
          "content-encoding": "gzip",
          "content-length": String(compressed.length)
        })
        written += compressed.length
        res.end(compressed)
        return
      }
      if (options.declare !== undefined) headers["content-length"] = String(options.declare)
      res.writeHead(options.status ?? 200, headers)
      let sent = 0
      let closed = false
      res.on("close", () => {
        closed = true
        if (sent < options.total) cut++
      })
      const pump = () => {
        while (!closed && sent < options.total) {
          const n = Math.min(CHUNK.length, options.total - sent)
          sent += n
          written += n
          if (!res.write(n === CHUNK.length ? CHUNK : CHUNK.subarray(0, n))) return void res.once("drain", pump)
        }
        if (!closed) res.end()
      }
      pump()
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        written: () => written,
        cut: () => cut,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections()
            server.close(() => done())
          })
      })
    })
  })
