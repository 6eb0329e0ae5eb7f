// serveDocs: the static server of the built site.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs, type DocsServer } from "../src/serve.js";

let dir: string;
let outsideDir: string;
let server: DocsServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "b2bkit-serve-"));
  outsideDir = mkdtempSync(join(tmpdir(), "b2bkit-outside-"));
  writeFileSync(join(outsideDir, "secret.txt"), "secret");
  writeFileSync(join(dir, "index.html"), "<h1>index</h1>");
  writeFileSync(join(dir, "jiwa.html"), "<h1>jiwa</h1>");
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "fonts.css"), "body{}");
  writeFileSync(join(dir, "assets", "f.woff2"), "x");
  writeFileSync(join(dir, "assets", "redoc.js"), "1");
  mkdirSync(join(dir, "specs"));
  writeFileSync(join(dir, "specs", "jiwa.yaml"), "openapi: 3.1.0\n");
  writeFileSync(join(dir, "specs", "jiwa.json"), "{}");
  symlinkSync(join(outsideDir, "secret.txt"), join(dir, "link.txt"));
  server = await serveDocs({ dir, port: 0 });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outsideDir, { recursive: true, force: true });
});

/** A raw request, so paths such as /../x reach the server as written. */
function get(path: string, method = "GET"): Promise<{ status: number; type: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { method }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"], body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("serveDocs", () => {
  it("resolves a loopback URL on a free port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
  });

  it("serves files with their content type, / as index.html and /jiwa as jiwa.html", async () => {
    const cases: Array<[string, string]> = [
      ["/", "text/html; charset=utf-8"],
      ["/jiwa", "text/html; charset=utf-8"],
      ["/jiwa.html", "text/html; charset=utf-8"],
      ["/assets/fonts.css", "text/css; charset=utf-8"],
      ["/assets/redoc.js", "text/javascript; charset=utf-8"],
      ["/assets/f.woff2", "font/woff2"],
      ["/specs/jiwa.yaml", "application/yaml; charset=utf-8"],
      ["/specs/jiwa.json", "application/json; charset=utf-8"],
      ["/jiwa.html?x=1#y", "text/html; charset=utf-8"],
    ];
    for (const [path, type] of cases) {
      const r = await get(path);
      expect([path, r.status, r.type]).toEqual([path, 200, type]);
    }
    expect((await get("/")).body).toBe("<h1>index</h1>");
  });

  it("answers 404 for what is missing, a folder, or anything outside the folder", async () => {
    for (const path of ["/nope.html", "/assets/", "/assets", "/../package.json", "/%2e%2e/%2e%2e/package.json", "/assets/..%2f..%2fpackage.json", "/link.txt"]) {
      expect([path, (await get(path)).status]).toEqual([path, 404]);
    }
    expect((await get("/link.txt")).body).not.toContain("secret");
  });

  it("answers 400 to a malformed path and 405 to anything but GET and HEAD", async () => {
    expect((await get("/%E0%A4%A")).status).toBe(400);
    expect((await get("/a%00b")).status).toBe(400);
    expect((await get("/", "POST")).status).toBe(405);
    const head = await get("/jiwa.html", "HEAD");
    expect([head.status, head.body]).toEqual([200, ""]);
  });
});
