// Strict where the AMAGE documentation speaks, tolerant where it is silent (issue 11). Requests go to this run's Prism
// mock; answers go through Prism as a validating proxy in front of a scripted upstream, which reports in
// `sl-violations` whatever in the answer the spec does not allow.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { amageAuth } from "@b2bkit/amage-auth";
import { startProxy, type RunningMock } from "@b2bkit/mock";
import { violationLines as violations } from "@b2bkit/mock/proxied";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import {
  createAmageClient,
  unwrap,
  type AmageClient,
  type DeliveryDto,
  type DeliveryItemDto,
  type ComplaintDto,
  type DeliveryOperationResultDto,
  type NewComplaint,
  type NewDelivery,
  type NewOrder,
  type OrderDto,
} from "../src/index.js";
import { UUID, credentials, mockClient } from "./helpers.js";


// Requests as a Java (Jackson) or .NET (Newtonsoft) client serialises its DTO: every field present, the unset ones
// null, the record id among them. They are typed as the DTOs (`id: number | null`): the typed add bodies leave `id`
// out (openapi-fetch types a property that can only be null as absent), so the add calls cast.
const javaOrder: OrderDto = {
  id: null,
  uuid: null,
  number: "ZAM/2025/002",
  tstamp: null,
  supplierUuid: UUID,
  extReference: null,
  orderDate: "2025-10-22T00:00:00Z",
  daysToDelivery: 7,
  deliveryDate: null,
  currencyCode: "PLN",
  orderType: "STANDARD",
  orderState: "NEW",
  termsAndConditions: null,
  createdByUuid: UUID,
  acceptedByUuid: null,
  deliveryReceiverUser: null,
  deliveryReceiverContactPhone: null,
  deliveryReceiverContactInfo: null,
  transportUnits: null,
  supplierConfirmed: null,
  supplierConfirmedTstamp: null,
  supplierMessage: null,
  supplierDeliveryDate: null,
  supplierReturnCheckDate: null,
  supplierToken: null,
  costAllocated: false,
  workOrderUuid: null,
  accountUuid: null,
  locationUuid: null,
  notes: null,
  items: [{ id: null, uuid: null, orderUuid: null, itemUuid: UUID, itemCount: 100, unitPrice: 10.5, description: "Cement", workOrderUuid: null }],
};
const javaDelivery: DeliveryDto = {
  id: null,
  uuid: null,
  number: "DLV/2025/002",
  contractorUuid: UUID,
  receivedDate: null,
  receivedByUuid: null,
  checkDate: null,
  checkedByUuid: null,
  exchangeRate: null,
  deliveryType: "STANDARD",
  deliveryState: "LOADING_ON_SITE",
  needsAttention: null,
  orderDocumentUuid: null,
  receiverSignature: null,
  checkerSignature: null,
  items: [{ id: null, uuid: null, deliveryUuid: null, itemUuid: UUID, itemCount: 100, checkedCount: null, unitPrice: 10.5 }],
};
const javaComplaint: ComplaintDto = {
  id: null,
  uuid: null,
  number: "REK/2025/002",
  description: null,
  createdByUuid: null,
  complaintState: "NEW",
  deliveryUuid: UUID,
  items: [{ id: null, complaintUuid: null, itemUuid: UUID, itemName: "Cement", itemCount: 100, qualityCount: 5, quantityCount: null, parametersHash: null }],
};

describe("requests the documentation allows reach the mock unrefused", () => {
  const amage = mockClient();

  it("adds an order, a delivery and a complaint whose unset fields, id included, are sent as null", async () => {
    for (const call of [
      amage.POST("/rest/amage/v1/orders/add", { body: javaOrder as NewOrder }),
      amage.POST("/rest/amage/v1/deliveries/add", { body: javaDelivery as NewDelivery }),
      amage.POST("/rest/amage/v1/complaints/add", { body: javaComplaint as NewComplaint }),
    ]) {
      const { response, error } = await call;
      expect([response.status, violations(response), error]).toEqual([200, [], undefined]);
    }
  });

  it("edits and updates with null fields", async () => {
    const params = { path: { uuid: UUID } };
    for (const call of [
      amage.POST("/rest/amage/v1/deliveries/edit/{uuid}", { params, body: { ...javaDelivery, id: 12345, description: null } }),
      amage.POST("/rest/amage/v1/orders/update/{uuid}", { params, body: { ...javaOrder, acceptedByUuid: null, items: null } }),
      amage.POST("/rest/amage/v1/complaints/update/{uuid}", { params, body: { ...javaComplaint, description: null } }),
    ]) {
      const { response } = await call;
      expect([response.status, violations(response)]).toEqual([200, []]);
    }
  });

  it("sends a missing record as AMAGE does: HTTP 400 with errorCode NOT_FOUND (no 404 is documented)", async () => {
    const { response, error } = await amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", {
      params: { path: { uuid: UUID } },
      headers: { Prefer: "code=400, example=notFound" },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ success: false, errorCode: "NOT_FOUND" });
    const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const with404 = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item).filter(([, op]) => "404" in op.responses).map(([method]) => `${method} ${path}`),
    );
    expect(with404).toEqual([]);
  });

  describe("and what the documentation forbids is still refused", () => {
    it("a filled id on add", async () => {
      const order = javaOrder as NewOrder;
      // @ts-expect-error: "pole ID nie może być wypełnione": the types leave `id` out on add
      const { response } = await amage.POST("/rest/amage/v1/orders/add", { body: { ...order, id: 12345 } });
      expect(response.status).toBe(400);
      expect(violations(response).join("\n")).toMatch(/^request\.body\.id: .*null/m);
    });

    it("a complaint whose deliveryUuid is null", async () => {
      const complaint = javaComplaint as NewComplaint;
      // @ts-expect-error: a complaint must name its delivery
      const { response } = await amage.POST("/rest/amage/v1/complaints/add", { body: { ...complaint, deliveryUuid: null } });
      expect(response.status).toBe(400);
      expect(violations(response).join("\n")).toMatch(/deliveryUuid/);
    });
  });
});

