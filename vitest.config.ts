import { defineConfig } from "vitest/config";

// One run over every package: each has its own vitest.config.ts (and, for a vendor, its own Prism mock).
export default defineConfig({
  test: {
    reporters: ["default", "./tools/vitest/summary-reporter.js"],
    projects: ["packages/*/vitest.config.ts", "tools/*/vitest.config.ts"],
  },
});
