import { describe, expect, it } from "vitest"
import { call, expectError, k, usePanel } from "../helpers.js"
import {
  ADMIN_LAB,
  CREATIVE,
  expectDenied,
  expectNotVisible,
  expectSuspended,
  expectValidation,
  ISO,
  send,
  SURVIVAL,
  SURVIVAL_UUID
} from "./support.js"

const panel = usePanel()

const base = `/api/client/servers/${SURVIVAL}/files`
const names = (res: any) => res.json.data.map((d: any) => d.attributes.name)

// A v4 UUID, as Wings' `uuid.New()` sets `X-Request-Id` (router/middleware/middleware.go::AttachRequestID).
const UUID4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const REQUEST_ID = "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"

// DaemonConnectionException::__construct for a Wings 500: the panel's own text, Wings' status.
const expectWings500 = (res: any) => {
  expect(res.status).toBe(500)
  expect(res.json.errors).toHaveLength(1)
  expect(res.json.errors[0].code).toBe("DaemonConnectionException")
  expect(res.json.errors[0].status).toBe("500")
  expect(res.json.errors[0].detail).toMatch(
    new RegExp(
      `^There was an error while communicating with the machine running this server\\. This error has been logged, please try again\\. \\(code: 500\\) \\(request_id: ${REQUEST_ID}\\)$`
    )
  )
}

// DaemonConnectionException::__construct for a Wings 4xx: Wings' text, its final period followed
// by the panel's `%s.`.
const expectWings4xx = (res: any, status: number, error: string) => {
  expect(res.status).toBe(status)
  expect(res.json.errors[0].code).toBe("DaemonConnectionException")
  const escaped = error.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  expect(res.json.errors[0].detail).toMatch(
    new RegExp(`^An error occurred on the remote host: ${escaped}\\. \\(request id: ${REQUEST_ID}\\)$`)
  )
}

describe("files: list and contents (§8.1, §9.1 file_object)", () => {
  it("lists a directory: directories first, every file_object field", async () => {
    const res = await send(panel, "GET", `${base}/list?directory=/`, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("list")
    expect(res.json.meta).toBeUndefined()
    expect(names(res)).toEqual(["logs", "plugins", "eula.txt", "server.properties"])
    const dir = res.json.data[0]
    expect(dir).toEqual({
      object: "file_object",
      attributes: {
        name: "logs",
        mode: "drwxr-xr-x",
        mode_bits: "755",
        size: 4096,
        is_file: false,
        is_symlink: false,
        mimetype: "inode/directory",
        created_at: expect.stringMatching(ISO),
        modified_at: expect.stringMatching(ISO)
      }
    })
    const file = res.json.data[3].attributes
    expect(file).toMatchObject({ mode: "-rw-r--r--", mode_bits: "644", is_file: true, size: 61 })
  })

  it("contents are text/plain, not JSON (§6.1); a missing file or a directory is Wings' 500", async () => {
    const res = await send(panel, "GET", `${base}/contents?file=/eula.txt`, k(panel, "userClient"))
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/)
    expect(res.text).toBe("eula=true\n")
    expectWings500(await send(panel, "GET", `${base}/contents?file=/nope.txt`, k(panel, "userClient")))
    expectWings500(await send(panel, "GET", `${base}/contents?file=/logs`, k(panel, "userClient")))
  })

  // Wings v1.11.11 `ListDirectory` fails with ENOTDIR for a file and ENOENT for a missing path,
  // which `asFilesystemError` leaves to the generic 500; the panel then hides Wings' text.
  it("listing a file or a missing directory is Wings' 500, with a fresh request id each time", async () => {
    const key = k(panel, "userClient")
    const first = await send(panel, "GET", `${base}/list?directory=/eula.txt`, key)
    expectWings500(first)
    const second = await send(panel, "GET", `${base}/list?directory=/nope`, key)
    expectWings500(second)
    expect(first.json.errors[0].detail).not.toBe(second.json.errors[0].detail)
  })

  it("422 with field and rule when the file is missing from the query", async () => {
    expectValidation(await send(panel, "GET", `${base}/contents`, k(panel, "userClient")), [
      ["file", "required", "The file field is required."]
    ])
  })

  it("subuser with file.read can list but not read contents (file.read-content, §4.5)", async () => {
    const key = k(panel, "subuserClient")
    expect((await send(panel, "GET", `${base}/list`, key)).status).toBe(200)
    expectDenied(await send(panel, "GET", `${base}/contents?file=/eula.txt`, key))
    expectDenied(await send(panel, "GET", `${base}/download?file=/eula.txt`, key))
    expectDenied(await send(panel, "POST", `${base}/write?file=/x.txt`, key))
    expectDenied(await send(panel, "POST", `${base}/delete`, key, { root: "/", files: ["eula.txt"] }))
  })

  it("404 for a server the user cannot see, 409 for a suspended one", async () => {
    expectNotVisible(await send(panel, "GET", `/api/client/servers/${ADMIN_LAB}/files/list`, k(panel, "userClient")))
    expectSuspended(await send(panel, "GET", `/api/client/servers/${CREATIVE}/files/list`, k(panel, "userClient")))
  })
})

