// The surface of @devnote-dev/pterojs 2.2.2 used by the third-party client test; the package ships
// types, but its exports map hides them from NodeNext resolution.
declare module "@devnote-dev/pterojs" {
  export interface Shard {
    on(event: string, listener: (...args: Array<any>) => void): Shard
    connect(): Promise<void>
    request(event: "sendCommand" | "sendLogs" | "sendStats" | "setState", args?: string): Promise<unknown>
    disconnect(): void
  }
  export class PteroClient {
    constructor(domain: string, auth: string)
    readonly ws: { useOrigin: boolean }
    addSocketServer(id: string): Shard
    disconnect(): void
  }
}
