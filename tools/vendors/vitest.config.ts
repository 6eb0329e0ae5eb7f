import { defineProject } from "vitest/config";

export default defineProject({
  // new-vendor.test.ts copies the repository and runs its whole pipeline: `pnpm test:new-vendor`, on its own.
  test: { name: "vendors", include: ["test/**/*.test.ts"], exclude: ["test/new-vendor.test.ts"], testTimeout: 30_000 },
});
