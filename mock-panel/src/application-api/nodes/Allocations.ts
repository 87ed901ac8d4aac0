/**
 * `routes/api-application.php`, `/nodes/{node}/allocations` (§8.2): list with the filters of
 * §7.2, create (port ranges, CIDR blocks), delete (scoped to the node). ACL `allocations`
 * (§3.3).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Ref from "effect/Ref"
import * as Failure from "../../http/Failure.js"
import type * as Fixture from "../../state/Fixture.js"
import * as G from "../../state/Generate.js"
import { parseAddress } from "../../http/IpAccess.js"
import * as ListQuery from "../../http/ListQuery.js"
import { define, type RouteDefinition } from "../../http/Route.js"
import { type State, Store, read } from "../../state/Store.js"
import * as A from "../Transformers.js"
import * as Bindings from "../../http/Bindings.js"
import * as Responses from "../Responses.js"
import * as Mysql from "../../state/Mysql.js"
import * as Input from "../../laravel/Input.js"

const FILTERS = ["ip", "port", "ip_alias", "server_id"]

// `AssignmentService` limits. CIDR_MAX_BITS is 27, although CidrOutOfRangeException's message
// says /25.
const CIDR_SMALLEST_PREFIX = 27
const PORT_FLOOR = 1024
const PORT_CEIL = 65535
const PORT_RANGE_LIMIT = 1000
const PORT_RANGE = /^(\d{4,5})-(\d{4,5})$/

const exact = (alternatives: ReadonlyArray<string>, column: string) =>
  alternatives.some((alt) => alt.toLowerCase() === column.toLowerCase())

// The compressed form `inet_ntop` writes (RFC 5952), via the WHATWG URL parser.
const formatIpv6 = (text: string): string => {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1)
  } catch {
    return text
  }
}

/**
 * The addresses an `ip` value names: one address, or every address of an IPv4 /27–/32 block.
 * `"cidr"` when the prefix is out of that range, `undefined` when it cannot be parsed (an
 * IPv6 block is refused here rather than expanded).
 */
const addresses = (value: string): ReadonlyArray<string> | "cidr" | undefined => {
  const [address = "", prefix, ...rest] = value.split("/")
  if (rest.length > 0) return undefined
  if (prefix !== undefined) {
    if (!/^\d+$/.test(prefix) || Number(prefix) > 32 || Number(prefix) < CIDR_SMALLEST_PREFIX) return "cidr"
  }
  const parsed = parseAddress(address === "localhost" ? "127.0.0.1" : address)
  if (parsed === undefined) return undefined
  if (parsed.family === 6) return prefix === undefined ? [formatIpv6(address)] : undefined
  const bits = prefix === undefined ? 32 : Number(prefix)
  const size = 2 ** (32 - bits)
  const start = Number(parsed.value) - (Number(parsed.value) % size)
  const out: Array<string> = []
  for (let i = 0; i < size; i++) {
    const n = start + i
    out.push(
      [Math.floor(n / 2 ** 24) % 256, Math.floor(n / 2 ** 16) % 256, Math.floor(n / 2 ** 8) % 256, n % 256].join(".")
    )
  }
  return out
}

const portOutOfRange = () =>
  Failure.display(
    "Ports in an allocation must be greater than 1024 and less than or equal to 65535.",
    "PortOutOfRangeException"
  )

const range = (from: number, to: number): Array<number> => {
  const step = from <= to ? 1 : -1
  const out: Array<number> = []
  for (let p = from; step > 0 ? p <= to : p >= to; p += step) out.push(p)
  return out
}

/**
 * The rows `AssignmentService` would insert, or its business-rule failure (§7.3 `DisplayException`
 * subclasses, 400).
 *
 * @since 0.1.0
 * @category allocations
 */
