import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createAmplifierClient, unwrap, type Order, type OrderStatusChange } from "../src/index.js";
import { mockClient } from "./helpers.js";

const amplifier = mockClient();
const TOKEN = "3f2c7a8e-5b1d-4c9e-8f6a-0d2b4e6c8a1f";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("orders (GetListOfOrders, GetOrder, ChangeOrderStatus)", () => {
  it("GetListOfOrders(status) → GET /orders-translator/?status= lists the orders as typed data", async () => {
    const orders: Order[] = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
    expect(orders).toHaveLength(1);
    const [order] = orders;
    expect(order).toMatchObject({ token: TOKEN, status: "Pending", customer_external_id: "C-0042", order_number: "ZAM/2024/03/0017" });
    expect(order!.lines?.[0]).toMatchObject({ product_external_id: "P-1001", quantity: 2, unit_price_gross: "350.00" });
    expect(order!.shipping_address).toMatchObject({ city: "Swarzędz" });
  });

  it("refuses a list without the status the .NET method always sends", async () => {
    // @ts-expect-error: status is required
    const err = (await unwrap(amplifier.GET("/orders-translator/", {})).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("status");
  });

  it("GetOrder(token) → GET /orders-translator/{token}/", async () => {
    const order = await unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token: TOKEN } } }));
    expect(order.token).toBe(TOKEN);
    expect(order.total_gross).toBe("699.99");
  });

  it("ChangeOrderStatus(status, token) → PATCH /orders-translator/{token}/ with {status}", async () => {
    const body: OrderStatusChange = { status: "Exported" };
    const order = await unwrap(amplifier.PATCH("/orders-translator/{token}/", { params: { path: { token: TOKEN } }, body }));
    expect(order).toMatchObject({ token: TOKEN, status: "Exported" });
  });

  it("refuses a status change without a status, naming it", async () => {
    // @ts-expect-error: status is required
    const call = amplifier.PATCH("/orders-translator/{token}/", { params: { path: { token: TOKEN } }, body: {} });
    const err = (await unwrap(call).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toContain("status");
  });

  it("keeps the trailing slash and sends exactly the .NET client's request", async () => {
    server = await testServer((_req, res) => json(res, 200, { token: "t 1", status: "Exported" }));
    const client = createAmplifierClient({ baseUrl: `${server.url}/` });
    await unwrap(client.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
    await unwrap(client.PATCH("/orders-translator/{token}/", { params: { path: { token: "t 1" } }, body: { status: "Exported" } }));
    expect(server.seen.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual([
      "GET /orders-translator/?status=Pending ",
      'PATCH /orders-translator/t%201/ {"status":"Exported"}',
    ]);
    expect(server.seen[1]!.headers["content-type"]).toBe("application/json");
  });

  it("turns an unknown order into an ApiError with the server's detail", async () => {
    server = await testServer((_req, res) => json(res, 404, { detail: "Not found." }));
    const client = createAmplifierClient({ baseUrl: server.url });
    const err = (await unwrap(client.GET("/orders-translator/{token}/", { params: { path: { token: "nope" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(404);
    expect(err.message).toBe("HTTP 404: Not found. (GET " + server.url + "/orders-translator/nope/)");
  });

  it("retries a GET on 503 and succeeds", async () => {
    server = await testServer((_req, res, n) => (n === 1 ? json(res, 503, { detail: "busy" }, { "retry-after": "0" }) : json(res, 200, [])));
    const client = createAmplifierClient({ baseUrl: server.url });
    expect(await unwrap(client.GET("/orders-translator/", { params: { query: { status: "Pending" } } }))).toEqual([]);
    expect(server.seen).toHaveLength(2);
  });
});
