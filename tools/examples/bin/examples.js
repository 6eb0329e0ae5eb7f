#!/usr/bin/env node
// pnpm examples [vendor | vendor/example …] [--dynamic]: runs the examples against Prism mocks on free ports.
import { relative, resolve } from "node:path";
import { freePort, startMock } from "@b2bkit/mock";
import { DEFAULT_TIMEOUT_MS, EXAMPLES_DIR, ROOT, UsageError, findExamples, runExamples, select } from "../src/index.js";
import { writeReadmes } from "../src/readme.js";

const USAGE = `usage: pnpm examples [vendor | vendor/example …] [--dynamic [--seed=N]] [--no-mock] [--timeout=S]
       pnpm examples --write-readme

Runs every example of examples/<vendor>/ (or those named: "amage" for a vendor's, "amage/deliveries" for one)
against its vendor's Prism mock, each mock on a free port (so it runs beside pnpm dev), and prints one line per
example and a summary; exits 1 if any fails. Every mock is stopped on exit, failure or Ctrl-C.

  --dynamic          the mocks answer with data generated from the schemas instead of the spec's examples
  --seed=N           with --dynamic: the generator's seed (default: a random one, printed, so a run can be repeated)
  --no-mock          start no mock: run against the servers your B2BKIT_<VENDOR>_URL and credential variables name
                     (README, "Examples"). Examples write: point them at a test instance
  --timeout=S        seconds one example may run (default ${DEFAULT_TIMEOUT_MS / 1000})
  --verbose          print what each example prints, under its line
  --dir=PATH         the examples folder (default examples/)
  --write-readme     rewrite every README block marked <!-- example: examples/… --> from its example file
  --help             this text`;

const fail = (message, code = 2) => {
  console.error(`examples: ${message}`);
  process.exit(code);
};

const options = { dynamic: false, mock: true, seed: undefined, timeoutMs: DEFAULT_TIMEOUT_MS, dir: EXAMPLES_DIR, writeReadme: false, verbose: false };
const names = [];
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const [flag, inline] = arg.startsWith("--") ? arg.split(/=(.*)/s) : [arg];
  const value = () => inline ?? argv[++i] ?? "";
  if (flag === "--help" || flag === "-h") {
    console.log(USAGE);
    process.exit(0);
  } else if (flag === "--dynamic") options.dynamic = true;
  else if (flag === "--no-mock") options.mock = false;
  else if (flag === "--write-readme") options.writeReadme = true;
  else if (flag === "--verbose" || flag === "-v") options.verbose = true;
  else if (flag === "--seed") {
    const raw = value();
    if (!/^\d{1,9}$/.test(raw)) fail(`--seed takes a whole number, got "${raw}"`);
    options.seed = Number(raw);
  } else if (flag === "--timeout") {
    const raw = value();
    if (!/^\d{1,5}$/.test(raw) || Number(raw) === 0) fail(`--timeout takes a whole number of seconds from 1, got "${raw}"`);
    options.timeoutMs = Number(raw) * 1000;
  } else if (flag === "--dir") options.dir = resolve(value());
  else if (arg.startsWith("-")) fail(`unknown option ${arg}\n\n${USAGE}`);
  else names.push(arg);
}
if (options.seed !== undefined && !options.dynamic) fail("--seed goes with --dynamic");
if (options.dynamic && !options.mock) fail("--dynamic and --no-mock exclude each other");

if (options.writeReadme) {
  if (names.length) fail("--write-readme takes no vendor: it rewrites every marked README block");
  const changed = writeReadmes();
  console.log(changed.length ? `README examples rewritten: ${changed.map((f) => relative(ROOT, f)).join(", ")}` : "README examples already up to date");
  process.exit(0);
}

let examples;
try {
  examples = select(findExamples(options.dir), names);
} catch (err) {
  if (err instanceof UsageError) fail(err.message);
  throw err;
}
if (!examples.length) fail(`no example in ${relative(ROOT, options.dir) || options.dir}`, 1);

