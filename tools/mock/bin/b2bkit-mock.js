#!/usr/bin/env node
// pnpm mock [vendor ...] [--dynamic]: Prism for each vendor on its fixed port; one Ctrl-C stops them all.
import { relative } from "node:path";
import { UsageError, portOffset, stopper } from "@b2bkit/vendors/cli";
import { ROOT, VENDORS, startMock } from "../src/index.js";
import { formatTable } from "../src/table.js";

const USAGE = `usage: pnpm mock [vendor ...] [--dynamic]

Starts a Prism mock server per vendor spec, each on its fixed port:
${VENDORS.map((v) => `  ${v.id.padEnd(10)} http://localhost:${v.port}`).join("\n")}

  --dynamic          answer with data generated from the schemas instead of the spec's examples
  --quiet            do not echo Prism's request log
  --port-offset=N    add N to every port (to run a second set beside the first)
  --help             this text`;

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
let offset, args;
try {
  ({ offset, rest: args } = portOffset(argv));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`b2bkit-mock: ${err.message}`);
  process.exit(2);
}
const flags = new Set(args.filter((a) => a.startsWith("-")));
for (const f of flags) {
  if (!["--dynamic", "--quiet"].includes(f)) {
    console.error(`b2bkit-mock: unknown option ${f}\n\n${USAGE}`);
    process.exit(2);
  }
}
const dynamic = flags.has("--dynamic");
const quiet = flags.has("--quiet");
const names = args.filter((a) => !a.startsWith("-"));

const known = VENDORS.map((v) => v.id);
const unknown = names.filter((n) => !known.includes(n));
if (unknown.length) {
  console.error(`b2bkit-mock: unknown vendor ${unknown.map((u) => `"${u}"`).join(", ")}. Known vendors: ${known.join(", ")}.`);
  process.exit(2);
}
const chosen = names.length ? VENDORS.filter((v) => names.includes(v.id)) : VENDORS;
const beyond = chosen.find((v) => v.port + offset > 65535);
if (beyond) {
  console.error(`b2bkit-mock: --port-offset=${offset} puts ${beyond.id}'s mock past port 65535 (${beyond.port} + ${offset}); choose a smaller offset`);
  process.exit(2);
}
if (!chosen.length) {
  console.error("b2bkit-mock: no vendor has a spec in specs/ yet (pnpm new-vendor <id> adds one).");
  process.exit(1);
}

console.log(`Starting ${chosen.length} Prism mock${chosen.length > 1 ? "s" : ""} (${dynamic ? "dynamic data" : "spec examples"}): ${chosen.map((v) => v.id).join(", ")} …`);
const started = Date.now();
const results = await Promise.allSettled(
  chosen.map((v) =>
    startMock({ vendor: v.id, port: v.port + offset, host: "127.0.0.1", dynamic, onLine: quiet ? undefined : (line) => console.log(`[${v.id}] ${line}`) }),
  ),
);
const running = results.filter((r) => r.status === "fulfilled").map((r) => r.value);
const failed = results.filter((r) => r.status === "rejected").map((r) => r.reason);

const { stopAll, stopping } = stopper(async () => {
  await Promise.all(running.map((m) => m.stop()));
  console.log(`Stopped ${running.length} mock${running.length === 1 ? "" : "s"}.`);
});

if (failed.length) {
  for (const err of failed) console.error(`b2bkit-mock: ${err.message}`);
  await stopAll(1);
}

const rows = running.map((m) => [m.vendor, `http://localhost:${m.port}`, relative(ROOT, m.spec)]);
console.log(`\nMocks ready in ${((Date.now() - started) / 1000).toFixed(1)} s:\n`);
console.log(formatTable(["vendor", "URL", "spec"], rows));
console.log("\nPress Ctrl-C to stop.");

for (const m of running) {
  m.child.once("exit", (code) => {
    if (!stopping()) {
      console.error(`b2bkit-mock: ${m.vendor} mock exited unexpectedly (code ${code}); stopping the others.`);
      stopAll(1);
    }
  });
}
