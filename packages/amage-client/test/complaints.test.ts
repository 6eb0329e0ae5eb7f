import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap, type NewComplaint } from "../src/index.js";
import { UUID, mockClient } from "./helpers.js";

const amage = mockClient();
const complaint: NewComplaint = {
  number: "REK/2025/001",
  description: "Uszkodzone opakowania",
  complaintState: "NEW",
  deliveryUuid: UUID,
  items: [{ itemUuid: UUID, itemName: "Cement Portland", itemCount: 100, unitPrice: 10.5, qualityCount: 5, quantityCount: 0 }],
};

describe("complaints", () => {
  it("counts complaints: as many as the list example holds, or the documented 123456 on request", async () => {
    expect(await unwrap(amage.GET("/rest/amage/v1/complaints/count"))).toBe(1);
    expect(await unwrap(amage.GET("/rest/amage/v1/complaints/count", { headers: { Prefer: "example=documented" } }))).toBe(123456);
  });

  it("lists a page of complaints", async () => {
    const list = await unwrap(amage.GET("/rest/amage/v1/complaints/list"));
    expect(list[0]).toMatchObject({ number: "REK/2025/001", complaintState: "NEW" });
  });

  it("lists the complaints of a delivery", async () => {
    const list = await unwrap(
      amage.GET("/rest/amage/v1/complaints/list/by-delivery/{delivery-uuid}", {
        params: { path: { "delivery-uuid": UUID }, query: { page: 1, size: 50 } },
      }),
    );
    expect(list[0]?.deliveryUuid).toBe(UUID);
    expect(list[0]?.items?.[0]?.qualityCount).toBe(5);
  });

  it("reports an unknown delivery as a NOT_FOUND ApiError naming the delivery (sent as HTTP 400, as AMAGE does)", async () => {
    const call = amage.GET("/rest/amage/v1/complaints/list/by-delivery/{delivery-uuid}", {
      params: { path: { "delivery-uuid": UUID } },
      headers: { Prefer: "code=400, example=deliveryMissing" },
    });
    const error = await unwrap(call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, code: "NOT_FOUND" });
    expect((error as ApiError).message).toContain("Delivery not found");
  });

  it("gets a complaint by UUID", async () => {
    const found = await unwrap(amage.GET("/rest/amage/v1/complaints/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(found.uuid).toBe(UUID);
  });

  it("adds a complaint linked to a delivery", async () => {
    const result = await unwrap(amage.POST("/rest/amage/v1/complaints/add", { body: complaint }));
    expect(result).toMatchObject({ success: true, complaintUuid: UUID });
  });

  it("refuses a complaint without its delivery", async () => {
    const { deliveryUuid: _, ...orphan } = complaint;
    // @ts-expect-error: deliveryUuid is required on add, and the types say so
    const err = (await unwrap(amage.POST("/rest/amage/v1/complaints/add", { body: orphan })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("deliveryUuid");
  });

  it("updates a complaint", async () => {
    const result = await unwrap(
      amage.POST("/rest/amage/v1/complaints/update/{uuid}", { params: { path: { uuid: UUID } }, body: { ...complaint, complaintState: "CLOSED" } }),
    );
    expect(result.complaintUuid).toBe(UUID);
  });

  it("deletes a complaint", async () => {
    const result = await unwrap(amage.DELETE("/rest/amage/v1/complaints/delete/{uuid}", { params: { path: { uuid: UUID } } }));
    expect(result.success).toBe(true);
  });
});