const started = Date.now();
/** How long one mock may take to answer: Prism starts in a second or two, far slower on a busy machine. */
const MOCK_START_TIMEOUT_MS = 120_000;
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mocks = [];
let child;
let stopping = false;

/** Stops the running example and every mock, then exits. */
async function stopAll(code, why) {
  if (stopping) return;
  stopping = true;
  child?.kill("SIGKILL");
  await Promise.all(mocks.map((m) => m.stop()));
  if (why) console.log(why);
  if (mocks.length) console.log(`Stopped ${mocks.length} mock${mocks.length === 1 ? "" : "s"}.`);
  process.exit(code);
}
for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]]) process.on(signal, () => stopAll(code, `\nInterrupted (${signal}).`));
process.on("uncaughtException", (err) => {
  console.error(err);
  stopAll(1);
});

let urls;
if (options.mock) {
  const vendors = [...new Set(examples.map((e) => e.vendor))];
  const seed = options.dynamic ? (options.seed ?? Math.floor(Math.random() * 1e9)) : undefined;
  const data = options.dynamic ? `data generated from the schemas, seed ${seed}: --seed=${seed} repeats it` : "the spec's examples";
  console.log(`Starting ${vendors.length} Prism mock${vendors.length === 1 ? "" : "s"} on free ports (${data}): ${vendors.join(", ")}`);
  // Two at a time: each Prism start takes a core for a second or more, and the machine may be busy.
  const queue = [...vendors];
  const refused = [];
  const startNext = async () => {
    for (let vendor = queue.shift(); vendor && !stopping; vendor = queue.shift()) {
      const port = await freePort();
      const t0 = Date.now();
      console.log(`  ${vendor}: starting on http://127.0.0.1:${port} …`);
      try {
        const mock = await startMock({ vendor, port, dynamic: options.dynamic, seed, timeoutMs: MOCK_START_TIMEOUT_MS });
        mocks.push(mock);
        console.log(`  ${vendor}: ready in ${seconds(Date.now() - t0)}`);
        mock.child.once("exit", (code, signal) => {
          if (!stopping) console.log(`  ${vendor}: the mock exited during the run (${signal ?? `code ${code}`}); its examples fail from here on`);
        });
      } catch (err) {
        refused.push(err);
        queue.length = 0;
      }
    }
  };
  await Promise.all([startNext(), startNext()]);
  if (refused.length) {
    for (const err of refused) console.log(`examples: ${err.message}`);
    await stopAll(1, "A mock did not start: no example was run.");
  }
  urls = Object.fromEntries(mocks.map((m) => [m.vendor, m.url]));
} else {
  console.log(`No mock: running against the servers of your B2BKIT_* variables.`);
}

const width = Math.max(7, ...examples.map((e) => e.name.length));
const indent = (text) => text.trimEnd().split("\n").filter(Boolean).map((l) => `   ${l}`).join("\n");
const row = (vendor, name, result, time) => `${vendor.padEnd(10)} ${name.padEnd(width)}  ${result.padEnd(6)}  ${time}`;
console.log(`\n${row("vendor", "example", "result", "time")}`);
const results = await runExamples(examples, {
  urls,
  timeoutMs: options.timeoutMs,
  running: (c) => (child = c),
  report: (e, r) => {
    console.log(row(e.vendor, e.name, r.ok ? "ok" : "FAILED", seconds(r.ms)));
    if (options.verbose && r.output.trim()) console.log(indent(r.output));
  },
});
child = undefined;

const failed = results.filter((r) => !r.ok);
for (const r of failed) {
  console.log(`\n── ${r.vendor}/${r.name} (${relative(ROOT, r.file)}) FAILED: ${r.reason}`);
  if (r.output.trim()) console.log(indent(r.output.trimEnd().split("\n").slice(-30).join("\n")));
}
const summary = `${results.length} example${results.length === 1 ? "" : "s"}: ${results.length - failed.length} ok`;
const failures = failed.length ? `, ${failed.length} FAILED (${failed.map((r) => `${r.vendor}/${r.name}`).join(", ")})` : "";
console.log(`\n${summary}${failures} in ${seconds(Date.now() - started)}`);
await stopAll(failed.length ? 1 : 0);
