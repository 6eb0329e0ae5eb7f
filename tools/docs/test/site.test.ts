// The docs site, built for real and opened in headless Chromium with every non-loopback request blocked:
// each page must render all of its spec and nothing may try to leave the machine.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { isLoopback, launchChromium } from "../src/browser.js";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveDocs, type DocsServer } from "../src/serve.js";
import { VENDORS } from "@b2bkit/vendors";

const DOCS = fileURLToPath(new URL("..", import.meta.url));
const ROOT = join(DOCS, "../..");
const DIST = join(DOCS, "dist");
const RESULTS = join(DOCS, "test-results");
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const PORTS: Record<string, number> = Object.fromEntries(VENDORS.map((v) => [v.id, v.port]));

interface Operation {
  id: string | undefined;
  method: string;
  path: string;
  summary: string | undefined;
}
interface VendorSpec {
  vendor: string;
  title: string;
  version: string;
  operations: Operation[];
  assumptions: string[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

function collectAssumptions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) collectAssumptions(n, out);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === "x-assumption") out.push(String(v));
      else collectAssumptions(v, out);
    }
  }
  return out;
}

/** Read here, independently of the build's own code: the vendors in specs/ and what their pages must show. */
function specsInCheckout(): VendorSpec[] {
  const specsDir = join(ROOT, "specs");
  return readdirSync(specsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(specsDir, e.name, "openapi.yaml")))
    .map((e) => {
      const spec = parse(readFileSync(join(specsDir, e.name, "openapi.yaml"), "utf8")) as Json;
      const info = spec.info as Json;
      const operations: Operation[] = [];
      for (const [path, item] of Object.entries((spec.paths ?? {}) as Json)) {
        if (!isObject(item)) continue;
        for (const method of METHODS) {
          const op = item[method];
          if (!isObject(op)) continue;
          operations.push({
            id: typeof op.operationId === "string" ? op.operationId : undefined,
            method,
            path,
            summary: typeof op.summary === "string" ? op.summary : undefined,
          });
        }
      }
      return {
        vendor: e.name,
        title: String(info.title),
        version: String(info.version),
        operations,
        assumptions: collectAssumptions(spec),
      };
    });
}

