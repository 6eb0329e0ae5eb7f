// The README's vendor table is generated from the list, between two markers; a test keeps it in sync and
// `pnpm vendors --write-readme` (also run by `pnpm new-vendor`) rewrites it.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, VENDORS } from "./index.js";

export const START = "<!-- vendors: generated from each spec's x-b2bkit block; `pnpm vendors --write-readme` rewrites it -->";
export const END = "<!-- /vendors -->";

/** The vendor table as markdown. */
export function vendorTable(vendors = VENDORS) {
  return [
    "| vendor | API | packages | mock |",
    "|---|---|---|---|",
    ...vendors.map((v) => `| ${v.fullName} | ${v.covers} | \`${v.client}\`, \`${v.auth}\` | http://localhost:${v.port} |`),
  ].join("\n");
}

/** The README with its vendor table regenerated; throws when the markers are missing. */
export function withTable(readme, vendors = VENDORS) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md: the vendor table's markers are missing; put ${START} and ${END} around it`);
  return `${readme.slice(0, start + START.length)}\n${vendorTable(vendors)}\n${readme.slice(end)}`;
}

/** Rewrites README.md's vendor table; resolves whether it changed. */
export function writeReadme(root = ROOT, vendors = VENDORS) {
  const file = join(root, "README.md");
  const before = readFileSync(file, "utf8");
  const after = withTable(before, vendors);
  if (after !== before) writeFileSync(file, after);
  return after !== before;
}
