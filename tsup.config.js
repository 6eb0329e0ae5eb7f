// One build for every published package (run from the package: `tsup --config ../../tsup.config.js`):
// ESM and CommonJS, each with its own types, so every consumer and every TypeScript resolution mode works.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  tsconfig: "tsconfig.build.json",
});
