import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    // One project per package; each package's vitest.config.ts merges vitest.shared.ts.
    projects: ["packages/*/vitest.config.ts", "mock-*/vitest.config.ts"],
    // Test files share one module graph per worker: loading effect and the sources again for every
    // file (vitest's default) cost more than all the tests together (setup + collect about 80 s of
    // a 150 s run). Set here because vitest reads it from the root config only, not from projects.
    // A file that needs a fresh module (vi.mock) cannot run this way; none does.
    isolate: false
  }
})
