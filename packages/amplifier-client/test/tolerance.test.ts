// Strict where the vendor's documentation (the .NET client and its model tables) speaks, tolerant where it is silent
// (issue 11). Requests go to this run's Prism mock; answers go through Prism as a validating proxy in front of a
// scripted upstream, which reports in `sl-violations` whatever in the answer the spec does not allow.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { startProxy, type RunningMock } from "@b2bkit/mock";
import { violationLines as violations } from "@b2bkit/mock/proxied";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import type { AmplifierErrorBody, Order, OrderLine, Token, components } from "../src/index.js";
import { credentials, mintJwt, mockClient, mockUrl } from "./helpers.js";


const TOKEN = "3f2c7a8e-5b1d-4c9e-8f6a-0d2b4e6c8a1f";
const bearer = () => ({ authorization: `Bearer ${mintJwt({ sub: "erp-translator" })}` });

/** What `SendFile(path, fileName, product_external_id, order)` sends, `order` as given, plus any `extra` parts. */
function upload({ order = "1", image = true, extra = {} }: { order?: string; image?: boolean; extra?: Record<string, string> }): FormData {
  const form = new FormData();
  if (image) form.append("image", new Blob([new TextEncoder().encode("GIF89a")]), "drl-18v-front.gif");
  for (const [name, value] of Object.entries({ order, product_id: "0", alt: "drl-18v-front.gif", product_external_id: "P-1001", ...extra })) {
    form.append(name, value);
  }
  return form;
}

describe("requests the documentation allows reach the mock unrefused", () => {
  it("an image upload whose `order` is any text (SendFile takes a string) and that carries a further part", async () => {
    // A position formatted by .NET in a Polish locale, and `thumbnail_width`, a field of the documented ProductImage.
    const res = await fetch(`${mockUrl()}/product-images/`, { method: "POST", headers: bearer(), body: upload({ order: "1,0", extra: { thumbnail_width: "255" } }) });
    expect([res.status, violations(res)]).toEqual([200, []]);
    expect(await res.json()).toMatchObject({ product_id: 501 });
  });

  it("a status change that sends another field of the order beside `status`", async () => {
    // A PATCH of the order: setting the ERP's own number while marking it exported.
    const body = { status: "Exported", external_id: "ZK/2024/0017" };
    const { response, error } = await mockClient().PATCH("/orders-translator/{token}/", { params: { path: { token: TOKEN } }, body });
    expect([response.status, violations(response), error]).toEqual([200, [], undefined]);
  });

  it("a token request with an empty password (what .NET's form encoder sends for a null one), or a further field", async () => {
    // No length is documented: whether an empty password is wrong is the server's answer (401), not a malformed request.
    // (Prism ignores form fields the schema does not name, so the further field, Keycloak's one-time code, was never
    // refused by the mock; the schema no longer claims it would be.)
    for (const form of [{ username: credentials.username, password: "" }, { ...credentials, totp: "123456" }]) {
      const res = await fetch(`${mockUrl()}/auth/`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form),
      });
      expect([res.status, violations(res)]).toEqual([200, []]);
      expect(await res.json()).toHaveProperty("access_token");
    }
  });

  describe("and what the documentation requires is still required", () => {
    it("a status change without `status`", async () => {
      const res = await fetch(`${mockUrl()}/orders-translator/${TOKEN}/`, {
        method: "PATCH",
        headers: { ...bearer(), "content-type": "application/json" },
        body: JSON.stringify({ external_id: "ZK/2024/0017" }),
      });
      expect(res.status).toBe(400);
      expect(violations(res).join("\n")).toMatch(/status/);
    });

    it("an image upload without the image", async () => {
      const res = await fetch(`${mockUrl()}/product-images/`, { method: "POST", headers: bearer(), body: upload({ image: false }) });
      expect(res.status).toBe(400);
      expect(violations(res).join("\n")).toMatch(/image/);
    });
  });
});

describe("answers the documentation allows pass the spec (Prism as a validating proxy)", () => {
  let upstream: TestServer;
  let proxy: RunningMock;
  let answer: [status: number, body: unknown] = [200, {}];

  beforeAll(async () => {
    upstream = await testServer((_req, res) => json(res, answer[0], answer[1]));
    proxy = await startProxy({ vendor: "amplifier", upstream: upstream.url });
  }, 30_000);
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close();
  });

  it("a token answer whose refresh fields are null (a server that issues no refresh token)", async () => {
    answer = [200, { access_token: mintJwt({ sub: "erp-translator" }), token_type: "Bearer", expires_in: 300, refresh_token: null, refresh_expires_in: null }];
    const res = await fetch(`${proxy.url}/auth/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(credentials),
    });
    expect([res.status, violations(res)]).toEqual([200, []]);
    expectTypeOf<Token["refresh_token"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("a refused import answered with a bare list of messages (Django REST Framework's ValidationError)", async () => {
    answer = [400, ["Another import of stocks is still running."]];
    const res = await fetch(`${proxy.url}/api/stocks-import`, {
      method: "POST",
      headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify([{ external_id: "ST-1", product_external_id: "P-1001", stock_level_external_id: "WH-01", quantity: 1, quantity_allocated: 0 }]),
    });
    expect([res.status, violations(res)]).toEqual([400, []]);
    expectTypeOf<components["schemas"]["ValidationError"]>().toEqualTypeOf<AmplifierErrorBody | (AmplifierErrorBody | string)[]>();
  });

  it("an order whose token and texts are null, typed `string | null`", async () => {
    answer = [200, [{ id: 1017, token: null, status: "Pending", user_email: null, lines: [{ id: 2051, quantity: 2, product_name: null }] }]];
    const res = await fetch(`${proxy.url}/orders-translator/?status=Pending`, { headers: bearer() });
    expect([res.status, violations(res)]).toEqual([200, []]);
    expectTypeOf<Order["token"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("dates as a Django server writes them, without an offset (the documentation says only `DateTime`, ISO 8601)", async () => {
    answer = [200, [{ id: 1017, token: "ord-1017", status: "Pending", created: "2025-10-21T15:02:44.120934", updated: "2025-10-21T15:03:00", lines: [] }]];
    const orders = await fetch(`${proxy.url}/orders-translator/?status=Pending`, { headers: bearer() });
    expect([orders.status, violations(orders)]).toEqual([200, []]);
    answer = [200, [{ id: 7, created_at: "2025-10-21T15:02:44.120934" }]];
    const complaints = await fetch(`${proxy.url}/complaints-translator/`, { headers: bearer() });
    expect([complaints.status, violations(complaints)]).toEqual([200, []]);
  });

  it("but not an order line whose quantity is null: the documentation types it `int` (the .NET model `decimal`)", async () => {
    answer = [200, [{ id: 1017, token: TOKEN, status: "Pending", lines: [{ id: 2051, quantity: null }] }]];
    const res = await fetch(`${proxy.url}/orders-translator/?status=Pending`, { headers: bearer() });
    expect(violations(res).join("\n")).toMatch(/^response\.body\.0\.lines\.0\.quantity: /m);
    expectTypeOf<OrderLine["quantity"]>().toEqualTypeOf<number | string | undefined>();
  });
});
