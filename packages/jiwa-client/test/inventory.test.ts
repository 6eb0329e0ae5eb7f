import { describe, expect, inject, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap, type InventoryPOSTRequest } from "../src/index.js";
import { InventoryID, PICTURE, SettingID, mockClient } from "./helpers.js";

const jiwa = mockClient();
const path = { path: { InventoryID } };

describe("products", () => {
  it("reads a product with its stock levels per warehouse", async () => {
    const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: path }));
    expect(item).toMatchObject({ InventoryID, Status: "e_InventoryStatusActive" });
    // The doc's "Stock Levels" fragment: five warehouses, back orders in two of them.
    expect(item.WarehouseSOHs).toHaveLength(5);
    const main = item.WarehouseSOHs?.find((w) => w.IN_LogicalID === "ZZZZZZZZZZ0000000000");
    expect(main).toMatchObject({ Warehouse: "Main / New South Wales", TotalBackOrders: 36, BOMComponentWIP: 3 });
    expect(item.Notes?.[0]?.NoteText).toBe("A modified note text");
    expect(item.DebtorPrices?.[0]).toMatchObject({ Mode: "None", QuantityPriceBreak: 15 });
    expect(item.Category1?.Description).toBe("Air Conditioning");
  });

  it("takes the doc's ?format=json override, and only that one, through the client", async () => {
    const { data, response } = await jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID }, query: { format: "json" } } });
    expect(new URL(response.url).search).toBe("?format=json");
    expect(data?.InventoryID).toBe(InventoryID);
    // The client parses JSON only, so its types refuse the overrides that answer XML or CSV (checked by tsc).
    const xml = () =>
      // @ts-expect-error: format is "json" in the client's types
      jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID }, query: { format: "xml" } } });
    void xml;
  });

  it("accepts the doc's other format overrides (xml, csv) in the spec, and refuses an unknown one", async () => {
    // "xml and csv are also valid overrides for the content type to be returned" (the doc's browser examples).
    const at = (format: string) =>
      fetch(`${inject("mock:jiwa")}/Inventory/${InventoryID}/Notes?format=${format}`, { headers: { authorization: "Bearer test-api-key" } });
    for (const format of ["json", "xml", "csv"]) expect((await at(format)).status).toBe(200);
    expect((await at("html")).status).toBe(400);
  });

  it("creates a product with PartNo, Description, DefaultPrice and a base64 Picture", async () => {
    const body: InventoryPOSTRequest = { PartNo: "NewPartNo", Description: "A new product", DefaultPrice: 10.5, Picture: PICTURE };
    const { data, response } = await jiwa.POST("/Inventory", { body });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ PartNo: "NewPartNo", DefaultPrice: 10.5 });
    expect(data?.InventoryID).toMatch(/^\w{20}$/);
  });

  it("creates a product with two notes", async () => {
    const created = await unwrap(
      jiwa.POST("/Inventory", {
        body: { PartNo: "NewPartNo", Description: "A new product", DefaultPrice: 10.5, Notes: [{ NoteText: "Note text 1" }, { NoteText: "NoteText 2" }] },
      }),
    );
    expect(created.Notes?.map((n) => n.NoteText)).toEqual(["Note text 1", "NoteText 2"]);
  });

  it("refuses a price that is not a number, with ServiceStack's field error and the reason", async () => {
    // @ts-expect-error: DefaultPrice is a number
    const body: InventoryPOSTRequest = { PartNo: "NewPartNo", DefaultPrice: "abc" };
    const err = (await unwrap(jiwa.POST("/Inventory", { body })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "SerializationException" });
    expect(err.message).toContain("DefaultPrice must be number");
    expect(err.details[0]).toMatchObject({ FieldName: "DefaultPrice" });
  });

  it("updates Description and Picture, adds a note and changes another", async () => {
    const updated = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}", {
        params: path,
        body: {
          Description: "A new description",
          Picture: PICTURE,
          Notes: [{ NoteText: "A new note added" }, { NoteID: "cb39806c-1b52-411b-a3ba-e16b6281ea63", NoteText: "A modified note text" }],
        },
      }),
    );
    expect(updated).toMatchObject({ InventoryID, Description: "A new description" });
    expect(updated.Notes).toHaveLength(2);
  });

  it("deletes a product: 204 and no body", async () => {
    const { data, error, response } = await jiwa.DELETE("/Inventory/{InventoryID}", { params: path });
    expect(response.status).toBe(204);
    expect(data).toBeUndefined();
    expect(error).toBeUndefined();
  });
});

describe("custom fields", () => {
  it("lists the inventory custom fields", async () => {
    const fields = await unwrap(jiwa.GET("/Inventory/CustomFields"));
    expect(fields[0]).toMatchObject({ SettingID, SettingName: "WebCategory", CellType: "Text" });
  });

  it("lists the custom field values of a product", async () => {
    const values = await unwrap(jiwa.GET("/Inventory/{InventoryID}/CustomFieldValues", { params: path }));
    expect(values[0]).toMatchObject({ SettingID, Contents: "Air Conditioning" });
  });

  it("reads one custom field value of a product", async () => {
    const value = await unwrap(
      jiwa.GET("/Inventory/{InventoryID}/CustomFieldValues/{SettingID}", { params: { path: { InventoryID, SettingID } } }),
    );
    expect(value.Contents).toBe("Air Conditioning");
  });

  it("updates a custom field value of a product", async () => {
    const value = await unwrap(
      jiwa.PATCH("/Inventory/{InventoryID}/CustomFieldValues/{SettingID}", {
        params: { path: { InventoryID, SettingID } },
        body: { Contents: "New Contents" },
      }),
    );
    expect(value).toMatchObject({ SettingID, Contents: "New Contents" });
  });
});
