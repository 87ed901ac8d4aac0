/**
 * The shape of a route definition and the request context handlers see. A route says where
 * it sits in the auth pipeline (§2.2): its API, its bindings (step 8), whether it is a server
 * route (step 10), its ACL or subuser permission (step 11), its form request (step 12) and its
 * handler (step 13). Routes live with their controllers in `client-api/` and `application-api/`.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { PanelFailure, ValidationEntry } from "./Failure.js"
import type * as Fixture from "../state/Fixture.js"
import type { InputObject } from "../laravel/Input.js"
import type * as Validator from "../laravel/Validator.js"
import type { KeyRow, State, Store } from "../state/Store.js"

/**
 * @since 0.1.0
 * @category models
 */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/**
 * @since 0.1.0
 * @category models
 */
export type Api = "client" | "application"

/**
 * Application ACL resources, the `r_<resource>` columns (§3.1).
 *
 * @since 0.1.0
 * @category models
 */
export type AclResource =
  | "servers"
  | "nodes"
  | "allocations"
  | "users"
  | "locations"
  | "nests"
  | "eggs"
  | "database_hosts"
  | "server_databases"

/**
 * `READ = 1`, `WRITE = 2` (§3.1).
 *
 * @since 0.1.0
 * @category models
 */
export type AclLevel = 1 | 2

/**
 * Who made the request, once authenticated (§2.3).
 *
 * @since 0.1.0
 * @category models
 */
export interface Auth {
  readonly user: Fixture.User
  readonly key: KeyRow
}

/**
 * Models bound from path parameters (step 8) for later steps and the handler.
 *
 * @since 0.1.0
 * @category models
 */
export interface Models {
  server?: Fixture.Server
  user?: Fixture.User
  node?: Fixture.Node
  location?: Fixture.Location
  allocation?: Fixture.Allocation
  nest?: Fixture.Nest
  egg?: Fixture.Egg
  database?: Fixture.Database
}

/**
 * Everything about one request. Pipeline steps fill in `auth`, `models`, `input` and
 * `rateLimitHeaders` as they pass.
 *
 * @since 0.1.0
 * @category models
 */
export interface RequestContext {
  /** The method the router saw: a POST's `X-HTTP-Method-Override` or `_method` (`MethodOverride.ts`). */
  readonly method: string
  /** The method on the wire (`getRealMethod()`), which decides how PHP reads a form body. */
  readonly realMethod: string
  /** Decoded path with a leading slash and no trailing slash. */
  readonly path: string
  /** The query string as sent, without `?`. */
  readonly queryString: string
  /** The query after §6.3 normalisation, PHP-style nesting. */
  readonly query: InputObject
  /** Whether `TrimStrings` ran (§6.3: not on a full-UUID files path). */
  readonly trimStrings: boolean
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>
  /** The TCP peer address (§2.6). */
  readonly peerIp: string
  readonly body: Uint8Array
  /** Scheme and host the request reached, or `APP_URL`; no trailing slash. */
  readonly baseUrl: string
  readonly route: RouteDefinition
  readonly params: Readonly<Record<string, string>>
  auth: Auth | undefined
  models: Models
  /** Query plus body fields, normalised (§6.2, §6.3). */
  input: InputObject
  /** Set by the throttle step, attached to every later response (§5). */
  rateLimitHeaders: Record<string, string> | undefined
}

/**
 * A successful handler result. `body` is rendered with `json_encode` defaults; `undefined`
 * means no body (204).
 *
 * @since 0.1.0
 * @category models
 */
export interface Reply {
  readonly status: number
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>>
  /** A non-JSON body sent as is (`files/contents` is `text/plain`, §6.1); wins over `body`. */
  readonly raw?: { readonly contentType: string; readonly text: string }
}

/**
 * Binds one path parameter to a model (step 8). Fails with the binding 404.
 *
 * @since 0.1.0
 * @category models
 */
export interface Binding {
  readonly param: string
  readonly bind: (value: string, ctx: RequestContext) => Effect.Effect<void, PanelFailure, Store>
}

/**
 * A route's form request (`app/Http/Requests/Api/...`), as data next to the route: what its
 * `authorize()` checks beyond the route's permission, its `rules()` in their order, its
 * `attributes()` and `messages()`, and its after-validation hook. The pipeline runs it at step
 * 12 with the one validator (`laravel/Validator.ts`).
 *
 * @since 0.1.0
 * @category models
 */
