import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import {
  unwrap,
  type InventoryDebtorClassificationPricePOSTRequest,
  type InventoryDebtorPriceGroupPricePOSTRequest,
  type InventoryDebtorSpecificPricePOSTRequest,
} from "../src/index.js";
import { DebtorID, IN_LogicalID, InventoryID, mockClient } from "./helpers.js";

const jiwa = mockClient();

describe("pricing", () => {
  it("asks the price a debtor pays for a quantity on a date, in a warehouse", async () => {
    const price = await unwrap(
      jiwa.GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", {
        params: { path: { InventoryID, DebtorID, IN_LogicalID, Date: "2017-09-14", Quantity: 6 } },
      }),
    );
    expect(price).toEqual({ Price: 9.45, IncludesTax: false });
  });

  it("refuses a price query whose date is not a date, naming the parameter", async () => {
    const err = (await unwrap(
      jiwa.GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", {
        params: { path: { InventoryID, DebtorID, IN_LogicalID, Date: "yesterday", Quantity: 6 } },
      }),
    ).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/path parameter date must match pattern/);
  });

  it("reads the P1…P10 selling prices", async () => {
    const prices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/SellingPrices", { params: { path: { InventoryID } } }));
    expect(prices.SellPrices?.map((p) => p.SellingPriceID)).toEqual(["P1", "P2", "P3"]);
    expect(prices.SellPrices?.[0]).toMatchObject({ Price: 10.5, ForwardPrice: 11, PriceIsIncTax: false });
  });

  it("updates a selling price", async () => {
    const prices = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}/SellingPrices", {
        params: { path: { InventoryID } },
        body: { ForwardPriceDate: "2017-10-01", SellPrices: [{ SellingPriceID: "P1", Price: 10.95, ForwardPrice: 11.5 }] },
      }),
    );
    expect(prices.SellPrices?.[0]).toMatchObject({ SellingPriceID: "P1", Price: 10.95 });
  });
});

describe("debtor specific prices", () => {
  const DebtorSpecificPriceID = "3791217a18204bcb8813";
  const item = { path: { InventoryID, DebtorSpecificPriceID } };

  it("lists the debtor specific prices of a product", async () => {
    const prices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } } }));
    expect(prices[0]).toMatchObject({ DebtorID, Mode: "None", UseQuantityPriceBreak: true, QuantityPriceBreak: 15 });
  });

  it("adds one from a quantity break on, with the mode as the doc sends it (2 = None)", async () => {
    const body: InventoryDebtorSpecificPricePOSTRequest = {
      DebtorID,
      Mode: 2,
      Amount: 150,
      UseQuantityPriceBreak: true,
      QuantityPriceBreak: 15,
      StartDate: "2017-09-15",
    };
    const { data, response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ DebtorSpecificPriceID, Amount: 150, Mode: "None" });
  });

  it("accepts the doc's curl body as written (OPMode, \"true\" as a string)", async () => {
    const body: InventoryDebtorSpecificPricePOSTRequest = {
      InventoryID,
      DebtorID,
      OPMode: 2,
      Amount: 150,
      UseQuantityPriceBreak: "true",
      QuantityPriceBreak: 15,
      StartDate: "2017-09-15",
    };
    const { response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body });
    expect(response.status).toBe(201);
  });

  it("refuses a mode that is not one, with the reason", async () => {
    // @ts-expect-error: Mode is Percentage, Actual, None or 0, 1, 2
    const body: InventoryDebtorSpecificPricePOSTRequest = { DebtorID, Mode: "Discount", Amount: 1 };
    const err = (await unwrap(jiwa.POST("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: { path: { InventoryID } }, body })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toContain("Mode must be equal to one of the allowed values: Percentage, Actual, None");
  });

  it("reads one", async () => {
    const price = await unwrap(
      jiwa.GET("/Inventory/{InventoryID}/DebtorSpecificPrices/{DebtorSpecificPriceID}", {
        params: { path: { InventoryID, DebtorSpecificPriceID: "0000000011000000000Z" } },
      }),
    );
    expect(price).toMatchObject({ DebtorSpecificPriceID: "0000000011000000000Z", DebtorAccountNo: "1001" });
  });

  it("changes its amount", async () => {
    const price = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}/DebtorSpecificPrices/{DebtorSpecificPriceID}", { params: item, body: { Amount: 160.5 } }),
    );
    expect(price.Amount).toBe(160.5);
  });

  it("deletes one: 204", async () => {
    const { response } = await jiwa.DELETE("/Inventory/{InventoryID}/DebtorSpecificPrices/{DebtorSpecificPriceID}", { params: item });
    expect(response.status).toBe(204);
  });
});

