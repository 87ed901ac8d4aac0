/**
 * `/api/client/account/*`: the account, two-factor authentication, email and password, the
 * account's activity, its client API keys (with rotation) and its SSH keys (§8.1 "General and
 * account", §4.7).
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as ApiKey from "@ptero-effect/core/ApiKey"
import * as Pagination from "@ptero-effect/core/Pagination"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Activity from "./Activity.js"
import * as Php from "./internal/php.js"
import * as Request from "./internal/request.js"
import * as Validate from "./internal/validate.js"

/**
 * The account behind the key: `user` from `GET /account` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
// app/Transformers/Api/Client/AccountTransformer.php::transform
export const User = Schema.Struct({
  id: Schema.Int,
  admin: Schema.Boolean,
  username: Schema.String,
  email: Schema.String,
  /** `null` for accounts older than the name columns (nullable since 2017_01_12_135449_add_more_user_data.php). */
  first_name: Schema.NullOr(Schema.String),
  last_name: Schema.NullOr(Schema.String),
  language: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface User extends Schema.Schema.Type<typeof User> {}

/**
 * A client API key as listed (`api_key`, §4.7, §9.1). The secret is never listed.
 *
 * @since 0.1.0
 * @category schemas
 */
// app/Transformers/Api/Client/ApiKeyTransformer.php::transform; memo and allowed_ips are nullable
// columns (database/migrations/2016_10_14_164802_update_api_keys.php, 2016_01_23_195851_add_api_keys.php).
export const ApiKeyInfo = Schema.Struct({
  identifier: Schema.String,
  /** The memo; `null` for legacy rows created without one. */
  description: Schema.NullOr(Schema.String),
  /**
   * `[]` for keys created through the API without IPs; `null` for legacy rows. Stored as sent, so
   * a map sent by another client arrives as an object and is read as its values.
   */
  allowed_ips: Schema.NullOr(Php.StringList),
  last_used_at: Schema.NullOr(Schema.String),
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface ApiKeyInfo extends Schema.Schema.Type<typeof ApiKeyInfo> {}

/**
 * The create response: the key plus `meta.secret_token`, the 32-character secret (§4.7).
 *
 * @since 0.1.0
 * @category schemas
 */
export const CreatedApiKey = Schema.Struct({
  object: Schema.Literal("api_key"),
  attributes: ApiKeyInfo,
  meta: Schema.Struct({ secret_token: Schema.Redacted(Schema.String) })
})

/**
 * An `ssh_key` (§9.1).
 *
 * @since 0.1.0
 * @category schemas
 */
export const SshKey = Schema.Struct({
  name: Schema.String,
  fingerprint: Schema.String,
  public_key: Schema.String,
  created_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface SshKey extends Schema.Schema.Type<typeof SshKey> {}

/**
 * `GET /account/two-factor`: `data.image_url_data` (the otpauth URL, which contains the secret)
 * and `data.secret`, both kept `Redacted`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const TwoFactorSetup = Schema.Struct({
  data: Schema.Struct({ image_url_data: Schema.Redacted(Schema.String), secret: Schema.Redacted(Schema.String) })
})

/**
 * @since 0.1.0
 * @category models
 */
export interface TwoFactorSetup {
  readonly image_url_data: Redacted.Redacted<string>
  readonly secret: Redacted.Redacted<string>
}

/**
 * `recovery_tokens` returned when two-factor authentication is enabled.
 *
 * @since 0.1.0
 * @category schemas
 */
export const RecoveryTokens = Schema.Struct({ tokens: Schema.Array(Schema.Redacted(Schema.String)) })

/**
 * A password or other secret input; `Redacted` keeps it out of logs until it is sent.
 *
 * @since 0.1.0
 * @category models
 */
export type Secret = string | Redacted.Redacted<string>

const reveal = (secret: Secret): string => (Redacted.isRedacted(secret) ? Redacted.value(secret) : secret)

/**
 * A new key: its listing attributes and the usable key (identifier + secret), already `Redacted`.
 *
 * @since 0.1.0
 * @category models
 */
export interface CreatedKey {
  readonly info: ApiKeyInfo
  readonly key: ApiKey.ApiKey
}

/**
 * The step of a key rotation that failed.
 *
 * @since 0.1.0
 * @category models
 */
export const RotationStep = Schema.Literal("lookup", "create", "verify", "swap", "delete-old")

/**
 * @since 0.1.0
 * @category models
 */
export type RotationStep = typeof RotationStep.Type

/**
 * A key rotation that did not complete: the step, the panel failure behind it, the identifier of
 * the key now in use, and the identifiers of keys left on the panel that the caller should
 * delete. Never any secret.
 *
 * @since 0.1.0
 * @category errors
 */
export class KeyRotationFailed extends Schema.TaggedError<KeyRotationFailed>(
  "@ptero-effect/client-api/KeyRotationFailed"
)("KeyRotationFailed", {
  step: RotationStep,
  error: PanelError.PanelError,
  /** The identifier of the key the client now sends; it works. */
  inUse: Schema.String,
  /** Identifiers of keys still on the panel that the rotation meant to delete. */
  leftBehind: Schema.Array(Schema.String)
}) {
  /**
   * @since 0.1.0
   */
  override get message(): string {
    const left = this.leftBehind.length === 0 ? "none" : this.leftBehind.join(", ")
    return `Key rotation failed at step ${this.step}: ${this.error.message}. In use: ${this.inUse}. Left on the panel: ${left}.`
  }
}

/**
 * A completed rotation: the new key (store it: the old one no longer exists) and the identifier of
 * the deleted one.
 *
 * @since 0.1.0
 * @category models
 */
export interface Rotation {
  readonly key: ApiKey.ApiKey
  readonly previous: string
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /** `GET /account`. */
  readonly details: () => Effect.Effect<User, PanelError.Common>
  readonly twoFactor: {
    /**
     * `GET /account/two-factor`: a new secret, stored on every call. Already enabled → 400
     * `BadRequestHttpException` (`PanelRequestRejected`).
     */
    readonly setup: () => Effect.Effect<TwoFactorSetup, PanelError.Common | PanelError.PanelRequestRejected>
    /**
     * `POST /account/two-factor`: returns the recovery tokens. `code` must be 6 characters. A wrong
     * password → 400 `BadRequestHttpException`, a wrong code → 400
     * `TwoFactorAuthenticationTokenInvalid` (both `PanelRequestRejected`). Without a prior `setup`
     * the panel fails with a 500 `DecryptException` (`PanelServerError`; it decrypts a null secret).
     */
    readonly enable: (input: {
      readonly code: string
      readonly password: Secret
    }) => Effect.Effect<
      ReadonlyArray<Redacted.Redacted<string>>,
      PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected
    >
    /**
     * `POST /account/two-factor/disable`. The route validates nothing: a wrong or empty password
     * is a 400 `BadRequestHttpException` (`PanelRequestRejected`), never a 422
     * (`app/Http/Controllers/Api/Client/TwoFactorController.php::delete`).
     */
    readonly disable: (input: {
      readonly password: Secret
    }) => Effect.Effect<void, PanelError.Common | PanelError.PanelRequestRejected>
  }
  /**
   * `PUT /account/email`. The password is checked before the rules
   * (`app/Http/Requests/Api/Client/Account/UpdateEmailRequest.php::authorize`): a wrong or empty
   * one is a 400 `InvalidPasswordProvidedException` (`PanelRequestRejected`), whatever the email.
   * A taken email is a 422 (`unique`).
   */
  readonly updateEmail: (input: {
    readonly email: string
    readonly password: Secret
  }) => Effect.Effect<void, PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  /**
   * `PUT /account/password`: `password` at least 8 characters and equal to its confirmation. A
   * wrong or empty `current_password` is a 400 `InvalidPasswordProvidedException`
   * (`PanelRequestRejected`), checked before the rules; the panel trims `current_password` (but
   * not `password`) before comparing it, so a password with surrounding spaces cannot be changed.
   */
  readonly updatePassword: (input: {
    readonly current_password: Secret
    readonly password: Secret
    readonly password_confirmation: Secret
  }) => Effect.Effect<void, PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
  readonly activity: {
    /** `GET /account/activity`: one page (see `Activity.Query` for how the panel reads `per_page`). */
    readonly list: (query?: Activity.Query) => Effect.Effect<Pagination.Page<Activity.ActivityLog>, PanelError.Common>
    /** Every entry of every page, with the same query on each request. */
    readonly stream: (query?: Omit<Activity.Query, "page">) => Stream.Stream<Activity.ActivityLog, PanelError.Common>
  }
  readonly apiKeys: {
    /** `GET /account/api-keys`: the account's client keys. */
    readonly list: () => Effect.Effect<ReadonlyArray<ApiKeyInfo>, PanelError.Common>
    /**
     * `POST /account/api-keys`. At most 25 keys per account: the 26th is a 400 `DisplayException`
     * (`PanelRequestRejected`).
     */
    readonly create: (input: {
      readonly description: string
      readonly allowed_ips?: ReadonlyArray<string> | undefined
    }) => Effect.Effect<CreatedKey, PanelError.Common | PanelError.ValidationFailed | PanelError.PanelRequestRejected>
    /** `DELETE /account/api-keys/{identifier}`. */
    readonly delete: (identifier: string) => Effect.Effect<void, PanelError.Common | PanelError.NotFound>
    /**
     * Replaces the key in use by a new client key with the same description and allowed IPs, and
     * deletes the old one. On failure a working key stays in use and the error says what is left.
     */
    readonly rotate: () => Effect.Effect<Rotation, KeyRotationFailed>
  }
  readonly sshKeys: {
    /** `GET /account/ssh-keys`. */
    readonly list: () => Effect.Effect<ReadonlyArray<SshKey>, PanelError.Common>
    /**
     * `POST /account/ssh-keys`: DSA keys, RSA keys under 2048 bits, unreadable keys and duplicates
     * are refused with a 422 whose rule is empty (an after-validation hook).
     */
    readonly add: (input: {
      readonly name: string
      readonly public_key: string
    }) => Effect.Effect<SshKey, PanelError.Common | PanelError.ValidationFailed>
    /** `POST /account/ssh-keys/remove`: removing an unknown fingerprint is a no-op. */
    readonly remove: (fingerprint: string) => Effect.Effect<void, PanelError.Common | PanelError.ValidationFailed>
  }
}

/**
 * The account group over a panel client.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const details = () =>
    Request.item(panel, { operation: "ClientApi.account.details", method: "GET", path: "/account" }, "user", User).pipe(
      PanelError.narrow()
    )

  // app/Http/Controllers/Api/Client/ActivityLogController.php::__invoke: no validation; per_page
  // is min(per_page, 100), so nothing here can be a 422.
  const activityPage = (query: Activity.Query = {}) =>
    Request.page(
      panel,
      {
        operation: "ClientApi.account.activity",
        method: "GET",
        path: "/account/activity",
        query: Request.listQuery(query)
      },
      "activity_log",
      Activity.ActivityLog
    ).pipe(PanelError.narrow())

  const listKeys = () =>
    Request.list(
      panel,
      { operation: "ClientApi.account.apiKeys.list", method: "GET", path: "/account/api-keys" },
      "api_key",
      ApiKeyInfo
    ).pipe(PanelError.narrow())

  const createKey = (
    input: { readonly description: string; readonly allowed_ips?: ReadonlyArray<string> | undefined },
    key?: ApiKey.ApiKey
  ) =>
    // app/Http/Requests/Api/Client/Account/StoreApiKeyRequest.php::rules, ::withValidator
    Validate.refuse("POST", "/account/api-keys", [
      Validate.field(
        Validate.required("description", input.description),
        Validate.maxLength("description", input.description, 500)
      ),
      Validate.allowedIps(input.allowed_ips)
    ]).pipe(
      Effect.zipRight(
        panel.json(
          {
            operation: "ClientApi.account.apiKeys.create",
            method: "POST",
            path: "/account/api-keys",
            body: Request.json(Request.defined({ description: input.description, allowed_ips: input.allowed_ips })),
            key
          },
          CreatedApiKey
        )
      ),
      Effect.flatMap((created) =>
        Either.match(ApiKey.fromParts(created.attributes.identifier, created.meta.secret_token), {
          onRight: (key): Effect.Effect<CreatedKey, PanelError.PanelError> =>
            Effect.succeed({ info: created.attributes, key }),
          onLeft: (malformed) =>
            Effect.fail(
              new PanelError.UnexpectedResponse({
                method: "POST",
                path: "/api/client/account/api-keys",
                status: 200,
                issue: `identifier + meta.secret_token is not a usable key: ${malformed.message}`,
                excerpt: ""
              })
            )
        })
      ),
      PanelError.narrow("ValidationFailed")
    )

  const deleteKey = (identifier: string, key?: ApiKey.ApiKey) =>
    panel
      .empty({
        operation: "ClientApi.account.apiKeys.delete",
        method: "DELETE",
        path: PanelClient.path`/account/api-keys/${identifier}`,
        key
      })
      .pipe(PanelError.narrow("NotFound"))

  /*
   * Order of the rotation, so that a working key is always in use and no request ever goes out
   * with a key that has not been verified:
   *   1. lookup:  read the current key's description and allowed IPs (with the current key);
   *   2. create:  create the new key (with the current key);
   *   3. verify:  one request sent with the NEW key through the per-request `key` option, while
   *               every other request keeps using the current key;
   *   4. swap:    only now does `Credentials` switch to the new key. Steps 1–4 run inside
   *               `Credentials.rotate`, which holds the rotation lock, so two rotations cannot
   *               interleave and a concurrent `set` waits;
   *   5. delete-old: delete the old key, sent with the new key.
   * If 1 or 2 fails nothing changed. If 3 fails the new key is deleted again (with the old one)
   * and reported as left behind only if that cleanup fails too. If 5 fails the new key is in use
   * and the old one is reported as left behind.
   */
  const rotate = (): Effect.Effect<Rotation, KeyRotationFailed> =>
    Effect.gen(function* () {
      let previous: ApiKey.ApiKey | undefined
      const next = yield* panel.credentials.rotate((current) =>
        Effect.gen(function* () {
          previous = current
          const fail = (step: RotationStep, error: PanelError.PanelError, leftBehind: ReadonlyArray<string> = []) =>
            new KeyRotationFailed({ step, error, inUse: current.identifier, leftBehind })
          const keys = yield* Request.list(
            panel,
            { operation: "ClientApi.account.apiKeys.rotate", method: "GET", path: "/account/api-keys", key: current },
            "api_key",
            ApiKeyInfo
          ).pipe(Effect.mapError((error) => fail("lookup", error)))
          const info = keys.find((listed) => listed.identifier === current.identifier)
          if (info === undefined) {
            return yield* Effect.fail(
              fail(
                "lookup",
                new PanelError.NotFound({
                  method: "GET",
                  path: "/api/client/account/api-keys",
                  status: 404,
                  code: "NotFound",
                  detail: `The key in use (${current.identifier}) is not among this account's client API keys, so it cannot be rotated.`,
                  errors: []
                })
              )
            )
          }
          // The panel requires a description (§4.7); an old row without one gets a neutral one.
          const description =
            info.description === null || Validate.trim(info.description) === "" ? "Rotated API key" : info.description
          const created = yield* createKey({ description, allowed_ips: info.allowed_ips ?? [] }, current).pipe(
            Effect.mapError((error) => fail("create", error))
          )
          yield* panel
            .send({ operation: "ClientApi.account.apiKeys.verify", method: "GET", path: "/account", key: created.key })
            .pipe(
              Effect.catchAll((error) =>
                deleteKey(created.info.identifier, current).pipe(
                  Effect.matchEffect({
                    onFailure: () => Effect.fail(fail("verify", error, [created.info.identifier])),
                    onSuccess: () => Effect.fail(fail("verify", error))
                  })
                )
              )
            )
          return created.key
        })
      )
      const old = previous!
      yield* deleteKey(old.identifier, next).pipe(
        // Already gone is what this step wanted.
        Effect.catchTag("NotFound", () => Effect.void),
        Effect.mapError(
          (error) =>
            new KeyRotationFailed({
              step: "delete-old",
              error,
              inUse: next.identifier,
              leftBehind: [old.identifier]
            })
        )
      )
      return { key: next, previous: old.identifier }
    }).pipe(Effect.withSpan("ClientApi.account.apiKeys.rotate"))

  return {
    details,
    twoFactor: {
      setup: () =>
        panel
          .json(
            { operation: "ClientApi.account.twoFactor.setup", method: "GET", path: "/account/two-factor" },
            TwoFactorSetup
          )
          .pipe(
            Effect.map((body) => body.data),
            PanelError.narrow()
          ),
      // app/Http/Controllers/Api/Client/TwoFactorController.php::store (inline validator); the
      // middleware does not trim `password`.
      enable: (input) =>
        Validate.refuse("POST", "/account/two-factor", [
          Validate.field(Validate.required("code", input.code), Validate.exactLength("code", input.code, 6)),
          Validate.required("password", reveal(input.password), { trimmed: false })
        ]).pipe(
          Effect.zipRight(
            Request.item(
              panel,
              {
                operation: "ClientApi.account.twoFactor.enable",
                method: "POST",
                path: "/account/two-factor",
                body: Request.json({ code: input.code, password: reveal(input.password) })
              },
              "recovery_tokens",
              RecoveryTokens
            )
          ),
          Effect.map((body) => body.tokens),
          PanelError.narrow("ValidationFailed")
        ),
      disable: (input) =>
        panel
          .empty({
            operation: "ClientApi.account.twoFactor.disable",
            method: "POST",
            path: "/account/two-factor/disable",
            body: Request.json({ password: reveal(input.password) })
          })
          .pipe(PanelError.narrow())
    },
    // The password is the FormRequest's authorize() (a 400 before any rule), so only `email` is
    // checked here: required|email|between:1,191 (app/Models/User.php, getRulesForUpdate).
    updateEmail: (input) =>
      Validate.refuse("PUT", "/account/email", [
        Validate.field(
          Validate.required("email", input.email),
          Validate.email("email", input.email),
          Validate.lengthBetween("email", input.email, 1, 191)
        )
      ]).pipe(
        Effect.zipRight(
          panel.empty({
            operation: "ClientApi.account.updateEmail",
            method: "PUT",
            path: "/account/email",
            body: Request.json({ email: input.email, password: reveal(input.password) })
          })
        ),
        PanelError.narrow("ValidationFailed")
      ),
    updatePassword: (input) => {
      const password = reveal(input.password)
      // app/Http/Requests/Api/Client/Account/UpdatePasswordRequest.php::rules:
      // required|string|confirmed|min:8 on the untrimmed password; current_password is authorize().
      return Validate.refuse("PUT", "/account/password", [
        Validate.field(
          Validate.required("password", password, { trimmed: false }),
          Validate.confirmed("password", password, reveal(input.password_confirmation)),
          Validate.minLength("password", password, 8, { trimmed: false })
        )
      ]).pipe(
        Effect.zipRight(
          panel.empty({
            operation: "ClientApi.account.updatePassword",
            method: "PUT",
            path: "/account/password",
            body: Request.json({
              current_password: reveal(input.current_password),
              password,
              password_confirmation: reveal(input.password_confirmation)
            })
          })
        ),
        PanelError.narrow("ValidationFailed")
      )
    },
    activity: {
      list: activityPage,
      stream: (query = {}) => Pagination.paginate((page) => activityPage({ ...query, page }))
    },
    apiKeys: {
      list: listKeys,
      create: (input) => createKey(input),
      delete: (identifier) => deleteKey(identifier),
      rotate
    },
    sshKeys: {
      list: () =>
        Request.list(
          panel,
          { operation: "ClientApi.account.sshKeys.list", method: "GET", path: "/account/ssh-keys" },
          "ssh_key",
          SshKey
        ).pipe(PanelError.narrow()),
      // app/Http/Requests/Api/Client/Account/StoreSSHKeyRequest.php: required|string on both, then
      // an after-hook that also reports a missing key as unreadable (rule "").
      add: (input) => {
        const missingKey = Validate.required("public_key", input.public_key)
        return Validate.refuse("POST", "/account/ssh-keys", [
          Validate.required("name", input.name),
          missingKey,
          missingKey === undefined
            ? undefined
            : { field: "public_key", rule: "", detail: "The public key provided is not valid." }
        ]).pipe(
          Effect.zipRight(
            Request.item(
              panel,
              {
                operation: "ClientApi.account.sshKeys.add",
                method: "POST",
                path: "/account/ssh-keys",
                body: Request.json({ name: input.name, public_key: input.public_key })
              },
              "ssh_key",
              SshKey
            )
          ),
          PanelError.narrow("ValidationFailed")
        )
      },
      remove: (fingerprint) =>
        Validate.refuse("POST", "/account/ssh-keys/remove", [Validate.required("fingerprint", fingerprint)]).pipe(
          Effect.zipRight(
            panel.empty({
              operation: "ClientApi.account.sshKeys.remove",
              method: "POST",
              path: "/account/ssh-keys/remove",
              body: Request.json({ fingerprint })
            })
          ),
          PanelError.narrow("ValidationFailed")
        )
    }
  }
}
