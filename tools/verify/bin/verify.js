#!/usr/bin/env node
// pnpm verify <vendor> --upstream <url> [--report <file.json>] [--allow-writes] [--record <dir>] [--timeout <seconds>]
// Checks a vendor's real server against our spec: exit 0 when every called operation agrees, 1 when any drifts,
// 2 for bad usage or an unreachable upstream. Credentials come from the environment (see README, "Verify a vendor").
import { mkdir, open, writeFile } from "node:fs/promises";
import { PLANS } from "../src/plans.js";
import { UsageError, verify } from "../src/verify.js";

const USAGE = `usage: pnpm verify <vendor> --upstream <url> [--report <file.json>] [--allow-writes] [--record <dir>] [--timeout <seconds>]
  vendor: ${Object.keys(PLANS).join(", ")}
  --upstream <url>     the vendor's server: the baseUrl you give its client (required)
  --report <file>      also write the result as JSON (on exit 2: { ok: false, error })
  --allow-writes       add create → read → delete of the run's own records (never updates)
  --record <dir>       save each answer, personal data and secrets replaced, as <operationId>.json
  --timeout <seconds>  how long one call may wait for an answer before the upstream counts as lost (default 60)
  exit 0: every called operation agrees with the spec; 1: drift or failed calls; 2: bad usage, or the run could
  not finish (unreachable, credentials refused, upstream lost)
  credentials from the environment:
${Object.entries(PLANS)
  .map(([id, plan]) => {
    const sets = plan.anyOf ? plan.anyOf.map((set) => Object.keys(set).join(" + ")).join("  or  ") : Object.keys(plan.env).join(", ");
    const optional = Object.keys(plan.optional ?? {});
    return `    ${id.padEnd(10)} ${sets}${optional.length ? `  (optional: ${optional.join(", ")})` : ""}`;
  })
  .join("\n")}`;

function parse(argv) {
  const options = { allowWrites: false };
  const rest = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith("--") ? arg.split(/=(.*)/s, 2) : [arg];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (name === "--upstream") options.upstream = value();
    else if (name === "--report") options.report = value();
    else if (name === "--record") options.record = value();
    else if (name === "--allow-writes") {
      if (inline !== undefined) throw new UsageError(`--allow-writes takes no value (got "${inline}"): leave it out for a read-only run`);
      options.allowWrites = true;
    }
    else if (name === "--timeout") {
      const raw = value();
      const seconds = Number(raw);
      if (!/^\d+(\.\d+)?$/.test(raw) || !(seconds > 0) || seconds > 3600) throw new UsageError(`--timeout takes a number of seconds above 0 and at most 3600 (got ${JSON.stringify(raw)})`);
      options.timeoutMs = seconds * 1000;
    }
    else if (name === "--help" || name === "-h") options.help = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else rest.push(arg);
  }
  if (options.help) return options;
  if (rest.length !== 1) throw new UsageError(rest.length ? `one vendor at a time (got ${rest.join(" ")})` : "which vendor?");
  if (!options.upstream) throw new UsageError("--upstream <url> is required: the address of the vendor's server");
  options.vendor = rest[0];
  return options;
}

function print(report) {
  const rows = report.operations.map((op) => [
    op.operationId,
    `${op.method} ${op.path}`,
    op.status === null ? "—" : String(op.status),
    op.skipped
      ? `skipped: ${op.skipped}`
      : op.ok
        ? "ok"
        : op.violations.length
          ? `DRIFT: ${op.violations.length} violation${op.violations.length === 1 ? "" : "s"}${op.error ? " (and the call failed: see below)" : ""}`
          : "FAILED: the call failed (see below)",
  ]);
  const width = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length), ["operation", "request", "status"][i].length));
  console.log(`${"operation".padEnd(width[0])}  ${"request".padEnd(width[1])}  ${"status".padEnd(width[2])}  result`);
  for (const r of rows) console.log(`${r[0].padEnd(width[0])}  ${r[1].padEnd(width[1])}  ${r[2].padEnd(width[2])}  ${r[3]}`);
  const drifts = report.operations.filter((op) => op.violations.length);
  for (const op of drifts) {
    console.log(`\n${op.operationId} (${op.method} ${op.path}, ${op.status === null ? "status unknown" : `HTTP ${op.status}`}):`);
    for (const v of op.violations) console.log(`  ${v.location || "(answer)"}: ${v.message}${v.got !== undefined ? ` — got ${v.got}` : ""}`);
  }
  const failed = report.operations.filter((op) => op.error);
  if (failed.length) {
    console.log("\nCalls that failed (what the client relies on was not checked, so they count against agreement):");
    for (const op of failed) console.log(`  ${op.operationId}: ${op.error}`);
  }
  for (const left of report.leftovers ?? []) console.log(`\nLEFT BEHIND on the server, delete it yourself: ${left}`);
  const called = report.operations.filter((op) => !op.skipped).length;
  console.log(`\n${report.vendor} at ${report.upstream}: ${called} of ${report.operations.length} operations called, ${drifts.length} drift${drifts.length === 1 ? "" : "s"}${failed.length ? `, ${failed.length} failed call${failed.length === 1 ? "" : "s"}` : ""}${report.ok ? ": the server agrees with the spec" : ""}`);
}

let options;
let reportable = false; // whether --report was shown to be writable: then even a run that cannot finish writes one
try {
  options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    process.exit(0);
  }
  // The report file is written last: a path that cannot be written is refused before anything is sent.
  if (options.report) {
    // Opened for appending: nothing is lost if the run stops at bad usage before it starts.
    await open(options.report, "a").then((file) => file.close(), (err) => {
      throw new UsageError(`--report ${options.report}: cannot write there (${err.code ?? err.message})`);
    });
    reportable = true;
  }
  if (options.record) {
    await mkdir(options.record, { recursive: true }).catch((err) => {
      throw new UsageError(`--record ${options.record}: cannot make that folder (${err.code ?? err.message})`);
    });
  }
  const report = await verify({
    ...options,
    onStart: () =>
      console.error(`verify ${options.vendor}: Prism's validating proxy in front of ${options.upstream}${options.allowWrites ? " (writes allowed: create → read → delete of its own records)" : " (read-only)"} …`),
  });
  print(report);
  if (options.report) await writeFile(options.report, `${JSON.stringify(report, null, 2)}\n`);
  process.exit(report.ok ? 0 : 1);
} catch (err) {
  // A run that could not finish replaces any earlier report with one that says so: never a stale agreement.
  if (reportable) {
    const upstream = String(options.upstream ?? "").replace(/\/\/[^/?#]*@/, "//…@"); // never a password given in the address
    const failure = { vendor: options.vendor, upstream, ok: false, error: String(err?.message ?? err), operations: [] };
    await writeFile(options.report, `${JSON.stringify(failure, null, 2)}\n`).catch(() => {});
  }
  if (err instanceof UsageError) {
    console.error(err.usage ? `verify: ${err.message}\n\n${USAGE}` : `verify: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
