import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap, type NewDelivery } from "../src/index.js";
import { UUID, mockClient } from "./helpers.js";

const amage = mockClient();
const newDelivery: NewDelivery = {
  uuid: UUID,
  number: "DLV/2025/001",
  contractorUuid: UUID,
  deliveryType: "STANDARD",
  deliveryState: "LOADING_ON_SITE",
  exchangeRate: 1.0,
  receiverSignature: null,
  items: [{ itemUuid: UUID, itemCount: 100.0, unitPrice: 10.5, description: "Cement Portland" }],
};

describe("deliveries", () => {
  it("counts deliveries: as many as the list example holds, or the documented 123456 on request", async () => {
    const count = await unwrap(amage.GET("/rest/amage/v1/deliveries/count"));
    expect(count).toBe(1);
    expect(await unwrap(amage.GET("/rest/amage/v1/deliveries/count", { headers: { Prefer: "example=documented" } }))).toBe(123456);
  });

  it("lists a page of deliveries", async () => {
    const { data, response } = await amage.GET("/rest/amage/v1/deliveries/list", { params: { query: { page: 1, size: 50 } } });
    expect(response.status).toBe(200);
    expect(data?.[0]).toMatchObject({ number: "DLV/2025/001", deliveryState: "LOADING_ON_SITE", receiverSignature: null });
    expect(data?.[0]?.items?.[0]?.itemCount).toBe(100);
  });

  it("gets a delivery by UUID", async () => {
    const delivery = await unwrap(amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(delivery.uuid).toBe(UUID);
    expect(delivery.items).toHaveLength(1);
  });

  it("adds a delivery and answers its UUID", async () => {
    const result = await unwrap(amage.POST("/rest/amage/v1/deliveries/add", { body: newDelivery }));
    expect(result).toMatchObject({ success: true, errorCode: 0, deliveryUuid: UUID });
    expect(result.delivery?.number).toBe("DLV/2025/001");
  });

  it("refuses an add that sends an id, with the reason", async () => {
    // @ts-expect-error: the spec forbids `id` on add, so the types do too
    const call = amage.POST("/rest/amage/v1/deliveries/add", { body: { ...newDelivery, id: 12345 } });
    const err = await unwrap(call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "BAD_REQUEST" });
    expect((err as ApiError).message).toMatch(/body.*id/);
  });

  it("refuses a body of the wrong type, naming the field", async () => {
    // @ts-expect-error: itemCount is a number
    const body: NewDelivery = { ...newDelivery, items: [{ itemCount: "many" }] };
    const err = (await unwrap(amage.POST("/rest/amage/v1/deliveries/add", { body })).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toContain("itemCount");
    // The mock's reason leads; its example body ("Invalid request") follows in brackets.
    expect(err.message).toMatch(/^HTTP 400 BAD_REQUEST: request\.body\.items\.0\.itemCount: .*\(Invalid request\)/);
  });

  it("edits a delivery", async () => {
    const result = await unwrap(
      amage.POST("/rest/amage/v1/deliveries/edit/{uuid}", { params: { path: { uuid: UUID } }, body: { ...newDelivery, description: "x" } }),
    );
    expect(result).toMatchObject({ success: true, deliveryUuid: UUID });
  });

  it("deletes a delivery", async () => {
    const result = await unwrap(amage.DELETE("/rest/amage/v1/deliveries/delete/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(result).toMatchObject({ success: true, deliveryUuid: UUID, delivery: null });
  });

  it("refuses a UUID that is not one", async () => {
    const { error, response } = await amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: "nope" } } });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ success: false, errorCode: "BAD_REQUEST" });
  });
});
