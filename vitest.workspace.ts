// One project per package; each package's vitest.config.ts merges the shared settings.
export default ["packages/*/vitest.config.ts", "mock-*/vitest.config.ts"]
