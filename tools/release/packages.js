import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Every published package of the workspace (not private), with its folder and manifest. */
export function publishedPackages() {
  const out = [];
  for (const base of ["packages", "tools"]) {
    for (const name of readdirSync(join(ROOT, base)).sort()) {
      const file = join(ROOT, base, name, "package.json");
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, "utf8"));
      if (!manifest.private) out.push({ dir: join(ROOT, base, name), manifest });
    }
  }
  return out;
}
