#!/usr/bin/env node
// The mock panel's command line. It runs the built CLI (`pnpm build` first in a clone); with the
// condition @ptero-effect/source and a TypeScript loader (`node --import tsx
// --conditions=@ptero-effect/source`), the sources instead.
//
// The panel is written for effect 3. Effect 4 removes modules it imports, and Node would stop on
// the first of them with ERR_MODULE_NOT_FOUND before a line of ours ran, so the version of the
// effect this package resolves is checked here first, before anything imports it.
import { createRequire } from "node:module"

const effect = createRequire(import.meta.url)("effect/package.json").version
if (!/^3\./.test(effect)) {
  process.stderr.write(
    `mock-panel: needs effect 3 (effect@3.22.4, @effect/platform@0.97.2, @effect/platform-node@0.108.2); found effect ${effect}\n`
  )
  process.exit(1)
}

const { main } = await import("@ptero-effect/mock-panel/Cli")
process.exitCode = await main(process.argv.slice(2))
