// AMAGE with a signature of another form, through amageAuth's `sign` option: here an HMAC-SHA-256 of method and path.
// Writes nothing.
import { createAmageClient, unwrap } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";

async function hmacHex(secret: string, text: string): Promise<string> {
  const utf8 = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", utf8.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, utf8.encode(text)));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

const amage = createAmageClient({
  baseUrl: process.env.B2BKIT_AMAGE_URL!,
  auth: amageAuth({
    deviceUuid: process.env.B2BKIT_AMAGE_DEVICE_UUID!,
    apiKey: process.env.B2BKIT_AMAGE_API_KEY!,
    secret: process.env.B2BKIT_AMAGE_SECRET!,
    sign: ({ method, path, secret }) => hmacHex(secret, `${method} ${path}`), // if your instance expects this form
  }),
});
console.log(`${await unwrap(amage.GET("/rest/amage/v1/orders/count"))} orders`);
