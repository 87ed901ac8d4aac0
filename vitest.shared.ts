import * as path from "node:path"
import { fileURLToPath } from "node:url"
import type { ViteUserConfig } from "vitest/config"

const root = path.dirname(fileURLToPath(import.meta.url))

// Tests run against the TypeScript sources of sibling packages, so no build is needed first.
const sources: Record<string, string> = {
  "@ptero-effect/core": "packages/core/src",
  "@ptero-effect/client-api": "packages/client-api/src",
  "@ptero-effect/app-api": "packages/app-api/src",
  "@ptero-effect/node": "packages/node/src",
  "@ptero-effect/mock-panel": "mock-panel/src"
}

export const shared: ViteUserConfig = {
  resolve: {
    alias: Object.entries(sources).flatMap(([name, dir]) => [
      { find: new RegExp(`^${name}$`), replacement: path.join(root, dir, "index.ts") },
      { find: new RegExp(`^${name}/(.*)$`), replacement: path.join(root, dir, "$1.ts") }
    ])
  },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: [path.join(root, "vitest.setup.ts")],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    fakeTimers: { toFake: undefined }
  }
}
