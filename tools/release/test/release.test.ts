import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { ROOT, missingFiles, publishedPackages } from "../packages.js";

const run = promisify(execFile);

describe("pnpm release --dry-run", () => {
  it("packs every published package with its built code in it", async () => {
    // `pnpm test` built everything first; the release's own build step is skipped so nothing is rewritten under the
    // other tests' feet.
    const { stdout } = await run(process.execPath, [join(ROOT, "tools/release/release.js"), "--dry-run"], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, B2BKIT_RELEASE_BUILT: "1" } });
    const dir = /(\d+) tarballs in (.+)$/m.exec(stdout);
    expect(dir, stdout).not.toBeNull();
    try {
      const packages = publishedPackages();
      expect(Number(dir![1])).toBe(packages.length);
      for (const { manifest } of packages) {
        const tarball = join(dir![2]!, `${String(manifest.name).replace("@", "").replace("/", "-")}-${manifest.version}.tgz`);
        const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
        // Code and types for both formats, not only package.json, README and LICENSE.
        for (const file of ["package/dist/index.js", "package/dist/index.cjs", "package/dist/index.d.ts", "package/dist/index.d.cts", "package/README.md", "package/LICENSE"]) {
          expect(files, `${manifest.name}: ${file}`).toContain(file);
        }
      }
    } finally {
      rmSync(dir![2]!, { recursive: true, force: true });
    }
  }, 120_000);

  it("names each file a manifest points to that is not there (a package not built is never packed)", () => {
    const dir = mkdtempSync(join(tmpdir(), "b2bkit-release-"));
    try {
      mkdirSync(join(dir, "dist"));
      writeFileSync(join(dir, "dist/index.js"), "");
      const manifest = { main: "./dist/index.cjs", module: "./dist/index.js", exports: { ".": { import: { types: "./dist/index.d.ts", default: "./dist/index.js" } }, "./package.json": "./package.json" } };
      expect(missingFiles(dir, manifest).sort()).toEqual(["./dist/index.cjs", "./dist/index.d.ts", "./package.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
