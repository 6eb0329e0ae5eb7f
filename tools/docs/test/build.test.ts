// build.js as a command: a broken spec stops the build with a message naming the file and the reason (and
// leaves the previous site alone); a vendor without a spec is simply left out.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const DOCS = fileURLToPath(new URL("..", import.meta.url));

function build(root: string, out: string, ...extra: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DOCS, "build.js"), "--root", root, "--out", out, ...extra], { stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out: stdout, err: stderr }));
  });
}

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function checkout(specs: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "b2bkit-docs-"));
  dirs.push(root);
  for (const [vendor, text] of Object.entries(specs)) {
    mkdirSync(join(root, "specs", vendor), { recursive: true });
    writeFileSync(join(root, "specs", vendor, "openapi.yaml"), text);
  }
  return root;
}

const MINIMAL = `openapi: 3.1.0
x-b2bkit: { name: Portos, covers: customers, mockPort: 5012, credentials: "{ userName, password, deviceName }", bundleCeiling: 12000 }
info: { title: Minimal Portos, version: 0.0.1 }
paths:
  /customers:
    get:
      operationId: listCustomers
      summary: List customers
      x-assumption: An assumption.
      responses:
        "200": { description: OK, content: { application/json: { schema: { $ref: "#/components/schemas/Customer" } } } }
components:
  schemas:
    Customer: { type: object }
`;

describe("node tools/docs/build.js", () => {
  it("builds a page for each vendor of the checkout, whatever they are, in the order of their ports", async () => {
    const acme = MINIMAL.replace("name: Portos", "name: Acme Trade").replace("mockPort: 5012", "mockPort: 5009");
    const root = checkout({ portos: MINIMAL, acme });
    const r = await build(root, join(root, "dist"));
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    for (const id of ["portos", "acme"]) expect(existsSync(join(root, `dist/${id}.html`)), id).toBe(true);
    expect(existsSync(join(root, "dist/jiwa.html"))).toBe(false);
    const index = readFileSync(join(root, "dist/index.html"), "utf8");
    expect(index).toContain('data-vendor="portos"');
    expect(index).toContain("Acme Trade");
    expect(index).toContain("http://localhost:5009");
    expect(index).not.toContain('data-vendor="jiwa"');
    expect(index.indexOf('data-vendor="acme"')).toBeLessThan(index.indexOf('data-vendor="portos"'));
  });

  it("refuses a spec without its x-b2bkit facts, and two vendors on one port, naming the file and the fix", async () => {
    const root = checkout({
      portos: MINIMAL,
      acme: MINIMAL.replace(/^x-b2bkit:.*\n/m, ""),
      zeta: MINIMAL.replace("mockPort: 5012", "mockPort: 5012"),
      beta: MINIMAL.replace("bundleCeiling: 12000", "bundleCeiling: lots"),
    });
    const r = await build(root, join(root, "dist"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("specs/acme/openapi.yaml: no x-b2bkit block; add one at the top level with name, covers, mockPort, credentials, bundleCeiling");
    expect(r.err).toContain('specs/beta/openapi.yaml: x-b2bkit.bundleCeiling is invalid ("lots"): the gzipped bytes its browser bundle may reach (pnpm size)');
    expect(r.err).toContain("specs/portos/openapi.yaml and specs/zeta/openapi.yaml both take mock port 5012: give one of them another x-b2bkit.mockPort");
  });

  it("shows the mock ports of a `pnpm dev --port-offset=N` when built with that offset, and refuses a bad one", async () => {
    const root = checkout({ portos: MINIMAL });
    const plain = await build(root, join(root, "plain"));
    expect(plain.code).toBe(0);
    expect(readFileSync(join(root, "plain", "index.html"), "utf8")).toContain("http://localhost:5012");
    const shifted = await build(root, join(root, "shifted"), "--port-offset=200");
    expect(shifted.code).toBe(0);
    const index = readFileSync(join(root, "shifted", "index.html"), "utf8");
    expect(index).toContain("http://localhost:5212");
    expect(index).toContain("pnpm mock portos --port-offset=200");
    expect(index).not.toContain("localhost:5012");
    expect(readFileSync(join(root, "shifted", "portos.html"), "utf8")).toContain("http://localhost:5212");
    const bad = await build(root, join(root, "bad"), "--port-offset=-3");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain("--port-offset takes a whole number");
  });

  it("stops on broken specs, naming each file and what is wrong, and keeps the previous site", async () => {
    const root = checkout({
      jiwa: "openapi: 3.1.0\ninfo:\n  title: Jiwa\n   version: 1\n",
      amage: MINIMAL.replace("#/components/schemas/Customer", "#/components/schemas/Nope").replace("5012", "5014"),
      tlsecure: MINIMAL.replace("openapi: 3.1.0", "swagger: '2.0'").replace("5012", "5013"),
    });
    const out = join(root, "dist");
    mkdirSync(out);
    writeFileSync(join(out, "index.html"), "previous site");
    const r = await build(root, out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("docs: build failed: 3 specs are broken");
    expect(r.err).toContain("specs/jiwa/openapi.yaml: not valid YAML");
    expect(r.err).toContain('specs/amage/openapi.yaml: not a usable OpenAPI document');
    expect(r.err).toContain('$ref "#/components/schemas/Nope" does not resolve');
    expect(r.err).toContain("specs/tlsecure/openapi.yaml");
    expect(r.err).toContain("`openapi` must be 3.0.x or 3.1.x");
    expect(r.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(readFileSync(join(out, "index.html"), "utf8")).toBe("previous site");
  });

  it("refuses a $ref to another file: the page embeds one document", async () => {
    const root = checkout({ portos: MINIMAL.replace("#/components/schemas/Customer", "./schemas.yaml#/Customer") });
    const r = await build(root, join(root, "dist"));
    expect(r.code).toBe(1);
    expect(r.err).toContain('"./schemas.yaml#/Customer" points to another file');
  });

  it("keeps the downloadable spec as written and shows x-assumption in the page's copy", async () => {
    const root = checkout({ portos: MINIMAL });
    const r = await build(root, join(root, "dist"));
    expect(r.code).toBe(0);
    expect(readFileSync(join(root, "dist/specs/portos.yaml"), "utf8")).toBe(MINIMAL);
    const json = JSON.parse(readFileSync(join(root, "dist/specs/portos.json"), "utf8"));
    expect(json.paths["/customers"].get.description).toBeUndefined();
    const html = readFileSync(join(root, "dist/portos.html"), "utf8");
    const embedded = /<script type="application\/json" id="openapi-spec">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    const spec = JSON.parse(embedded);
    expect(spec.paths["/customers"].get.description).toBe("**Assumption:** An assumption.");
    expect(spec.info.description).toContain("## All assumptions (1)");
    expect(spec.info.description).toContain("[`GET /customers`](#operation/listCustomers): An assumption.");
  });
});
