// `pnpm mock jiwa --dynamic` answers data generated from the spec's schemas. These walks drive the real client and
// auth through it — sign in, AutoQuery pages and listAll, product, note, price and category calls, logout — and check
// that every answer keeps what a Jiwa server always keeps: a success without a ServiceStack error in it, a session id
// that works as the ss-id cookie, counts that are counts, records that carry their ids. Each walk is one test: a run
// with B2BKIT_DYNAMIC_RUNS=50 measures how many generated walks pass.
import { describe, expect, it } from "vitest";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createJiwaClient, listAll, unwrap, type QueryPath } from "../src/index.js";
import { dynamicMock, recorder } from "@b2bkit/mock/behaviour";

const RUNS = Number(process.env["B2BKIT_DYNAMIC_RUNS"] ?? 8);
const mockUrl = dynamicMock("jiwa");

/** What a cookie value may hold (RFC 6265 cookie-octet): the session id goes into `Cookie: ss-id=…` as it is. */
const COOKIE_VALUE = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]+$/;

/** A ServiceStack success: no ResponseStatus, an empty one, or one without an ErrorCode. */
function expectNoError(body: unknown) {
  const status = (body as { ResponseStatus?: { ErrorCode?: unknown } | null } | null)?.ResponseStatus;
  expect(status?.ErrorCode ?? null).toBeNull();
}

/** A count as AutoQuery writes it: absent, null or a whole number of rows, never below zero. */
function expectCount(value: unknown) {
  if (value == null) return;
  expect(Number.isInteger(value) && (value as number) >= 0, `a count of rows, got ${JSON.stringify(value)}`).toBe(true);
}

async function walkQuery(jiwa: ReturnType<typeof createJiwaClient>, path: QueryPath) {
  const page = await unwrap(jiwa.GET(path, { params: { query: { OrderBy: "Description", Take: 25, Include: "Total" } } }));
  expect(Array.isArray(page.Results)).toBe(true);
  expectCount(page.Offset);
  expectCount(page.Total);
  expectNoError(page);
  // listAll over the generated pages ends, and hands on exactly the rows of the pages it read.
  let rows = 0;
  for await (const row of listAll(jiwa, path, { pageSize: 10 })) {
    expect(row).toBeTypeOf("object");
    expect(++rows, "listAll keeps paging").toBeLessThan(1000);
  }
}

async function walk() {
  const log = recorder();
  const auth = jiwaAuth({ username: "api", password: "s3cret-Pa55word" });
  const jiwa = createJiwaClient({ baseUrl: mockUrl(), auth, maxRetries: 0, fetch: log.fetch });

  // Sign-in (the first call signs in): the session id is there, and is what the next requests send as ss-id.
  await walkQuery(jiwa, "/Queries/IN_Main");
  const login = log.seen.find((s) => s.method === "POST" && s.path === "/auth");
  expect(login?.status).toBe(200);
  const session = JSON.parse(login!.body) as { SessionId?: unknown; UserName?: unknown };
  expect(session.SessionId).toMatch(COOKIE_VALUE);
  expect(session.UserName).toBeTypeOf("string");
  expectNoError(session);
  expect(log.seen.at(-1)?.headers.get("cookie")).toBe(`ss-id=${String(session.SessionId)}`);
  await walkQuery(jiwa, "/Queries/IN_Categories");

  // A product: created (201, with its generated InventoryID), read, changed, its notes and prices, deleted.
  const { data: created, response } = await jiwa.POST("/Inventory", { body: { PartNo: "NewPartNo", Description: "A new product", DefaultPrice: 10.5 } });
  expect(response.status).toBe(201);
  const InventoryID = created?.InventoryID;
  expect(InventoryID).toMatch(/\S/);
  const item = { path: { InventoryID: InventoryID! } };
  const read = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: item }));
  expect(read.InventoryID).toMatch(/\S/);
  expect(read.PartNo).toMatch(/\S/);
  for (const w of read.WarehouseSOHs ?? []) expect(w).toBeTypeOf("object");
  // A failure asked for (Prism's Prefer header) is ServiceStack's error for that status, generated or not.
  await expect(unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: item, headers: { Prefer: "code=404" } }))).rejects.toMatchObject({
    status: 404,
    code: "RecordNotFoundException",
  });
  expect((await unwrap(jiwa.PATCH("/Inventory/{InventoryID}", { params: item, body: { Description: "A new description" } }))).InventoryID).toMatch(/\S/);

  const notes = await unwrap(jiwa.GET("/Inventory/{InventoryID}/Notes", { params: item }));
  expect(Array.isArray(notes)).toBe(true);
  const note = await unwrap(jiwa.POST("/Inventory/{InventoryID}/Notes", { params: item, body: { NoteText: "A note" } }));
  expect(note).toBeTypeOf("object");
  const prices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/SellingPrices", { params: item }));
  expect(prices).toBeTypeOf("object");
  const debtorPrices = await unwrap(jiwa.GET("/Inventory/{InventoryID}/DebtorSpecificPrices", { params: item }));
  expect(Array.isArray(debtorPrices)).toBe(true);
  const price = await unwrap(
    jiwa.GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", {
      params: { path: { InventoryID: InventoryID!, DebtorID: "0000000061000000001V", IN_LogicalID: "ZZZZZZZZZZ0000000000", Date: "2017-09-15", Quantity: 1 } },
    }),
  );
  expect(price).toBeTypeOf("object");
  const deleted = await jiwa.DELETE("/Inventory/{InventoryID}", { params: item });
  expect(deleted.response.status).toBe(204);

  // A category: created with its CategoryID, read back.
  const category = await unwrap(jiwa.POST("/Inventory/Categories", { body: { Description: "A new category", CategoryNo: 1 } }));
  expect(category.CategoryID).toMatch(/\S/);
  expect((await unwrap(jiwa.GET("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: category.CategoryID! } } }))).CategoryID).toMatch(/\S/);

  await auth.logout();
  expect(log.seen.at(-1)).toMatchObject({ path: "/auth/logout", status: 200 });
}

describe("the dynamic Jiwa mock keeps what a Jiwa server keeps", () => {
  for (let run = 1; run <= RUNS; run++) it(`walk ${run}`, walk, 30_000);
});
