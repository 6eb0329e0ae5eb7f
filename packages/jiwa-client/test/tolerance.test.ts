// Issue 11: strict where the vendor documents a rule, tolerant where it is silent. Requests a real ServiceStack host
// accepts must pass the mock; answers a real host may send must pass Prism's validating proxy without a violation;
// and the rules the vendor does document must still refuse what breaks them.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startProxy, type RunningMock } from "@b2bkit/mock";
import { violations } from "@b2bkit/mock/proxied";
import { json, testServer, type Seen, type TestServer } from "@b2bkit/mock/test-server";
import type { ServerResponse } from "node:http";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient, type InventoryPOSTRequest, type InventoryDebtorSpecificPricePOSTRequest } from "../src/index.js";
import { DebtorID, InventoryID, mockClient } from "./helpers.js";


/** The violations that name `field` anywhere in their location. */
const about = (response: Response, field: string) => violations(response).filter((v) => v.location.includes(field));

/** ServiceStack's default JSON date (DateHandler.TimestampOffset): 15 September 2017, 00:00 in Sydney. */
const WCF_DATE = "/Date(1505397600000+1000)/";

describe("requests a ServiceStack host accepts pass the mock", () => {
  const jiwa = mockClient();
  const mock = () => inject("mock:jiwa");

  async function signIn(body: Record<string, unknown>) {
    return fetch(`${mock()}/auth`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  }

  it("signs in with any letter case of UserName and Password: ServiceStack binds names case-insensitively", async () => {
    for (const body of [
      { userName: "admin", password: "password" },
      { Username: "admin", PASSWORD: "password" },
      { USERNAME: "admin", Password: "password" },
    ]) {
      const res = await signIn(body);
      expect({ body, status: res.status, violations: violations(res) }).toEqual({ body, status: 200, violations: [] });
    }
  });

  it("still refuses a sign-in without a password in any letter case (the vendor: both must be provided)", async () => {
    const res = await signIn({ Username: "admin", Passwort: "password" });
    expect(res.status).toBe(400);
    expect(violations(res).map((v) => v.message).join("\n")).toMatch(/required property 'password'/i);
  });

  it("creates a product with Status and BOMObject as numbers, which ServiceStack binds to the enums", async () => {
    const body: InventoryPOSTRequest = { PartNo: "NewPartNo", Status: 1, BOMObject: 3 };
    const { response } = await jiwa.POST("/Inventory", { body });
    expect(about(response, "Status")).toEqual([]);
    expect(about(response, "BOMObject")).toEqual([]);
    expect(response.status).toBe(201);
  });

  it("adds a debtor price with Source as a number, as the doc sends Mode (`\"Mode\":2`)", async () => {
    const body: InventoryDebtorSpecificPricePOSTRequest = { DebtorID, Source: 3, Mode: 2, Amount: 150 };
    const { response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body });
    expect(about(response, "Source")).toEqual([]);
    expect(response.status).toBe(201);
  });

  it("takes ServiceStack's own JSON date `/Date(…)/` beside ISO 8601 in a request body", async () => {
    const body: InventoryDebtorSpecificPricePOSTRequest = { DebtorID, Mode: 2, Amount: 150, StartDate: WCF_DATE, EndDate: "/Date(1538316000000)/" };
    const price = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body });
    expect(violations(price.response)).toEqual([]);
    expect(price.response.status).toBe(201);

    const selling = await jiwa.PATCH("/Inventory/{InventoryID}/SellingPrices", {
      params: { path: { InventoryID } },
      body: { ForwardPriceDate: WCF_DATE, SellPrices: [{ SellingPriceID: "P1", ForwardPrice: 11.5 }] },
    });
    expect(violations(selling.response)).toEqual([]);
    expect(selling.response.status).toBe(200);
  });

  it("takes `/Date(…)/` in an AutoQuery date filter", async () => {
    const { response } = await jiwa.GET("/Queries/IN_Main", { params: { query: { LastSavedDateTimeGreaterThan: WCF_DATE } } });
    expect(violations(response)).toEqual([]);
    expect(response.status).toBe(200);
  });

  it("checks the prices inside a product like the price routes: numbers and `/Date(…)/` pass", async () => {
    const body: InventoryPOSTRequest = {
      PartNo: "NewPartNo",
      DebtorPrices: [{ DebtorID, Source: 0, Mode: 2, Amount: 150, StartDate: WCF_DATE, EndDate: null }],
    };
    const { response } = await jiwa.POST("/Inventory", { body });
    expect(violations(response)).toEqual([]);
    expect(response.status).toBe(201);
  });
});

