// The two peer libraries' surface used here. nodeactyl ships no types; pterojs ships them but its
// exports map hides them from NodeNext resolution.
declare module "nodeactyl" {
  export class NodeactylClient {
    constructor(hostUrl: string, apiKey: string)
    getServerDetails(serverId: string): Promise<{ readonly name: string }>
  }
  const Nodeactyl: { readonly NodeactylClient: typeof NodeactylClient }
  export default Nodeactyl
}

declare module "@devnote-dev/pterojs" {
  export class PteroClient {
    constructor(domain: string, auth: string)
    readonly servers: {
      fetch(id: string, options?: { readonly force?: boolean }): Promise<{ readonly name: string }>
    }
  }
}
