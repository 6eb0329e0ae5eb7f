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

/** Every file a manifest points to (`main`, `module`, `types`, each `exports` target) that is not in `dir`. */
export function missingFiles(dir, manifest) {
  const targets = new Set([manifest.main, manifest.module, manifest.types].filter(Boolean));
  const walk = (node) => {
    if (typeof node === "string") targets.add(node);
    else if (node && typeof node === "object") for (const v of Object.values(node)) walk(v);
  };
  walk(manifest.exports);
  return [...targets].filter((t) => !t.includes("*") && !existsSync(join(dir, t)));
}