describe("files: write, rename, copy, folders, chmod, delete (204s)", () => {
  it("write takes the raw body; rename moves; copy names 'x copy.ext'; delete removes", async () => {
    const key = k(panel, "userClient")
    const write = await call(panel, `${base}/write?file=/notes/todo.txt`, {
      key,
      method: "POST",
      headers: { "Content-Type": "text/plain" },
      body: "  keep my spaces  "
    })
    expect(write.status).toBe(204)
    expect(write.text).toBe("")
    expect((await send(panel, "GET", `${base}/contents?file=/notes/todo.txt`, key)).text).toBe("  keep my spaces  ")

    const rename = await send(panel, "PUT", `${base}/rename`, key, {
      root: "/notes",
      files: [{ from: "todo.txt", to: "done.txt" }]
    })
    expect(rename.status).toBe(204)
    expect(names(await send(panel, "GET", `${base}/list?directory=/notes`, key))).toEqual(["done.txt"])

    expect((await send(panel, "POST", `${base}/copy`, key, { location: "/notes/done.txt" })).status).toBe(204)
    expect((await send(panel, "POST", `${base}/copy`, key, { location: "/notes/done.txt" })).status).toBe(204)
    expect(names(await send(panel, "GET", `${base}/list?directory=/notes`, key))).toEqual([
      "done copy 1.txt",
      "done copy.txt",
      "done.txt"
    ])

    expect((await send(panel, "POST", `${base}/create-folder`, key, { root: "/", name: "world" })).status).toBe(204)
    expect(
      (await send(panel, "POST", `${base}/chmod`, key, { root: "/notes", files: [{ file: "done.txt", mode: "600" }] }))
        .status
    ).toBe(204)
    const listed = await send(panel, "GET", `${base}/list?directory=/notes`, key)
    expect(listed.json.data.find((d: any) => d.attributes.name === "done.txt").attributes.mode).toBe("-rw-------")

    expect((await send(panel, "POST", `${base}/delete`, key, { root: "/", files: ["notes", "world"] })).status).toBe(
      204
    )
    expect(names(await send(panel, "GET", `${base}/list`, key))).toEqual([
      "logs",
      "plugins",
      "eula.txt",
      "server.properties"
    ])
  })

  it("rename validation: files.*.from required, reported with the dotted field (§7.3)", async () => {
    expectValidation(
      await send(panel, "PUT", `${base}/rename`, k(panel, "userClient"), { root: "/", files: [{ to: "a" }] }),
      [["files.0.from", "required", "The files.0.from field is required."]]
    )
  })

  it("names keep their spaces with the full UUID, and are trimmed with the identifier (§6.3)", async () => {
    const key = k(panel, "userClient")
    await send(panel, "POST", `/api/client/servers/${SURVIVAL_UUID}/files/create-folder`, key, {
      root: "/",
      name: " a "
    })
    await send(panel, "POST", `/api/client/servers/${SURVIVAL}/files/create-folder`, key, { root: "/", name: " b " })
    const listed = names(await send(panel, "GET", `${base}/list`, key))
    expect(listed).toContain(" a ")
    expect(listed).toContain("b")
  })

  it("the skip matches the UUID in any case, and covers form bodies as well as JSON (§6.3)", async () => {
    const key = k(panel, "userClient")
    // FILE_PATH_REGEX carries the `i` flag; the binding finds the server whatever the case.
    const upper = await send(
      panel,
      "POST",
      `/api/client/servers/${SURVIVAL_UUID.toUpperCase()}/files/create-folder`,
      key,
      {
        root: "/",
        name: " c "
      }
    )
    expect(upper.status).toBe(204)
    const form = await call(panel, `/api/client/servers/${SURVIVAL_UUID}/files/create-folder`, {
      key,
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "root=%2F&name=%20d%20"
    })
    expect(form.status).toBe(204)
    // An empty string still becomes null (ConvertEmptyStringsToNull is not skipped).
    expectValidation(
      await send(panel, "POST", `/api/client/servers/${SURVIVAL_UUID}/files/create-folder`, key, {
        root: "/",
        name: ""
      }),
      [["name", "required", "The name field is required."]]
    )
    const listed = names(await send(panel, "GET", `${base}/list`, key))
    expect(listed).toContain(" c ")
    expect(listed).toContain(" d ")
  })
})

