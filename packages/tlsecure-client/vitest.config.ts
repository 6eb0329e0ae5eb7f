import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "tlsecure",
    include: ["test/**/*.test.ts"],
    // One Prism mock of specs/tlsecure/openapi.yaml for the whole run, on a free port: inject("mock:tlsecure").
    globalSetup: ["test/global-setup.ts"],
  },
});
