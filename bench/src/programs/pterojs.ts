// The same program with @devnote-dev/pterojs.
import { PteroClient } from "@devnote-dev/pterojs"

const client = new PteroClient(process.env.PANEL_URL!, process.env.PANEL_KEY!)
client.servers.fetch(process.env.PANEL_SERVER!, { force: true }).then(
  (server) => console.log(server.name),
  () => {
    process.exitCode = 1
  }
)
