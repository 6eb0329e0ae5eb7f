import { defineProject } from "vitest/config";

// Local hostile servers only (127.0.0.1, port 0): no Prism, no fixed ports.
export default defineProject({
  test: { name: "hostile", include: ["test/**/*.test.ts"], testTimeout: 20_000, hookTimeout: 20_000 },
});
