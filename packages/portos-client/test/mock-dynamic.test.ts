// `pnpm mock portos --dynamic` answers data generated from the spec's schemas. These tests drive the real client and
// auth (login included) through every customer operation, many times over, and check that the generated answers keep
// what Portos documents and what the client relies on: a login answers a usable `tokenId`; a query result has its
// `items` and counts that are whole numbers, never negative; every customer carries its `id` and `_v`.
// Each request asks Prism for its own seed (`Prefer: seed=…`), so a failing run is reproducible from its number.
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { portosAuth } from "@b2bkit/portos-auth";
import { freePort, startMock, type RunningMock } from "@b2bkit/mock";
import { everyRun, seededFetch } from "@b2bkit/mock/prefer";
import { createPortosClient, listAll, unwrap, type AuthResult, type PortosClient, type QueryResult_Customer, type paths } from "../src/index.js";
import { credentials, john } from "./helpers.js";

// 25 runs by default (each a few dozen requests); B2BKIT_DYNAMIC_RUNS=50 runs more.
const RUNS = Number(process.env.B2BKIT_DYNAMIC_RUNS ?? 25);

let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({ vendor: "portos", port: await freePort(), dynamic: true });
}, 60_000);
afterAll(() => mock?.stop());

/** The client a user builds, logged in by portosAuth; every request of run `run` (the login too) gets the next seed. */
function seededClient(run: number): { portos: PortosClient; logins: () => number } {
  let logins = 0;
  const portos = createPortosClient({
    baseUrl: mock.url,
    auth: portosAuth(credentials),
    maxRetries: 0,
    fetch: seededFetch(run, (url) => void (url.endsWith("/api/auth") && logins++)),
  });
  return { portos, logins: () => logins };
}

/** A customer as Portos answers it: `id` (a usable path parameter) and `_v`, the version the API tracks. */
function expectCustomer(customer: unknown, where: string): asserts customer is { id: string; _v: number } {
  expect(customer, where).toBeTypeOf("object");
  const { id, _v } = (customer ?? {}) as { id?: unknown; _v?: unknown };
  expect(typeof id === "string" && /^\S+$/.test(id), `${where}: id ${JSON.stringify(id)}`).toBe(true);
  expect(Number.isInteger(_v), `${where}: _v ${JSON.stringify(_v)}`).toBe(true);
}

async function scenario(run: number): Promise<void> {
  const { portos, logins } = seededClient(run);

  const page = await unwrap(portos.GET("/customers", { params: { query: { $skip: 0, $take: 100 } } }));
  expect(logins(), "one login before the first call").toBe(1);
  const { items, count, totalCount } = page as { items?: unknown; count?: unknown; totalCount?: unknown };
  expect(Array.isArray(items), `/customers answered items ${JSON.stringify(items)}`).toBe(true);
  for (const [name, value] of Object.entries({ count, totalCount })) {
    expect(Number.isInteger(value) && (value as number) >= 0, `/customers answered ${name} ${JSON.stringify(value)}`).toBe(true);
  }
  (items as unknown[]).forEach((customer, i) => expectCustomer(customer, `/customers items[${i}]`));

  const counted = await unwrap(portos.GET("/customers", { params: { query: { $count: true } } }));
  expect(Number.isInteger(counted.totalCount) && counted.totalCount! >= 0, `$count=true answered totalCount ${counted.totalCount}`).toBe(true);

  // A small page, so that walks of several pages happen; a walk past 40 pages would mean that it never ends.
  let walked = 0;
  for await (const customer of listAll(portos, "/customers", { pageSize: 3 })) {
    expectCustomer(customer, `listAll /customers[${walked}]`);
    if (++walked > 40 * 5) throw new Error("listAll /customers does not end");
  }

  const created = await unwrap(portos.POST("/customers", { body: john }));
  expectCustomer(created, "POST /customers");
  const id = (items as Array<{ id: string }>)[0]?.id ?? created.id;
  const one = await unwrap(portos.GET("/customers/{id}", { params: { path: { id } } }));
  expectCustomer(one, "GET /customers/{id}");
  // The customer read is what a user sends back to update it, `_v` and all.
  expectCustomer(await unwrap(portos.PUT("/customers/{id}", { params: { path: { id: one.id } }, body: one })), "PUT /customers/{id}");
  expectCustomer(await unwrap(portos.DELETE("/customers/{id}", { params: { path: { id: one.id } } })), "DELETE /customers/{id}");
  expect(logins(), "the session served every call").toBe(1);
}

describe("pnpm mock portos --dynamic keeps Portos's invariants", () => {
  it(`through the client and portosAuth, ${RUNS} runs of login, list, $count, listAll, create, get, update and delete`, async () => {
    const failed = await everyRun(RUNS, scenario);
    expect(failed, `${failed.length} of ${RUNS} runs broke an invariant`).toEqual([]);
  }, 300_000);

  it("and the types say what the spec requires: the login's tokens, the counts, a customer's id and _v", () => {
    expectTypeOf<AuthResult["tokenId"]>().toEqualTypeOf<string>();
    expectTypeOf<AuthResult["refreshToken"]>().toEqualTypeOf<string>();
    expectTypeOf<QueryResult_Customer["count"]>().toEqualTypeOf<number>();
    expectTypeOf<QueryResult_Customer["totalCount"]>().toEqualTypeOf<number>();
    type Listed = NonNullable<QueryResult_Customer["items"]>[number];
    expectTypeOf<Listed["id"]>().toEqualTypeOf<string>();
    expectTypeOf<Listed["_v"]>().toEqualTypeOf<number>();
    type One = paths["/customers/{id}"]["get"]["responses"][200]["content"]["application/json"];
    expectTypeOf<One["id"]>().toEqualTypeOf<string>();
  });
});
