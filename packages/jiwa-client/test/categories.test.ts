import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { unwrap } from "../src/index.js";
import { CategoryID, mockClient } from "./helpers.js";

const jiwa = mockClient();

describe("inventory categories", () => {
  it("reads a category", async () => {
    const category = await unwrap(jiwa.GET("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID } } }));
    expect(category).toMatchObject({ CategoryID, CategoryNo: 1, Description: "Air Conditioning" });
  });

  it("creates a category in list 1", async () => {
    const { data, response } = await jiwa.POST("/Inventory/Categories", { body: { Description: "A new category", CategoryNo: 1 } });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ Description: "A new category", CategoryNo: 1 });
  });

  it("leaves the range of CategoryNo to the server: neither the doc nor the DTO bounds it", async () => {
    const { response } = await jiwa.POST("/Inventory/Categories", { body: { Description: "x", CategoryNo: 6 } });
    expect(response.status).toBe(201);
  });

  it("refuses a CategoryNo that is not a number, with the reason", async () => {
    // @ts-expect-error: CategoryNo is an int
    const err = (await unwrap(jiwa.POST("/Inventory/Categories", { body: { Description: "x", CategoryNo: "first" } })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/CategoryNo must be integer/);
  });

  it("renames a category", async () => {
    const category = await unwrap(
      jiwa.PATCH("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: "3acb85d7ad4d4b878d5e" } }, body: { Description: "A modified category" } }),
    );
    expect(category.Description).toBe("A modified category");
  });

  it("deletes a category: 204", async () => {
    const { response } = await jiwa.DELETE("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: "3acb85d7ad4d4b878d5e" } } });
    expect(response.status).toBe(204);
  });
});
