// Failures played by the mock with Prism's Prefer header: a 404 on one call, and a login refused. Only for a mock (a
// real server ignores Prefer and this script then fails: nothing is refused). Writes nothing.
import { isB2bkitError } from "@b2bkit/core";
import { createPortosClient, unwrap } from "@b2bkit/portos-client";
import { portosAuth } from "@b2bkit/portos-auth";

const credentials = { userName: process.env.B2BKIT_PORTOS_USERNAME!, password: process.env.B2BKIT_PORTOS_PASSWORD!, deviceName: process.env.B2BKIT_PORTOS_DEVICE! };
const baseUrl = process.env.B2BKIT_PORTOS_URL!; // the mock: `pnpm mock portos` prints its address
const portos = createPortosClient({ baseUrl, auth: portosAuth(credentials) });

// One call answered with a declared error: the header goes on that call only (maxRetries: 0, or a 5xx is retried).
try {
  await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "6560b4f2c3a1e24d88f1b2a7" } }, headers: { Prefer: "code=404" } }));
  throw new Error("the mock did not play the 404: is this a real server?");
} catch (err) {
  if (!isB2bkitError(err, "ApiError") || err.status !== 404) throw err;
  console.log(`simulated: ${err.message}`);
}

// A refused login: the auth sends it, not your call, so the header goes on the client's `fetch`, for the login's path only.
const refuseLogin =
  (loginPath: string, prefer = "code=401"): typeof fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    if (new URL(input instanceof Request ? input.url : String(input)).pathname === loginPath) headers.set("Prefer", prefer);
    return fetch(input, { ...init, headers });
  };
const refused = createPortosClient({ baseUrl, auth: portosAuth(credentials), fetch: refuseLogin("/api/auth") });
try {
  await unwrap(refused.GET("/customers"));
  throw new Error("the mock did not refuse the login: is this a real server?");
} catch (err) {
  if (!isB2bkitError(err, "AuthError")) throw err;
  console.log(`simulated: ${err.message}`);
}
