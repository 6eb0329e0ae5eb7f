// One build for every published package (run from the package: `tsup --config ../../tsup.config.js`):
// ESM and CommonJS, each with its own types, so every consumer and every TypeScript resolution mode works.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { basename, isAbsolute, join, relative } from "node:path";
import { defineConfig } from "tsup";

// A package with a second entry (core's `internal`) shares one copy of its modules between the entries, in CommonJS
// as in ESM: two copies would make two sets of error classes, and `instanceof` would fail across them.
const entry = ["src/index.ts", ...(existsSync("src/internal.ts") ? ["src/internal.ts"] : [])];

export default defineConfig({
  entry,
  splitting: entry.length > 1,
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  tsconfig: "tsconfig.build.json",
  // The CommonJS of a split build names its chunks by absolute path in their source maps: the builder's folders would
  // ship in the package. Each map names its files relative to itself, as the others do.
  onSuccess: async () => {
    for (const name of readdirSync("dist").filter((file) => file.endsWith(".map"))) {
      const path = join("dist", name);
      const map = JSON.parse(readFileSync(path, "utf8"));
      const local = (file) => (isAbsolute(file) ? relative(join(process.cwd(), "dist"), file) : file);
      const fixed = { ...map, ...(map.file && { file: basename(map.file) }), sources: map.sources?.map(local) };
      if (JSON.stringify(fixed) !== JSON.stringify(map)) writeFileSync(path, JSON.stringify(fixed));
    }
  },
});
