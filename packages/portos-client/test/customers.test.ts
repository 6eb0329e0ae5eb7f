import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { testServer } from "@b2bkit/mock/test-server";
import { portosAuth } from "@b2bkit/portos-auth";
import { createPortosClient } from "../src/index.js";
import { PortosErrorCode, sort, unwrap, type Customer } from "../src/index.js";
import { documentedCustomer, john, mockClient } from "./helpers.js";

const portos = mockClient();

describe("customers", () => {
  it("lists customers with the documented filters, NData paging and sort", async () => {
    const page = await unwrap(
      portos.GET("/customers", {
        params: {
          query: {
            CardSerialNumber: "eq:card-serial-number",
            ExternalId: "eq:external-card-id",
            CreditRate: "gt:0",
            DiscountRate: "gt:0;lt:50",
            IsActive: "eq:true",
            ExpirationTime: "gt:2022-11-01T00:00:00Z",
            IsExpired: false,
            Search: "doe",
            $skip: 10,
            $take: 5,
            $sort: sort("lastName", ["firstName", "desc"]),
          },
        },
      }),
    );
    expect(page).toMatchObject({ count: 1, totalCount: 1 });
    const customer = page.items?.[0];
    expect(customer).toMatchObject({ id: "customer-id", fullName: "John Doe", status: "Valid", _v: 1 });
    expect(customer?.cards?.[0]).toMatchObject({ serialNumber: "card-serial-number", isVirtual: true });
    expect(customer?.credit).toEqual({ amount: 0, currencyLabel: null });
  });

  it("accepts $count=true (the answer has the counts)", async () => {
    const { data, response } = await portos.GET("/customers", { params: { query: { $count: true } } });
    expect(response.status).toBe(200);
    expect(data?.totalCount).toBe(1);
  });

  it("gets a customer by id", async () => {
    const customer: Customer = await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "customer-id" } } }));
    expect(customer).toMatchObject({ id: "customer-id", email: "john.doe@portos.sk", isCompany: false, company: null });
  });

  it("creates a customer (201, or 200: the route page names no status, both are declared)", async () => {
    const { data, response } = await portos.POST("/customers", { body: john, headers: { Prefer: "code=201" } });
    expect(response.status).toBe(201);
    expect(data).toMatchObject({ id: "customer-id", firstName: "John", _v: 1 });
    const ok = await portos.POST("/customers", { body: john, headers: { Prefer: "code=200" } });
    expect(ok.response.status).toBe(200);
    expect(ok.data).toMatchObject({ id: "customer-id", _v: 1 });
  });

  it("creates or updates a customer by id, sending its _v", async () => {
    const updated = await unwrap(
      portos.PUT("/customers/{id}", { params: { path: { id: "customer-id" } }, body: { ...john, note: "VIP", meta: { tier: "gold" } } }),
    );
    expect(updated).toMatchObject({ id: "customer-id", lastName: "Doe" });
  });

  it("deletes a customer and answers the deleted one", async () => {
    const deleted = await unwrap(portos.DELETE("/customers/{id}", { params: { path: { id: "customer-id" } } }));
    expect(deleted.id).toBe("customer-id");
  });

  it("repeats an NData filter as the vendor documents (DiscountRate=gt:0&DiscountRate=lt:50)", async () => {
    const urls: string[] = [];
    const spy = mockClient({ fetch: async (input, init) => (urls.push(String(input)), fetch(input, init)) });
    const page = await unwrap(spy.GET("/customers", { params: { query: { DiscountRate: ["gt:0", "lt:50"], IsActive: "eq:true" } } }));
    expect(page.totalCount).toBe(1);
    const query = new URL(urls.at(-1)!).searchParams;
    expect(query.getAll("DiscountRate")).toEqual(["gt:0", "lt:50"]);
    expect(query.getAll("IsActive")).toEqual(["eq:true"]);
  });

  it("sends $sort repeated when given a list (the vendor types it string[]), each value checked", async () => {
    const urls: string[] = [];
    const spy = mockClient({ fetch: async (input, init) => (urls.push(String(input)), fetch(input, init)) });
    const page = await unwrap(spy.GET("/customers", { params: { query: { $sort: [sort("lastName"), "-firstName,note:desc"] } } }));
    expect(page.count).toBe(1);
    expect(new URL(urls.at(-1)!).searchParams.getAll("$sort")).toEqual(["lastName", "-firstName,note:desc"]);
    const err = (await unwrap(portos.GET("/customers", { params: { query: { $sort: ["lastName", "firstName:sideways"] } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 400 });
    expect(err.message).toContain("$sort");
  });

  it("creates and updates with the vendor's example body, every documented field as written", async () => {
    const created = await portos.POST("/customers", { body: documentedCustomer });
    expect([200, 201]).toContain(created.response.status);
    expect(created.data).toEqual(documentedCustomer);
    const updated = await unwrap(portos.PUT("/customers/{id}", { params: { path: { id: "customer-id" } }, body: documentedCustomer }));
    expect(updated).toEqual(documentedCustomer);
  });

  it("types a failure's `error` as Portos's problem body (application/problem+json)", async () => {
    const { data, error, response } = await mockClient({ auth: undefined }).GET("/customers/{id}", { params: { path: { id: "customer-id" } } });
    expect(response.status).toBe(401);
    expect(data).toBeUndefined();
    // Typed access: with a client typed for application/json only, `error` was the content map and this did not compile.
    const problem: { title?: string | null; errorCode?: number | null } | undefined = error;
    expect(problem?.errorCode).toBe(PortosErrorCode.Unauthenticated);
    expect(error?.title).toBe("Unauthorized");
  });

  it("refuses a body of the wrong type, naming the field", async () => {
    // @ts-expect-error: creditRate is a decimal
    const body: Customer = { ...john, creditRate: "high" };
    const err = (await unwrap(portos.POST("/customers", { body })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.code).toBe(PortosErrorCode.ValidationFailed);
    expect(err.message).toContain("creditRate");
  });

  it("refuses a $skip that is not an integer (the vendor types it int; it states no bounds, so none are checked)", async () => {
    // @ts-expect-error: $skip is an integer
    const err = (await unwrap(portos.GET("/customers", { params: { query: { $skip: "ten" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/\$skip must be integer/);
  });

  it("answers 401 with Portos's problem details when no token is sent", async () => {
    const anonymous = mockClient({ auth: undefined });
    const err = (await unwrap(anonymous.GET("/customers/{id}", { params: { path: { id: "customer-id" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: PortosErrorCode.Unauthenticated });
    expect(err.message).toContain("Unauthorized");
  });
});

describe("answers that promise a Customer", () => {
  it("an empty 200 to GET /customers/{id} is EMPTY_BODY, never undefined (its answer is a documented Customer)", async () => {
    const server = await testServer((_req, res) => void res.writeHead(200, { "content-type": "application/json", "content-length": "0" }).end());
    try {
      const portos = createPortosClient({ baseUrl: server.url, auth: portosAuth({ token: "t0k3n-value" }) });
      await expect(unwrap(portos.GET("/customers/{id}", { params: { path: { id: "c1" } } }))).rejects.toMatchObject({ name: "ApiError", code: "EMPTY_BODY" });
    } finally {
      await server.close();
    }
  });
});
