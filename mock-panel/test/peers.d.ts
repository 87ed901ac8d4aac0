// The surface of the two third-party clients that the mock's tests drive, unmodified: nodeactyl
// 3.3.0 ships no types; @devnote-dev/pterojs 2.2.2 ships them, but its exports map hides them from
// NodeNext resolution. Only what the tests call is declared.
declare module "nodeactyl" {
  // Each method resolves with a slice of the panel's body and rejects with the HTTP status.
  export class NodeactylClient {
    constructor(hostUrl: string, apiKey: string)
    getAccountDetails(): Promise<any>
    getAccountPermissions(): Promise<any>
    getAllServers(): Promise<any>
    getServerDetails(serverId: string): Promise<any>
    getServerUsages(serverId: string): Promise<any>
    getServerStatus(serverId: string): Promise<string>
    sendServerCommand(serverId: string, command: string): Promise<boolean>
    stopServer(serverId: string): Promise<boolean>
    listServerBackups(serverId: string): Promise<Array<any>>
    getBackupDetails(serverId: string, backupId: string): Promise<any>
    getSubUsers(serverId: string): Promise<Array<any>>
    getConsoleWebSocket(serverId: string): Promise<{ readonly token: string; readonly socket: string }>
  }
  export class NodeactylApplication {
    constructor(hostUrl: string, apiKey: string)
    getAllUsers(): Promise<any>
    getUserDetails(userId: number): Promise<any>
    createUser(email: string, username: string, firstName: string, lastName: string, password?: string): Promise<any>
    deleteUser(userId: number): Promise<boolean>
    getAllNodes(): Promise<any>
    getNodeDetails(nodeId: number): Promise<any>
    getAllServers(): Promise<any>
    getServerDetails(serverId: number): Promise<any>
  }
  const Nodeactyl: {
    readonly NodeactylClient: typeof NodeactylClient
    readonly NodeactylApplication: typeof NodeactylApplication
  }
  export default Nodeactyl
}

declare module "@devnote-dev/pterojs" {
  export interface Shard {
    on(event: string, listener: (...args: Array<any>) => void): Shard
    connect(): Promise<void>
    request(event: "sendCommand" | "sendLogs" | "sendStats" | "setState", args?: string): Promise<unknown>
    disconnect(): void
  }
  export interface ClientServer {
    readonly identifier: string
    readonly uuid: string
    readonly name: string
    readonly description: string | undefined
    readonly node: string
    readonly limits: { readonly memory: number; readonly disk: number; readonly cpu: number }
    readonly featureLimits: { readonly databases: number; readonly allocations: number; readonly backups: number }
    readonly suspended: boolean
    readonly files: {
      fetch(
        dir?: string
      ): Promise<Map<string, { readonly name: string; readonly isFile: boolean; readonly size: number }>>
      getContents(path: string): Promise<string>
    }
    readonly backups: { fetch(): Promise<Map<string, any>> }
    readonly databases: { fetch(): Promise<Map<string, any>> }
  }
  export class PteroClient {
    constructor(domain: string, auth: string)
    readonly ws: { useOrigin: boolean }
    readonly account: {
      fetch(): Promise<{
        readonly id: number
        readonly username: string
        readonly email: string
        readonly firstname: string
        readonly lastname: string
        readonly isAdmin: boolean
      }>
    }
    readonly servers: {
      fetch(id: string, options?: { readonly force?: boolean }): Promise<ClientServer>
      fetch(): Promise<Map<string, ClientServer>>
      fetchResources(id: string): Promise<{ readonly currentState: string; readonly isSuspended: boolean }>
      sendCommand(id: string, command: string): Promise<void>
      setPowerState(id: string, state: "start" | "stop" | "restart" | "kill"): Promise<void>
    }
    fetchPermissions(): Promise<Record<string, { readonly description: string; readonly keys: Record<string, string> }>>
    addSocketServer(id: string): Shard
    disconnect(): void
  }
  // Maps keyed by id; fetch by id answers from the cache unless `force`.
  interface AppManager<A> {
    fetch(id: number | string, options?: { readonly force?: boolean }): Promise<A>
    fetch(): Promise<Map<number, A>>
  }
  export class PteroApp {
    constructor(domain: string, auth: string)
    readonly users: AppManager<any> & {
      create(options: {
        readonly email: string
        readonly username: string
        readonly firstname: string
        readonly lastname: string
        readonly password?: string
      }): Promise<any>
      delete(id: number): Promise<void>
    }
    readonly nodes: AppManager<any>
    readonly servers: AppManager<any>
  }
  /** A 4xx answer: the panel's error codes, in order. */
  export class PteroAPIError extends Error {
    readonly codes: Array<string>
  }
  /** A 5xx answer or no answer at all. */
  export class RequestError extends Error {}
}