describe("answers the documentation allows pass the spec (Prism as a validating proxy)", () => {
  let upstream: TestServer;
  let proxy: RunningMock;
  let amage: AmageClient;
  let answer: [status: number, body: unknown] = [200, {}];

  beforeAll(async () => {
    upstream = await testServer((_req, res) => json(res, answer[0], answer[1]));
    proxy = await startProxy({ vendor: "amage", upstream: upstream.url });
    amage = createAmageClient({ baseUrl: proxy.url, auth: amageAuth(credentials), maxRetries: 0 });
  }, 30_000);
  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close();
  });

  const order = (over: Partial<OrderDto> = {}): OrderDto => ({
    id: 12345,
    uuid: UUID,
    number: "ZAM/2025/001",
    orderState: "NEW",
    termsAndConditions: null,
    createdByUuid: UUID,
    acceptedByUuid: null,
    supplierConfirmed: null,
    supplierConfirmedTstamp: null,
    items: [{ id: 1, uuid: UUID, orderUuid: UUID, itemUuid: UUID, itemCount: 100, unitPrice: null, workOrderUuid: null }],
    ...over,
  });

  it("an order not accepted yet: acceptedByUuid (and other fields) null", async () => {
    answer = [200, order()];
    const { data, response } = await amage.GET("/rest/amage/v1/orders/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } });
    expect(violations(response)).toEqual([]);
    expect(data?.acceptedByUuid).toBeNull();
    // Tolerant, and still typed: a nullable UUID is `string | null`, not `unknown`.
    expectTypeOf<OrderDto["acceptedByUuid"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<DeliveryDto["items"]>().toEqualTypeOf<DeliveryItemDto[] | null | undefined>();
  });

  it("a failure whose errorCode is the number 400", async () => {
    answer = [400, { success: false, errorCode: 400, message: "Delivery not found", deliveryUuid: null, delivery: null }];
    const { error, response } = await amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } });
    expect(violations(response)).toEqual([]);
    expect(error?.errorCode).toBe(400);
    expectTypeOf<DeliveryOperationResultDto["errorCode"]>().toEqualTypeOf<number | string | null | undefined>();
    // unwrap turns it into an ApiError carrying the numeric code.
    const err = await unwrap(amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: UUID } } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 400 });
  });

  it("a write result with message null and the saved record's nulls", async () => {
    answer = [200, { success: true, errorCode: 0, message: null, orderUuid: UUID, order: order() }];
    const { data, response } = await amage.POST("/rest/amage/v1/orders/add", { body: javaOrder as NewOrder });
    expect(violations(response)).toEqual([]);
    expect(data).toMatchObject({ success: true, message: null, order: { acceptedByUuid: null } });
  });

  it("but not one whose success is not the documented boolean", async () => {
    answer = [200, { success: "true", errorCode: 0, message: "", orderUuid: UUID, order: null }];
    const { response } = await amage.POST("/rest/amage/v1/orders/add", { body: javaOrder as NewOrder });
    expect(violations(response)).toContain("response.body.success: Response body property success must be boolean");
  });

  it("nor a 200 that says success false, or that does not name the record it saved", async () => {
    // "W przypadku poprawnego wykonania operacji pole success jest ustawiane na true"; failures are HTTP 400.
    // The client throws that answer (as it should): its headers are read from the fetch underneath.
    let seen: Response | undefined;
    const watched = createAmageClient({ baseUrl: proxy.url, auth: amageAuth(credentials), maxRetries: 0, fetch: async (input, init) => (seen = await fetch(input, init)) });
    answer = [200, { success: false, errorCode: "BAD_REQUEST", message: "Invalid request", orderUuid: null, order: null }];
    await expect(watched.POST("/rest/amage/v1/orders/add", { body: javaOrder as NewOrder })).rejects.toMatchObject({ status: 200, code: "BAD_REQUEST" });
    expect(violations(seen!).join("\n")).toMatch(/^response\.body\.success: .*constant/m);
    // "Zwracane dane to obiekt OrderOperationResultDto z polem orderUuid nowo utworzonego zamówienia".
    answer = [200, { success: true, errorCode: 0, message: "", order: null }];
    const unnamed = await amage.POST("/rest/amage/v1/orders/add", { body: javaOrder as NewOrder });
    expect(violations(unnamed.response)).toEqual(["response.body: Response body must have required property 'orderUuid'"]);
  });

  it("nor a record read without its id or uuid", async () => {
    // "W przypadku pobierania danych z systemu pole ID, UUID będą w zwracanej strukturze wypełnione".
    answer = [200, [order({ id: null })]];
    const { response } = await amage.GET("/rest/amage/v1/orders/list");
    expect(violations(response).join("\n")).toMatch(/^response\.body\.0\.id: /m);
  });
});
