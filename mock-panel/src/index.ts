/**
 * @since 0.1.0
 */
export * as AuthPipeline from "./http/Kernel.js"
/**
 * @since 0.1.0
 */
export * as Bindings from "./http/Bindings.js"
/**
 * @since 0.1.0
 */
export * as Cli from "./Cli.js"
/**
 * @since 0.1.0
 */
export * as Control from "./Control.js"
/**
 * @since 0.1.0
 */
export * as Failure from "./http/Failure.js"
/**
 * @since 0.1.0
 */
export * as Fixture from "./state/Fixture.js"
/**
 * @since 0.1.0
 */
export * as ListQuery from "./http/ListQuery.js"
/**
 * @since 0.1.0
 */
export * as MockPanel from "./MockPanel.js"
/**
 * @since 0.1.0
 */
export * as PanelApp from "./http/App.js"
/**
 * @since 0.1.0
 */
export * as Permissions from "./state/Permissions.js"
/**
 * @since 0.1.0
 */
export * as RateLimiter from "./http/RateLimiter.js"
/**
 * @since 0.1.0
 */
export * as Route from "./http/Route.js"
/**
 * @since 0.1.0
 */
export * as Store from "./state/Store.js"
/**
 * @since 0.1.0
 */
export * as Transformers from "./client-api/Transformers.js"
/**
 * @since 0.1.0
 */
export * as Validation from "./laravel/Validation.js"
