// pnpm size: what a browser app ships for one vendor — create<V>Client, unwrap and <v>Auth, with core and
// openapi-fetch — bundled for the browser, minified and gzipped. Prints every size with its distance to the 9 KiB
// budget, and holds each vendor to its ceiling, `x-b2bkit.bundleCeiling` in its spec (the size accepted so far: growth
// past it fails).
// Exits 1 past a ceiling, or past `--budget=BYTES` when given (`--budget=9216` holds every vendor to the budget).
import { gzipSync } from "node:zlib";
import { VENDORS } from "@b2bkit/vendors";
import { build } from "esbuild";

/** What a browser app may ship for one vendor (client + unwrap + auth), gzipped: 9 KiB. */
const BUDGET = 9 * 1024;

const budgetArg = process.argv.find((a) => a.startsWith("--budget="));
const budget = budgetArg === undefined ? undefined : Number(budgetArg.slice("--budget=".length));
if (budget !== undefined && (!Number.isInteger(budget) || budget <= 0)) {
  console.error(`size: --budget takes a whole number of bytes, got "${budgetArg}"`);
  process.exit(2);
}
const pascal = (id) => id[0].toUpperCase() + id.slice(1);

if (!VENDORS.length) {
  console.error("size: no vendor yet (specs/<id>/openapi.yaml; pnpm new-vendor <id> adds one)");
  process.exit(1);
}

/** The bundle an app gets for this vendor, or the reason it could not be built. */
async function bundle(vendor) {
  const { id } = vendor;
  // What an app that uses this vendor imports: the client factory, unwrap and the auth.
  const entry = `export { create${pascal(id)}Client, unwrap } from "${vendor.client}";\nexport { ${id}Auth } from "${vendor.auth}";\n`;
  try {
    const result = await build({
      stdin: { contents: entry, resolveDir: vendor.clientDir, loader: "js" },
      // The vendor's own packages, as an app that installed them would resolve them.
      alias: { [vendor.client]: vendor.clientDir, [vendor.auth]: vendor.authDir },
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
console.log(budget === undefined ? `each vendor is held to its ceiling (x-b2bkit.bundleCeiling in specs/<id>/openapi.yaml)\n` : `every vendor is held to --budget=${budget} B\n`);
console.log(`${"vendor".padEnd(10)} ${"minified".padStart(9)} ${"gzipped".padStart(8)} ${"to budget".padStart(12)} ${(budget === undefined ? "ceiling" : "--budget").padStart(8)}  status`);
let failed = false;
for (const vendor of VENDORS) {
  const { id } = vendor;
  const size = await bundle(vendor);
  if (size.error) {
    console.log(`${id.padEnd(10)} ${size.error}`);
    failed = true;
    continue;
  }
  const limit = budget ?? vendor.bundleCeiling;
  const toBudget = size.gzipped <= BUDGET ? `${BUDGET - size.gzipped} B left` : `${size.gzipped - BUDGET} B over`;
  const ok = size.gzipped <= limit;
  failed ||= !ok;
  console.log(
    `${id.padEnd(10)} ${String(size.minified).padStart(9)} ${String(size.gzipped).padStart(8)} ${toBudget.padStart(12)} ${String(limit).padStart(8)}  ${ok ? "ok" : `OVER by ${size.gzipped - limit} B`}${ok && budget === undefined && size.gzipped < limit - 256 ? ` (tighten x-b2bkit.bundleCeiling in specs/${id}/openapi.yaml to ${size.gzipped})` : ""}`,
  );
}
process.exit(failed ? 1 : 0);
