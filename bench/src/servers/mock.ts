// The mock panel in its own process, rate limits raised out of the way, so a load generator in
// the parent measures the server and not itself. Prints its URL and the root client key.
import { MockPanel } from "@ptero-effect/mock-panel"

const panel = await MockPanel.start({ clientRateLimit: 100_000_000, applicationRateLimit: 100_000_000 })
process.stdout.write(`${JSON.stringify({ url: panel.url, key: panel.plainKeys.rootClient })}\n`)
process.on("SIGTERM", () => void panel.close().then(() => process.exit(0)))
