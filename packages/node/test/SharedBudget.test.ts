// Two processes, one key, one budget: workers that share the panel's rate limit through Redis
// (`@ptero-effect/core/SharedBudget` over `@effect/experimental`'s Redis store) against a panel
// throttle with a small limit and a two-second window, so the job spans several windows quickly.
// It asserts counts only: what the panel refused, what it answered, what each worker got.
import { describe, expect, it } from "@effect/vitest"
import * as RateLimiterRedis from "@effect/experimental/RateLimiter/Redis"
import { PanelClient } from "@ptero-effect/core"
import * as SharedBudget from "@ptero-effect/core/SharedBudget"
import { LeanHttpClient } from "@ptero-effect/node"
import { Effect, Layer, Logger } from "effect"
import { Redis } from "ioredis"
import { type ChildProcess, spawn } from "node:child_process"
import * as Http from "node:http"
import * as Net from "node:net"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const here = Path.dirname(fileURLToPath(import.meta.url))
const root = Path.resolve(here, "../../..")
const KEY = `ptlc_AbCdEfGhIjK${"s".repeat(32)}`
const LIMIT = 10
const WINDOW_SECONDS = 2
const PER_WORKER = 15

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as Net.AddressInfo
      server.close(() => resolve(port))
    })
  })

// REDIS_URL when CI started one (.ci/run), else a redis-server of our own on a free loopback port.
const redis = Effect.acquireRelease(
  Effect.promise(async (): Promise<{ readonly url: string; readonly child: ChildProcess | undefined }> => {
    if (process.env.REDIS_URL !== undefined) return { url: process.env.REDIS_URL, child: undefined }
    const port = await freePort()
    const child = spawn(
      "redis-server",
      ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "inherit"] }
    )
    await new Promise<void>((resolve, reject) => {
      let out = ""
      child.once("error", (error) =>
        reject(new Error(`redis-server could not start (apt-get install redis-server): ${error.message}`))
      )
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString()
        if (out.includes("Ready to accept connections")) resolve()
      })
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}`)))
    })
    return { url: `redis://127.0.0.1:${port}`, child }
  }),
  ({ child }) =>
    Effect.promise(
      () =>
        new Promise<void>((resolve) => {
          if (child === undefined || child.exitCode !== null) return resolve()
          child.once("exit", () => resolve())
          child.kill("SIGTERM")
        })
    )
)

interface Seen {
  readonly status: number
  /** Which of the panel's windows the request fell in, from 0. */
  readonly window: number
}

// The panel's API throttle for one user: a window opens with the first counted request and
// lasts the period; a refused request is not counted and is told when the window ends, in whole
// seconds (Illuminate\Routing\Middleware\ThrottleRequests::handleRequestUsingNamedLimiter,
// app/Providers/RouteServiceProvider.php::configureRateLimiting).
const panelWith = (limit: number) =>
  Effect.acquireRelease(
    Effect.async<{ readonly url: string; readonly seen: Array<Seen>; readonly server: Http.Server }>((resume) => {
      const seen: Array<Seen> = []
      let window: { hits: number; endsAt: number; index: number } | undefined
      let windows = 0
      const server = Http.createServer((req, res) => {
        req.resume()
        const now = Date.now()
        if (window !== undefined && now >= window.endsAt) window = undefined
        if (req.headers.authorization !== `Bearer ${KEY}`) {
          res.writeHead(401, { "content-type": "application/json" })
          return res.end("{}")
        }
        if (window !== undefined && window.hits >= limit) {
          seen.push({ status: 429, window: window.index })
          res.writeHead(429, {
            "content-type": "application/json",
            "retry-after": String(Math.ceil((window.endsAt - now) / 1000)),
            "x-ratelimit-limit": String(limit),
            "x-ratelimit-remaining": "0"
          })
          return res.end(
            JSON.stringify({
              errors: [{ code: "TooManyRequestsHttpException", status: "429", detail: "Too Many Attempts." }]
            })
          )
        }
        window = window ?? { hits: 0, endsAt: now + WINDOW_SECONDS * 1000, index: windows++ }
        window.hits++
        seen.push({ status: 200, window: window.index })
        res.writeHead(200, {
          "content-type": "application/json",
          "x-ratelimit-limit": String(limit),
          "x-ratelimit-remaining": String(limit - window.hits)
        })
        res.end(JSON.stringify({ object: "user", attributes: {} }))
      })
      server.listen(0, "127.0.0.1", () => {
        const { port } = server.address() as Net.AddressInfo
        resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, seen, server }))
      })
    }),
    ({ server }) =>
      Effect.async<void>((resume) => {
        server.closeAllConnections()
        server.close(() => resume(Effect.void))
      })
  )

