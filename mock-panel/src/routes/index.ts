/**
 * The route table: every group, in registration order. Adding a group is adding its file and
 * one line here.
 *
 * @since 0.1.0
 */
import type { RouteDefinition } from "../Route.js"
import * as applicationAllocations from "./applicationAllocations.js"
import * as applicationLocations from "./applicationLocations.js"
import * as applicationNests from "./applicationNests.js"
import * as applicationNodes from "./applicationNodes.js"
import * as applicationServerDatabases from "./applicationServerDatabases.js"
import * as applicationServers from "./applicationServers.js"
import * as applicationUsers from "./applicationUsers.js"
import * as applicationUsersWrite from "./applicationUsersWrite.js"
import * as client from "./client.js"
import * as clientAccount from "./clientAccount.js"
import * as clientAccountSecurity from "./clientAccountSecurity.js"
import * as clientServerDatabases from "./clientServerDatabases.js"
import * as clientServerFiles from "./clientServerFiles.js"
import * as clientServerBackups from "./clientServerBackups.js"
import * as clientServerNetwork from "./clientServerNetwork.js"
import * as clientServerSchedules from "./clientServerSchedules.js"
import * as clientServerStartup from "./clientServerStartup.js"
import * as clientServerSubusers from "./clientServerSubusers.js"
import * as clientServerOverview from "./clientServerOverview.js"
import * as clientServers from "./clientServers.js"

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
