import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { sort, sortBy, unwrap, type Address, type SortKey } from "../src/index.js";
import { mockClient } from "./helpers.js";

describe("sort", () => {
  it("writes the terms in order, in the form given", () => {
    expect(sort("lastName")).toBe("lastName");
    expect(sort("lastName", ["firstName", "desc"])).toBe("lastName,firstName:desc");
    expect(sort(["lastName", "asc"], "-birthDate", "creditRate:desc")).toBe("lastName:asc,-birthDate,creditRate:desc");
    expect(sort("company.name", "-credit.amount", "address.city:asc")).toBe("company.name,-credit.amount,address.city:asc");
  });

  it("builds from an object, in its order", () => {
    expect(sortBy({ lastName: "asc", firstName: "desc" })).toBe("lastName:asc,firstName:desc");
    expect(sortBy({ "company.vatId": "desc", _v: "asc" })).toBe("company.vatId:desc,_v:asc");
  });

  it("types keys from the Customer model, or another model", () => {
    // @ts-expect-error: not a Customer property
    expect(() => sort("createdAt:sideways")).toThrow(TypeError);
    // @ts-expect-error: lists and free-form maps have no order
    sort("cards");
    // @ts-expect-error: `meta` is a free-form map
    sortBy({ meta: "asc" });
    const key: SortKey<Address> = "zipCode";
    expect(sort<Address>(key, ["city", "desc"])).toBe("zipCode,city:desc");
  });

  it("refuses an unknown direction, naming it and the key", () => {
    // @ts-expect-error: not a direction
    expect(() => sort(["lastName", "descending"])).toThrow('sort: unknown sort direction "descending" for "lastName": use "asc" or "desc"');
    // @ts-expect-error: not a direction
    expect(() => sort("lastName:up")).toThrow(/unknown sort direction "up" for "lastName"/);
    // @ts-expect-error: directions are lower case
    expect(() => sortBy({ lastName: "DESC" })).toThrow(/sortBy: unknown sort direction "DESC"/);
  });

  it("refuses a key that would break the $sort expression, and an empty sort", () => {
    expect(() => sort("lastName,firstName" as never)).toThrow(/invalid sort key "lastName,firstName"/);
    expect(() => sort("--lastName" as never)).toThrow(/invalid sort key "-lastName"/);
    expect(() => sort()).toThrow(/at least one key/);
    expect(() => sortBy({})).toThrow(/at least one key/);
  });

  it("is accepted by the mock, which refuses a malformed $sort", async () => {
    const portos = mockClient();
    const $sort = sort("lastName", ["firstName", "desc"], "-credit.amount");
    const page = await unwrap(portos.GET("/customers", { params: { query: { $sort } } }));
    expect(page.items).toHaveLength(1);
    expect((await unwrap(portos.GET("/customers", { params: { query: { $sort: sortBy({ fullName: "asc", _v: "desc" }) } } }))).count).toBe(1);
    const err = (await unwrap(portos.GET("/customers", { params: { query: { $sort: "lastName:sideways" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("$sort must match pattern");
  });
});
