/**
 * @since 0.1.0
 */
export * as Allocations from "./Allocations.js"

/**
 * @since 0.1.0
 */
export * as ApplicationApi from "./ApplicationApi.js"

/**
 * @since 0.1.0
 */
export * as Databases from "./Databases.js"

/**
 * @since 0.1.0
 */
export * as Eggs from "./Eggs.js"

/**
 * @since 0.1.0
 */
export * as Locations from "./Locations.js"

/**
 * @since 0.1.0
 */
export * as Nests from "./Nests.js"

/**
 * @since 0.1.0
 */
export * as Nodes from "./Nodes.js"

/**
 * @since 0.1.0
 */
export * as Servers from "./Servers.js"

/**
 * @since 0.1.0
 */
export * as Users from "./Users.js"
