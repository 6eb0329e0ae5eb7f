import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "amage",
    include: ["test/**/*.test.ts"],
    // One Prism mock of specs/amage/openapi.yaml for the whole run, on a free port: inject("mock:amage").
    globalSetup: ["test/global-setup.ts"],
  },
});
