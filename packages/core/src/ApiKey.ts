/**
 * Pterodactyl API keys: parsing, classification and safe display.
 *
 * A bearer value is 48 characters: a 16-character identifier (the public part, looked up by the
 * panel) followed by a 32-character secret (spec §1.3). Client keys start with `ptlc_`,
 * application keys with `ptla_`; keys created before panel 1.8 have no prefix.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as ConfigError from "effect/ConfigError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { NodeInspectSymbol } from "effect/Inspectable"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"

/**
 * Length of the public identifier (spec §1.1).
 *
 * @since 0.1.0
 * @category constants
 */
export const IDENTIFIER_LENGTH = 16

/**
 * Length of the secret part (spec §1.3).
 *
 * @since 0.1.0
 * @category constants
 */
export const SECRET_LENGTH = 32

/**
 * Length of a complete bearer value.
 *
 * @since 0.1.0
 * @category constants
 */
export const KEY_LENGTH = IDENTIFIER_LENGTH + SECRET_LENGTH

/**
 * What a key is for: `client` (`ptlc_`), `application` (`ptla_`) or `legacy` (no prefix).
 *
 * @since 0.1.0
 * @category models
 */
export type Kind = "client" | "application" | "legacy"

/**
 * Why a value is not a usable key. None of the reasons carries any part of the value.
 *
 * @since 0.1.0
 * @category models
 */
export type MalformedReason = "empty" | "whitespace" | "pipe-form" | "invalid-characters" | "wrong-length"

/**
 * A value that cannot be an API key. The message names the rule that failed and the length,
 * never the characters of the value.
 *
 * @since 0.1.0
 * @category errors
 */
export class MalformedApiKey extends Schema.TaggedError<MalformedApiKey>("@ptero-effect/core/MalformedApiKey")(
  "MalformedApiKey",
  {
    reason: Schema.Literal("empty", "whitespace", "pipe-form", "invalid-characters", "wrong-length"),
    length: Schema.Number
  }
) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    return messages[this.reason](this.length)
  }
}

const messages: Record<MalformedReason, (length: number) => string> = {
  empty: () => "API key is empty",
  whitespace: (length) => `API key contains whitespace (length ${length}); copy the key without spaces or line breaks`,
  "pipe-form": () =>
    "API key contains '|': Pterodactyl keys are the 16-character identifier followed by the 32-character secret",
  "invalid-characters": (length) => `API key contains characters outside [A-Za-z0-9_] (length ${length})`,
  "wrong-length": (length) =>
    `API key must be ${KEY_LENGTH} characters (identifier ${IDENTIFIER_LENGTH} + secret ${SECRET_LENGTH}), got ${length}`
}

const TypeId: unique symbol = Symbol.for("@ptero-effect/core/ApiKey")

/**
 * A parsed key. The full bearer value is held as `Redacted`; `String`, `JSON.stringify`,
 * `util.inspect` and Effect's loggers show the kind and the identifier only.
 *
 * @since 0.1.0
 * @category models
 */
export class ApiKey {
  /**
   * @since 0.1.0
   */
  readonly [TypeId] = TypeId
  /**
   * @since 0.1.0
   */
  readonly kind: Kind
  /**
   * The public first 16 characters, as the panel lists them.
   *
   * @since 0.1.0
   */
  readonly identifier: string
  /**
   * The complete bearer value.
   *
   * @since 0.1.0
   */
  readonly value: Redacted.Redacted<string>

  constructor(kind: Kind, identifier: string, value: Redacted.Redacted<string>) {
    this.kind = kind
    this.identifier = identifier
    this.value = value
  }

  /**
   * @since 0.1.0
   */
  toString(): string {
    return `ApiKey(${this.kind}, ${this.identifier})`
  }

  /**
   * @since 0.1.0
   */
  toJSON(): unknown {
    return { _id: "ApiKey", kind: this.kind, identifier: this.identifier }
  }

