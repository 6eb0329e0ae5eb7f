import { defineConfig } from "vitest/config";

// `pnpm test:new-vendor`: scaffolds a vendor in a copy of the repository and runs the whole pipeline on it (minutes,
// and heavy: run on its own, after `pnpm test`).
export default defineConfig({
  test: {
    name: "new-vendor",
    include: ["tools/vendors/test/new-vendor.test.ts"],
    reporters: ["default", "./tools/vitest/summary-reporter.js"],
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
