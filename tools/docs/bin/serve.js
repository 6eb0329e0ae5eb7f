#!/usr/bin/env node
// Serves the built docs site: node tools/docs/bin/serve.js [--port 4000] [--host 127.0.0.1] [--dir tools/docs/dist]
import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_DIR, serveDocs } from "../src/serve.js";

const USAGE = "Usage: node tools/docs/bin/serve.js [--port 4000] [--host 127.0.0.1] [--dir tools/docs/dist]";

let values;
try {
  ({ values } = parseArgs({
    options: { port: { type: "string", default: "4000" }, host: { type: "string", default: "127.0.0.1" }, dir: { type: "string" }, help: { type: "boolean", short: "h" } },
    strict: true,
  }));
} catch (err) {
  console.error(`docs: ${err.message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`docs: --port must be a port number (got "${values.port}")\n${USAGE}`);
  process.exit(2);
}
const dir = values.dir ? resolve(values.dir) : DEFAULT_DIR;
if (!existsSync(join(dir, "index.html"))) {
  console.error(`docs: ${relative(process.cwd(), dir) || dir}/index.html not found: build the site first with \`pnpm docs:build\`.`);
  process.exit(1);
}

let server;
try {
  server = await serveDocs({ dir, port, host: values.host });
} catch (err) {
  if (err?.code === "EADDRINUSE") console.error(`docs: port ${port} is already in use: stop whatever holds it, or pass --port <another>.`);
  else console.error(`docs: could not start the server: ${err?.message ?? err}`);
  process.exit(1);
}
// Shown as localhost, like the mocks' URLs, when bound to the loopback address.
const shown = values.host === "127.0.0.1" || values.host === "0.0.0.0" ? server.url.replace("127.0.0.1", "localhost") : server.url;
console.log(`Docs: ${shown}  (serving ${relative(process.cwd(), dir) || "."})\nPress Ctrl-C to stop.`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
