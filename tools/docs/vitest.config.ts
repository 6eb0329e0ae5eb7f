import { defineProject } from "vitest/config";

// The browser test builds the site and renders every page in Chromium (full-page screenshots included): slow.
export default defineProject({
  test: {
    name: "docs",
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
