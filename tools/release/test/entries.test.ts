import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { json, testServer } from "@b2bkit/mock/test-server";
import { publishedPackages } from "../packages.js";

// What a consumer gets: each published package loads from CommonJS (require) and from ESM (import), with the same
// exports, and uses no Node built-in (the packages must run in browsers and workers too).
describe.each(publishedPackages().map((p) => [p.manifest.name as string, p.dir as string]))("%s", (name, dir) => {
  it("loads from CommonJS and from ESM with the same exports", async () => {
    const require = createRequire(join(dir, "package.json"));
    const cjs = require(name) as Record<string, unknown>;
    const esm = (await import(pathToFileURL(join(dir, "dist", "index.js")).href)) as Record<string, unknown>;
    expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).filter((k) => k !== "default").sort());
    expect(Object.keys(cjs).length).toBeGreaterThan(0);
  });

  it("imports no Node built-in", async () => {
    const { readFileSync, readdirSync } = await import("node:fs");
    // Every built file: the entries and the chunks they share (core's `internal`).
    for (const file of readdirSync(join(dir, "dist")).filter((f) => /\.c?js$/.test(f))) {
      const code = readFileSync(join(dir, "dist", file), "utf8");
      expect(code).not.toMatch(/(?:from\s*|require\(\s*|import\(\s*)["']node:/);
    }
  });
});

// Loading is not enough: a CommonJS build can load and still hand over a dependency's module object where its
// function was meant. Each client is created and makes a call from require() and from import.
const clients = publishedPackages()
  .map((p) => [/^@b2bkit\/(.+)-client$/.exec(p.manifest.name as string)?.[1], p.manifest.name as string, p.dir as string])
  .filter((row): row is [string, string, string] => row[0] !== undefined);

describe.each(clients)("%s client", (vendor, name, dir) => {
  const factory = `create${vendor[0]!.toUpperCase()}${vendor.slice(1)}Client`;
  type Factory = (options: Record<string, unknown>) => { GET(path: string, init?: unknown): Promise<{ data?: unknown; response: Response }> };

  async function call(load: () => Promise<Record<string, unknown>>) {
    const server = await testServer((_req, res) => json(res, 200, { ok: vendor }));
    try {
      const create = (await load())[factory] as Factory;
      const client = create({ baseUrl: server.url, domainCode: "00000" });
      const { data, response } = await client.GET("/ping");
      return { data, status: response.status, seen: server.seen.length };
    } finally {
      await server.close();
    }
  }

  it("creates a client that calls the API, from CommonJS", async () => {
    const require = createRequire(join(dir, "package.json"));
    expect(await call(async () => require(name) as Record<string, unknown>)).toEqual({ data: { ok: vendor }, status: 200, seen: 1 });
  });

  it("creates a client that calls the API, from ESM", async () => {
    const load = () => import(pathToFileURL(join(dir, "dist", "index.js")).href) as Promise<Record<string, unknown>>;
    expect(await call(load)).toEqual({ data: { ok: vendor }, status: 200, seen: 1 });
  });
});