/** The part of an assumption that renders as plain text: up to its first bit of Markdown. */
function plainPrefix(text: string): string {
  const prefix = text.replace(/\s+/g, " ").trim().split(/[`*_[\]<>]/)[0] ?? "";
  return prefix.trim();
}

function runBuild(): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(DOCS, "build.js")], { cwd: ROOT, stdio: "pipe" });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, out, err }));
  });
}

const isLocal = isLoopback;

const vendors = specsInCheckout();
let build: { code: number | null; out: string; err: string };
let server: DocsServer;
let browser: Browser;
let context: BrowserContext;
/** Every request that tried to leave the machine, whichever way it was seen. */
const outside: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  build = await runBuild();
  if (build.code !== 0) throw new Error(`docs build failed (exit ${build.code}):\n${build.err}\n${build.out}`);
  server = await serveDocs({ dir: DIST, port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: "block" });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    outside.push(`${route.request().method()} ${url}`);
    return route.abort("blockedbyclient");
  });
  context.on("request", (req) => {
    if (!isLocal(req.url()) && !outside.some((o) => o.endsWith(` ${req.url()}`))) outside.push(`${req.method()} ${req.url()}`);
  });
  mkdirSync(RESULTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(url: string): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(`${url}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") pageErrors.push(`${url}: console: ${m.text()}`);
  });
  page.on("websocket", (ws) => {
    if (!isLocal(ws.url())) outside.push(`WEBSOCKET ${ws.url()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  return page;
}

/** Waits for the page's Redoc.init callback; fails with Redoc's own message if it reported an error. */
async function redocReady(page: Page) {
  await page.waitForSelector("body[data-redoc]", { timeout: 60_000 });
  const state = await page.getAttribute("body", "data-redoc");
  if (state !== "ready") throw new Error(`Redoc failed: ${await page.textContent("#redoc")}`);
}

describe("pnpm docs:build", () => {
  it("builds every vendor of specs/ and prints a summary", () => {
    expect(vendors.length).toBeGreaterThan(0);
    for (const v of vendors) expect(build.out).toContain(`wrote ${v.vendor}.html`);
    expect(build.out).toMatch(/docs: \d+ pages, \d+ files, [\d.]+ (kB|MB) in .* \([\d.]+ s\)/);
  });

  it("writes a Redoc page, the YAML spec unchanged and the same spec as JSON per vendor, and the assets", () => {
    for (const v of vendors) {
      const yamlText = readFileSync(join(ROOT, "specs", v.vendor, "openapi.yaml"), "utf8");
      expect(existsSync(join(DIST, `${v.vendor}.html`))).toBe(true);
      expect(readFileSync(join(DIST, "specs", `${v.vendor}.yaml`), "utf8")).toBe(yamlText);
      expect(JSON.parse(readFileSync(join(DIST, "specs", `${v.vendor}.json`), "utf8"))).toEqual(parse(yamlText));
    }
    for (const asset of ["index.html", "assets/redoc.standalone.js", "assets/fonts.css"]) expect(existsSync(join(DIST, asset))).toBe(true);
    const fonts = readdirSync(join(DIST, "assets/fonts")).filter((f) => f.endsWith(".woff2"));
    expect(fonts.some((f) => f.startsWith("roboto-"))).toBe(true);
    expect(fonts.some((f) => f.startsWith("montserrat-"))).toBe(true);
  });

  it("refers to nothing outside the site that a browser would load", () => {
    const problems: string[] = [];
    const remote = /^\s*(?:[a-z][a-z0-9+.-]*:)?\/\//i; // http://, https://, //host, any scheme with a host
    for (const entry of readdirSync(DIST, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = join(entry.parentPath, entry.name);
      const name = relative(DIST, file);
      const ext = extname(file);
      if (ext === ".html") {
        // The embedded spec is data: its URLs become plain links at most, and the browser run checks that.
        const html = readFileSync(file, "utf8").replace(/<script type="application\/json"[^>]*>[\s\S]*?<\/script>/g, "");
        for (const tag of html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/gi)) {
          const [, name_, attrs = ""] = tag;
          for (const attr of attrs.matchAll(/\b(src|href|srcset|poster|data|action|formaction|background)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) {
            const value = (attr[2] ?? "").replace(/^["']|["']$/g, "");
            const isAnchor = name_?.toLowerCase() === "a" && attr[1]?.toLowerCase() === "href";
            if (remote.test(value) && !isAnchor) problems.push(`${name}: <${name_} ${attr[1]}="${value}">`);
          }
        }
        for (const m of html.matchAll(/url\(\s*['"]?([^'")]+)/g)) if (remote.test(m[1] ?? "")) problems.push(`${name}: url(${m[1]})`);
        for (const m of html.matchAll(/@import\s+(?:url\()?\s*['"]?([^'");]+)/g)) if (remote.test(m[1] ?? "")) problems.push(`${name}: @import ${m[1]}`);
        // The inline page script may not fetch anything either.
        for (const script of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) {
          if (/https?:|fetch\(|XMLHttpRequest|import\(/.test(script[1] ?? "")) problems.push(`${name}: inline script calls out`);
        }
      } else if (ext === ".css") {
        const css = readFileSync(file, "utf8");
        for (const m of css.matchAll(/url\(\s*['"]?([^'")]+)/g)) {
          const target = m[1] ?? "";
          if (remote.test(target)) problems.push(`${name}: url(${target})`);
          else if (!target.startsWith("data:") && !existsSync(join(file, "..", target))) problems.push(`${name}: url(${target}) is missing`);
        }
        if (/@import/.test(css)) problems.push(`${name}: @import`);
      }
    }
    // Redoc's bundle as shipped: the CDN logo taken out, and no other CDN or telemetry host in it.
    const redoc = readFileSync(join(DIST, "assets/redoc.standalone.js"), "utf8");
    for (const host of ["cdn.redoc.ly", "cdn.jsdelivr.net", "unpkg.com", "fonts.googleapis.com", "fonts.gstatic.com"]) {
      if (redoc.includes(host)) problems.push(`assets/redoc.standalone.js mentions ${host}`);
    }
    // Spec Markdown that embeds a remote image would be loaded by the browser.
    for (const v of vendors) {
      const text = readFileSync(join(DIST, "specs", `${v.vendor}.json`), "utf8");
      if (/!\[[^\]]*\]\(\s*(?:https?:)?\/\//.test(text) || /<(?:img|iframe|script|link)\b[^>]*(?:https?:)?\/\//i.test(text)) {
        problems.push(`specs/${v.vendor}: its Markdown embeds a remote resource`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe("the site in Chromium, network closed", () => {
  it("the index lists every vendor: API, auth, mock URL and port, packages, example, operations, links", async () => {
    const page = await openPage(`${server.url}/index.html`);
    expect(await page.title()).toBe("b2bkit API docs");
    const listed = await page.$$eval("[data-vendor]", (els) => els.map((e) => e.getAttribute("data-vendor")));
    expect([...listed].sort()).toEqual(vendors.map((v) => v.vendor).sort());
    for (const v of vendors) {
      const card = page.locator(`[data-vendor="${v.vendor}"]`);
      await expect(card.locator("h2").textContent()).resolves.toBe(v.title);
      const text = ((await card.textContent()) ?? "").replace(/\s+/g, " ");
      expect(text).toContain("Authentication");
      expect(text).toContain(`http://localhost:${PORTS[v.vendor]}`);
      expect(text).toContain(`pnpm mock ${v.vendor}`);
      expect(text).toContain(`pnpm add @b2bkit/${v.vendor}-client @b2bkit/${v.vendor}-auth`);
      const V = v.vendor.charAt(0).toUpperCase() + v.vendor.slice(1);
      expect(text).toContain(`const ${v.vendor} = create${V}Client(`);
      expect(text).toContain(`${v.vendor}Auth(`);
      // The example's call uses a real path of the spec.
      const call = /await \w+\.(GET|PUT|POST|DELETE|PATCH)\("([^"]+)"/.exec(text);
      expect(call, `${v.vendor}: no example call`).not.toBeNull();
      expect(v.operations.some((o) => o.method === call?.[1]?.toLowerCase() && o.path === call?.[2])).toBe(true);
      expect(text).toContain(`${v.operations.length} operation`);
      expect(await card.locator(`a[href="${v.vendor}.html"]`).count()).toBeGreaterThan(0);
      const download = card.locator(`a[href="specs/${v.vendor}.yaml"]`);
      expect(await download.count()).toBe(1);
      const res = await page.request.get(`${server.url}/specs/${v.vendor}.yaml`);
      expect(res.status()).toBe(200);
    }
    await page.screenshot({ path: join(RESULTS, "index.png"), fullPage: true });
    await page.close();
  });

  for (const v of vendors) {
    it(`${v.vendor}: renders all ${v.operations.length} operations and its assumptions`, async () => {
      const page = await openPage(`${server.url}/${v.vendor}.html`);
      await redocReady(page);
      expect(await page.title()).toBe(`${v.title} · b2bkit docs`);
      await expect(page.locator("#redoc h1").first().textContent()).resolves.toContain(v.title);

      // Redoc 2.5 renders each operation as an element with data-section-id="operation/<operationId>",
      // holding the summary as its heading.
      const rendered = await page.$$eval('[data-section-id^="operation/"]', (els) =>
        els.map((e) => ({ id: e.getAttribute("data-section-id"), heading: (e.querySelector("h2")?.textContent ?? "").trim() })),
      );
      expect(rendered).toHaveLength(v.operations.length);
      for (const op of v.operations) {
        const found = op.id ? rendered.find((r) => r.id === `operation/${op.id}`) : rendered.find((r) => r.heading === op.summary);
        expect(found, `${v.vendor}: ${op.method.toUpperCase()} ${op.path} not rendered`).toBeDefined();
        if (op.summary) expect(found?.heading).toBe(op.summary);
      }

      // Every x-assumption is on the page (the "All assumptions" section lists them), and the inline
      // "Assumption:" paragraphs are visible where they apply.
      const text = (await page.locator("#redoc").textContent()) ?? "";
      const squashed = text.replace(/\s+/g, " ");
      for (const a of v.assumptions) {
        const prefix = plainPrefix(a);
        if (prefix.length >= 12) expect(squashed, `${v.vendor}: assumption "${prefix}" not shown`).toContain(prefix);
      }
      if (v.assumptions.length) {
        const first = plainPrefix(v.assumptions.find((a) => plainPrefix(a).length >= 20) ?? "");
        const shown = page.getByText(first, { exact: false }).first();
        await shown.scrollIntoViewIfNeeded();
        await expect(shown.isVisible()).resolves.toBe(true);
        const marked = page.locator("#redoc strong", { hasText: /^Assumption:$/ });
        expect(await marked.count()).toBeGreaterThan(0);
        await marked.first().scrollIntoViewIfNeeded();
        await expect(marked.first().isVisible()).resolves.toBe(true);
      }

      // The download buttons point at the site's own spec files.
      const downloads = await page.$$eval("#redoc a[download], #redoc a[href^='specs/']", (els) => els.map((e) => e.getAttribute("href")));
      expect(downloads).toContain(`specs/${v.vendor}.yaml`);
      expect(downloads).toContain(`specs/${v.vendor}.json`);

      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(RESULTS, `${v.vendor}.png`), fullPage: true });
      expect(outside).toEqual([]);
      await page.close();
    });
  }

  it("a vendor page also renders from file:// (the spec is embedded, Redoc is local)", async () => {
    const smallest = [...vendors].sort((a, b) => a.operations.length - b.operations.length)[0];
    if (!smallest) throw new Error("no vendor spec in specs/");
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(DIST, `${smallest.vendor}.html`)).href);
    await redocReady(page);
    expect(await page.locator('[data-section-id^="operation/"]').count()).toBe(smallest.operations.length);
    await page.close();
  });

  it("no page raised an error, and no request tried to leave the machine", () => {
    expect(pageErrors).toEqual([]);
    expect(outside).toEqual([]);
  });
});