export interface FormRequest {
  /** `authorize()` beyond the route's ACL or permission; fails before any rule runs. */
  readonly authorize?: (ctx: RequestContext) => Effect.Effect<void, PanelFailure, Store>
  /** `rules()`, attributes in the request's order; a function when they read the request or state. */
  readonly rules: Validator.Rules | ((ctx: RequestContext, state: State) => Validator.Rules)
  /** `attributes()`: the names messages use. */
  readonly attributes?: Readonly<Record<string, string>>
  /** `messages()`: `attribute.rule` → message. */
  readonly messages?: Readonly<Record<string, string>>
  /**
   * `withValidator`'s after hook: messages the rules cannot give, once they ran; or the failure of
   * an exception the hook throws, which answers instead of any 422.
   */
  readonly after?: (
    ctx: RequestContext,
    state: State,
    failed: ReadonlyArray<ValidationEntry>
  ) => ReadonlyArray<{ readonly field: string; readonly detail: string }> | PanelFailure
}

/**
 * One route.
 *
 * @since 0.1.0
 * @category models
 */
export interface RouteDefinition {
  readonly method: Method
  /** Full path with `{param}` placeholders, e.g. `/api/client/servers/{server}`. */
  readonly path: string
  readonly api: Api
  /** The panel's route name, for documentation and the journal. */
  readonly name: string
  /** Skips `RequireTwoFactorAuthentication` (§2.1: `GET /account` and the two-factor routes). */
  readonly twoFactorExempt?: boolean
  readonly bindings?: ReadonlyArray<Binding>
  /**
   * A `/servers/{server}` client route: server access (404) and, unless `stateCheck` is
   * false, the server state check (409) of §4.1.
   */
  readonly server?: { readonly stateCheck: boolean }
  /** Application API: the resource and level an application key needs (§3.3). */
  readonly acl?: { readonly resource: AclResource; readonly level: AclLevel }
  /**
   * An extra route throttle that runs right after the API throttle (§2.2 step 7), such as
   * `throttle:10,5` on `files/pull` (§5). `key` names the bucket; its headers replace the API
   * throttle's when their remaining count is not higher.
   */
  readonly throttle?: {
    readonly limit: number
    readonly periodSeconds: number
    readonly key: (ctx: RequestContext) => string
  }
  /** Client API: the subuser permission the route needs (§4.5). */
  readonly permission?: string | ((ctx: RequestContext) => string)
  /** The route's form request (step 12): its own authorization, then its rules (422). */
  readonly request?: FormRequest
  readonly handle: (ctx: RequestContext) => Effect.Effect<Reply, PanelFailure, Store>
}

/**
 * Identity helper that checks a route definition's type.
 *
 * @since 0.1.0
 * @category constructors
 */
export const define = (route: RouteDefinition): RouteDefinition => route

/**
 * Result of matching a method and path against the route table.
 *
 * @since 0.1.0
 * @category models
 */
export type Match =
  | { readonly _tag: "Found"; readonly route: RouteDefinition; readonly params: Record<string, string> }
  | { readonly _tag: "MethodNotAllowed"; readonly allowed: ReadonlyArray<string> }
  | { readonly _tag: "NotFound" }

interface Compiled {
  readonly route: RouteDefinition
  readonly regex: RegExp
  readonly names: ReadonlyArray<string>
}

// Laravel's verb order (`Router::$verbs`), which orders the 405 list and the Allow header.
const VERBS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const

const compile = (route: RouteDefinition): Compiled => {
  const names: Array<string> = []
  const source = route.path
    .split("/")
    .map((segment) => {
      const m = /^\{(\w+)\}$/.exec(segment)
      if (m?.[1] !== undefined) {
        names.push(m[1])
        return "([^/]+)"
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    })
    .join("/")
  return { route, regex: new RegExp(`^${source}$`), names }
}

/**
 * A compiled route table.
 *
 * @since 0.1.0
 * @category models
 */
export interface Table {
  readonly match: (method: string, path: string) => Match
}

/**
 * Compiles routes. HEAD is answered by every GET route, as Laravel does.
 *
 * @since 0.1.0
 * @category constructors
 */
export const table = (routes: ReadonlyArray<RouteDefinition>): Table => {
  const compiled = routes.map(compile)
  const find = (method: string, path: string) => {
    for (const c of compiled) {
      const routeMethod = c.route.method
      if (routeMethod !== method && !(method === "HEAD" && routeMethod === "GET")) continue
      const m = c.regex.exec(path)
      if (m !== null) {
        const params: Record<string, string> = {}
        c.names.forEach((name, i) => {
          params[name] = m[i + 1] ?? ""
        })
        return { route: c.route, params }
      }
    }
    return undefined
  }
  return {
    match: (method, path) => {
      const found = find(method, path)
      if (found !== undefined) return { _tag: "Found", ...found }
      const allowed = VERBS.filter((verb) => verb !== method && find(verb, path) !== undefined)
      return allowed.length > 0 ? { _tag: "MethodNotAllowed", allowed } : { _tag: "NotFound" }
    }
  }
}
