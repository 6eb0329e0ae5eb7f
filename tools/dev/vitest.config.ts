import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "dev", include: ["test/**/*.test.ts"], testTimeout: 180_000, hookTimeout: 60_000 },
});
