import { afterEach, describe, expect, it } from "vitest";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createAmageClient, listAll, unwrap } from "../src/index.js";
import { UUID, mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A real paged collection of `total` deliveries, served as AMAGE pages it (page from 1, size). */
async function pagedDeliveries(total: number) {
  server = await testServer((req, res) => {
    const url = new URL(req.url, "http://x");
    const page = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("size") ?? 50);
    const from = (page - 1) * size;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - from)) }, (_, i) => ({ id: from + i + 1, uuid: UUID }));
    json(res, 200, items);
  });
  return { amage: createAmageClient({ baseUrl: server.url }), server };
}

describe("listAll", () => {
  it("walks every page and stops on the short one", async () => {
    const { amage, server } = await pagedDeliveries(120);
    const ids: number[] = [];
    for await (const d of listAll(amage, "/rest/amage/v1/deliveries/list")) ids.push(d.id!);
    expect(ids).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(server.seen.map((s) => s.url)).toEqual([
      "/rest/amage/v1/deliveries/list?page=1&size=50",
      "/rest/amage/v1/deliveries/list?page=2&size=50",
      "/rest/amage/v1/deliveries/list?page=3&size=50",
    ]);
  });

  it("asks for one page past an exact multiple and stops on the empty one", async () => {
    const { amage, server } = await pagedDeliveries(20);
    let n = 0;
    for await (const _ of listAll(amage, "/rest/amage/v1/orders/list", { pageSize: 10 })) n++;
    expect(n).toBe(20);
    expect(server.seen).toHaveLength(3);
  });

  it("stops when the signal aborts, without asking for more pages", async () => {
    const { amage, server } = await pagedDeliveries(1000);
    const controller = new AbortController();
    let n = 0;
    const walk = async () => {
      for await (const _ of listAll(amage, "/rest/amage/v1/deliveries/list", { pageSize: 10, signal: controller.signal })) {
        if (++n === 25) controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "AbortError" });
    expect(n).toBe(25);
    expect(server.seen).toHaveLength(3);
  });

  it("against the static mock, agrees with the count: the list example is one short page", async () => {
    const amage = mockClient();
    const walk = async (path: "/rest/amage/v1/deliveries/list" | "/rest/amage/v1/orders/list" | "/rest/amage/v1/complaints/list") => {
      let n = 0;
      for await (const _ of listAll(amage, path)) n++;
      return n;
    };
    expect(await walk("/rest/amage/v1/deliveries/list")).toBe(await unwrap(amage.GET("/rest/amage/v1/deliveries/count")));
    expect(await walk("/rest/amage/v1/orders/list")).toBe(await unwrap(amage.GET("/rest/amage/v1/orders/count")));
    expect(await walk("/rest/amage/v1/complaints/list")).toBe(await unwrap(amage.GET("/rest/amage/v1/complaints/count")));
    // The page past the last one, on request.
    expect(await unwrap(amage.GET("/rest/amage/v1/orders/list", { params: { query: { page: 2 } }, headers: { Prefer: "example=empty" } }))).toEqual([]);
  });

  it("pages the complaints of a delivery through the mock", async () => {
    const amage = mockClient();
    const all = [];
    for await (const c of listAll(amage, "/rest/amage/v1/complaints/list/by-delivery/{delivery-uuid}", { params: { path: { "delivery-uuid": UUID } } })) {
      all.push(c);
    }
    expect(all).toHaveLength(1);
    expect(all[0]?.number).toBe("REK/2025/001");
  });
});
