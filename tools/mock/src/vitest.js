import { freePort, startMock } from "./index.js";

/**
 * A vitest globalSetup that starts the vendor's Prism mock on a free port for the test run and stops it at the
 * end. Tests read the URL with `inject("mock:<vendor>")`. In a package's test/global-setup.ts:
 *
 *   import { mockSetup } from "@b2bkit/mock/vitest";
 *   export default mockSetup("amage");
 *
 * A run that is killed leaves nothing behind: the Prism child exits when its stdin (held by this process) closes.
 */
export function mockSetup(vendor) {
  return async function setup(project) {
    const mock = await startMock({ vendor, port: await freePort() });
    project.provide(`mock:${vendor}`, mock.url);
    return () => mock.stop();
  };
}
