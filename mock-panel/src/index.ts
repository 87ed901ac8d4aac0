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
export * as Fixture from "./state/Fixture.js"
/**
 * @since 0.1.0
 */
export * as MockPanel from "./MockPanel.js"
/**
 * @since 0.1.0
 */
export * as Permissions from "./state/Permissions.js"
/**
 * @since 0.1.0
 */
export * as Store from "./state/Store.js"
