/**
 * @since 0.1.0
 */
export * as ApiKey from "./ApiKey.js"

/**
 * @since 0.1.0
 */
export * as Credentials from "./Credentials.js"

/**
 * @since 0.1.0
 */
export * as Envelope from "./Envelope.js"

/**
 * @since 0.1.0
 */
export * as LeanTransport from "./LeanTransport.js"

/**
 * @since 0.1.0
 */
export * as Pacer from "./Pacer.js"

/**
 * @since 0.1.0
 */
export * as Pagination from "./Pagination.js"

/**
 * @since 0.1.0
 */
export * as PanelClient from "./PanelClient.js"

/**
 * @since 0.1.0
 */
export * as PanelError from "./PanelError.js"

/**
 * @since 0.1.0
 */
export * as RateLimit from "./RateLimit.js"

/**
 * @since 0.1.0
 */
export * as WebSocketDialer from "./WebSocketDialer.js"
