import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { amplifierErrors, createAmplifierClient, unwrap } from "../src/index.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("createAmplifierClient options", () => {
  it("refuses a missing or malformed baseUrl with the fix", () => {
    expect(() => createAmplifierClient({ baseUrl: "" })).toThrow(/`baseUrl` is required/);
    expect(() => createAmplifierClient(undefined as never)).toThrow(
      'createAmplifierClient: `baseUrl` is required: pass the address of your AMPER B2B WS host, e.g. createAmplifierClient({ baseUrl: "https://client-id.ampliapps.com" })',
    );
    expect(() => createAmplifierClient({ baseUrl: "client-id.ampliapps.com" })).toThrow(/not an absolute URL/);
    expect(() => createAmplifierClient({ baseUrl: "ftp://client-id.ampliapps.com" })).toThrow(/must be an http\(s\) URL/);
    expect(() => createAmplifierClient({ baseUrl: "https://client-id.ampliapps.com/?x=1" })).toThrow(/query string or fragment/);
  });

  it("tells a .NET user to drop the api/ of B2BWSUrl", () => {
    expect(() => createAmplifierClient({ baseUrl: "https://client-id.ampliapps.com/api/" })).toThrow(
      'must stop before /api/: the paths already start with it (use "https://client-id.ampliapps.com")',
    );
  });

  it("refuses an auth that is not one, and bad transport options", () => {
    expect(() => createAmplifierClient({ baseUrl: "https://h.example", auth: "token" as never })).toThrow(/`auth` must be an auth object/);
    expect(() => createAmplifierClient({ baseUrl: "https://h.example", timeoutMs: 0 })).toThrow(/`timeoutMs`/);
    expect(() => createAmplifierClient({ baseUrl: "https://h.example", maxRetries: -1 })).toThrow(/`maxRetries`/);
  });

  it("retries an import only when POST is in `retryMethods`, after the `backoff` delay", async () => {
    server = await testServer((_req, res, n) => (n === 1 ? json(res, 503, { detail: "busy" }) : json(res, 201, [])));
    const amplifier = createAmplifierClient({ baseUrl: server.url, retryMethods: ["GET", "POST"], backoff: { initialMs: 1, maxMs: 1 } });
    await expect(unwrap(amplifier.POST("/api/stocks-import", { body: [] }))).resolves.toEqual([]);
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /api/stocks-import", "POST /api/stocks-import"]);
  });

  it("sends Accept: application/json and the extra headers", async () => {
    server = await testServer((_req, res) => json(res, 200, []));
    const amplifier = createAmplifierClient({ baseUrl: server.url, headers: { "X-Translator": "erp-1" } });
    await unwrap(amplifier.GET("/complaints-translator/"));
    expect(server.seen[0]!.headers).toMatchObject({ accept: "application/json", "x-translator": "erp-1" });
  });
});

describe("errors (assumed Django REST Framework shapes)", () => {
  it("reads field errors of a list body, naming the record and the field", async () => {
    server = await testServer((_req, res) => json(res, 400, [{}, { external_id: ["This field may not be null."], vat: ["A valid integer is required."] }]));
    const amplifier = createAmplifierClient({ baseUrl: server.url });
    const err = (await unwrap(amplifier.POST("/api/products-import", { body: [{}, {}] })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toContain("[1] external_id: This field may not be null.; vat: A valid integer is required.");
    expect(err.details[0]).toMatchObject({ index: 1 });
  });

  it("reads detail and code, non_field_errors, OAuth2 errors and Django's HTML error page", () => {
    expect(amplifierErrors.describe({ detail: "Given token not valid", code: "token_not_valid" })).toEqual({ code: "token_not_valid", message: "Given token not valid" });
    expect(amplifierErrors.describe({ non_field_errors: ["Duplicate external_id."] })?.message).toBe("Duplicate external_id.");
    expect(amplifierErrors.describe({ error: "invalid_grant", error_description: "Invalid user credentials" })).toEqual({
      code: "invalid_grant",
      message: "Invalid user credentials",
    });
    expect(amplifierErrors.describe("<h1>Server Error (500)</h1>")).toEqual({ message: "Server Error (500)" });
    expect(amplifierErrors.describe([{}, {}])).toBeUndefined();
  });

  it("turns Django's HTML 500 into an ApiError with its text, after the retries a POST does not get", async () => {
    server = await testServer((_req, res) => {
      res.writeHead(500, { "content-type": "text/html" });
      res.end("<h1>Server Error (500)</h1>");
    });
    const amplifier = createAmplifierClient({ baseUrl: server.url });
    const err = (await unwrap(amplifier.POST("/api/stocks-import", { body: [] })).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 500 });
    expect(err.message).toContain("Server Error (500)");
    expect(server.seen).toHaveLength(1);
  });
});

describe("the spec", () => {
  const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
    servers: Array<{ url: string }>;
  };
  const operationIds = Object.values(spec.paths).flatMap((item) => Object.values(item).flatMap((op) => (op && typeof op === "object" && op.operationId ? [op.operationId] : [])));

  it("has one operation per .NET method, named after it", () => {
    // B2BWSBackend's public methods and AmplifierJWTAuth.GetToken, camelCase without Async (and the vendor's AsyncsAsync).
    expect(operationIds.sort()).toEqual(
      [
        "getToken",
        "sendProducts",
        "sendPriceLevels",
        "sendPrices",
        "sendStockLocations",
        "sendStocks",
        "sendProductCategories",
        "sendProductCategoriesRelation",
        "sendCustomerProductsRelation",
        "sendCustomerProductLogisticMinimum",
        "sendRelatedProducts",
        "sendAccounts",
        "sendAddresses",
        "sendDocuments",
        "sendSettlements",
        "sendCategoryDiscount",
        "sendFile",
        "getListOfOrders",
        "getOrder",
        "changeOrderStatus",
        "getListOfComplaints",
      ].sort(),
    );
  });

  it("declares the error answers of every operation, so they are typed", () => {
    for (const item of Object.values(spec.paths)) {
      for (const op of Object.values(item) as Array<{ operationId?: string; responses?: Record<string, unknown> }>) {
        if (!op?.operationId) continue;
        expect(Object.keys(op.responses ?? {}), op.operationId).toEqual(expect.arrayContaining(["400", "401", "403", "404", "5XX"]));
      }
    }
  });

  it("names no local server", () => {
    expect(JSON.stringify(spec.servers)).not.toMatch(/localhost|127\.0\.0\.1/);
  });
});
