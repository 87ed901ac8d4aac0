/**
 * @since 0.1.0
 */
export * as AuthPipeline from "./AuthPipeline.js"
/**
 * @since 0.1.0
 */
export * as Bindings from "./Bindings.js"
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
export * as Failure from "./Failure.js"
/**
 * @since 0.1.0
 */
export * as Fixture from "./Fixture.js"
/**
 * @since 0.1.0
 */
export * as ListQuery from "./ListQuery.js"
/**
 * @since 0.1.0
 */
export * as MockPanel from "./MockPanel.js"
/**
 * @since 0.1.0
 */
export * as PanelApp from "./PanelApp.js"
/**
 * @since 0.1.0
 */
export * as Permissions from "./Permissions.js"
/**
 * @since 0.1.0
 */
export * as RateLimiter from "./RateLimiter.js"
/**
 * @since 0.1.0
 */
export * as Route from "./Route.js"
/**
 * @since 0.1.0
 */
export * as Store from "./Store.js"
/**
 * @since 0.1.0
 */
export * as Transformers from "./Transformers.js"
/**
 * @since 0.1.0
 */
export * as Validation from "./Validation.js"
