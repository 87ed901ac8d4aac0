/**
 * The key a panel client sends, replaceable while requests are in flight.
 *
 * Each request reads the key once, when it starts, so a request already sent finishes with the
 * key it started with. Rotations run one at a time.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Redacted from "effect/Redacted"
import * as SynchronizedRef from "effect/SynchronizedRef"
import type * as Config from "effect/Config"
import type * as ConfigError from "effect/ConfigError"
import * as ApiKey from "./ApiKey.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** The key to use for the next request. */
  readonly current: Effect.Effect<ApiKey.ApiKey>
  /** Replaces the key; waits for any rotation already running. */
  readonly set: (next: ApiKey.ApiKey) => Effect.Effect<void>
  /**
   * Runs `f` with the current key while holding the rotation lock, and switches to the key it
   * returns. If `f` fails, the key is unchanged. Requests keep using the current key meanwhile.
   */
  readonly rotate: <E, R>(
    f: (current: ApiKey.ApiKey) => Effect.Effect<ApiKey.ApiKey, E, R>
  ) => Effect.Effect<ApiKey.ApiKey, E, R>
}

/**
 * The credentials of the panel client in context.
 *
 * @since 0.1.0
 * @category tags
 */
export class Credentials extends Context.Tag("@ptero-effect/core/Credentials")<Credentials, Service>() {}

/**
 * Keys accepted wherever a key is configured: an already parsed key, or a raw (preferably
 * redacted) bearer value.
 *
 * @since 0.1.0
 * @category models
 */
export type KeyInput = ApiKey.ApiKey | Redacted.Redacted<string> | string

/**
 * Parses a key input.
 *
 * @since 0.1.0
 * @category constructors
 */
export const toApiKey = (input: KeyInput): Effect.Effect<ApiKey.ApiKey, ApiKey.MalformedApiKey> =>
  ApiKey.isApiKey(input) ? Effect.succeed(input) : ApiKey.parse(input)

/**
 * Credentials that start with an already parsed key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromKey = (initial: ApiKey.ApiKey): Effect.Effect<Service> =>
  Effect.map(
    SynchronizedRef.make(initial),
    (ref): Service => ({
      current: SynchronizedRef.get(ref),
      set: (next) => SynchronizedRef.set(ref, next),
      rotate: (f) => SynchronizedRef.modifyEffect(ref, (current) => Effect.map(f(current), (next) => [next, next]))
    })
  )

/**
 * Credentials that start with `initial`, parsed first.
 *
 * @example
 * ```ts
 * import { Credentials } from "@ptero-effect/core"
 * import { Effect } from "effect"
 *
 * const program = Effect.gen(function* () {
 *   const credentials = yield* Credentials.make("ptlc_…")
 *   const key = yield* credentials.current
 *   return key.identifier // the public 16 characters; the key itself stays Redacted
 * })
 * ```
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (initial: KeyInput): Effect.Effect<Service, ApiKey.MalformedApiKey> =>
  Effect.flatMap(toApiKey(initial), fromKey)

/**
 * `make` as a Layer of the `Credentials` service.
 *
 * @example
 * ```ts
 * import { Credentials } from "@ptero-effect/core"
 * import { Redacted } from "effect"
 *
 * declare const secretFromVault: Redacted.Redacted<string>
 * const CredentialsLive = Credentials.layer(secretFromVault)
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (initial: KeyInput): Layer.Layer<Credentials, ApiKey.MalformedApiKey> =>
  Layer.effect(Credentials, make(initial))

/**
 * Credentials from configuration, e.g. `ApiKey.config("PTERODACTYL_CLIENT_KEY")`.
 *
 * @example
 * ```ts
 * import { ApiKey, Credentials } from "@ptero-effect/core"
 *
 * const CredentialsLive = Credentials.layerConfig(ApiKey.config("PTERODACTYL_CLIENT_KEY"))
 * ```
 *
 * @since 0.1.0
 * @category layers
 */
export const layerConfig = (key: Config.Config<ApiKey.ApiKey>): Layer.Layer<Credentials, ConfigError.ConfigError> =>
  Layer.effect(Credentials, Effect.flatMap(key, fromKey))
