// The same program with nodeactyl.
import Nodeactyl from "nodeactyl"

const client = new Nodeactyl.NodeactylClient(process.env.PANEL_URL!, process.env.PANEL_KEY!)
client.getServerDetails(process.env.PANEL_SERVER!).then(
  (details: { name: string }) => console.log(details.name),
  () => {
    process.exitCode = 1
  }
)
