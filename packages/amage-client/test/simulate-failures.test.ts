// Simulating failures against the mock (README, "Simulate failures"): a `Prefer` header on one call makes Prism answer
// that call with a declared error status (`code=…`) or a named example (`example=…`). For every operation and every
// error answer it declares, the client must turn that answer into an ApiError with AMAGE's errorCode and message.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { ApiError, isB2bkitError } from "@b2bkit/core";
import { amageAuth } from "@b2bkit/amage-auth";
import { declaredErrors } from "@b2bkit/mock/prefer";
import { createAmageClient, unwrap } from "../src/index.js";
import { UUID, credentials, mockClient } from "./helpers.js";

/** Every (operation, error status, named example) the spec declares, with the example's body. */
const cases = declaredErrors<{ errorCode: unknown; message: string }>(JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")));

// One loosely typed door to every path (each is typed on its own in the other tests).
type Loose = Record<string, (path: string, init: object) => Promise<unknown>>;
const body = (path: string) => (path.endsWith("/complaints/add") ? { deliveryUuid: UUID } : path.includes("/add") || path.includes("/edit/") || path.includes("/update/") ? {} : undefined);
const params = { path: { uuid: UUID, "delivery-uuid": UUID } };

describe("Prefer: code=<status>, example=<name> on one call", () => {
  // No retries here: a simulated 500 is answered to every attempt (retries are shown below).
  const amage = mockClient({ maxRetries: 0 }) as unknown as Loose;

  it("covers every operation: each declares 400, 401 and 500 answers, as JSON", () => {
    expect(new Set(cases.map((c) => c.mediaType))).toEqual(new Set(["application/json"]));
    const operations = new Set(cases.map((c) => `${c.method} ${c.path}`));
    expect(operations.size).toBe(19);
    for (const operation of operations) {
      expect(new Set(cases.filter((c) => `${c.method} ${c.path}` === operation).map((c) => c.status)), operation).toEqual(new Set([400, 401, 500]));
    }
  });

  it.each(cases)("$method $path → $status ($name): an ApiError with the example's errorCode and message", async ({ method, path, status, name, first, value }) => {
    const prefer = first ? `code=${status}` : `code=${status}, example=${name}`;
    const err = await unwrap(amage[method]!(path, { params, body: body(path), headers: { Prefer: prefer } }) as Promise<never>).catch((e: unknown) => e);
    expect(isB2bkitError(err, "ApiError")).toBe(true);
    expect(err).toMatchObject({ status, code: value.errorCode, body: { success: false, errorCode: value.errorCode, message: value.message } });
    expect((err as ApiError).message).toContain(value.message);
  });
});

describe("simulating a failure from a client call, and from curl", () => {
  it("the per-call header, typed: { error } holds AMAGE's body, unwrap throws it", async () => {
    const amage = mockClient({ maxRetries: 0 });
    const { data, error, response } = await amage.GET("/rest/amage/v1/deliveries/count", { headers: { Prefer: "code=500" } });
    expect([data, response.status]).toEqual([undefined, 500]);
    expect(error).toEqual({ success: false, errorCode: "INTERNAL_SERVER_ERROR", message: "Internal server error" });
    const refused = await unwrap(amage.POST("/rest/amage/v1/deliveries/edit/{uuid}", { params: { path: { uuid: UUID } }, body: {}, headers: { Prefer: "code=400" } })).catch(
      (e: unknown) => e,
    );
    expect(refused).toMatchObject({ status: 400, code: "BAD_REQUEST", message: expect.stringContaining("Cannot edit delivery with state other than LOADING_ON_SITE") });
  });

  it("a 500 is retried first, as any 5xx (maxRetries, default 2): the mock answers 500 to each attempt", async () => {
    let attempts = 0;
    const amage = mockClient({ backoff: { initialMs: 1, maxMs: 1 }, fetch: (input, init) => (attempts++, fetch(input, init)) });
    await expect(unwrap(amage.GET("/rest/amage/v1/orders/list", { headers: { Prefer: "code=500" } }))).rejects.toMatchObject({ status: 500, code: "INTERNAL_SERVER_ERROR" });
    expect(attempts).toBe(3);
  });

  it("refused credentials: AMAGE has no login, every call is signed; code=401 answers the refusal", async () => {
    const amage = createAmageClient({ baseUrl: inject("mock:amage"), auth: amageAuth(credentials) });
    const err = await unwrap(amage.GET("/rest/amage/v1/deliveries/list", { headers: { Prefer: "code=401" } })).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, code: "UNAUTHORIZED", message: expect.stringContaining("Invalid API signature") });
  });

  it("the same with curl's request (any Accept, the three signing headers with any value)", async () => {
    // curl -H 'Prefer: code=400, example=notFound' -H 'amage-device-uuid: d' -H 'amage-api-key: k' -H 'amage-api-sign: s' \
    //   http://localhost:4014/rest/amage/v1/orders/get/by-uuid/f25e62ea-0100-4f4e-aad2-853cf48df2b9
    const res = await fetch(`${inject("mock:amage")}/rest/amage/v1/orders/get/by-uuid/${UUID}`, {
      headers: { Accept: "*/*", Prefer: "code=400, example=notFound", "amage-device-uuid": "d", "amage-api-key": "k", "amage-api-sign": "s" },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ success: false, errorCode: "NOT_FOUND", message: "Order not found", orderUuid: null, order: null });
  });
});
