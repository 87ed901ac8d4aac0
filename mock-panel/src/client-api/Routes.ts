/**
 * The Client API's routes, controller by controller in the order `routes/api-client.php`
 * registers them (no two of them match the same path, so the order only helps the reader).
 * Adding a controller is adding its module and one line here.
 *
 * @since 0.1.0
 */
import type { RouteDefinition } from "../http/Route.js"
import * as Account from "./account/Account.js"
import * as AccountActivityLog from "./account/ActivityLog.js"
import * as ApiKeys from "./account/ApiKeys.js"
import * as SshKeys from "./account/SshKeys.js"
import * as TwoFactor from "./account/TwoFactor.js"
import * as Client from "./Client.js"
import * as ServerActivityLog from "./servers/ActivityLog.js"
import * as Backups from "./servers/Backups.js"
import * as Command from "./servers/Command.js"
import * as Databases from "./servers/Databases.js"
import * as FileUpload from "./servers/FileUpload.js"
import * as Files from "./servers/Files.js"
import * as Network from "./servers/Network.js"
import * as Power from "./servers/Power.js"
import * as Resources from "./servers/Resources.js"
import * as ScheduleTasks from "./servers/ScheduleTasks.js"
import * as Schedules from "./servers/Schedules.js"
import * as Server from "./servers/Server.js"
import * as Settings from "./servers/Settings.js"
import * as Startup from "./servers/Startup.js"
import * as Subusers from "./servers/Subusers.js"
import * as Websocket from "./servers/Websocket.js"

/**
 * @since 0.1.0
 * @category routes
 */
export const routes: ReadonlyArray<RouteDefinition> = [
  ...Client.routes,
  // `/account`
  ...Account.routes,
  ...TwoFactor.routes,
  ...AccountActivityLog.routes,
  ...ApiKeys.routes,
  ...SshKeys.routes,
  // `/servers/{server}`
  ...Server.routes,
  ...Websocket.routes,
  ...Resources.routes,
  ...ServerActivityLog.routes,
  ...Command.routes,
  ...Power.routes,
  ...Databases.routes,
  ...Files.routes,
  ...FileUpload.routes,
  ...Schedules.routes,
  ...ScheduleTasks.routes,
  ...Network.routes,
  ...Subusers.routes,
  ...Backups.routes,
  ...Startup.routes,
  ...Settings.routes
]
