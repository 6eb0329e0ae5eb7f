// One build for every published package (run from the package: `tsup --config ../../tsup.config.js`):
// ESM and CommonJS, each with its own types, so every consumer and every TypeScript resolution mode works.
import { existsSync } from "node:fs";
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
});
