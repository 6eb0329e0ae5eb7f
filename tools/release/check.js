// pnpm check:packages: every published package passes `publint --strict` and "are the types wrong"
// (`attw --pack`: ESM and CommonJS consumers, node10/node16/bundler resolution), and its build names no folder of the
// machine that built it (a source map's absolute paths). Exits 1 on any problem.
import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT, publishedPackages } from "./packages.js";

const bin = (name) => join(ROOT, "node_modules", ".bin", name);
const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { ok: r.status === 0, out: `${r.stdout ?? ""}${r.stderr ?? ""}`.trim() };
};

const packages = publishedPackages();
let failed = 0;
console.log(`checking ${packages.length} published packages with publint --strict and attw --pack …\n`);
for (const { dir, manifest } of packages) {
  const publint = run(bin("publint"), ["--strict"], dir);
  const attw = run(bin("attw"), ["--pack", ".", "--format", "table-flipped"], dir);
  const built = join(dir, "dist");
  const local = readdirSync(built, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && readFileSync(join(entry.parentPath ?? entry.path, entry.name), "utf8").includes(ROOT))
    .map((entry) => relative(dir, join(entry.parentPath ?? entry.path, entry.name)));
  const ok = publint.ok && attw.ok && !local.length;
  if (!ok) failed++;
  console.log(`${ok ? "ok  " : "FAIL"}  ${manifest.name.padEnd(28)} publint ${publint.ok ? "ok" : "FAIL"}, attw ${attw.ok ? "ok" : "FAIL"}, paths ${local.length ? "FAIL" : "ok"}  (${relative(ROOT, dir)})`);
  if (local.length) console.log(`      the build names this machine's folder (${ROOT}) in: ${local.join(", ")}`);
  if (!publint.ok) console.log(publint.out.replace(/^/gm, "      "));
  if (!attw.ok) console.log(attw.out.replace(/^/gm, "      "));
}
console.log(`\n${packages.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
