/**
 * @since 0.1.0
 */
export * as NodeSocket from "./NodeSocket.js"

/**
 * @since 0.1.0
 */
export * as LeanHttpClient from "./LeanHttpClient.js"
