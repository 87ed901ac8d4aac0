/**
 * @since 0.1.0
 */
export * as Account from "./Account.js"

/**
 * @since 0.1.0
 */
export * as Activity from "./Activity.js"

/**
 * @since 0.1.0
 */
export * as Backups from "./Backups.js"

/**
 * @since 0.1.0
 */
export * as ClientApi from "./ClientApi.js"

/**
 * @since 0.1.0
 */
export * as Console from "./Console.js"

/**
 * @since 0.1.0
 */
export * as Databases from "./Databases.js"

/**
 * @since 0.1.0
 */
export * as Files from "./Files.js"

/**
 * @since 0.1.0
 */
export * as Network from "./Network.js"

/**
 * @since 0.1.0
 */
export * as Permissions from "./Permissions.js"

/**
 * @since 0.1.0
 */
export * as Schedules from "./Schedules.js"

/**
 * @since 0.1.0
 */
export * as Servers from "./Servers.js"

/**
 * @since 0.1.0
 */
export * as Settings from "./Settings.js"

/**
 * @since 0.1.0
 */
export * as Startup from "./Startup.js"

/**
 * @since 0.1.0
 */
export * as Subusers from "./Subusers.js"