describe("what the vendor documents is still checked in requests", () => {
  const jiwa = mockClient();

  it("refuses a status that is neither a member's name nor its number", async () => {
    // @ts-expect-error: Status is an InventoryStatuses name or 0…4
    const body: InventoryPOSTRequest = { PartNo: "NewPartNo", Status: "Active" };
    const { response } = await jiwa.POST("/Inventory", { body });
    expect(response.status).toBe(400);
    expect(about(response, "Status").map((v) => v.message).join("\n")).toMatch(/e_InventoryStatusActive/);
  });

  it("refuses a price source or mode the DTO enum does not have, by name or by number", async () => {
    for (const wrong of [{ Source: "Cost" }, { Source: 13 }, { Mode: 7 }]) {
      const body = { DebtorID, Amount: 1, ...wrong } as InventoryDebtorSpecificPricePOSTRequest;
      const { response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body });
      expect({ wrong, status: response.status }).toEqual({ wrong, status: 400 });
      expect(about(response, Object.keys(wrong)[0]!)).not.toEqual([]);
    }
  });

  it("refuses a date in neither form ServiceStack reads, also inside a product's prices", async () => {
    const price = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", {
      params: { path: { InventoryID } },
      body: { DebtorID, Amount: 1, StartDate: "yesterday" },
    });
    expect(price.response.status).toBe(400);
    expect(about(price.response, "StartDate")).not.toEqual([]);

    const product = await jiwa.POST("/Inventory", { body: { DebtorPrices: [{ DebtorID, StartDate: "/Date(soon)/" }] } });
    expect(product.response.status).toBe(400);
    expect(about(product.response, "StartDate")).not.toEqual([]);
  });
});

