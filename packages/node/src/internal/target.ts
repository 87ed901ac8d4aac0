import type * as ClientRequest from "@effect/platform/HttpClientRequest"
import * as UrlParams from "@effect/platform/UrlParams"

/** Where a request goes, in the pieces `node:http` and undici take. */
export interface Target {
  readonly secure: boolean
  /** `scheme://host[:port]`, the key of a connection pool. */
  readonly origin: string
  readonly hostname: string
  readonly port: number
  /** The path and query, as sent on the request line. */
  readonly path: string
}

interface Origin {
  readonly secure: boolean
  readonly hostname: string
  readonly port: number
}

// Few panels per process: the parsed origins are kept, and the map is dropped if it ever fills.
const origins = new Map<string, Origin | null>()
const MAX_ORIGINS = 256

const parseOrigin = (origin: string): Origin | null => {
  let known = origins.get(origin)
  if (known !== undefined) return known
  known = null
  try {
    const url = new URL(origin)
    if ((url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "") {
      const secure = url.protocol === "https:"
      known = {
        secure,
        // `[::1]` is given to the socket as `::1`.
        hostname: url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname,
        port: url.port === "" ? (secure ? 443 : 80) : Number(url.port)
      }
    }
  } catch {
    known = null
  }
  if (origins.size >= MAX_ORIGINS) origins.clear()
  origins.set(origin, known)
  return known
}

// A path of printable ASCII can go on the request line as it is; anything else (a space, a
// non-ASCII letter, a control character) is left to the WHATWG parser to encode, as `fetch` does.
const plainPath = /^[\x21-\x7e]*$/

/**
 * Splits an absolute `http(s)` URL at its path without building a `URL` for every request: the
 * origin is parsed once and remembered, the path is used as it is when it is plain. The fragment
 * is never sent. `undefined` for a URL the platform's clients would also refuse.
 */
export const targetOf = (request: ClientRequest.HttpClientRequest): Target | undefined => {
  const url = request.url
  const authority = url.indexOf("://")
  if (authority === -1) return undefined
  let pathStart = authority + 3
  while (pathStart < url.length) {
    const c = url.charCodeAt(pathStart)
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break
    pathStart++
  }
  const originText = url.slice(0, pathStart).toLowerCase()
  const origin = parseOrigin(originText)
  if (origin === null) return undefined
  let path = url.slice(pathStart)
  const hash = path.indexOf("#")
  if (hash !== -1) path = path.slice(0, hash)
  if (path === "" || path.charCodeAt(0) === 63) path = `/${path}`
  if (!plainPath.test(path)) {
    try {
      const parsed = new URL(path, "http://x")
      path = parsed.pathname + parsed.search
    } catch {
      return undefined
    }
  }
  if (request.urlParams.length > 0) {
    path += (path.includes("?") ? "&" : "?") + UrlParams.toString(request.urlParams)
  }
  return { secure: origin.secure, origin: originText, hostname: origin.hostname, port: origin.port, path }
}
