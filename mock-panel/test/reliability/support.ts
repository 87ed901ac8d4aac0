import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as Net from "node:net"
import * as V8 from "node:v8"
import * as Vm from "node:vm"
import { Layer, Tracer } from "effect"

export interface RawResponse {
  readonly status: number
  readonly headers: Http.IncomingHttpHeaders
  readonly body: string
}

export interface RawRequest {
  readonly method: string
  readonly path: string
  readonly headers?: Record<string, string | ReadonlyArray<string>>
  readonly body?: string | Uint8Array
}

/**
 * One request through `node:http` with a fresh connection, so any method, any path and any header
 * a client library would refuse can be sent. Settles within `limitMs` whatever happens.
 */
export const rawRequest = (url: string, request: RawRequest, limitMs = 5_000): Promise<RawResponse | Error> =>
  new Promise((resolve) => {
    const target = new URL(url)
    let settled = false
    const done = (value: RawResponse | Error) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(value)
    }
    const req = Http.request(
      {
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.headers as Http.OutgoingHttpHeaders,
        agent: false
      },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (chunk: Buffer) => chunks.push(chunk))
        res.on("end", () =>
          done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") })
        )
        res.on("error", (error) => done(error))
      }
    )
    const timer = setTimeout(() => {
      req.destroy()
      done(new Error(`no answer within ${limitMs} ms`))
    }, limitMs)
    req.on("error", (error) => done(error))
    if (request.body !== undefined) req.write(request.body)
    req.end()
  })

/**
 * A TCP proxy in front of a server that counts the connections it holds open: the server side of
 * every socket a client opens, whatever the client's HTTP library does.
 */
export interface CountingProxy {
  readonly url: string
  /** Connections accepted and not yet closed. */
  readonly open: () => number
  readonly accepted: () => number
  /** `Date.now()` of each close, in order. */
  readonly closedAt: Array<number>
  readonly close: () => Promise<void>
}

export const countingProxy = (targetUrl: string): Promise<CountingProxy> =>
  new Promise((resolve) => {
    const target = new URL(targetUrl)
    let open = 0
    let accepted = 0
    const closedAt: Array<number> = []
    const sockets = new Set<Net.Socket>()
    const server = Net.createServer((downstream) => {
      open++
      accepted++
      sockets.add(downstream)
      const upstream = Net.connect({ host: target.hostname, port: Number(target.port) })
      sockets.add(upstream)
      downstream.pipe(upstream)
      upstream.pipe(downstream)
      const end = () => {
        downstream.destroy()
        upstream.destroy()
      }
      downstream.on("error", end)
      upstream.on("error", end)
      upstream.on("close", end)
      downstream.on("close", () => {
        open--
        closedAt.push(Date.now())
        sockets.delete(downstream)
        end()
      })
      upstream.on("close", () => sockets.delete(upstream))
    })
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo
      resolve({
        url: `http://127.0.0.1:${port}`,
        open: () => open,
        accepted: () => accepted,
        closedAt,
        close: () =>
          new Promise((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
          })
      })
    })
  })

/** Waits until `condition` holds, checking every `everyMs`, for at most `limitMs`; returns whether it held. */
export const eventually = async (condition: () => boolean, limitMs = 5_000, everyMs = 10): Promise<boolean> => {
  const deadline = Date.now() + limitMs
  while (Date.now() < deadline) {
    if (condition()) return true
    await new Promise((r) => setTimeout(r, everyMs))
  }
  return condition()
}

export interface RecordedSpan {
  readonly name: string
  readonly attributes: Map<string, unknown>
  readonly events: Array<[string, unknown]>
}

/** A tracer that keeps every span with its attributes and events. */
export const recordingTracer = () => {
  const spans: Array<RecordedSpan> = []
  const tracer = Tracer.make({
    span: (name, parent, context, links, startTime, kind) => {
      const record: RecordedSpan = { name, attributes: new Map(), events: [] }
      spans.push(record)
      return {
        _tag: "Span",
        name,
        spanId: `span${spans.length}`,
        traceId: "trace",
        parent,
        context,
        status: { _tag: "Started", startTime },
        attributes: record.attributes,
        links,
        sampled: true,
        kind,
        end: () => {},
        attribute: (key, value) => {
          record.attributes.set(key, value)
        },
        event: (name, _time, attributes) => {
          record.events.push([name, attributes])
        },
        addLinks: () => {}
      }
    },
    context: (f) => f()
  })
  return { spans, layer: Layer.setTracer(tracer) }
}

let gcFunction: (() => void) | undefined

/** A full garbage collection, without starting Node with `--expose-gc`. */
export const collectGarbage = (): void => {
  if (gcFunction === undefined) {
    V8.setFlagsFromString("--expose-gc")
    gcFunction = Vm.runInNewContext("gc") as () => void
  }
  gcFunction()
}

/** Heap in use after a full collection, in bytes. */
export const settledHeap = (): number => {
  collectGarbage()
  collectGarbage()
  return process.memoryUsage().heapUsed
}
