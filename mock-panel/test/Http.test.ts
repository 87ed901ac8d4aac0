/**
 * What the panel's framework does around the API routes, from its source: global middleware
 * (HandleCors), the router's path handling, content negotiation and the exception handler's
 * non-JSON pages (§6, §7.3).
 */
import * as Net from "node:net"
import { describe, expect, it } from "vitest"
import { acceptableContentTypes, expectsJson } from "../src/http/Failure.js"
import * as MockPanel from "../src/MockPanel.js"
import { call, k, postJson, usePanel } from "./helpers.js"

const panel = usePanel({}, { resetEachTest: false })

// A request written by hand, for request targets fetch() normalises away.
const raw = (url: string, target: string): Promise<{ status: number; head: string; body: string }> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url)
    const socket = Net.connect(Number(port), hostname, () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAccept: application/json\r\nConnection: close\r\n\r\n`
      )
    })
    let text = ""
    socket.setEncoding("latin1")
    socket.on("data", (chunk) => {
      text += chunk
    })
    socket.on("error", reject)
    socket.on("end", () => {
      const [head = "", body = ""] = text.split("\r\n\r\n", 2)
      resolve({ status: Number(head.split(" ")[1]), head, body })
    })
  })

describe("HandleCors with config/cors.php and no APP_CORS_ALLOWED_ORIGINS (§6.4)", () => {
  it("every answer on an API path carries an empty Access-Control-Allow-Origin and credentials", async () => {
    for (const [path, key] of [
      ["/api/client", undefined],
      ["/api/client/account", k(panel, "userClient")],
      ["/api/application/users", k(panel, "rootApplication")],
      ["/api/client/nothing-here", undefined]
    ] as const) {
      const res = await call(panel, path, { key, headers: { Origin: "https://example.com" } })
      expect(res.headers.get("access-control-allow-origin")).toBe("")
      expect(res.headers.get("access-control-allow-credentials")).toBe("true")
      expect(res.headers.get("access-control-expose-headers")).toBeNull()
    }
    // Not an API path: the login page, and a path that only starts like one.
    for (const path of ["/auth/login", "/api/clientele"]) {
      expect((await call(panel, path)).headers.get("access-control-allow-origin")).toBeNull()
    }
  })

  it("a preflight is a 204 before routing and authentication, echoing the requested headers", async () => {
    const res = await call(panel, "/api/client/servers/whatever/files/write", {
      method: "OPTIONS",
      headers: {
        Origin: "https://example.com",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type"
      }
    })
    expect(res.status).toBe(204)
    expect(res.text).toBe("")
    expect(res.headers.get("access-control-allow-origin")).toBe("")
    expect(res.headers.get("access-control-allow-credentials")).toBe("true")
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, PATCH, DELETE, HEAD")
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization, content-type")
    expect(res.headers.get("access-control-max-age")).toBe("0")
    expect(res.headers.get("vary")).toBe("Access-Control-Request-Headers, Access-Control-Request-Method")
  })

  it("an OPTIONS without Access-Control-Request-Method is the router's 200 with Allow", async () => {
    const res = await call(panel, "/api/client/account", { method: "OPTIONS" })
    expect(res.status).toBe(200)
    expect(res.headers.get("allow")).toBe("GET,HEAD")
    expect(res.headers.get("vary")).toBe("Access-Control-Request-Method")
  })
})

describe("the router's paths (Illuminate/Routing/Matching/UriValidator.php)", () => {
  it("trailing slashes are ignored; a doubled leading slash matches no route", async () => {
    expect((await call(panel, "/api/client/account///", { key: k(panel, "userClient") })).status).toBe(200)
    const res = await raw(panel.url, "//api/client/account")
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body).errors[0].detail).toBe("The route api/client/account could not be found.")
  })

  it("an invalid percent escape is kept as text (rawurldecode), so it reaches the binding", async () => {
    const res = await call(panel, "/api/client/servers/%zz345678", { key: k(panel, "userClient") })
    expect(res.status).toBe(404)
    expect(res.json.errors[0].detail).toBe("The requested resource could not be found on the server.")
    const bad = await call(panel, "/api/client/servers/%ff", { key: k(panel, "userClient") })
    expect(bad.json.errors[0].detail).toBe("The route api/client/servers/%ff could not be found.")
  })

  it("an absolute-form request target is routed by its path", async () => {
    const res = await raw(panel.url, `${panel.url}/api/client?x=1`)
    expect(res.status).toBe(401)
  })
})

describe("expectsJson (Illuminate/Http/Concerns/InteractsWithContentTypes.php, symfony AcceptHeader)", () => {
  it("orders Accept by quality then position, keeping q=0 entries and reading q as PHP's (float)", () => {
    expect(acceptableContentTypes("text/html;q=0.5, application/json")).toEqual(["application/json", "text/html"])
    expect(acceptableContentTypes('application/json;q=0, text/html;q="0.2", */*;q=abc')).toEqual([
      "text/html",
      "application/json",
      "*/*"
    ])
    expect(acceptableContentTypes("")).toEqual([])
    // Only q=0 entries: the first is still JSON.
    expect(expectsJson("application/json;q=0", undefined)).toBe(true)
    expect(expectsJson("text/html;q=0, application/json;q=0", undefined)).toBe(false)
  })

  it("X-PJAX counts as PJAX only when PHP's == true holds ('0' and '' do not)", async () => {
    expect(expectsJson(undefined, "XMLHttpRequest", "0")).toBe(true)
    expect(expectsJson(undefined, "XMLHttpRequest", "true")).toBe(false)
    const res = await call(panel, "/api/client", {
      accept: null,
      headers: { "X-Requested-With": "XMLHttpRequest", "X-PJAX": "0" }
    })
    expect(res.status).toBe(401)
  })
})

describe("errors for a request that does not expect JSON (Foundation/Exceptions/Handler.php::prepareResponse)", () => {
  it("a status with a framework view gets that view's title; the 403 view shows the message", async () => {
    const notFound = await call(panel, "/api/client/nope", { accept: "text/html" })
    expect(notFound.status).toBe(404)
    expect(notFound.headers.get("content-type")).toBe("text/html; charset=UTF-8")
    expect(notFound.text).toContain("<title>Not Found</title>")
    const forbidden = await call(panel, "/api/client", { accept: "text/html", key: k(panel, "rootApplication") })
    expect(forbidden.status).toBe(403)
    expect(forbidden.text).toContain(
      "You are attempting to use an application API key on an endpoint that requires a client API key."
    )
  })

  it("a status without one gets symfony's HtmlErrorRenderer page, with the Allow header kept", async () => {
    const res = await call(panel, "/api/client/account", { method: "DELETE", accept: "text/html" })
    expect(res.status).toBe(405)
    expect(res.headers.get("allow")).toBe("GET, HEAD")
    expect(res.text).toContain("<title>An Error Occurred: Method Not Allowed</title>")
    expect(res.text).toContain('The server returned a "405 Method Not Allowed".')
  })

  it("the 302 to the login page has symfony's redirect body, escaped as htmlspecialchars escapes", async () => {
    const res = await call(panel, "/api/client", { accept: "text/html" })
    expect(res.status).toBe(302)
    const to = `${panel.url}/auth/login`
    expect(res.headers.get("location")).toBe(to)
    expect(res.text).toBe(`<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <meta http-equiv="refresh" content="0;url='${to}'" />

        <title>Redirecting to ${to}</title>
    </head>
    <body>
        Redirecting to <a href="${to}">${to}</a>.
    </body>
</html>`)
    // A 422 goes back to the Referer, its quotes and ampersands escaped.
    const back = await call(panel, "/api/client/account/api-keys", {
      accept: "text/html",
      key: k(panel, "userClient"),
      method: "POST",
      headers: { Referer: "http://example.com/a?b=1&c='d'" }
    })
    expect(back.status).toBe(302)
    expect(back.text).toContain("<title>Redirecting to http://example.com/a?b=1&amp;c=&#039;d&#039;</title>")
  })

  it("back is UrlGenerator::previous(): a relative Referer goes under the request's root, none is the root", async () => {
    const post = (referer?: string) =>
      call(panel, "/api/client/account/api-keys", {
        accept: "text/html",
        key: k(panel, "userClient"),
        method: "POST",
        ...(referer === undefined ? {} : { headers: { Referer: referer } })
      })
    expect((await post("/account/api/?tab=1")).headers.get("location")).toBe(`${panel.url}/account/api?tab=1`)
    expect((await post()).headers.get("location")).toBe(panel.url)
    // PHP reads "0" as false: no Referer.
    expect((await post("0")).headers.get("location")).toBe(panel.url)
  })

  it("the login URL is built on the request's host, https when APP_URL is (URL::forceScheme)", async () => {
    const p = await MockPanel.start({ appUrl: "https://panel.example.com" })
    try {
      const res = await call(p, "/api/client", { accept: "text/html" })
      expect(res.status).toBe(302)
      expect(res.headers.get("location")).toBe(`${p.url.replace(/^http:/, "https:")}/auth/login`)
    } finally {
      await p.close()
    }
  })
})

describe("reading the request as PHP and symfony read it", () => {
  it("a {server} with trailing spaces still binds: MySQL's PAD SPACE collation ignores them", async () => {
    const res = await call(panel, "/api/client/servers/1a2b3c01-7d8e-4f9a-8b1c-2d3e4f5a6b7c%20%20", {
      key: k(panel, "userClient")
    })
    expect(res.status).toBe(200)
    expect(res.json.attributes.identifier).toBe("1a2b3c01")
    // Nine bytes are not the 8-character identifier: compared with the full UUID, no match.
    expect((await call(panel, "/api/client/servers/1a2b3c01%20", { key: k(panel, "userClient") })).status).toBe(404)
  })

  it("json_encode leaves DEL (U+007F) as it is and escapes what lies above it", async () => {
    const res = await postJson(panel, "/api/client/account/api-keys", k(panel, "userClient"), {
      description: "a\u007fb\u00e9"
    })
    expect(res.status).toBe(200)
    expect(res.text).toContain('"description":"a\u007fb\\u00e9"')
  })

  it("a POST form's type is compared lower-cased (PHP's $_POST); a PUT form's case-sensitively (symfony)", async () => {
    const post = await call(panel, "/api/client/account/api-keys", {
      key: k(panel, "userClient"),
      method: "POST",
      headers: { "Content-Type": "Application/X-WWW-Form-Urlencoded; charset=UTF-8" },
      body: "description=from%20a%20form"
    })
    expect(post.status).toBe(200)
    expect(post.json.attributes.description).toBe("from a form")
    const put = (type: string) =>
      call(panel, "/api/client/servers/1a2b3c01/startup/variable", {
        key: k(panel, "userClient"),
        method: "PUT",
        headers: { "Content-Type": type },
        body: "key=NOT_A_VARIABLE&value=1"
      })
    // Read: the rules pass and the controller meets a key that is no variable of the egg (the
    // panel's own 500, StartupController::update). Not read: both fields are missing.
    const read = await put("application/x-www-form-urlencoded")
    expect([read.status, read.json.errors[0].code]).toEqual([500, "ErrorException"])
    const unread = await put("Application/x-www-form-urlencoded")
    expect(unread.status).toBe(422)
    expect(unread.json.errors.map((e: any) => [e.meta.source_field, e.meta.rule])).toEqual([
      ["key", "required"],
      ["value", "present"]
    ])
  })
})

describe("method override (Request::capture turns on symfony's getMethod override)", () => {
  const account = (path: string, options: { headers?: Record<string, string>; body?: string; method?: string } = {}) =>
    call(panel, path, { key: k(panel, "userClient"), method: options.method ?? "POST", ...options })

  it("a POST is routed as its X-HTTP-Method-Override or its _method, header first, upper-cased", async () => {
    const viaHeader = await account("/api/client/account", { headers: { "X-HTTP-Method-Override": "get" } })
    expect([viaHeader.status, viaHeader.json.object]).toEqual([200, "user"])
    expect((await account("/api/client/account?_method=get")).status).toBe(200)
    const form = await account("/api/client/account", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "_method=GET"
    })
    expect(form.status).toBe(200)
    const json = await account("/api/client/account", {
      headers: { "Content-Type": "application/json" },
      body: '{"_method":"GET"}'
    })
    expect(json.status).toBe(200)
    const both = await account("/api/client/account?_method=DELETE", { headers: { "X-HTTP-Method-Override": "GET" } })
    expect(both.status).toBe(200)
    // Only a POST is overridden.
    const put = await account("/api/client/account", { method: "PUT", headers: { "X-HTTP-Method-Override": "GET" } })
    expect(put.status).toBe(405)
  })

  it("HEAD answers without a body; an unknown all-letter method is a 405 naming it", async () => {
    const head = await account("/api/client/account", { headers: { "X-HTTP-Method-Override": "HEAD" } })
    expect([head.status, head.text, head.headers.get("content-type")]).toEqual([200, "", "application/json"])
    const foo = await account("/api/client/account", { headers: { "X-HTTP-Method-Override": "FOO" } })
    expect(foo.status).toBe(405)
    expect(foo.json.errors[0].detail).toBe(
      "The FOO method is not supported for route api/client/account. Supported methods: GET, HEAD."
    )
  })

  it("an override that is not letters only is the handler's 404 'Bad hostname provided.', without CORS headers", async () => {
    // `_method` is read before TrimStrings: " GET" keeps its space.
    for (const path of ["/api/client/account?_method=%20GET", "/api/client/account?_method="]) {
      const res = await account(path)
      expect([res.status, res.json]).toEqual([
        404,
        { errors: [{ code: "NotFoundHttpException", status: "404", detail: "Bad hostname provided." }] }
      ])
      expect(res.headers.get("access-control-allow-origin")).toBeNull()
    }
  })

  it("a _method array in the query is symfony's BadRequestException, a 500", async () => {
    const res = await account("/api/client/account?_method[]=GET")
    expect([res.status, res.json.errors[0].code]).toEqual([500, "BadRequestException"])
  })
})
