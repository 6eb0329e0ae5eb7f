import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "amplifier",
    include: ["test/**/*.test.ts"],
    // One Prism mock of specs/amplifier/openapi.yaml for the whole run, on a free port: inject("mock:amplifier").
    globalSetup: ["test/global-setup.ts"],
  },
});
