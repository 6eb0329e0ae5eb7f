import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isLoopback, launchChromium } from "@b2bkit/docs/browser";
import { serveDocs } from "@b2bkit/docs";
import { freePort, startMock, type RunningMock } from "@b2bkit/mock";

// Every vendor's client and auth, bundled for the browser as an app would ship them, run in headless Chromium
// against that vendor's Prism mock (cross-origin, so CORS preflights are exercised too). Proves the packages need
// nothing but web-standard APIs: fetch, Headers, AbortSignal, Web Crypto.
const APPS: Record<string, string> = {
  amage: `
    import { createAmageClient, unwrap } from "@b2bkit/amage-client";
    import { amageAuth } from "@b2bkit/amage-auth";
    export const run = async (baseUrl) => {
      const amage = createAmageClient({ baseUrl, auth: amageAuth({ deviceUuid: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47", apiKey: "key", secret: "secret" }) });
      return { value: await unwrap(amage.GET("/rest/amage/v1/deliveries/count")) };
    };
    export const refused = async (baseUrl) => {
      try { await unwrap(createAmageClient({ baseUrl }).GET("/rest/amage/v1/orders/count")); return "no error"; }
      catch (e) { return e.name + " " + e.status; }
    };`,
  jiwa: `
    import { createJiwaClient, unwrap } from "@b2bkit/jiwa-client";
    import { jiwaAuth } from "@b2bkit/jiwa-auth";
    export const run = async (baseUrl) => {
      const jiwa = createJiwaClient({ baseUrl, auth: jiwaAuth({ apiKey: "browser-api-key" }) });
      const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID: "000000000K00000000BQ" } } }));
      return { value: typeof item.PartNo };
    };
    export const refused = async (baseUrl) => {
      try { await unwrap(createJiwaClient({ baseUrl }).GET("/Inventory/{InventoryID}", { params: { path: { InventoryID: "x" } } })); return "no error"; }
      catch (e) { return e.name + " " + e.status; }
    };`,
  amplifier: `
    import { createAmplifierClient, unwrap } from "@b2bkit/amplifier-client";
    import { amplifierAuth } from "@b2bkit/amplifier-auth";
    export const run = async (baseUrl) => {
      const amplifier = createAmplifierClient({ baseUrl, auth: amplifierAuth({ authUrl: baseUrl + "/auth/", username: "erp", password: "pw" }) });
      const orders = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
      return { value: Array.isArray(orders) };
    };
    export const refused = async (baseUrl) => {
      try { await unwrap(createAmplifierClient({ baseUrl }).GET("/complaints-translator/")); return "no error"; }
      catch (e) { return e.name + " " + e.status; }
    };`,
  portos: `
    import { createPortosClient, unwrap } from "@b2bkit/portos-client";
    import { portosAuth } from "@b2bkit/portos-auth";
    export const run = async (baseUrl) => {
      const portos = createPortosClient({ baseUrl, auth: portosAuth({ userName: "999", password: "pw", deviceName: "P01" }) });
      const page = await unwrap(portos.GET("/customers", { params: { query: { $take: 10 } } }));
      return { value: Array.isArray(page.items) };
    };
    export const refused = async (baseUrl) => {
      try { await unwrap(createPortosClient({ baseUrl }).GET("/customers")); return "no error"; }
      catch (e) { return e.name + " " + e.status; }
    };`,
  tlsecure: `
    import { createTlsecureClient, unwrap } from "@b2bkit/tlsecure-client";
    import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
    export const run = async (baseUrl) => {
      const tls = createTlsecureClient({ baseUrl, domainCode: "00000", auth: tlsecureAuth({ domainCode: "00000" }) });
      const answer = await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/b2b"));
      return { value: Array.isArray(answer.companies?.company) };
    };
    export const refused = async (baseUrl) => {
      try { await unwrap(createTlsecureClient({ baseUrl, domainCode: "00000" }).GET("/api/{returnType}/{domainCode}/customer/b2b")); return "no error"; }
      catch (e) { return e.name + " " + e.status; }
    };`,
};
const EXPECTED: Record<string, unknown> = { amage: 123456, jiwa: "string", amplifier: true, portos: true, tlsecure: true };

const vendors = Object.keys(APPS);
const mocks = new Map<string, RunningMock>();
const outside: string[] = [];
let dir: string;
let site: { url: string; close(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "b2bkit-browser-"));
  for (const v of vendors) {
    await build({
      stdin: { contents: APPS[v]!, resolveDir: join(import.meta.dirname, ".."), loader: "js" },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      outfile: join(dir, `${v}.js`),
      logLevel: "silent",
    });
    writeFileSync(join(dir, `${v}.html`), `<!doctype html><title>${v}</title><script type="module">import * as app from "./${v}.js"; window.app = app;</script>`);
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
    expect(result.value).toBe(EXPECTED[vendor]);
    await page.close();
  });

  it("answers a call without credentials with the ApiError of the 401", async () => {
    const page = await open(vendor);
    const result = await page.evaluate((url) => (window as unknown as { app: { refused(u: string): Promise<string> } }).app.refused(url), mocks.get(vendor)!.url);
    expect(result).toBe("ApiError 401");
    await page.close();
  });

  it("made no request beyond this machine", () => {
    expect(outside).toEqual([]);
  });
});
