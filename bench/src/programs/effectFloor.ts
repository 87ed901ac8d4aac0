// The floor of any client built on Effect and effect/Schema: the same request made with
// node:http inside one Effect, its body decoded by a one-field Schema. No ptero-effect code.
import * as http from "node:http"
import { Effect, Either, Schema } from "effect"

const Server = Schema.Struct({
  object: Schema.Literal("server"),
  attributes: Schema.Struct({ name: Schema.String })
})
const decode = Schema.decodeUnknownEither(Server)

const get = (url: string) =>
  Effect.async<string, Error>((resume) => {
    http
      .get(url, { headers: { authorization: `Bearer ${process.env.PANEL_KEY}` } }, (res) => {
        let body = ""
        res.setEncoding("utf8")
        res.on("data", (chunk: string) => {
          body += chunk
        })
        res.on("end", () => resume(Effect.succeed(body)))
      })
      .on("error", (error) => resume(Effect.fail(error)))
  })

const program = Effect.flatMap(get(`${process.env.PANEL_URL}/api/client/servers/${process.env.PANEL_SERVER}`), (body) =>
  Either.match(decode(JSON.parse(body)), {
    onLeft: Effect.fail,
    onRight: (server) => Effect.sync(() => console.log(server.attributes.name))
  })
)

Effect.runPromise(program).catch(() => {
  process.exitCode = 1
})
