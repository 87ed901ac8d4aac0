/**
 * Eggs of a nest (§8.2.7, object `egg` of §9.2.11).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import type * as Effect from "effect/Effect"
import * as PanelClient from "@ptero-effect/core/PanelClient"
import * as PanelError from "@ptero-effect/core/PanelError"
import * as Php from "./internal/php.js"
import * as Query from "./internal/query.js"
import * as Related from "./internal/related.js"
import * as Request from "./internal/request.js"
import * as Variable from "./internal/variable.js"
import * as Nests from "./Nests.js"
import * as Servers from "./Servers.js"

/**
 * How Wings reads the server's configuration files, detects start-up and stops it.
 *
 * `app/Transformers/Api/Application/EggTransformer.php::transform`: `files` is
 * `json_decode(config_files, true)` with an empty result replaced by an object; `startup` and
 * `logs` are `json_decode(…, true)` of nullable text columns, so `null`, or `[]` for a stored
 * `"{}"` (decoded here to `{}`); `file_denylist` is a nullable json column (`null` for eggs made in
 * the admin area without a deny list, 2021_01_26_210502_update_file_denylist_to_json).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggConfig = Schema.Struct({
  files: Php.map(Schema.Unknown),
  startup: Schema.NullOr(Php.map(Schema.Unknown)),
  stop: Schema.NullOr(Schema.String),
  logs: Schema.NullOr(Php.map(Schema.Unknown)),
  file_denylist: Schema.NullOr(Schema.Array(Schema.String)),
  /** The egg this configuration is inherited from. */
  extends: Schema.NullOr(Schema.Int)
})

/**
 * The install script (`EggTransformer.php::transform`; `script_install` is nullable, `script_entry`
 * and `script_container` have defaults, 2017_04_20_171943_AddScriptsToServiceOptions).
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggScript = Schema.Struct({
  privileged: Schema.Boolean,
  install: Schema.NullOr(Schema.String),
  entry: Schema.String,
  container: Schema.String,
  /** The egg this script is inherited from. */
  extends: Schema.NullOr(Schema.Int)
})

/**
 * The attributes of an application `egg` (§9.2.11), without relationships.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggFields = Schema.Struct({
  id: Schema.Int,
  uuid: Schema.String,
  name: Schema.String,
  /** The nest id. */
  nest: Schema.Int,
  author: Schema.String,
  description: Schema.NullOr(Schema.String),
  /** The first of `docker_images`, `""` when there is none; deprecated by the panel. */
  docker_image: Schema.String,
  /** Display name → image; an empty map arrives as `[]` and decodes to `{}`. */
  docker_images: Php.map(Schema.String),
  config: EggConfig,
  /** `null` on legacy rows: the column is nullable (2016_02_13_154306_add_service_option_default_startup). */
  startup: Schema.NullOr(Schema.String),
  script: EggScript,
  created_at: Schema.String,
  updated_at: Schema.String
})

/**
 * @since 0.1.0
 * @category models
 */
export interface EggFields extends Schema.Schema.Type<typeof EggFields> {}

/**
 * An `egg_variable` include: the raw columns (§9.2.9), timestamps in Eloquent's form.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggVariable = Schema.Struct(Variable.fields)

/**
 * @since 0.1.0
 * @category models
 */
export interface EggVariable extends Schema.Schema.Type<typeof EggVariable> {}

/**
 * The `config` include: the configuration an egg inherits from the egg it `extends`
 * (`EggTransformer.php::includeConfig`, values `json_decode`d as objects, each possibly `null`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InheritedConfig = Schema.Struct({
  files: Schema.Unknown,
  startup: Schema.Unknown,
  stop: Schema.NullOr(Schema.String),
  logs: Schema.Unknown
})

/**
 * The `script` include: the install script an egg copies from another
 * (`EggTransformer.php::includeScript`).
 *
 * @since 0.1.0
 * @category schemas
 */
export const InheritedScript = Schema.Struct({
  privileged: Schema.Boolean,
  install: Schema.NullOr(Schema.String),
  entry: Schema.String,
  container: Schema.String
})

/**
 * The includes an egg can carry; `null` is a null resource (§3.4). `config` and `script` have no
 * permission check: they are `null` when the egg inherits nothing, and their items carry
 * `"object": null`.
 *
 * @since 0.1.0
 * @category schemas
 */
export const EggRelationships = Schema.Struct({
  nest: Schema.optional(Related.one("nest", () => Nests.NestFields)),
  servers: Schema.optional(Related.many("server", () => Servers.ServerFields)),
  config: Schema.optional(Related.one(null, () => InheritedConfig)),
  script: Schema.optional(Related.one(null, () => InheritedScript)),
  variables: Schema.optional(Related.many("egg_variable", () => EggVariable))
})

/**
 * An application `egg` with the relationships that were asked for.
 *
 * @since 0.1.0
 * @category schemas
 */
export const Egg = Schema.Struct({
  ...EggFields.fields,
  relationships: Schema.optional(EggRelationships)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface Egg extends Schema.Schema.Type<typeof Egg> {}

/**
 * Includes of the egg endpoints.
 *
 * @since 0.1.0
 * @category models
 */
export type Include = "nest" | "servers" | "config" | "script" | "variables"

/**
 * Options of the egg reads. The egg list is not paginated (§7.2).
 *
 * @since 0.1.0
 * @category models
 */
export interface GetOptions {
  readonly include?: ReadonlyArray<Include>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Service {
  /**
   * `GET /nests/{id}/eggs`: every egg of the nest. The panel answers a 500 for the whole list when
   * one egg has a `null` `config_files` or `docker_images` (a panel bug, §8.2.7).
   */
  readonly list: (
    nestId: number,
    options?: GetOptions
  ) => Effect.Effect<ReadonlyArray<Egg>, PanelError.Common | PanelError.NotFound>
  /** `GET /nests/{id}/eggs/{egg_id}`; an egg of another nest is a 404. */
  readonly get: (
    nestId: number,
    eggId: number,
    options?: GetOptions
  ) => Effect.Effect<Egg, PanelError.Common | PanelError.NotFound>
}

/**
 * The egg endpoints over a panel client for `/api/application`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (panel: PanelClient.Service): Service => {
  const requests = Request.make(panel, "eggs")
  return {
    list: (nestId, options) =>
      requests
        .list("egg", Egg, "list", PanelClient.path`/nests/${nestId}/eggs`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound")),
    get: (nestId, eggId, options) =>
      requests
        .item("egg", Egg, "get", "GET", PanelClient.path`/nests/${nestId}/eggs/${eggId}`, Query.toQuery(options))
        .pipe(PanelError.narrow("NotFound"))
  }
}
