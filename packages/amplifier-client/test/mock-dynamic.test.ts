// `pnpm mock amplifier --dynamic` answers data generated from the spec's schemas. These walks drive the real client
// and auth through it — token, an import in batches, an image upload, the orders (list, get by token, status change)
// and the complaints — and check that every answer keeps what the vendor's server keeps: a token answer with a JWT
// access_token and a lifetime that is a lifetime, listed orders that carry the token they are fetched by. Each walk is
// one test: a run with B2BKIT_DYNAMIC_RUNS=50 measures how many generated walks pass.
import { describe, expect, it } from "vitest";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, importInBatches, unwrap, uploadProductImage } from "../src/index.js";
import { credentials } from "./helpers.js";
import { dynamicMock, recorder } from "@b2bkit/mock/behaviour";

const RUNS = Number(process.env["B2BKIT_DYNAMIC_RUNS"] ?? 8);

const mockUrl = dynamicMock("amplifier");

/** A JSON Web Token: three base64url parts, the first two JSON (the vendor's clients decode it to read `exp`). */
function expectJwt(token: unknown) {
  expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]*$/);
  const [header, claims] = String(token).split(".").slice(0, 2).map((part) => JSON.parse(Buffer.from(part, "base64url").toString()) as unknown);
  expect(header).toBeTypeOf("object");
  expect(claims).toBeTypeOf("object");
}

async function walk() {
  const log = recorder();
  const auth = amplifierAuth({ authUrl: `${mockUrl()}/auth/`, ...credentials });
  const amplifier = createAmplifierClient({ baseUrl: mockUrl(), auth, maxRetries: 0, fetch: log.fetch });

  // The token: a JWT access_token, a lifetime that is not negative, and the Bearer header of every call after it.
  const { sent, failed, total } = await importInBatches(amplifier, "/api/products-import", [{ external_id: "P-1001", name: "Cordless drill 18V" }, { external_id: "P-1002" }], { batchSize: 1 });
  expect({ sent, failed, total }).toEqual({ sent: 2, failed: [], total: 2 });
  const login = log.seen.find((a) => a.path === "/auth/");
  expect(login?.status).toBe(200);
  const token = JSON.parse(login!.body) as { access_token?: unknown; expires_in?: unknown; refresh_expires_in?: unknown };
  expectJwt(token.access_token);
  for (const lifetime of [token.expires_in, token.refresh_expires_in]) if (lifetime != null) expect(lifetime).toBeGreaterThanOrEqual(0);
  expect(log.seen.at(-1)?.headers.get("authorization")).toBe(`Bearer ${String(token.access_token)}`);
  expect(await auth.getToken({ fetch: log.fetch })).toBe(token.access_token);

  // An image upload answers the stored image.
  const image = await uploadProductImage(amplifier, { image: new Uint8Array([71, 73, 70, 56]), fileName: "a.gif", productExternalId: "P-1001" });
  expect(image).toBeTypeOf("object");
  // product_id: the product it was assigned to, 0 when none; never below.
  expect(image.product_id ?? 0).toBeGreaterThanOrEqual(0);

  // Orders: every listed order carries the token it is fetched and changed by (the vendor's translator relies on it).
  const orders = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
  expect(Array.isArray(orders)).toBe(true);
  for (const order of orders) {
    expect(order.token).toMatch(/\S/);
    for (const line of order.lines ?? []) expect(Number(line.quantity ?? 1)).toBeGreaterThan(0);
  }
  const [first] = orders;
  if (first?.token) {
    const order = await unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token: first.token } } }));
    expect(order).toBeTypeOf("object");
    const changed = await unwrap(amplifier.PATCH("/orders-translator/{token}/", { params: { path: { token: first.token } }, body: { status: "Exported" } }));
    expect(changed).toBeTypeOf("object");
    // A failure asked for (Prism's Prefer header) is the documented one, generated or not.
    await expect(unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token: first.token } }, headers: { Prefer: "code=404" } }))).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining("Not found."),
    });
  }

  const complaints = await unwrap(amplifier.GET("/complaints-translator/", { params: { query: { status: "NEW" } } }));
  expect(Array.isArray(complaints)).toBe(true);
  for (const complaint of complaints) for (const line of complaint.lines ?? []) expect(line).toBeTypeOf("object");
}

describe("the dynamic Amplifier mock keeps what the AMPER B2B WS keeps", () => {
  for (let run = 1; run <= RUNS; run++) it(`walk ${run}`, walk, 30_000);
});
