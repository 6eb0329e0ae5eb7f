import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "jiwa",
    include: ["test/**/*.test.ts"],
    // One Prism mock of specs/jiwa/openapi.yaml for the whole run, on a free port: inject("mock:jiwa").
    globalSetup: ["test/global-setup.ts"],
  },
});
