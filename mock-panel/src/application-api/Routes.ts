/**
 * The Application API's routes, controller by controller as `routes/api-application.php`
 * groups them. Two pairs of routes match the same path, and the first registered wins, as in
 * the panel: `GET /nodes/deployable` comes before `GET /nodes/{node}`, and
 * `GET /servers/external/{external_id}` before `GET /servers/{server}/databases`. Adding a
 * controller is adding its module and one line here.
 *
 * @since 0.1.0
 */
import type { RouteDefinition } from "../http/Route.js"
import * as Locations from "./locations/Locations.js"
import * as Eggs from "./nests/Eggs.js"
import * as Nests from "./nests/Nests.js"
import * as Allocations from "./nodes/Allocations.js"
import * as NodeConfiguration from "./nodes/NodeConfiguration.js"
import * as NodeDeployment from "./nodes/NodeDeployment.js"
import * as Nodes from "./nodes/Nodes.js"
import * as Databases from "./servers/Databases.js"
import * as ExternalServers from "./servers/ExternalServers.js"
import * as ServerDetails from "./servers/ServerDetails.js"
import * as ServerManagement from "./servers/ServerManagement.js"
import * as Servers from "./servers/Servers.js"
import * as Startup from "./servers/Startup.js"
import * as ExternalUsers from "./users/ExternalUsers.js"
import * as Users from "./users/Users.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  ...Users.routes,
  ...ExternalUsers.routes,
  // Before `Nodes`: `deployable` would otherwise bind as `{node}`.
  ...NodeDeployment.routes,
  ...Nodes.routes,
  ...NodeConfiguration.routes,
  ...Allocations.routes,
  ...Locations.routes,
  ...Servers.routes,
  // Before `Databases`: `external` would otherwise bind as `{server}`.
  ...ExternalServers.routes,
  ...ServerDetails.routes,
  ...Startup.routes,
  ...ServerManagement.routes,
  ...Databases.routes,
  ...Nests.routes,
  ...Eggs.routes
]