describe("files: Wings' refusals as the panel relays them (DaemonConnectionException)", () => {
  it("4xx: Wings' exact text, then the panel's period (router/router_server_files.go)", async () => {
    const key = k(panel, "userClient")
    expectWings4xx(
      await send(panel, "PUT", `${base}/rename`, key, {
        root: "/",
        files: [{ from: "eula.txt", to: "server.properties" }]
      }),
      400,
      "Cannot move or rename file, destination already exists."
    )
    expectWings4xx(
      await send(panel, "POST", `${base}/write?file=/logs`, key),
      400,
      "Cannot write file, name conflicts with an existing directory by the same name."
    )
    expectWings4xx(
      await send(panel, "POST", `${base}/chmod`, key, { root: "/", files: [{ file: "eula.txt", mode: "999" }] }),
      400,
      "Invalid file mode."
    )
    expectWings4xx(
      await send(panel, "POST", `${base}/decompress`, key, { root: "/", file: "eula.txt" }),
      400,
      "The archive provided is in a format Wings does not understand."
    )
    const res = await send(panel, "PUT", `${base}/rename`, key, {
      root: "/",
      files: [{ from: "eula.txt", to: "server.properties" }]
    })
    expect(res.json.errors[0].detail).toContain("destination already exists.. (request id: ")
  })

  it("5xx: a missing file to copy or decompress, a folder over a file (ufs errors Wings does not map)", async () => {
    const key = k(panel, "userClient")
    expectWings500(await send(panel, "POST", `${base}/copy`, key, { location: "/nope.txt" }))
    expectWings500(await send(panel, "POST", `${base}/copy`, key, { location: "/logs" }))
    expectWings500(await send(panel, "POST", `${base}/decompress`, key, { root: "/", file: "nope.tar.gz" }))
    expectWings500(await send(panel, "POST", `${base}/create-folder`, key, { root: "/", name: "eula.txt" }))
  })

  it("chmod: Wings parses the mode as octal text; a JSON number fails its bind; special bits are kept", async () => {
    const key = k(panel, "userClient")
    const eula = async () =>
      (await send(panel, "GET", `${base}/list?directory=/`, key)).json.data.find(
        (f: any) => f.attributes.name === "eula.txt"
      ).attributes
    const before = await eula()
    // `numeric` lets a number through the panel; Wings' string field refuses it, nothing changes.
    expectWings4xx(
      await send(panel, "POST", `${base}/chmod`, key, { root: "/", files: [{ file: "eula.txt", mode: 600 }] }),
      400,
      "An unexpected error was encountered while processing this request"
    )
    // Numeric for PHP, not octal digits for Go.
    for (const mode of ["1e3", "7.5", "+644", "-644"]) {
      expectWings4xx(
        await send(panel, "POST", `${base}/chmod`, key, { root: "/", files: [{ file: "eula.txt", mode }] }),
        400,
        "Invalid file mode."
      )
    }
    expect(await eula()).toEqual(before)
    const setuid = await send(panel, "POST", `${base}/chmod`, key, {
      root: "/",
      files: [{ file: "eula.txt", mode: "4755" }]
    })
    expect(setuid.status).toBe(204)
    const after = await eula()
    expect([after.mode, after.mode_bits]).toEqual(["urwxr-xr-x", "755"])
  })

  it("a missing source to rename or chmod is skipped, and compress leaves out names that match nothing", async () => {
    const key = k(panel, "userClient")
    const rename = await send(panel, "PUT", `${base}/rename`, key, { root: "/", files: [{ from: "nope", to: "x" }] })
    expect(rename.status).toBe(204)
    const chmod = await send(panel, "POST", `${base}/chmod`, key, { root: "/", files: [{ file: "nope", mode: "644" }] })
    expect(chmod.status).toBe(204)
    const compress = await send(panel, "POST", `${base}/compress`, key, { root: "/", files: ["eula.txt", "nope"] })
    expect(compress.status).toBe(200)
    const listed = await send(panel, "GET", `${base}/list?directory=/`, key)
    expect(names(listed)).not.toContain("x")
  })
})

