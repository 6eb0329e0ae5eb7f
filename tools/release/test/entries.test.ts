import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { publishedPackages } from "../packages.js";

// What a consumer gets: each published package loads from CommonJS (require) and from ESM (import), with the same
// exports, and uses no Node built-in (the packages must run in browsers and workers too).
describe.each(publishedPackages().map((p) => [p.manifest.name as string, p.dir as string]))("%s", (name, dir) => {
  it("loads from CommonJS and from ESM with the same exports", async () => {
    const require = createRequire(join(dir, "package.json"));
    const cjs = require(name) as Record<string, unknown>;
    const esm = (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as Record<string, unknown>;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).filter((k) => k !== "default").sort());
    expect(Object.keys(cjs).length).toBeGreaterThan(0);
  });

  it("imports no Node built-in", async () => {
    const { readFileSync } = await import("node:fs");
    for (const file of ["index.js", "index.cjs"]) {
      const code = readFileSync(join(dir, "dist", file), "utf8");
      expect(code).not.toMatch(/(?:from\s*|require\(\s*|import\(\s*)["']node:/);
    }
  });
});
