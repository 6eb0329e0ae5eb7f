import { defineProject } from "vitest/config";

export default defineProject({
  // named-types.test.ts type-checks the five built client packages: seconds, not milliseconds.
  test: { name: "codegen", include: ["test/**/*.test.ts"], testTimeout: 120_000 },
});
