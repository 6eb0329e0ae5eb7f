// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
import { createAmageClient, unwrap } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";
export const run = async (baseUrl) => {
  const amage = createAmageClient({ baseUrl, auth: amageAuth({ deviceUuid: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47", apiKey: "key", secret: "secret" }) });
  return { value: await unwrap(amage.GET("/rest/amage/v1/deliveries/count")) };
};
export const refused = async (baseUrl) => {
  try { await unwrap(createAmageClient({ baseUrl }).GET("/rest/amage/v1/orders/count")); return "no error"; }
  catch (e) { return e.name + " " + e.status; }
};

/** What `run` returns against the mock. */
export const expected = 1;
