#!/usr/bin/env node
// pnpm new-vendor <id> [--name <Display name>] [--port <n>] [--auth none|api-key|login]: a new vendor's spec skeleton,
// client and auth packages with their tests, READMEs, a changeset and its row in the README's vendor table.
import { relative } from "node:path";
import { ManifestError, PORTS, ROOT } from "../src/index.js";
import { AUTH_MODES, scaffold } from "../src/scaffold.js";

const USAGE = `usage: pnpm new-vendor <id> [--name <Display name>] [--port <n>] [--auth ${AUTH_MODES.join("|")}]

Scaffolds a vendor: specs/<id>/openapi.yaml (one documented operation, lint-clean), packages/<id>-client and
packages/<id>-auth with tests against the vendor's Prism mock, READMEs, a changeset, and the README's vendor table.
  <id>      2–30 lowercase letters and digits, starting with a letter (@b2bkit/<id>-client)
  --name    the display name (default: the id, capitalised)
  --port    the mock's fixed port (default: the next free one)
  --auth    none, api-key (an X-Api-Key header; the default) or login (POST /auth/login → bearer token)`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const options = { root: ROOT };
const ids = [];
try {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") continue; // what pnpm passes through from `pnpm new-vendor -- acme`
    const [flag, inline] = args[i].startsWith("--") ? args[i].split(/=(.*)/s, 2) : [args[i]];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.startsWith("--")) throw new ManifestError(`${flag} needs a value`);
      return v;
    };
    if (flag === "--name") options.name = value();
    else if (flag === "--port") {
      const raw = value();
      options.port = /^\d+$/.test(raw) ? Number(raw) : NaN;
      if (Number.isNaN(options.port)) throw new ManifestError(`--port ${raw}: a mock port is a whole number from ${PORTS.min} to ${PORTS.max}`);
    } else if (flag === "--auth") options.auth = value();
    else if (flag.startsWith("-")) throw new ManifestError(`unknown option ${flag}`);
    else ids.push(flag);
  }
  if (ids.length !== 1) throw new ManifestError(ids.length ? `one vendor at a time (got ${ids.join(" ")})` : "which vendor? give its id, e.g. pnpm new-vendor acme");
  options.id = ids[0];
  const done = scaffold(options);
  console.log(`new vendor ${done.id} (${done.name}), mock port ${done.port}, auth ${done.auth}:`);
  for (const file of done.written) console.log(`  ${relative(ROOT, `${ROOT}/${file}`)}`);
  console.log(`
Next:
  pnpm install                  link the new packages
  pnpm lint && pnpm test        the skeleton passes as it is
  pnpm mock ${done.id}               its mock on http://localhost:${done.port}
Then describe the vendor in specs/${done.id}/openapi.yaml (cite its docs, mark assumptions with x-assumption),
adapt ${done.id}Errors and listAll's paging in packages/${done.id}-client/src/index.ts, and the auth in
packages/${done.id}-auth/src/index.ts. After the first \`pnpm size\`, tighten x-b2bkit.bundleCeiling to what it prints.`);
} catch (err) {
  if (!(err instanceof ManifestError)) throw err;
  console.error(`new-vendor: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
