#!/usr/bin/env node
// pnpm vendors [--write-readme]: the vendors of this checkout (from each spec's x-b2bkit block), one line each;
// --write-readme regenerates the README's vendor table.
import { ManifestError, readVendors } from "../src/index.js";
import { writeReadme } from "../src/readme.js";
import { formatTable } from "../src/table.js";

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h") || args.some((a) => a !== "--write-readme")) {
  const bad = args.find((a) => a !== "--write-readme" && a !== "--help" && a !== "-h");
  (bad ? console.error : console.log)(`${bad ? `vendors: unknown argument ${bad}\n\n` : ""}usage: pnpm vendors [--write-readme]

Lists every vendor of the checkout with its mock port, packages and bundle ceiling, as read from the x-b2bkit block of
specs/<id>/openapi.yaml. --write-readme regenerates the README's vendor table from them.`);
  process.exit(bad ? 2 : 0);
}
let vendors;
try {
  vendors = readVendors();
} catch (err) {
  if (!(err instanceof ManifestError)) throw err;
  console.error(`vendors: ${err.message}`);
  process.exit(1);
}
console.log(formatTable(["id", "name", "mock", "packages", "bundle ceiling"], vendors.map((v) => [v.id, v.name, `http://localhost:${v.port}`, `${v.client}, ${v.auth}`, `${v.bundleCeiling} B`])));
if (args.includes("--write-readme")) console.log(writeReadme(undefined, vendors) ? "\nREADME.md: vendor table rewritten" : "\nREADME.md: vendor table already up to date");
