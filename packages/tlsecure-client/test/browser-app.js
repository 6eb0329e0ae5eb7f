// The browser check of pnpm test (tools/release/test/browser.test.ts): bundled for the browser as an app would ship
// it, and run in headless Chromium against this vendor's Prism mock, across origins.
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
};

/** What `run` returns against the mock. */
export const expected = true;
