import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap, type NewOrder } from "../src/index.js";
import { UUID, mockClient } from "./helpers.js";

const amage = mockClient();
const order: NewOrder = {
  number: "ZAM/2025/001",
  supplierUuid: UUID,
  orderDate: "2025-10-22T00:00:00Z",
  daysToDelivery: 7,
  currencyCode: "PLN",
  orderType: "STANDARD",
  orderState: "NEW",
  termsAndConditions: null,
  items: [{ itemUuid: UUID, itemCount: 100, unitPrice: 10.5, description: "Cement Portland CEM I 42,5" }],
};

describe("orders", () => {
  it("counts orders: as many as the list example holds, or the documented 123456 on request", async () => {
    expect(await unwrap(amage.GET("/rest/amage/v1/orders/count"))).toBe(1);
    expect(await unwrap(amage.GET("/rest/amage/v1/orders/count", { headers: { Prefer: "example=documented" } }))).toBe(123456);
  });

  it("lists a page of orders", async () => {
    const orders = await unwrap(amage.GET("/rest/amage/v1/orders/list", { params: { query: { page: 2, size: 10 } } }));
    expect(orders[0]).toMatchObject({ number: "ZAM/2025/001", orderState: "NEW", daysToDelivery: 7 });
  });

  it("gets an order by UUID", async () => {
    const found = await unwrap(amage.GET("/rest/amage/v1/orders/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(found).toMatchObject({ uuid: UUID, supplierToken: "TOKEN123" });
  });

  it("adds an order", async () => {
    const result = await unwrap(amage.POST("/rest/amage/v1/orders/add", { body: order }));
    expect(result).toMatchObject({ success: true, errorCode: 0, orderUuid: UUID });
  });

  it("updates an order", async () => {
    const result = await unwrap(amage.POST("/rest/amage/v1/orders/update/{uuid}", { params: { path: { uuid: UUID } }, body: order }));
    expect(result.orderUuid).toBe(UUID);
  });

  it("deletes an order", async () => {
    const result = await unwrap(amage.DELETE("/rest/amage/v1/orders/delete/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(result).toMatchObject({ success: true, order: null });
  });

  it("refuses a page counted from 0", async () => {
    const err = (await unwrap(amage.GET("/rest/amage/v1/orders/list", { params: { query: { page: 0 } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/page must be >= 1/);
  });
});
