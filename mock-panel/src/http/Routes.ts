/**
 * The route table: every group, in registration order. Adding a group is adding its file and
 * one line here.
 *
 * @since 0.1.0
 */
import type { RouteDefinition } from "./Route.js"
import * as applicationAllocations from "../application-api/nodes/Allocations.js"
import * as applicationLocations from "../application-api/locations/Locations.js"
import * as applicationNests from "../application-api/nests/Nests.js"
import * as applicationNodes from "../application-api/nodes/Nodes.js"
import * as applicationServerDatabases from "../application-api/servers/Databases.js"
import * as applicationServers from "../application-api/servers/Servers.js"
import * as applicationUsers from "../application-api/users/Users.js"
import * as applicationUsersWrite from "../application-api/users/UsersWrite.js"
import * as client from "../client-api/Client.js"
import * as clientAccount from "../client-api/account/ApiKeys.js"
import * as clientAccountSecurity from "../client-api/account/Account.js"
import * as clientServerDatabases from "../client-api/servers/Databases.js"
import * as clientServerFiles from "../client-api/servers/Files.js"
import * as clientServerBackups from "../client-api/servers/Backups.js"
import * as clientServerNetwork from "../client-api/servers/Network.js"
import * as clientServerSchedules from "../client-api/servers/Schedules.js"
import * as clientServerStartup from "../client-api/servers/Startup.js"
import * as clientServerSubusers from "../client-api/servers/Subusers.js"
import * as clientServerOverview from "../client-api/servers/Websocket.js"
import * as clientServers from "../client-api/servers/Server.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const all: ReadonlyArray<RouteDefinition> = [
  ...client.routes,
  ...clientAccount.routes,
  ...clientServers.routes,
  ...clientAccountSecurity.routes,
  ...clientServerOverview.routes,
  ...clientServerDatabases.routes,
  ...clientServerFiles.routes,
  ...clientServerSchedules.routes,
  ...clientServerNetwork.routes,
  ...clientServerSubusers.routes,
  ...clientServerBackups.routes,
  ...clientServerStartup.routes,
  ...applicationUsers.routes,
  ...applicationUsersWrite.routes,
  ...applicationNodes.routes,
  ...applicationAllocations.routes,
  ...applicationLocations.routes,
  ...applicationServers.routes,
  ...applicationServerDatabases.routes,
  ...applicationNests.routes
]