describe("debtor classification prices", () => {
  const DebtorClassificationPriceID = "0000000011000000000X";
  const item = { path: { InventoryID, DebtorClassificationPriceID } };

  it("lists the debtor classification prices of a product", async () => {
    const prices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/DebtorClassificationPrices", { params: { path: { InventoryID } } }));
    expect(prices[0]).toMatchObject({ DebtorClassificationID: "00000000A8000000000C", DebtorClassificationDescription: "Trade" });
  });

  it("adds one for a classification from a quantity break on", async () => {
    const body: InventoryDebtorClassificationPricePOSTRequest = {
      InventoryID,
      DebtorClassificationID: "00000000A8000000000C",
      Mode: 2,
      Amount: 200,
      UseQuantityPriceBreak: true,
      QuantityPriceBreak: 15,
      StartDate: "2017-09-15T10:30:00+10:00",
    };
    const created = await unwrap(jiwa.POST("/Inventory/{InventoryID}/DebtorClassificationPrices", { params: { path: { InventoryID } }, body }));
    expect(created).toMatchObject({ DebtorClassificationPriceID, Amount: 200 });
  });

  it("adds a tier price for every classification (a null classification)", async () => {
    const body: InventoryDebtorClassificationPricePOSTRequest = {
      DebtorClassificationID: null,
      Mode: "Actual",
      Amount: 180,
      UseQuantityPriceBreak: true,
      QuantityPriceBreak: 50,
    };
    const { response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorClassificationPrices", { params: { path: { InventoryID } }, body });
    expect(response.status).toBe(201);
  });

  it("reads one", async () => {
    const price = await unwrap(jiwa.GET("/Inventory/{InventoryID}/DebtorClassificationPrices/{DebtorClassificationPriceID}", { params: item }));
    expect(price.DebtorClassificationPriceID).toBe(DebtorClassificationPriceID);
  });

  it("changes its amount", async () => {
    const price = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}/DebtorClassificationPrices/{DebtorClassificationPriceID}", { params: item, body: { Amount: 250.45 } }),
    );
    expect(price.Amount).toBe(250.45);
  });

  it("deletes one: 204", async () => {
    const { response } = await jiwa.DELETE("/Inventory/{InventoryID}/DebtorClassificationPrices/{DebtorClassificationPriceID}", { params: item });
    expect(response.status).toBe(204);
  });
});

describe("debtor price group prices", () => {
  const DebtorPriceGroupInventorySpecificID = "07d602d8-0b4d-4ed3-b1a5-012945c76707";
  const item = { path: { InventoryID, DebtorPriceGroupInventorySpecificID } };

  it("lists the debtor price group prices of a product", async () => {
    const prices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/DebtorPriceGroupPrices", { params: { path: { InventoryID } } }));
    expect(prices[0]?.DebtorPriceGroupInventorySpecificID).toBeTypeOf("string");
    expect(prices[0]?.Mode).toMatch(/^(Percentage|Actual|None)$/);
  });

  it("adds one for a price group from a quantity break on", async () => {
    const body: InventoryDebtorPriceGroupPricePOSTRequest = {
      InventoryID,
      DebtorPriceGroupID: "703AB465-604C-46B5-98A3-2D3F01E0CDE3",
      Mode: 2,
      Amount: 11.23,
      UseQuantityPriceBreak: true,
      QuantityPriceBreak: 21,
      StartDate: "2017-09-15",
    };
    const { data, response } = await jiwa.POST("/Inventory/{InventoryID}/DebtorPriceGroupPrices", { params: { path: { InventoryID } }, body });
    expect(response.status).toBe(201);
    expect(data?.QuantityPriceBreak).toBe(21);
  });

  it("reads one", async () => {
    const price = await unwrap(
      jiwa.GET("/Inventory/{InventoryID}/DebtorPriceGroupPrices/{DebtorPriceGroupInventorySpecificID}", {
        params: { path: { InventoryID, DebtorPriceGroupInventorySpecificID: "804a5fb1-e7ac-4759-94a3-04ed1938560e" } },
      }),
    );
    expect(price.DebtorPriceGroupInventorySpecificID).toBe("804a5fb1-e7ac-4759-94a3-04ed1938560e");
  });

  it("changes its amount", async () => {
    const price = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}/DebtorPriceGroupPrices/{DebtorPriceGroupInventorySpecificID}", {
        params: item,
        body: { InventoryID, Amount: 15.99 },
      }),
    );
    expect(price.Amount).toBe(15.99);
  });

  it("deletes one: 204", async () => {
    const { response } = await jiwa.DELETE("/Inventory/{InventoryID}/DebtorPriceGroupPrices/{DebtorPriceGroupInventorySpecificID}", {
      params: item,
    });
    expect(response.status).toBe(204);
  });
});
