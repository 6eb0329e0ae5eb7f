// Runs Prism in this process and exits as soon as the parent goes away: the parent holds our stdin open, so
// its death (even SIGKILL) closes it. That is what keeps a killed test run from orphaning a mock server.
import { createRequire } from "node:module";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

const require = createRequire(import.meta.url);
const entry = require.resolve("@stoplight/prism-cli/dist/index.js");
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
