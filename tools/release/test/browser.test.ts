import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, launchChromium } from "@b2bkit/docs/browser";
import { serveDocs } from "@b2bkit/docs";
import { freePort, startMock, type RunningMock } from "@b2bkit/mock";
import { VENDORS } from "@b2bkit/vendors";

// Every vendor's client and auth, bundled for the browser as an app would ship them, run in headless Chromium
// against that vendor's Prism mock (cross-origin, so CORS preflights are exercised too). Proves the packages need
// nothing but web-standard APIs: fetch, Headers, AbortSignal, Web Crypto. Each vendor's app is its client's
// test/browser-app.js: `run(baseUrl)` resolves with `{ value }` equal to its `expected`, `refused(baseUrl)` calls without
// credentials.
const vendors = VENDORS.map((v) => v.id);
const expected = new Map<string, unknown>();
// What a call without credentials gives: the 401's ApiError, unless the app says the vendor takes none (`refusal`).
const refusal = new Map<string, unknown>();
const mocks = new Map<string, RunningMock>();
const outside: string[] = [];
let dir: string;
let site: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "b2bkit-browser-"));
  for (const v of VENDORS) {
    const app = join(v.clientDir, "test", "browser-app.js");
    const module = (await import(pathToFileURL(app).href)) as { expected: unknown; refusal?: string };
    expected.set(v.id, module.expected);
    refusal.set(v.id, module.refusal ?? "ApiError 401");
    await build({
      entryPoints: [app],
      // The vendor's own packages, as an app that installed them would resolve them.
      alias: { [v.client]: v.clientDir, [v.auth]: v.authDir },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(dir, `${v.id}.js`),
      logLevel: "silent",
    });
    writeFileSync(join(dir, `${v.id}.html`), `<!doctype html><title>${v.id}</title><script type="module">import * as app from "./${v.id}.js"; window.app = app;</script>`);
  }
  const started = await Promise.all(vendors.map(async (v) => startMock({ vendor: v, port: await freePort() })));
  for (const m of started) mocks.set(m.vendor, m);
  site = await serveDocs({ dir, port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await Promise.all([...mocks.values()].map((m) => m.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(vendor: string): Promise<Page> {
  const page = await browser.newPage();
  await page.route("**/*", (route) => {
    if (isLoopback(route.request().url())) return route.continue();
    outside.push(route.request().url());
    return route.abort("blockedbyclient");
  });
  await page.goto(`${site.url}/${vendor}.html`);
  await page.waitForFunction(() => "app" in window);
  return page;
}

describe.each(vendors)("%s in a real browser", (vendor) => {
  it("signs in, calls the mock across origins and gets typed data back", async () => {
    const page = await open(vendor);
    const result = await page.evaluate((url) => (window as unknown as { app: { run(u: string): Promise<{ value: unknown }> } }).app.run(url), mocks.get(vendor)!.url);
    expect(result.value).toBe(expected.get(vendor));
    await page.close();
  });

  it("answers a call without credentials with the ApiError of the 401", async () => {
    const page = await open(vendor);
    const result = await page.evaluate((url) => (window as unknown as { app: { refused(u: string): Promise<string> } }).app.refused(url), mocks.get(vendor)!.url);
    expect(result).toBe(refusal.get(vendor));
    await page.close();
  });

  it("made no request beyond this machine", () => {
    expect(outside).toEqual([]);
  });
});
