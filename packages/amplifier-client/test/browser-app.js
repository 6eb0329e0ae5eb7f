// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
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
};

/** What `run` returns against the mock. */
export const expected = true;
