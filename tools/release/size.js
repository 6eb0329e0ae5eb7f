// pnpm size: what a browser app ships for one vendor — create<V>Client, unwrap and <v>Auth, with core and
// openapi-fetch — bundled for the browser, minified and gzipped. Prints every size with its distance to the 9 KiB
// budget, and holds each vendor to its ceiling in size-budgets.json (the size accepted so far: growth past it fails).
// Exits 1 past a ceiling, or past `--budget=BYTES` when given (`--budget=9216` holds every vendor to the budget).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT, publishedPackages } from "./packages.js";

/** What a browser app may ship for one vendor (client + unwrap + auth), gzipped: 9 KiB. */
const BUDGET = 9 * 1024;
const CEILINGS_FILE = join(ROOT, "tools/release/size-budgets.json");
const ceilings = JSON.parse(readFileSync(CEILINGS_FILE, "utf8")).ceilings;

const budgetArg = process.argv.find((a) => a.startsWith("--budget="));
const budget = budgetArg === undefined ? undefined : Number(budgetArg.slice("--budget=".length));
if (budget !== undefined && (!Number.isInteger(budget) || budget <= 0)) {
  console.error(`size: --budget takes a whole number of bytes, got "${budgetArg}"`);
  process.exit(2);
}
const pascal = (id) => id[0].toUpperCase() + id.slice(1);

const vendors = publishedPackages()
  .map((p) => /^@b2bkit\/(.+)-client$/.exec(p.manifest.name)?.[1])
  .filter((id) => id && existsSync(join(ROOT, "packages", `${id}-auth`, "package.json")));
if (!vendors.length) {
  console.error("size: no vendor has both a client and an auth package");
  process.exit(1);
}

/** The bundle an app gets for this vendor, or the reason it could not be built. */
async function bundle(id) {
  // What an app that uses this vendor imports: the client factory, unwrap and the auth.
  const entry = `export { create${pascal(id)}Client, unwrap } from "@b2bkit/${id}-client";\nexport { ${id}Auth } from "@b2bkit/${id}-auth";\n`;
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: join(ROOT, "packages", `${id}-client`), loader: "js" },
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0].contents;
    return { minified: code.length, gzipped: gzipSync(code, { level: 9 }).length };
  } catch (err) {
    return { error: `not built (${err.errors?.[0]?.text ?? err.message}): run pnpm build` };
  }
}

console.log(`browser bundle per vendor: create<V>Client + unwrap + <v>Auth (esbuild, minified, gzip -9); budget ${BUDGET} B (9 KiB)`);
console.log(budget === undefined ? `each vendor is held to its ceiling in tools/release/size-budgets.json\n` : `every vendor is held to --budget=${budget} B\n`);
console.log(`${"vendor".padEnd(10)} ${"minified".padStart(9)} ${"gzipped".padStart(8)} ${"to budget".padStart(12)} ${(budget === undefined ? "ceiling" : "--budget").padStart(8)}  status`);
let failed = false;
for (const id of vendors) {
  const size = await bundle(id);
  if (size.error) {
    console.log(`${id.padEnd(10)} ${size.error}`);
    failed = true;
    continue;
  }
  const limit = budget ?? ceilings[id];
  if (!Number.isInteger(limit)) {
    console.log(`${id.padEnd(10)} no ceiling in size-budgets.json: add "${id}": ${size.gzipped}`);
    failed = true;
    continue;
  }
  const toBudget = size.gzipped <= BUDGET ? `${BUDGET - size.gzipped} B left` : `${size.gzipped - BUDGET} B over`;
  const ok = size.gzipped <= limit;
  failed ||= !ok;
  console.log(
    `${id.padEnd(10)} ${String(size.minified).padStart(9)} ${String(size.gzipped).padStart(8)} ${toBudget.padStart(12)} ${String(limit).padStart(8)}  ${ok ? "ok" : `OVER by ${size.gzipped - limit} B`}`,
  );
}
process.exit(failed ? 1 : 0);
