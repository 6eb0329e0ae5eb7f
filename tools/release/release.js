// pnpm release [--dry-run]: builds every package (turbo; cached when nothing changed), checks that each published
// package holds every file its manifest points to, then publishes what changed (changesets) or, with --dry-run, packs
// every published package into a tarball — as the registry would get it (workspace:* replaced) — and lists them.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ROOT, missingFiles, publishedPackages } from "./packages.js";

const dryRun = process.argv.includes("--dry-run");
const unknown = process.argv.slice(2).filter((a) => a !== "--dry-run");
if (unknown.length) {
  console.error(`release: unknown argument ${unknown[0]}\nusage: pnpm release [--dry-run]`);
  process.exit(2);
}

// `pnpm test` has just built everything and other tests read the packages meanwhile: its check skips the rebuild.
const build = process.env.B2BKIT_RELEASE_BUILT === "1" ? { status: 0 } : (console.log("building every package (turbo) …"), spawnSync("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], {
  cwd: ROOT,
  stdio: "inherit",
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: "1" },
}));
if (build.status !== 0) {
  console.error("release: the build failed; nothing was packed or published");
  process.exit(1);
}

const packages = publishedPackages();
const incomplete = packages.map((p) => [p, missingFiles(p.dir, p.manifest)]).filter(([, files]) => files.length);
if (incomplete.length) {
  for (const [p, files] of incomplete) console.error(`release: ${p.manifest.name} (${relative(ROOT, p.dir)}) lacks ${files.join(", ")}: run pnpm build`);
  console.error("nothing was packed or published");
  process.exit(1);
}

if (!dryRun) {
  const r = spawnSync("pnpm", ["exec", "changeset", "publish"], { cwd: ROOT, stdio: "inherit" });
  process.exit(r.status ?? 1);
}

const out = mkdtempSync(join(tmpdir(), "b2bkit-release-"));
let failed = 0;
console.log("dry run: packing every published package (nothing is published)\n");
for (const { dir, manifest } of packages) {
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
