import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "portos",
    include: ["test/**/*.test.ts"],
    // One Prism mock of specs/portos/openapi.yaml for the whole run, on a free port: inject("mock:portos").
    globalSetup: ["test/global-setup.ts"],
  },
});
