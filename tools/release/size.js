// pnpm size: what a browser app ships for one vendor — client + auth + core + openapi-fetch, bundled for the
// browser, minified and gzipped — against the budget. Exits 1 past it, printing every size either way.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT, publishedPackages } from "./packages.js";

const BUDGET = 6 * 1024;
const pascal = (id) => id[0].toUpperCase() + id.slice(1);

const vendors = publishedPackages()
  .map((p) => /^@b2bkit\/(.+)-client$/.exec(p.manifest.name)?.[1])
  .filter((id) => id && existsSync(join(ROOT, "packages", `${id}-auth`, "package.json")));

let over = false;
console.log(`browser bundle per vendor (esbuild, minified, gzip -9); budget ${BUDGET} B (6 KiB)\n`);
console.log(`${"vendor".padEnd(10)} ${"minified".padStart(9)} ${"gzipped".padStart(8)}  status`);
for (const id of vendors) {
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
  });
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