describe("files: compress and decompress", () => {
  it("compress answers 200 with the archive's file_object; decompress restores the files", async () => {
    const key = k(panel, "userClient")
    const res = await send(panel, "POST", `${base}/compress`, key, { root: "/", files: ["eula.txt", "logs"] })
    expect(res.status).toBe(200)
    expect(res.json.object).toBe("file_object")
    expect(res.json.attributes.name).toMatch(/^archive-\d{4}-\d{2}-\d{2}T\d{6}Z\.tar\.gz$/)
    await send(panel, "POST", `${base}/delete`, key, { root: "/", files: ["eula.txt", "logs"] })
    const back = await send(panel, "POST", `${base}/decompress`, key, { root: "/", file: res.json.attributes.name })
    expect(back.status).toBe(204)
    expect((await send(panel, "GET", `${base}/contents?file=/logs/latest.log`, key)).text).toContain("Done")
    expect((await send(panel, "GET", `${base}/contents?file=eula.txt`, key)).text).toBe("eula=true\n")
  })
})

describe("files: signed URLs (§8.1) served by the mock without Authorization", () => {
  it("upload then download round-trips binary bytes; download URLs are one-time", async () => {
    const key = k(panel, "userClient")
    const upload = await send(panel, "GET", `${base}/upload`, key)
    expect(upload.status).toBe(200)
    expect(Object.keys(upload.json)).toEqual(["object", "attributes"])
    expect(upload.json.object).toBe("signed_url")
    const uploadUrl: string = upload.json.attributes.url
    expect(uploadUrl.startsWith(`${panel.url}/upload/file?token=`)).toBe(true)

    const bytes = new Uint8Array(256).map((_, i) => i)
    const form = new FormData()
    form.append("files", new Blob([bytes]), "blob.bin")
    const put = await fetch(`${uploadUrl}&directory=/uploads`, { method: "POST", body: form })
    expect(put.status).toBe(200)

    const download = await send(panel, "GET", `${base}/download?file=/uploads/blob.bin`, key)
    expect(download.status).toBe(200)
    expect(download.json.object).toBe("signed_url")
    const url: string = download.json.attributes.url
    expect(url.startsWith(`${panel.url}/download/file?token=`)).toBe(true)
    const got = await fetch(url)
    expect(got.status).toBe(200)
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
    const again = await fetch(url)
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({ error: "The requested resource was not found on this server." })
    // Upload URLs are one-time too (router_server_files.go::postServerUploadFiles, IsUniqueRequest).
    const reused = await fetch(`${uploadUrl}&directory=/uploads`, { method: "POST", body: form })
    expect(reused.status).toBe(404)
    expect(reused.headers.get("x-request-id")).toMatch(UUID4)
  })

  // router/tokens/parser.go::ParseToken's error goes to CaptureAndAbort: Wings' generic 500.
  it("a tampered or expired token is Wings' 500 with its request id", async () => {
    const key = k(panel, "userClient")
    const download = await send(panel, "GET", `${base}/download?file=/eula.txt`, key)
    const url: string = download.json.attributes.url
    const tampered = await fetch(`${url}x`)
    expect(tampered.status).toBe(500)
    const body: any = await tampered.json()
    expect(body).toEqual({
      error: "An unexpected error was encountered while processing this request",
      request_id: expect.stringMatching(UUID4)
    })
    expect(tampered.headers.get("x-request-id")).toBe(body.request_id)
    await panel.control.advanceClock(15 * 60 + 1)
    expect((await fetch(url)).status).toBe(500)
  })

  // router/router_download.go::getDownloadFile: ENOENT from Filesystem::File is a 500; a directory
  // is refused with the 404.
  it("downloading a missing file is Wings' 500, a directory its 404", async () => {
    const key = k(panel, "userClient")
    const url = async (file: string) =>
      (await send(panel, "GET", `${base}/download?file=${file}`, key)).json.attributes.url as string
    const missing = await fetch(await url("/nope.txt"))
    expect(missing.status).toBe(500)
    expect(((await missing.json()) as any).error).toBe(
      "An unexpected error was encountered while processing this request"
    )
    const directory = await fetch(await url("/logs"))
    expect(directory.status).toBe(404)
    expect(await directory.json()).toEqual({ error: "The requested resource was not found on this server." })
  })

  // router/router_server_files.go::postServerUploadFiles.
  it("uploads: Wings' texts for a body that is not a form, a form without files, a file over a directory", async () => {
    const key = k(panel, "userClient")
    const uploadUrl = async () => (await send(panel, "GET", `${base}/upload`, key)).json.attributes.url as string
    const notForm = await fetch(await uploadUrl(), { method: "POST", body: "x" })
    expect(notForm.status).toBe(400)
    expect(await notForm.json()).toEqual({ error: "Failed to get multipart form data from request." })
    const empty = new FormData()
    empty.append("other", "x")
    const noFiles = await fetch(await uploadUrl(), { method: "POST", body: empty })
    expect(noFiles.status).toBe(400)
    expect(await noFiles.json()).toEqual({ error: "No files were found on the request body." })
    const over = new FormData()
    over.append("files", new Blob(["x"]), "logs")
    const directory = await fetch(`${await uploadUrl()}&directory=/`, { method: "POST", body: over })
    expect(directory.status).toBe(400)
    expect(await directory.json()).toEqual({ error: "Cannot perform that action: file is a directory." })
  })
})

