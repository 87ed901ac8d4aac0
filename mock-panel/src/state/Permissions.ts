/**
 * Subuser permissions: the catalogue of §4.2, as `GET /api/client/permissions` serves it, and
 * what a user holds on a server (§4.3). The keys are the panel's; the descriptions are written
 * for this mock (the spec does not give the panel's wording).
 *
 * @since 0.1.0
 */
import * as PhpArray from "../laravel/PhpArray.js"
import type * as Fixture from "./Fixture.js"
import type { State } from "./Store.js"

/**
 * Group → description and keys (key → description).
 *
 * @since 0.1.0
 * @category catalogue
 */
export const catalogue: Readonly<
  Record<string, { readonly description: string; readonly keys: Readonly<Record<string, string>> }>
> = {
  websocket: {
    description: "Access to the server's live console and statistics over the websocket.",
    keys: { connect: "Open a websocket connection to the server to stream console output and statistics." }
  },
  control: {
    description: "Control of the server's power state and console.",
    keys: {
      console: "Send commands to the server console.",
      start: "Start the server when it is stopped.",
      stop: "Stop or kill the server.",
      restart: "Restart the server."
    }
  },
  user: {
    description: "Management of the server's subusers.",
    keys: {
      create: "Add subusers to the server.",
      read: "List subusers and their permissions.",
      update: "Change other subusers' permissions.",
      delete: "Remove subusers from the server."
    }
  },
  file: {
    description: "Access to the server's file system.",
    keys: {
      create: "Create, upload, copy, pull and extract files and folders.",
      read: "List directory contents.",
      "read-content": "Read and download file contents.",
      update: "Rename, move and change the mode of files.",
      delete: "Delete files and folders.",
      archive: "Create archives of files.",
      sftp: "Log in over SFTP with the other file permissions."
    }
  },
  backup: {
    description: "Management of the server's backups.",
    keys: {
      create: "Start new backups.",
      read: "List backups and view their details.",
      delete: "Delete and lock or unlock backups.",
      download: "Download backups.",
      restore: "Restore the server from a backup."
    }
  },
  allocation: {
    description: "Management of the server's network allocations.",
    keys: {
      read: "List every allocation of the server.",
      create: "Assign additional allocations.",
      update: "Change the primary allocation and allocation notes.",
      delete: "Remove allocations from the server."
    }
  },
  startup: {
    description: "Access to the server's startup settings.",
    keys: {
      read: "View startup variables.",
      update: "Change startup variables.",
      "docker-image": "Change the server's Docker image."
    }
  },
  database: {
    description: "Management of the server's databases.",
    keys: {
      create: "Create databases.",
      read: "List databases.",
      update: "Rotate database passwords.",
      delete: "Delete databases.",
      view_password: "See database passwords."
    }
  },
  schedule: {
    description: "Management of the server's schedules.",
    keys: {
      create: "Create schedules.",
      read: "View schedules and their tasks.",
      update: "Change schedules and tasks, and run schedules.",
      delete: "Delete schedules."
    }
  },
  settings: {
    description: "Access to the server's settings.",
    keys: { rename: "Rename the server and change its description.", reinstall: "Reinstall the server." }
  },
  activity: {
    description: "Access to the server's activity log.",
    keys: { read: "View the server's activity log." }
  }
}

/**
 * Every full permission string (`group.key`), 40 in all.
 *
 * @since 0.1.0
 * @category catalogue
 */
export const all: ReadonlyArray<string> = Object.entries(catalogue).flatMap(([group, { keys }]) =>
  Object.keys(keys).map((key) => `${group}.${key}`)
)

/**
 * What a user may do on a server (§4.3): `"*"` for owners and root admins, the subuser's
 * stored list otherwise, `undefined` when the server is not visible to them.
 *
 * @since 0.1.0
 * @category permissions
 */
export const serverPermissions = (
  state: State,
  user: Fixture.User,
  server: Fixture.Server
): "*" | ReadonlyArray<string> | undefined => {
  if (user.root_admin || server.owner_id === user.id) return "*"
  const row = state.subusers.find((s) => s.server_id === server.id && s.user_id === user.id)
  return row === undefined ? undefined : PhpArray.values(row.permissions)
}

/**
 * Whether a permission check passes (§4.3: exact string match, no wildcard expansion).
 *
 * @since 0.1.0
 * @category permissions
 */
export const can = (permissions: "*" | ReadonlyArray<string> | undefined, permission: string): boolean =>
  permissions === "*" || (permissions?.includes(permission) ?? false)

/**
 * `meta.user_permissions` of `GET /servers/{server}` and the websocket token's permissions
 * (`app/Services/Servers/GetUserPermissionsService.php::handle`): `*` plus the three
 * `admin.websocket.*` for every root admin, owner or not; `*` for the owner; else the subuser's
 * stored array as it is stored (an object when its keys have gaps, §4.2).
 *
 * @since 0.1.0
 * @category permissions
 */
export const userPermissionsMeta = (state: State, user: Fixture.User, server: Fixture.Server): PhpArray.Json => {
  if (user.root_admin) return ["*", "admin.websocket.errors", "admin.websocket.install", "admin.websocket.transfer"]
  if (server.owner_id === user.id) return ["*"]
  return state.subusers.find((s) => s.server_id === server.id && s.user_id === user.id)?.permissions ?? []
}