export const plan = (
  ip: string,
  ports: ReadonlyArray<unknown>
): { readonly _tag: "Ok"; readonly rows: ReadonlyArray<{ ip: string; port: number }> } | Failure.PanelFailure => {
  const parsed = addresses(ip)
  if (parsed === "cidr") {
    return Failure.display("CIDR notation only allows masks between /25 and /32.", "CidrOutOfRangeException")
  }
  if (parsed === undefined) {
    return Failure.display(`Could not parse provided allocation IP address (${ip}): Invalid IP address format`)
  }
  const rows: Array<{ ip: string; port: number }> = []
  for (const address of parsed) {
    for (const raw of ports) {
      const port = Input.phpString(raw)
      const match = PORT_RANGE.exec(port)
      if (!/^\d+$/.test(port) && match === null) {
        return Failure.display(
          `The mapping provided for ${port} was invalid and could not be processed.`,
          "InvalidPortMappingException"
        )
      }
      if (match !== null) {
        const block = range(Number(match[1]), Number(match[2]))
        if (block.length > PORT_RANGE_LIMIT) {
          return Failure.display(
            "Adding more than 1000 ports in a single range at once is not supported.",
            "TooManyPortsInRangeException"
          )
        }
        // Only the start meets the floor and only the end the ceiling, so a descending range
        // such as 1500-1000 adds ports up to the floor (the panel's behaviour, kept).
        if (Number(match[1]) <= PORT_FLOOR || Number(match[2]) > PORT_CEIL) return portOutOfRange()
        for (const p of block) rows.push({ ip: address, port: p })
      } else {
        const p = Number(port)
        if (p <= PORT_FLOOR || p > PORT_CEIL) return portOutOfRange()
        rows.push({ ip: address, port: p })
      }
    }
  }
  return { _tag: "Ok", rows }
}

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  define({
    method: "GET",
    path: "/api/application/nodes/{node}/allocations",
    api: "application",
    name: "api:application.allocations",
    bindings: [Bindings.node],
    acl: { resource: "allocations", level: 1 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const filters = yield* ListQuery.filters(ctx.query, FILTERS)
        const state = yield* read
        const node = ctx.models.node!
        let rows = state.allocations.filter((a) => a.node_id === node.id)
        for (const [name, alternatives] of filters) {
          if (name === "ip") rows = rows.filter((a) => exact(alternatives, a.ip))
          if (name === "port") rows = rows.filter((a) => alternatives.some((alt) => Mysql.sameNumber(a.port, alt)))
          if (name === "ip_alias") rows = rows.filter((a) => ListQuery.partial(a.ip_alias, alternatives))
        }
        // `filter[server_id]` (§7.2): digits → that server's allocations; empty, a boolean, `0`
        // or anything else → the unassigned ones.
        const rawFilter = ctx.query.filter
        if (
          typeof rawFilter === "object" &&
          rawFilter !== null &&
          !Array.isArray(rawFilter) &&
          "server_id" in rawFilter
        ) {
          const value = rawFilter.server_id
          const digits = typeof value === "string" && /^\d+$/.test(value) && value !== "0" ? Number(value) : undefined
          rows =
            digits === undefined ? rows.filter((a) => a.server_id === null) : rows.filter((a) => a.server_id === digits)
        }
        const context = A.context(ctx, state)
        const includes = A.includes(ctx)
        return Responses.page(ctx, rows, `/api/application/nodes/${node.id}/allocations`, (a) =>
          A.allocation(context, a, includes)
        )
      })
  }),
  define({
    method: "POST",
    path: "/api/application/nodes/{node}/allocations",
    api: "application",
    name: "api:application.allocations.store",
    bindings: [Bindings.node],
    acl: { resource: "allocations", level: 2 },
    // StoreAllocationRequest::rules()
    request: {
      rules: {
        ip: "required|string",
        alias: "sometimes|nullable|string|max:191",
        ports: "required|array",
        "ports.*": "string"
      }
    },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const node = ctx.models.node!
        const ports = ctx.input.ports
        const planned = plan(
          Input.phpString(ctx.input.ip),
          typeof ports === "object" && ports !== null ? Object.values(ports) : []
        )
        if (planned._tag !== "Ok") return yield* Effect.fail(planned)
        const alias = typeof ctx.input.alias === "string" ? ctx.input.alias : null
        yield* Ref.update(store.state, (state): State => {
          let current = state
          const added: Array<Fixture.Allocation> = []
          for (const { ip, port } of planned.rows) {
            // `insertOrIgnore`: an existing node/ip/port is left alone.
            const exists = [...current.allocations, ...added].some(
              (a) => a.node_id === node.id && a.ip === ip && a.port === port
            )
            if (exists) continue
            const [id, next] = G.nextId(current, "allocations", [...current.allocations, ...added])
            current = { ...next, allocations: current.allocations }
            added.push({ id, node_id: node.id, ip, ip_alias: alias, port, server_id: null, notes: null })
          }
          return { ...current, allocations: [...current.allocations, ...added] }
        })
        return Responses.noContent
      })
  }),
  define({
    method: "DELETE",
    path: "/api/application/nodes/{node}/allocations/{allocation}",
    api: "application",
    name: "api:application.allocations.view",
    bindings: [Bindings.node, Bindings.allocation],
    acl: { resource: "allocations", level: 2 },
    handle: (ctx) =>
      Effect.gen(function* () {
        const store = yield* Store
        const id = ctx.models.allocation!.id
        const blocked = yield* Ref.modify(store.state, (state): [boolean, State] => {
          const row = state.allocations.find((a) => a.id === id)
          if (row !== undefined && row.server_id !== null) return [true, state]
          return [false, { ...state, allocations: state.allocations.filter((a) => a.id !== id) }]
        })
        if (blocked) {
          return yield* Effect.fail(
            Failure.display(
              "A server is currently assigned to this allocation. An allocation can only be deleted if no server is currently assigned.",
              "ServerUsingAllocationException"
            )
          )
        }
        return Responses.noContent
      })
  })
]
