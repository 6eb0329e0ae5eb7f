// pnpm size: what a browser app ships for one vendor — client + auth + core + openapi-fetch, bundled for the
// browser, minified and gzipped — against the budget. Exits 1 past it, printing every size either way.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT, publishedPackages } from "./packages.js";

// The target is 6 KiB; `--budget=BYTES` sets another limit (CI guards against regressions with one).
const budgetArg = process.argv.find((a) => a.startsWith("--budget="));
const BUDGET = budgetArg ? Number(budgetArg.slice("--budget=".length)) : 6 * 1024;
if (!Number.isInteger(BUDGET) || BUDGET <= 0) {
  console.error(`size: --budget takes a whole number of bytes, got "${budgetArg}"`);
  process.exit(2);
}
const pascal = (id) => id[0].toUpperCase() + id.slice(1);

const vendors = publishedPackages()
  .map((p) => /^@b2bkit\/(.+)-client$/.exec(p.manifest.name)?.[1])
  .filter((id) => id && existsSync(join(ROOT, "packages", `${id}-auth`, "package.json")));

let over = false;
console.log(`browser bundle per vendor (esbuild, minified, gzip -9); budget ${BUDGET} B (${(BUDGET / 1024).toFixed(1)} KiB)\n`);
console.log(`${"vendor".padEnd(10)} ${"minified".padStart(9)} ${"gzipped".padStart(8)}  status`);
for (const id of vendors) {
  // What an app that uses this vendor imports: the client factory and the auth.
  const entry = `export { create${pascal(id)}Client } from "@b2bkit/${id}-client";\nexport { ${id}Auth } from "@b2bkit/${id}-auth";\n`;
  const result = await build({
    stdin: { contents: entry, resolveDir: join(ROOT, "packages", `${id}-client`), loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  }).catch((err) => {
    console.log(`${id.padEnd(10)} not built (${err.errors?.[0]?.text ?? err.message}): run pnpm build`);
    return undefined;
  });
  if (!result) {
    over = true;
    continue;
  }
  const code = result.outputFiles[0].contents;
  const gz = gzipSync(code, { level: 9 }).length;
  const ok = gz <= BUDGET;
  over ||= !ok;
  console.log(`${id.padEnd(10)} ${String(code.length).padStart(9)} ${String(gz).padStart(8)}  ${ok ? "ok" : `OVER by ${gz - BUDGET} B`}`);
}
if (!vendors.length) {
  console.error("no vendor has both a client and an auth package built");
  process.exit(1);
}
process.exit(over ? 1 : 0);
