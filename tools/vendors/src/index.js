// The one list of vendors. A vendor is a folder `specs/<id>/` whose `openapi.yaml` carries an `x-b2bkit` block with
// the facts the tools need (display name, mock port, what the docs' example shows, the bundle ceiling); its packages
// are `packages/<id>-client` (`@b2bkit/<id>-client`) and `packages/<id>-auth` (`@b2bkit/<id>-auth`). Mock, dev, docs,
// the release checks, the lint config and the README's vendor table all read this list: adding a vendor is adding its
// folders, and no other file names its id or its port.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** A vendor id: the folder name under specs/, and the middle of its package names. */
export const ID = /^[a-z][a-z0-9]{1,29}$/;

/** Mock ports a vendor may take: above the docs server's 4000, below the ports the OS hands out. */
export const PORTS = { min: 4001, max: 32767 };

export class ManifestError extends Error {
  name = "ManifestError";
}

const FIELDS = {
  name: "the vendor's display name, e.g. Amplifier",
  covers: "what the client covers, one line for the README's vendor table",
  mockPort: `the fixed port of its mock, a whole number from ${PORTS.min} to ${PORTS.max} no other vendor uses`,
  credentials: "what its auth function takes, as the docs' example shows it, e.g. { username, password } (empty for none)",
  bundleCeiling: "the gzipped bytes its browser bundle may reach (pnpm size)",
};

export function specPath(id, root = ROOT) {
  return join(root, "specs", id, "openapi.yaml");
}

/** One vendor's facts from its spec, checked; a ManifestError naming the file, the field and the fix otherwise. */
export function readVendor(id, root = ROOT) {
  const file = specPath(id, root);
  const shown = `specs/${id}/openapi.yaml`;
  if (!ID.test(id)) throw new ManifestError(`specs/${id}/: a vendor id is 2–30 lowercase letters and digits, starting with a letter`);
  let spec;
  try {
    spec = parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ManifestError(`${shown}: ${err.code === "ENOENT" ? "missing" : `not valid YAML (${err.message.split("\n")[0]})`}`);
  }
  const block = spec?.["x-b2bkit"];
  if (!block || typeof block !== "object") {
    throw new ManifestError(`${shown}: no x-b2bkit block; add one at the top level with ${Object.keys(FIELDS).join(", ")} (see README, "Layout")`);
  }
  for (const [field, what] of Object.entries(FIELDS)) {
    const value = block[field];
    // `credentials` may be empty: a vendor without auth (its auth function takes nothing).
    const ok = field === "mockPort" || field === "bundleCeiling" ? Number.isInteger(value) && value > 0 : typeof value === "string" && (field === "credentials" || value.trim() !== "");
    if (!ok) throw new ManifestError(`${shown}: x-b2bkit.${field} is ${value === undefined ? "missing" : `invalid (${JSON.stringify(value)})`}: ${what}`);
  }
  if (block.mockPort < PORTS.min || block.mockPort > PORTS.max) throw new ManifestError(`${shown}: x-b2bkit.mockPort ${block.mockPort} is outside ${PORTS.min}–${PORTS.max}`);
  if (block.example !== undefined && !/^GET \/\S*$/.test(block.example)) throw new ManifestError(`${shown}: x-b2bkit.example is "GET /path" of an operation to show in the docs, got ${JSON.stringify(block.example)}`);
  const filledPathParams = block.filledPathParams ?? [];
  if (!Array.isArray(filledPathParams) || filledPathParams.some((p) => typeof p !== "string")) throw new ManifestError(`${shown}: x-b2bkit.filledPathParams is a list of path parameter names the client fills itself`);
  const clientOptions = block.clientOptions ?? {};
  if (typeof clientOptions !== "object" || Array.isArray(clientOptions) || Object.values(clientOptions).some((v) => typeof v !== "string")) {
    throw new ManifestError(`${shown}: x-b2bkit.clientOptions maps an option of create<V>Client to the code the docs' example passes, e.g. domainCode: '"00000"'`);
  }
  return {
    id,
    name: block.name,
    fullName: typeof block.fullName === "string" ? block.fullName : block.name,
    covers: block.covers,
    port: block.mockPort,
    credentials: block.credentials,
    ...(block.example ? { example: block.example } : {}),
    clientOptions: Object.entries(clientOptions),
    filledPathParams,
    bundleCeiling: block.bundleCeiling,
    spec: file,
    client: `@b2bkit/${id}-client`,
    auth: `@b2bkit/${id}-auth`,
    clientDir: join(root, "packages", `${id}-client`),
    authDir: join(root, "packages", `${id}-auth`),
  };
}

/** The ids of the checkout's vendors: the folders under specs/ that hold an openapi.yaml, sorted. */
export function vendorIds(root = ROOT) {
  const dir = join(root, "specs");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(specPath(e.name, root)))
    .map((e) => e.name)
    .sort();
}

/** A ManifestError when two vendors claim the same mock port. */
export function checkPorts(vendors) {
  const byPort = new Map();
  for (const v of vendors) {
    const other = byPort.get(v.port);
    if (other) throw new ManifestError(`specs/${other.id}/openapi.yaml and specs/${v.id}/openapi.yaml both take mock port ${v.port}: give one of them another x-b2bkit.mockPort`);
    byPort.set(v.port, v);
  }
}

/**
 * Every vendor of the checkout, ordered by mock port. Throws a ManifestError when a block is missing or wrong, or when
 * two vendors claim the same port.
 */
export function readVendors(root = ROOT) {
  const vendors = vendorIds(root).map((id) => readVendor(id, root)).sort((a, b) => a.port - b.port);
  checkPorts(vendors);
  return vendors;
}

/**
 * The vendors of this checkout, read once. A spec whose block is wrong stops every tool with the file, the field and
 * the fix, not a stack trace.
 */
export const VENDORS = Object.freeze(
  (() => {
    try {
      return readVendors();
    } catch (err) {
      if (!(err instanceof ManifestError)) throw err;
      console.error(`b2bkit: ${err.message}`);
      process.exit(1);
    }
  })(),
);

/** The first free mock port after every taken one. */
export function nextPort(vendors = VENDORS) {
  return Math.max(4009, ...vendors.map((v) => v.port)) + 1;
}
