// A Portos JWT session on a device: searches customers, then logs out. Writes nothing.
import { createPortosClient, unwrap } from "@b2bkit/portos-client";
import { portosAuth } from "@b2bkit/portos-auth";

const auth = portosAuth({ userName: process.env.B2BKIT_PORTOS_USERNAME!, password: process.env.B2BKIT_PORTOS_PASSWORD!, deviceName: process.env.B2BKIT_PORTOS_DEVICE! });
const portos = createPortosClient({ baseUrl: process.env.B2BKIT_PORTOS_URL!, auth }); // e.g. http://portos.local:5000
const page = await unwrap(portos.GET("/customers", { params: { query: { Search: "doe", $take: 20 } } })); // logs in first
console.log(`${page.totalCount} customers match "doe"`);
// Log out: DELETE /api/auth (a path the docs do not give: a server that refuses it ends the session when the token expires).
const { response } = await portos.DELETE("/api/auth");
auth.invalidate();
console.log(`logged out: HTTP ${response.status}`);