describe("files: the `file` query as the client sent it (py-dactyl passes URL-encoded paths)", () => {
  const activity = async (key: string) =>
    (await send(panel, "GET", `/api/client/servers/${SURVIVAL}/activity`, key)).json.data.map((d: any) => ({
      event: d.attributes.event,
      properties: d.attributes.properties
    }))

  // app/Http/Controllers/Api/Client/Servers/FileController.php::download puts
  // `rawurldecode($request->get('file'))` in the token: a path the client URL-encoded itself
  // (`file=eula%252Etxt` arrives as `eula%2Etxt`) still names eula.txt.
  it("download rawurldecodes the file into the token; the activity keeps it as sent", async () => {
    const key = k(panel, "userClient")
    const download = await send(panel, "GET", `${base}/download?file=eula%252Etxt`, key)
    expect(download.status).toBe(200)
    const got = await fetch(download.json.attributes.url)
    expect(got.status).toBe(200)
    expect(await got.text()).toBe("eula=true\n")
    expect((await activity(key))[0]).toEqual({ event: "server:file.download", properties: { file: "eula%2Etxt" } })
  })

  // FileController::decompress logs the archive under `files`, as compress and delete log their lists.
  it("decompress logs the archive under `files`", async () => {
    const key = k(panel, "userClient")
    const compressed = await send(panel, "POST", `${base}/compress`, key, { root: "/", files: ["eula.txt"] })
    const archive: string = compressed.json.attributes.name
    expect((await send(panel, "POST", `${base}/decompress`, key, { root: "/", file: archive })).status).toBe(204)
    expect((await activity(key))[0]).toEqual({
      event: "server:file.decompress",
      properties: { directory: "/", files: archive }
    })
  })

  // FileController::contents logs `server:file.read` with `$request->get('file')`.
  it("reading contents logs server:file.read with the file as sent", async () => {
    const key = k(panel, "userClient")
    expect((await send(panel, "GET", `${base}/contents?file=eula.txt`, key)).text).toBe("eula=true\n")
    expect((await activity(key))[0]).toEqual({ event: "server:file.read", properties: { file: "eula.txt" } })
  })
})