describe("answers a real host may send pass Prism's validating proxy", () => {
  // What the scripted upstream answers next, per route; each test sets the variant it is about.
  const answers = new Map<string, { status: number; body?: unknown }>();
  let upstream: TestServer;
  let proxy: RunningMock;

  beforeAll(async () => {
    upstream = await testServer((req: Seen, res: ServerResponse) => {
      const key = `${req.method} ${new URL(req.url, "http://upstream").pathname}`;
      const answer = answers.get(key);
      if (!answer) return json(res, 404, { ResponseStatus: { ErrorCode: "NotFound", Message: `no scripted answer for ${key}` } });
      if (answer.body === undefined) {
        res.writeHead(answer.status);
        res.end();
        return;
      }
      json(res, answer.status, answer.body);
    });
    proxy = await startProxy({ vendor: "jiwa", upstream: upstream.url });
  }, 60_000);

  afterAll(async () => {
    await proxy?.stop();
    await upstream?.close();
  });

  const client = () => createJiwaClient({ baseUrl: proxy.url, auth: jiwaAuth({ apiKey: "test-api-key" }), maxRetries: 0 });

  it("reads a product with `/Date(…)/` dates, enums as numbers or unknown names, and nulls", async () => {
    const item = {
      InventoryID,
      PartNo: "A1000",
      Description: null,
      Status: 1,
      BOMObject: "e_InventoryBOMTypeAssembly",
      LastSavedDateTime: "/Date(1505395268547+1000)/",
      Category1: null,
      Classification: { ClassificationID: "ZZZZZZZZZZ0000000000", LastSavedDateTime: WCF_DATE },
      Notes: [{ NoteID: "cb39806c-1b52-411b-a3ba-e16b6281ea63", NoteText: "A note", LastSavedDateTime: WCF_DATE, NoteType: null }],
      DebtorPrices: [{ DebtorSpecificPriceID: "0000000011000000000Z", Source: 3, Mode: "None", StartDate: WCF_DATE, EndDate: null }],
      SellingPrices: { CurrentPriceDate: WCF_DATE, ForwardPriceDate: null, SellPrices: [{ SellingPriceID: "P1", Price: 10.5 }] },
    };
    answers.set(`GET /Inventory/${InventoryID}`, { status: 200, body: item });
    const { data, response } = await client().GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } });
    expect(violations(response)).toEqual([]);
    // Read as sent: the client converts neither dates nor enums.
    expect(data).toEqual(item);
  });

  it("reads custom fields whose CellType the DTO enum does not name", async () => {
    const fields = [
      { SettingID: "b450e24b-0b83-4650-b812-311f26dfeeb2", SettingName: "WebCategory", CellType: "Text" },
      { SettingID: "1", SettingName: "Delivered", CellType: "Time" },
      { SettingID: "2", SettingName: "Legacy", CellType: "5" },
      { SettingID: "3", SettingName: "AsNumber", CellType: 9 },
    ];
    answers.set("GET /Inventory/CustomFields", { status: 200, body: fields });
    const { data, response } = await client().GET("/Inventory/CustomFields");
    expect(about(response, "CellType")).toEqual([]);
    expect(data?.map((f) => f.CellType)).toEqual(["Text", "Time", "5", 9]);
  });

  it("reads debtor prices with a numeric mode and a source the DTO enum does not name", async () => {
    const prices = [{ DebtorSpecificPriceID: "0000000011000000000Z", Source: "P11", Mode: 2, StartDate: WCF_DATE, Amount: 150 }];
    answers.set(`GET /Inventory/${InventoryID}/DebtorSpecificPrices`, { status: 200, body: prices });
    const { response } = await client().GET("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } } });
    expect(violations(response)).toEqual([]);
  });

  it("reads an AutoQuery first page without Offset (a host that leaves out default values omits 0)", async () => {
    answers.set("GET /Queries/IN_Main", { status: 200, body: { Results: [{ InventoryID, PartNo: "A1000", LastSavedDateTime: WCF_DATE }] } });
    const { data, response } = await client().GET("/Queries/IN_Main", { params: { query: { Take: 25 } } });
    expect(violations(response)).toEqual([]);
    expect(data?.Results).toHaveLength(1);
  });

  it("expects the status codes Jiwa's own API tests assert: 201 for a create, 204 for a delete", async () => {
    answers.set("POST /Inventory", { status: 201, body: { InventoryID, PartNo: "NewPartNo", LastSavedDateTime: "2017-09-15T10:31:12.4400000+10:00" } });
    const created = await client().POST("/Inventory", { body: { PartNo: "NewPartNo" } });
    expect(violations(created.response)).toEqual([]);
    expect(created.response.status).toBe(201);

    answers.set(`DELETE /Inventory/${InventoryID}`, { status: 204 });
    const deleted = await client().DELETE("/Inventory/{InventoryID}", { params: { path: { InventoryID } } });
    expect(violations(deleted.response)).toEqual([]);
    expect(deleted.response.status).toBe(204);
  });

  it("still reports what breaks the documented shape: a 200 to a delete, a string price, a page without Results", async () => {
    answers.set(`DELETE /Inventory/${InventoryID}`, { status: 200, body: {} });
    const deleted = await client().DELETE("/Inventory/{InventoryID}", { params: { path: { InventoryID } } });
    expect(violations(deleted.response).map((v) => v.message).join("\n")).toMatch(/status code/i);

    const pricing = `/Inventory/${InventoryID}/Pricing/${DebtorID}/ZZZZZZZZZZ0000000000/2017-09-14/6`;
    answers.set(`GET ${pricing}`, { status: 200, body: { Price: "9.45", IncludesTax: false } });
    const price = await client().GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", {
      params: { path: { InventoryID, DebtorID, IN_LogicalID: "ZZZZZZZZZZ0000000000", Date: "2017-09-14", Quantity: 6 } },
    });
    expect(about(price.response, "Price")).not.toEqual([]);

    answers.set("GET /Queries/IN_Main", { status: 200, body: { Offset: 0 } });
    const page = await client().GET("/Queries/IN_Main");
    expect(violations(page.response).map((v) => v.message).join("\n")).toMatch(/Results/);
  });
});
