import { afterAll, beforeAll, beforeEach } from "vitest";
import { startProxy } from "./index.js";
import { json, testServer } from "./test-server.js";

const fallback = (_req, res) => json(res, 500, {});

/**
 * For the tests of one describe block: a scripted upstream behind Prism's validating proxy of the vendor's spec, so a
 * test sees what Prism finds in an answer a real server might give.
 *
 *   const real = proxiedUpstream("portos");
 *   real.answer = (req, res) => json(res, 200, body);   // this test's upstream
 *   await fetch(real.url + "/customers");               // through the proxy: `sl-violations` says what disagrees
 *
 * The answer is reset to a 500 before each test.
 */
export function proxiedUpstream(vendor) {
  const state = { url: "", answer: fallback };
  let upstream;
  let proxy;
  beforeAll(async () => {
    upstream = await testServer((req, res) => state.answer(req, res));
    proxy = await startProxy({ vendor, upstream: upstream.url });
    state.url = proxy.url;
  });
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close();
  });
  beforeEach(() => {
    state.answer = fallback;
  });
  return state;
}

/** The violations Prism reported for an exchange, parsed from its `sl-violations` header (none: []). */
export function violations(response) {
  const header = response.headers.get("sl-violations");
  return header ? JSON.parse(header) : [];
}

/** The same, as `location: message` lines. */
export function violationLines(response) {
  return violations(response).map((v) => `${v.location.join(".")}: ${v.message}`);
}