describe("files/pull: throttle 10 per 5 minutes per user (§5)", () => {
  it("the 11th pull is a 429 with the inner limiter's headers; the mock clock resets it", async () => {
    const key = k(panel, "userClient")
    const body = { url: "https://example.com/files/plugin.jar", directory: "/plugins" }
    for (let i = 1; i <= 10; i++) {
      const res = await send(panel, "POST", `${base}/pull`, key, body)
      expect(res.status).toBe(204)
      expect(res.headers.get("x-ratelimit-limit")).toBe("10")
      expect(res.headers.get("x-ratelimit-remaining")).toBe(String(10 - i))
    }
    const limited = await send(panel, "POST", `${base}/pull`, key, body)
    expectError(limited, 429, "ThrottleRequestsException", "Too Many Attempts.")
    expect(limited.headers.get("x-ratelimit-limit")).toBe("10")
    expect(limited.headers.get("x-ratelimit-remaining")).toBe("0")
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    // The route's throttle runs after AuthenticateServerAccess (routes/api-client.php: route
    // middleware after the group's), so a server alice cannot see is its 404, counted by
    // throttle:api.client only.
    const hidden = await send(panel, "POST", `/api/client/servers/${ADMIN_LAB}/files/pull`, key, body)
    expectError(hidden, 404, "NotFoundHttpException", "The requested resource does not exist on this server.")
    expect(hidden.headers.get("x-ratelimit-limit")).toBe("720")
    await panel.control.advanceClock(301)
    expect((await send(panel, "POST", `${base}/pull`, key, body)).status).toBe(204)
    const listed = await send(panel, "GET", `${base}/list?directory=/plugins`, key)
    expect(names(listed)).toEqual(["plugin.jar"])
  })

  it("the pull bucket is the user's, shared by all their servers (ThrottleRequests::resolveRequestSignature)", async () => {
    const key = k(panel, "rootClient")
    const body = { url: "https://example.com/files/plugin.jar", directory: "/plugins" }
    for (let i = 1; i <= 10; i++) expect((await send(panel, "POST", `${base}/pull`, key, body)).status).toBe(204)
    const limited = await send(panel, "POST", `/api/client/servers/${ADMIN_LAB}/files/pull`, key, body)
    expectError(limited, 429, "ThrottleRequestsException", "Too Many Attempts.")
    expect(limited.headers.get("x-ratelimit-limit")).toBe("10")
  })

  it("validation: url must be a URL", async () => {
    expectValidation(await send(panel, "POST", `${base}/pull`, k(panel, "userClient"), { url: "not a url" }), [
      ["url", "url", "The url format is invalid."]
    ])
  })
})

// app/Exceptions/Http/Connection/DaemonConnectionException.php::__construct quotes Wings' error
// (which ends in its own full stop) and the X-Request-Id that Wings' AttachRequestID middleware
// puts on every answer (router/middleware/middleware.go, a random UUID).
describe("files: Wings' errors as the panel relays them", () => {
  const relayed = (error: string) =>
    new RegExp(
      `^An error occurred on the remote host: ${error.replace(/[.()]/g, "\\$&")}\\. \\(request id: [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\)$`
    )
  const expectRelayed = (res: any, status: number, error: string) => {
    expect(res.status).toBe(status)
    expect(res.json.errors[0].code).toBe("DaemonConnectionException")
    expect(res.json.errors[0].detail).toMatch(relayed(error))
  }

  it("each error carries Wings' own text and a request id of its own", async () => {
    const key = k(panel, "userClient")
    // router/router_server_files.go::putServerRenameFiles
    const rename = await send(panel, "PUT", `${base}/rename`, key, {
      root: "/",
      files: [{ from: "eula.txt", to: "server.properties" }]
    })
    expectRelayed(rename, 400, "Cannot move or rename file, destination already exists.")
    const again = await send(panel, "PUT", `${base}/rename`, key, {
      root: "/",
      files: [{ from: "eula.txt", to: "server.properties" }]
    })
    expect(again.json.errors[0].detail).not.toBe(rename.json.errors[0].detail)
    // router/router_server_files.go::postServerWriteFile
    expectRelayed(
      await call(panel, `${base}/write?file=/plugins`, {
        key,
        method: "POST",
        headers: { "Content-Type": "text/plain" },
        body: "x"
      }),
      400,
      "Cannot write file, name conflicts with an existing directory by the same name."
    )
    // router/router_server_files.go::postServerDecompressFiles
    expectRelayed(
      await send(panel, "POST", `${base}/decompress`, key, { root: "/", file: "eula.txt" }),
      400,
      "The archive provided is in a format Wings does not understand."
    )
    // router/router_server_files.go::postServerChmodFile
    expectRelayed(
      await send(panel, "POST", `${base}/chmod`, key, { root: "/", files: [{ file: "eula.txt", mode: "999" }] }),
      400,
      "Invalid file mode."
    )
  })

  it("compress answers the mimetype Wings sets on the archive, application/tar+gzip", async () => {
    // router/router_server_files.go::postServerCompressFiles; FileObjectTransformer reads `mime`.
    const res = await send(panel, "POST", `${base}/compress`, k(panel, "userClient"), {
      root: "/",
      files: ["eula.txt"]
    })
    expect(res.status).toBe(200)
    expect(res.json.attributes.mimetype).toBe("application/tar+gzip")
  })
})
