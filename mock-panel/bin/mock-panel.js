#!/usr/bin/env node
// Runs the built CLI (`pnpm build` or `pnpm mock-panel` first).
import { main } from "../dist/Cli.js"

process.exitCode = await main(process.argv.slice(2))
