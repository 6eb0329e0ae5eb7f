// Runs Prism in this process and exits as soon as the parent goes away: the parent holds our stdin open, so
// its death (even SIGKILL) closes it. That is what keeps a killed test run from orphaning a mock server.
import { createRequire } from "node:module";
import { tolerateMultipart } from "./multipart.js";

process.stdin.on("end", () => process.exit(0));
process.stdin.on("close", () => process.exit(0));
process.stdin.resume();

const require = createRequire(import.meta.url);
const entry = require.resolve("@stoplight/prism-cli/dist/index.js");
// The module instance Prism's body validator calls: patched before Prism loads (see multipart.js).
try {
  const prismHttp = createRequire(entry).resolve("@stoplight/prism-http");
  tolerateMultipart(createRequire(prismHttp)("parse-multipart-data"));
} catch {
  // A Prism that reads multipart some other way needs no patch.
}
process.argv = [process.argv[0], entry, ...process.argv.slice(2)];
require(entry);
