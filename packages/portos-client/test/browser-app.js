// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
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
};

/** What `run` returns against the mock. */
export const expected = true;