  /**
   * @since 0.1.0
   */
  [NodeInspectSymbol](): unknown {
    return this.toJSON()
  }
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isApiKey = (u: unknown): u is ApiKey => typeof u === "object" && u !== null && TypeId in u

const validCharacters = /^[A-Za-z0-9_]+$/
const whitespace = /\s/

const kindOf = (identifier: string): Kind =>
  identifier.startsWith("ptlc_") ? "client" : identifier.startsWith("ptla_") ? "application" : "legacy"

/**
 * Parses a bearer value without throwing.
 *
 * @since 0.1.0
 * @category constructors
 */
export const decode = (input: string | Redacted.Redacted<string>): Either.Either<ApiKey, MalformedApiKey> => {
  const raw = Redacted.isRedacted(input) ? Redacted.value(input) : input
  const fail = (reason: MalformedReason) => Either.left(new MalformedApiKey({ reason, length: raw.length }))
  if (raw.length === 0) return fail("empty")
  if (whitespace.test(raw)) return fail("whitespace")
  if (raw.includes("|")) return fail("pipe-form")
  if (!validCharacters.test(raw)) return fail("invalid-characters")
  if (raw.length !== KEY_LENGTH) return fail("wrong-length")
  const identifier = raw.slice(0, IDENTIFIER_LENGTH)
  return Either.right(
    new ApiKey(kindOf(identifier), identifier, Redacted.isRedacted(input) ? input : Redacted.make(raw))
  )
}

/**
 * Parses a bearer value, failing with `MalformedApiKey`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const parse = (input: string | Redacted.Redacted<string>): Effect.Effect<ApiKey, MalformedApiKey> =>
  Either.match(decode(input), { onLeft: Effect.fail, onRight: Effect.succeed })

/**
 * Joins an identifier and the `meta.secret_token` of a key-creation response (spec §4.7) into a key.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromParts = (
  identifier: string,
  secret: string | Redacted.Redacted<string>
): Either.Either<ApiKey, MalformedApiKey> =>
  decode(Redacted.make(identifier + (Redacted.isRedacted(secret) ? Redacted.value(secret) : secret)))

/**
 * Parses a value known to be well formed, throwing `MalformedApiKey` otherwise. For fixtures and tests.
 *
 * @since 0.1.0
 * @category constructors
 */
export const unsafeMake = (input: string | Redacted.Redacted<string>): ApiKey =>
  Either.getOrThrowWith(decode(input), (error) => error)

/**
 * The secret part of a key, still redacted.
 *
 * @since 0.1.0
 * @category accessors
 */
export const secret = (key: ApiKey): Redacted.Redacted<string> =>
  Redacted.make(Redacted.value(key.value).slice(IDENTIFIER_LENGTH))

/**
 * Reads a key from configuration with `Config.redacted`. A missing or malformed value is a
 * `ConfigError` that names the variable and the rule that failed, never the value.
 *
 * @since 0.1.0
 * @category config
 */
export const config = (name: string): Config.Config<ApiKey> =>
  Config.redacted(name).pipe(
    Config.mapOrFail((value) =>
      Either.mapLeft(decode(value), (error) => ConfigError.InvalidData([name], error.message))
    )
  )

const isWordCode = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95

/**
 * Replaces every run of `SECRET_LENGTH` (32) or more word characters with `<redacted>`: a secret,
 * a whole key (`ptlc_`/`ptla_` and 43 characters, or 48 for a legacy key), or a secret we do not
 * know yet. Used where text from elsewhere (a response body, a URL) may hold one. One pass by
 * hand: a regular expression over a run of millions of letters overflowed the regexp engine's
 * stack.
 *
 * @since 0.1.0
 * @category redaction
 */
export const redactSecretShaped = (text: string): string => {
  let out = ""
  let kept = 0
  let i = 0
  while (i < text.length) {
    if (!isWordCode(text.charCodeAt(i))) {
      i++
      continue
    }
    const start = i
    while (i < text.length && isWordCode(text.charCodeAt(i))) i++
    if (i - start >= SECRET_LENGTH) {
      out += `${text.slice(kept, start)}<redacted>`
      kept = i
    }
  }
  return kept === 0 ? text : out + text.slice(kept)
}

/**
 * Whether a character code is a word character (`[A-Za-z0-9_]`), the alphabet of keys.
 *
 * @since 0.1.0
 * @category redaction
 */
export const isWordCharacter = isWordCode
