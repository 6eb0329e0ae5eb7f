// The one list of vendors: read from each spec's x-b2bkit block, checked, and the only place a vendor's id and port
// are written outside its own folders (the README's table is generated from it).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ManifestError, ROOT, VENDORS, nextPort, readVendors } from "../src/index.js";
import { freePortOffset, portOffset } from "../src/cli.js";
import { END, START, vendorTable, withTable } from "../src/readme.js";

const BLOCK = () => `openapi: 3.1.0
x-b2bkit:
  name: Acme
  covers: widgets
  mockPort: 5100
  credentials: "{ apiKey }"
  bundleCeiling: 12000
info: { title: Acme, version: "1" }
paths: {}
`;

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function checkout(specs: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), "b2bkit-vendors-"));
  dirs.push(root);
  for (const [id, text] of Object.entries(specs)) {
    mkdirSync(join(root, "specs", id), { recursive: true });
    writeFileSync(join(root, "specs", id, "openapi.yaml"), text);
  }
  return root;
}

describe("the vendor list", () => {
  it("holds every spec of the checkout, ordered by port, with its packages", () => {
    const ids = VENDORS.map((v) => v.id);
    const specs = readdirSync(join(ROOT, "specs")).filter((id) => existsSync(join(ROOT, "specs", id, "openapi.yaml")));
    expect([...ids].sort()).toEqual(specs.sort());
    const ports = VENDORS.map((v) => v.port);
    expect(ports).toEqual([...ports].sort((a, b) => a - b));
    expect(new Set(ports).size).toBe(ports.length);
    for (const v of VENDORS) {
      expect(JSON.parse(readFileSync(join(v.clientDir, "package.json"), "utf8")).name).toBe(v.client);
      expect(JSON.parse(readFileSync(join(v.authDir, "package.json"), "utf8")).name).toBe(v.auth);
    }
    expect(nextPort()).toBe(Math.max(...ports) + 1);
  });

  it("refuses a missing or wrong block, a bad id and a taken port, naming the file, the field and the fix", () => {
    const read = (specs: Record<string, string>) => {
      try {
        readVendors(checkout(specs));
        return "";
      } catch (err) {
        expect(err).toBeInstanceOf(ManifestError);
        return (err as Error).message;
      }
    };
    expect(read({ acme: BLOCK().replace(/x-b2bkit:[\s\S]*?bundleCeiling: 12000\n/, "") })).toBe(
      'specs/acme/openapi.yaml: no x-b2bkit block; add one at the top level with name, covers, mockPort, credentials, bundleCeiling (see README, "Layout")',
    );
    expect(read({ acme: BLOCK().replace("mockPort: 5100", "mockPort: 80") })).toBe("specs/acme/openapi.yaml: x-b2bkit.mockPort 80 is outside 4001–32767");
    expect(read({ acme: BLOCK().replace("  covers: widgets\n", "") })).toBe("specs/acme/openapi.yaml: x-b2bkit.covers is missing: what the client covers, one line for the README's vendor table");
    expect(read({ acme: BLOCK().replace("bundleCeiling: 12000\n", 'bundleCeiling: 12000\n  example: "POST /x"\n') })).toBe('specs/acme/openapi.yaml: x-b2bkit.example is "GET /path" of an operation to show in the docs, got "POST /x"');
    expect(read({ "Acme-2": BLOCK() })).toBe("specs/Acme-2/: a vendor id is 2–30 lowercase letters and digits, starting with a letter");
    expect(read({ acme: BLOCK(), zeta: BLOCK() })).toBe("specs/acme/openapi.yaml and specs/zeta/openapi.yaml both take mock port 5100: give one of them another x-b2bkit.mockPort");
    expect(read({ acme: "openapi: [" })).toMatch(/^specs\/acme\/openapi\.yaml: not valid YAML/);
  });
});

describe("the README", () => {
  it("shows the generated vendor table (pnpm vendors --write-readme rewrites it)", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    expect(readme, "run pnpm vendors --write-readme").toContain(`${START}\n${vendorTable()}\n${END}`);
    expect(withTable(readme)).toBe(readme);
  });
});

describe("a vendor's port", () => {
  it("is written nowhere outside its own folders but in the generated table, and inside them only as its port", () => {
    // Tracked files and new ones not ignored (a vendor just scaffolded counts too).
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").filter((f) => existsSync(join(ROOT, f)));
    const generated = (text: string) => text.replace(new RegExp(`${START.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\s\\S]*?${END}`), "");
    for (const v of VENDORS) {
      const own = (f: string) => f.startsWith(`specs/${v.id}/`) || f.startsWith(`packages/${v.id}-client/`) || f.startsWith(`packages/${v.id}-auth/`);
      const port = new RegExp(`\\b${v.port}\\b`);
      const outside = files.filter((f) => !own(f) && !/(^|\/)CHANGELOG\.md$|^\.changeset\/|pnpm-lock\.yaml$/.test(f) && /\.(js|ts|json|ya?ml|md)$/.test(f) && port.test(generated(readFileSync(join(ROOT, f), "utf8"))));
      expect(outside, `${v.id}'s port ${v.port} written outside its folders`).toEqual([]);
      // Inside, every localhost URL is the vendor's own mock.
      for (const f of files.filter(own).filter((f) => /\.(ts|md|ya?ml)$/.test(f))) {
        for (const m of readFileSync(join(ROOT, f), "utf8").matchAll(/localhost:(\d{4,5})/g)) expect(Number(m[1]), `${f}: ${m[0]}`).toBe(v.port);
      }
    }
  });
});

describe("--port-offset", () => {
  it("reads both spellings and refuses what is not a whole number from 0 to 60000", () => {
    expect(portOffset(["amage", "--port-offset=100"])).toEqual({ offset: 100, rest: ["amage"] });
    expect(portOffset(["--port-offset", "7", "--quiet"])).toEqual({ offset: 7, rest: ["--quiet"] });
    expect(portOffset([])).toEqual({ offset: 0, rest: [] });
    for (const bad of ["-3", "1.5", "abc", "60001", ""]) expect(() => portOffset([`--port-offset=${bad}`]), bad).toThrow(`--port-offset takes a whole number from 0 to 60000, got "${bad}"`);
  });

  it("freePortOffset: an offset --port-offset accepts, under which every one of the ports can be bound now", async () => {
    const ports = [4000, 4500, 4600];
    const offset = await freePortOffset(ports);
    expect(portOffset([`--port-offset=${offset}`]).offset).toBe(offset);
    for (const port of ports.map((p) => p + offset)) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
      await new Promise((r) => server.close(r));
    }
  });
});