const panel = panelWith(LIMIT)

const worker = (env: Record<string, string>) =>
  Effect.promise(
    () =>
      new Promise<{ readonly succeeded: number; readonly failures: ReadonlyArray<string> }>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          ["--import", "tsx", "--conditions=@ptero-effect/source", Path.join(here, "fixtures", "budget-worker.ts")],
          { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] }
        )
        let out = ""
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString()
        })
        child.once("exit", (code) => {
          if (code === 0) resolve(JSON.parse(out.trim().split("\n").pop()!))
          else reject(new Error(`worker exited with ${code}: ${out}`))
        })
      })
  )

describe("SharedBudget through Redis", () => {
  it.live("the panel's real limit and window (720 a minute) are counted in Redis, one place per request", () =>
    Effect.gen(function* () {
      const { url: redisUrl } = yield* redis
      const { url } = yield* panelWith(720)
      const prefix = `ptero-effect-test-${process.pid}-${Date.now()}-real:`
      const address = new URL(redisUrl)
      const store = RateLimiterRedis.layerStore({ host: address.hostname, port: Number(address.port), prefix })
      const logged: Array<string> = []
      // The store lives as long as the layer: the requests run inside it.
      const Pacing = SharedBudget.layer({ limit: 720 }).pipe(Layer.provide(store))
      yield* Effect.gen(function* () {
        const client = yield* PanelClient.make({ url, api: "client", credentials: KEY })
        for (let i = 0; i < 100; i++) yield* client.send({ operation: "t", method: "GET", path: "/account" })
      }).pipe(
        Effect.provide(Layer.mergeAll(Pacing, LeanHttpClient.layer)),
        Effect.provide(
          Logger.replace(
            Logger.defaultLogger,
            Logger.make(({ message }) => logged.push(String(message)))
          )
        )
      )
      // The store was reached for every request: nothing was sent unshared. (A window of 60.5 s is
      // 84.03 ms per request, which the Redis store cannot keep as a TTL: it refused every one.)
      expect(logged.filter((line) => line.includes("could not be reached"))).toEqual([])
      // And it counts them (a count also restarts when 84 ms per request pass without one).
      const counts = yield* Effect.promise(async () => {
        const redis = new Redis({ host: address.hostname, port: Number(address.port) })
        const keys = await redis.keys(`${prefix}*`)
        const values = await Promise.all(keys.map((key) => redis.get(key)))
        await redis.quit()
        return values.map(Number).reduce((a, b) => a + b, 0)
      })
      expect(counts).toBeGreaterThan(0)
    }).pipe(Effect.scoped)
  )

  it.live(
    "two processes on one key finish the job together at the limit, with no 429 after the first window",
    () =>
      Effect.gen(function* () {
        const { url: redisUrl } = yield* redis
        const { url, seen } = yield* panel
        const env = {
          REDIS_URL: redisUrl,
          PREFIX: `ptero-effect-test-${process.pid}-${Date.now()}:`,
          PANEL_URL: url,
          PANEL_KEY: KEY,
          REQUESTS: String(PER_WORKER),
          LIMIT: String(LIMIT),
          WINDOW: `${WINDOW_SECONDS} seconds`,
          // Generous on a loaded machine: the first request may take long to reach the panel.
          MARGIN: "1 second"
        }
        const results = yield* Effect.all([worker(env), worker(env)], { concurrency: 2 })
        const refusals = seen.filter((s) => s.status === 429).map((s) => s.window)
        expect(results, `429s in windows ${JSON.stringify(refusals)}`).toEqual([
          { succeeded: PER_WORKER, failures: [] },
          { succeeded: PER_WORKER, failures: [] }
        ])
        const answered = seen.filter((s) => s.status === 200)
        expect(answered).toHaveLength(2 * PER_WORKER)
        expect(seen.filter((s) => s.status === 429 && s.window > 0)).toEqual([])
        // At the limit: every window but the last was full.
        const perWindow = new Map<number, number>()
        for (const s of answered) perWindow.set(s.window, (perWindow.get(s.window) ?? 0) + 1)
        expect([...perWindow.values()]).toEqual([LIMIT, LIMIT, LIMIT])
      }).pipe(Effect.scoped),
    120_000
  )
})
