// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
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
};

/** What `run` returns against the mock. */
export const expected = "string";
