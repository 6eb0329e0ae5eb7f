// pnpm examples: every example of examples/<vendor>/<name>.ts, bundled with esbuild and run with node against its
// vendor's Prism mock on a free port (or, with --no-mock, against the servers the B2BKIT_* variables name).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { build } from "esbuild";
import { ROOT, VENDORS } from "@b2bkit/vendors";
import { missingVariables, mockEnv, urlVariable, variablesOf, withoutB2bkit } from "./env.js";

export { ROOT };
export const EXAMPLES_DIR = join(ROOT, "examples");
/** How long one example may run. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export class UsageError extends Error {
  name = "UsageError";
}

/**
 * The examples of `dir`: `<vendor>/<name>.ts`, in the vendor list's order, then by name. A folder that is not a
 * vendor is refused (node_modules and dot folders aside).
 */
export function findExamples(dir = EXAMPLES_DIR, vendors = VENDORS) {
  const ids = vendors.map((v) => v.id);
  const found = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (entry.startsWith(".") || entry === "node_modules" || !statSync(path).isDirectory()) continue;
    if (!ids.includes(entry)) throw new UsageError(`${relative(ROOT, path) || path}: not a vendor (${ids.join(", ")})`);
    for (const file of readdirSync(path).sort()) {
      if (file.endsWith(".ts") && !file.endsWith(".d.ts")) found.push({ vendor: entry, name: basename(file, ".ts"), file: join(path, file) });
    }
  }
  return found.sort((a, b) => ids.indexOf(a.vendor) - ids.indexOf(b.vendor) || a.name.localeCompare(b.name));
}

/**
 * The examples `names` choose: a vendor ("amage") takes all of its examples, "amage/deliveries" one of them; none
 * takes all. An unknown vendor or example is a UsageError naming the valid ones.
 */
export function select(examples, names, vendors = VENDORS) {
  if (!names.length) return examples;
  const ids = vendors.map((v) => v.id);
  const unknown = names.map((n) => n.split("/")[0]).filter((id) => !ids.includes(id));
  if (unknown.length) throw new UsageError(`unknown vendor ${unknown.map((u) => `"${u}"`).join(", ")}. Known vendors: ${ids.join(", ")}.`);
  const chosen = new Set();
  for (const name of names) {
    const [vendor, example] = name.split("/");
    const own = examples.filter((e) => e.vendor === vendor);
    const picked = example === undefined ? own : own.filter((e) => e.name === example);
    if (!picked.length) {
      const known = own.map((e) => `${e.vendor}/${e.name}`).join(", ") || "none yet";
      throw new UsageError(example === undefined ? `${vendor} has no example yet` : `no example "${name}". ${vendor}'s examples: ${known}.`);
    }
    for (const e of picked) chosen.add(e);
  }
  return examples.filter((e) => chosen.has(e));
}

/** Bundles one example into `outDir` (node ESM, inline source map); resolves the file to run. */
export async function bundle(example, outDir) {
  const outfile = join(outDir, example.vendor, `${example.name}.mjs`);
  await build({
    entryPoints: [example.file],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "silent",
  });
  return outfile;
}

/**
 * Runs a bundled example with node and `env`; resolves `{ ok, ms, output, reason? }` (`output`: what it printed,
 * stdout and stderr interleaved). `running(child)` is told of the child so a Ctrl-C can stop it.
 */
export function runBundle(file, { env, timeoutMs = DEFAULT_TIMEOUT_MS, running } = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ["--enable-source-maps", file], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    running?.(child);
    let output = "";
    const collect = (chunk) => {
      if (output.length < 64 * 1024) output += chunk;
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      const ms = Date.now() - started;
      if (timedOut) resolve({ ok: false, ms, output, reason: `did not finish within ${timeoutMs / 1000} s` });
      else if (code === 0) resolve({ ok: true, ms, output });
      else {
        const thrown = thrownError(output);
        resolve({ ok: false, ms, output, reason: `${signal ? `killed by ${signal}` : `exit code ${code}`}${thrown ? `: ${thrown}` : ""}` });
      }
    });
  });
}

/** The "SomeError: message" line node prints for an uncaught error, if the output has one. */
export function thrownError(output) {
  return output.split("\n").find((line) => /^\w*Error\b[^:]*: /.test(line))?.trim();
}

/**
 * Bundles and runs each example in turn. `urls` maps a vendor to its mock's address (its stand-in variables are then
 * set and every other B2BKIT_… variable removed); without `urls`, the examples get `env` as it is and must find
 * their variables there. `report(example, result)` is called as each ends. Resolves the results, in order.
 */
export async function runExamples(examples, { urls, env = process.env, timeoutMs, report, running } = {}) {
  const outDir = mkdtempSync(join(tmpdir(), "b2bkit-examples-"));
  const results = [];
  try {
    for (const example of examples) {
      const result = await runOne(example, { urls, env, timeoutMs, outDir, running });
      results.push({ ...example, ...result });
      report?.(example, result);
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  return results;
}

async function runOne(example, { urls, env, timeoutMs, outDir, running }) {
  const variables = variablesOf(readFileSync(example.file, "utf8"));
  let childEnv;
  try {
    if (urls) childEnv = { ...withoutB2bkit(env), ...mockEnv(example.vendor, urls[example.vendor], variables) };
    else {
      const missing = missingVariables(env, variables.length ? variables : [urlVariable(example.vendor)]);
      if (missing.length) return { ok: false, ms: 0, output: "", reason: `set ${missing.join(", ")} (README, "Examples")` };
      childEnv = { ...env };
    }
  } catch (err) {
    return { ok: false, ms: 0, output: "", reason: err.message };
  }
  let file;
  try {
    file = await bundle(example, outDir);
  } catch (err) {
    const messages = err.errors?.map((e) => `${e.location ? `${relative(ROOT, e.location.file)}:${e.location.line}: ` : ""}${e.text}`);
    return { ok: false, ms: 0, output: (messages ?? [err.message]).join("\n"), reason: "does not bundle" };
  }
  return runBundle(file, { env: childEnv, timeoutMs, running });
}
