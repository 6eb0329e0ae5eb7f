import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Vendor ids and their fixed mock ports (architecture.md). */
export const VENDORS = Object.freeze([
  { id: "amplifier", port: 4010 },
  { id: "jiwa", port: 4011 },
  { id: "portos", port: 4012 },
  { id: "tlsecure", port: 4013 },
  { id: "amage", port: 4014 },
]);

export function specPath(vendor) {
  return join(ROOT, "specs", vendor, "openapi.yaml");
}

/** The vendors whose spec exists in this checkout. */
export function availableVendors() {
  return VENDORS.filter((v) => existsSync(specPath(v.id)));
}
