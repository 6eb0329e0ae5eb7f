#!/usr/bin/env node
// pnpm dev: builds what is stale (turbo cache), starts every mock on its fixed port, serves the docs site on
// http://localhost:4000, prints one table of what runs where, restarts a mock (and rebuilds the docs) when its spec
// changes, and stops everything on one Ctrl-C.
import { spawn } from "node:child_process";
import { watch } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { ROOT, VENDORS, startMock } from "@b2bkit/mock";
import { readVendors, specPath } from "@b2bkit/vendors";
import { UsageError, portOffset, stopper } from "@b2bkit/vendors/cli";
import { formatTable } from "@b2bkit/mock/table";
import { serveDocs } from "@b2bkit/docs";

const DOCS_PORT = 4000;
const args = process.argv.slice(2);
const ports = VENDORS.length ? `${Math.min(...VENDORS.map((v) => v.port))}–${Math.max(...VENDORS.map((v) => v.port))}` : "none yet";
const USAGE = `usage: pnpm dev [--port-offset=N]

Builds what is stale, starts every vendor's mock on its port (${ports}) and serves the docs on
http://localhost:${DOCS_PORT}, then prints one table of what runs where. A changed spec restarts its mock and rebuilds
the docs. Ctrl-C stops everything.

  --port-offset=N   shift every port by N (docs on ${DOCS_PORT}+N, each mock on its port+N), to run beside another set`;
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
let offset;
try {
  const parsed = portOffset(args);
  offset = parsed.offset;
  if (parsed.rest.length) throw new UsageError(`unknown argument ${parsed.rest[0]}`);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`b2bkit-dev: ${err.message}\n\n${USAGE}`);
  process.exit(2);
}
// The folder whose specs the mocks serve and dev watches, and under which it writes the docs site: the checkout, or
// for dev's own test a copy (B2BKIT_DEV_ROOT), so the test's edits never reach the checkout or a `pnpm dev` on it.
const root = process.env.B2BKIT_DEV_ROOT ? resolve(process.env.B2BKIT_DEV_ROOT) : ROOT;
const docsDir = join(root, "tools/docs/dist");
const docsBuild = [join(ROOT, "tools/docs/build.js"), "--root", root, "--out", docsDir, `--port-offset=${offset}`];

const step = (cmd, cmdArgs, what) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    process.stdout.write(`${what} … `);
    const child = spawn(cmd, cmdArgs, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" } });
    let log = "";
    child.stdout.on("data", (c) => (log += c));
    child.stderr.on("data", (c) => (log += c));
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) {
        console.log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        resolve();
      } else {
        console.log("failed");
        reject(new Error(`${what} failed (exit ${code}):\n${log.trim().split("\n").slice(-30).join("\n")}`));
      }
    });
  });

const running = new Map(); // vendor id → mock
let docs;
const watchers = [];

const { stopAll, stopping } = stopper(async () => {
  for (const w of watchers) w.close();
  await Promise.all([...running.values()].map((m) => m.stop()));
  await docs?.close();
  console.log(`\nStopped ${running.size} mock${running.size === 1 ? "" : "s"}${docs ? " and the docs server" : ""}.`);
});

try {
  await step("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], "Building stale packages (turbo)");
  await step(process.execPath, docsBuild, "Building the docs site");
  const vendors = root === ROOT ? VENDORS : readVendors(root);
  process.stdout.write(`Starting ${vendors.length} mocks and the docs server … `);
  const started = Date.now();
  const docsPort = DOCS_PORT + offset;
  const [site, ...mocks] = await Promise.allSettled([
    serveDocs({ dir: docsDir, port: docsPort, host: "127.0.0.1" }).catch((err) => {
      throw err.code === "EADDRINUSE" ? new Error(`docs: port ${docsPort} is already in use (is another \`pnpm dev\` running?); run beside it with \`pnpm dev --port-offset=100\``) : err;
    }),
    ...vendors.map((v) => startMock({ vendor: v.id, port: v.port + offset, spec: specPath(v.id, root) })),
  ]);
  if (site.status === "fulfilled") docs = site.value;
  for (const r of mocks) if (r.status === "fulfilled") running.set(r.value.vendor, r.value);
  const failed = [site, ...mocks].filter((r) => r.status === "rejected").map((r) => r.reason);
  if (failed.length) {
    console.log("failed");
    for (const err of failed) console.error(`b2bkit-dev: ${err.message}`);
    await stopAll(1);
  }
  console.log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  const rows = [
    ["docs", `http://localhost:${DOCS_PORT + offset}`, "tools/docs/dist (index + one page per vendor)"],
    ...[...running.values()].map((m) => [`mock ${m.vendor}`, `http://localhost:${m.port}`, relative(root, m.spec)]),
  ];
  console.log(formatTable(["service", "URL", "serving"], rows));
  console.log("\nWatching specs/ — a changed spec restarts its mock. Press Ctrl-C to stop everything.");
} catch (err) {
  console.error(`\nb2bkit-dev: ${err.message}`);
  await stopAll(1);
}

// A changed spec restarts that vendor's mock and rebuilds the docs (debounced: editors write in bursts).
// One restart at a time, so two saves never run two docs builds at once or interleave their output.
const mockPorts = new Map([...running.values()].map((m) => [m.vendor, m.port]));
let queue = Promise.resolve();
for (const vendor of mockPorts.keys()) {
  let timer;
  const w = watch(dirname(specPath(vendor, root)), () => {
    clearTimeout(timer);
    timer = setTimeout(() => (queue = queue.then(() => restart(vendor))), 300);
  });
  watchers.push(w);
}

async function restart(vendor) {
  if (stopping()) return;
  const port = mockPorts.get(vendor);
  const old = running.get(vendor);
  running.delete(vendor);
  await old?.stop();
  try {
    running.set(vendor, await startMock({ vendor, port, spec: specPath(vendor, root) }));
    console.log(`${vendor}: spec changed — mock restarted on http://localhost:${port}`);
    await step(process.execPath, docsBuild, "Rebuilding the docs site");
  } catch (err) {
    console.error(`${vendor}: spec changed but the mock did not restart: ${err.message}\nFix the spec; the mock restarts on the next save.`);
  }
}
