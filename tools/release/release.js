// pnpm release [--dry-run]: publishes every package whose version changed (changesets), or with --dry-run packs
// every published package into a tarball — as the registry would get it (workspace:* replaced) — and lists them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, publishedPackages } from "./packages.js";

if (!process.argv.includes("--dry-run")) {
  const r = spawnSync("pnpm", ["exec", "changeset", "publish"], { cwd: ROOT, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const out = mkdtempSync(join(tmpdir(), "b2bkit-release-"));
let failed = 0;
console.log("dry run: packing every published package (nothing is published)\n");
for (const { dir, manifest } of publishedPackages()) {
  const r = spawnSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) {
    failed++;
    console.error(`FAIL ${manifest.name}: ${r.stderr || r.stdout}`);
  }
}
const tarballs = readdirSync(out).filter((f) => f.endsWith(".tgz")).sort();
for (const t of tarballs) console.log(`${t.padEnd(40)} ${(statSync(join(out, t)).size / 1024).toFixed(1).padStart(7)} KiB`);
console.log(`\n${tarballs.length} tarballs in ${out}`);
process.exit(failed ? 1 : 0);
