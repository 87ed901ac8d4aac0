/**
 * The route table, as the panel's `RouteServiceProvider` loads it: the Client API's routes,
 * then the Application API's.
 *
 * @since 0.1.0
 */
import * as ApplicationApi from "../application-api/Routes.js"
import * as ClientApi from "../client-api/Routes.js"
import type { RouteDefinition } from "./Route.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const all: ReadonlyArray<RouteDefinition> = [...ClientApi.routes, ...ApplicationApi.routes]
