// `pnpm examples`: runs every program in src/jobs against a fresh embedded mock panel, with the
// environment a user would set, and fails if any of them fails.
import { spawn } from "node:child_process"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { MockPanel } from "@ptero-effect/mock-panel"

const jobs = path.join(path.dirname(fileURLToPath(import.meta.url)), "jobs")

// Survival (1a2b3c01) is running in the default fixture, so a command reaches it.
const programs: ReadonlyArray<{
  readonly file: string
  readonly server?: string
  readonly env?: Record<string, string>
  /** Runs beside the program against its panel; returns how to stop. */
  readonly alongside?: (panel: MockPanel.Started) => () => void
}> = [
  { file: "list-servers.ts" },
  { file: "power-and-wait.ts", server: "1a2b3c04" },
  { file: "send-command.ts", server: "1a2b3c01" },
  { file: "rotate-key.ts" },
  { file: "create-user-and-server.ts" },
  { file: "upload-file.ts", server: "1a2b3c01" },
  { file: "stream-all-servers.ts" },
  {
    file: "restart-on-crash.ts",
    server: "1a2b3c01",
    env: { MAX_RESTARTS: "1" },
    // The game prints a crash line now and then, until the job has restarted it and exited.
    alongside: (panel) => {
      const timer = setInterval(() => {
        panel.control.wings.print("1a2b3c01", ["Exception in server tick loop"]).catch(() => undefined)
      }, 250)
      return () => clearInterval(timer)
    }
  }
]

const run = (file: string, env: Record<string, string>) =>
  new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--conditions=@ptero-effect/source", path.join(jobs, file)],
      {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"]
      }
    )
    let output = ""
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.once("exit", (code) => resolve({ code, output }))
  })

let failed = 0
for (const program of programs) {
  const panel = await MockPanel.start()
  const stop = program.alongside?.(panel)
  try {
    const { code, output } = await run(program.file, {
      PTERODACTYL_URL: panel.url,
      PTERODACTYL_CLIENT_KEY: panel.plainKeys.rootClient!,
      PTERODACTYL_APPLICATION_KEY: panel.plainKeys.rootApplication!,
      ...(program.server === undefined ? {} : { PTERODACTYL_SERVER: program.server }),
      ...program.env
    })
    const secrets = Object.values(panel.plainKeys).map((key) => key.slice(16))
    const leaked = secrets.some((secret) => output.includes(secret))
    const ok = code === 0 && !leaked
    if (!ok) failed++
    console.log(`${ok ? "ok  " : "FAIL"} ${program.file}${leaked ? " (printed a secret)" : ""}`)
    for (const line of output.trimEnd().split("\n")) console.log(`     ${line}`)
  } finally {
    stop?.()
    await panel.close()
  }
}
console.log(`\n${programs.length - failed} passed, ${failed} failed`)
process.exitCode = failed === 0 ? 0 : 1
