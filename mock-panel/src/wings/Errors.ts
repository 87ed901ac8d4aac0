/**
 * The `error` texts Wings v1.11.11 answers with, word for word (final periods and Wings' own
 * spelling included), for the files routes the panel relays (§7.3) and the signed URLs the mock
 * answers as Wings itself (§12).
 *
 * @since 0.1.0
 */

/**
 * Wings' answer to an error no handler turned into a message: a 500
 * (`router/middleware/request_error.go::Abort`, through `middleware.go::CaptureErrors`). Among
 * them, in v1.11.11, every missing path and every path of the wrong kind on the files routes:
 * its `internal/ufs` layer fails with `io/fs` errors (`ErrNotExist`, `ErrNotDirectory`) that
 * `request_error.go::asFilesystemError` does not map, as it only knows `filesystem.Error` codes,
 * which that layer never builds for them.
 *
 * @since 0.1.0
 * @category messages
 */
export const UNEXPECTED = "An unexpected error was encountered while processing this request"

/**
 * `request_error.go::asFilesystemError` for `filesystem.ErrCodeIsDirectory`, a 400 (the upload
 * of a file over a directory, `filesystem.go::Write`).
 *
 * @since 0.1.0
 * @category messages
 */
export const IS_DIRECTORY = "Cannot perform that action: file is a directory."

/**
 * `router/router_server_files.go::postServerWriteFile` for a write over a directory, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const WRITE_OVER_DIRECTORY = "Cannot write file, name conflicts with an existing directory by the same name."

/**
 * `router/router_server_files.go::putServerRenameFiles` when the target exists, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const RENAME_TARGET_EXISTS = "Cannot move or rename file, destination already exists."

/**
 * `router/router_server_files.go::postServerDecompressFiles` for `ErrCodeUnknownArchive`, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const UNKNOWN_ARCHIVE = "The archive provided is in a format Wings does not understand."

/**
 * `router/router_server_files.go::postServerChmodFile` for a mode that is not octal, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const INVALID_MODE = "Invalid file mode."

/**
 * The 404 of `middleware.ServerExists` (`router/middleware/middleware.go`) for a server the node
 * does not have, before any handler (the console socket's upgrade included).
 *
 * @since 0.1.0
 * @category messages
 */
export const SERVER_NOT_ON_INSTANCE = "The requested resource does not exist on this instance."

/**
 * The signed URLs' 404 for an unknown server, a token already used, or (downloads) a directory:
 * `router/router_download.go::getDownloadFile`, `::getDownloadBackup`,
 * `router/router_server_files.go::postServerUploadFiles`.
 *
 * @since 0.1.0
 * @category messages
 */
export const RESOURCE_NOT_ON_SERVER = "The requested resource was not found on this server."

/**
 * `router/router_download.go::getDownloadBackup` when no local archive has the backup's UUID, a 404.
 *
 * @since 0.1.0
 * @category messages
 */
export const BACKUP_NOT_ON_SERVER = "The requested backup was not found on this server."

/**
 * `router/router_server_files.go::postServerUploadFiles` when the body is not a multipart form, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const NO_MULTIPART = "Failed to get multipart form data from request."

/**
 * `router/router_server_files.go::postServerUploadFiles` when the form has no `files` field, a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const NO_FILES = "No files were found on the request body."

/**
 * `router/router_server_files.go::postServerUploadFiles` for one file over the node's upload
 * limit (in MiB), a 400.
 *
 * @since 0.1.0
 * @category messages
 */
export const tooLarge = (filename: string, limitMb: number): string =>
  `File ${filename} is larger than the maximum file upload size of ${limitMb} MB.`

/**
 * `router/router_server.go::postServerReinstall` while a power action holds the server's power
 * lock (`server/power.go::ExecutingPowerAction`), a 409.
 *
 * @since 0.1.0
 * @category messages
 */
export const REINSTALL_DURING_POWER_ACTION =
  "Cannot execute server reinstall event while another power action is running."
