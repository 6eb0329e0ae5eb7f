import { afterEach, describe, expect, it } from "vitest";
import { ApiError, ListChangedError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createJiwaClient, listAll, queryAll, unwrap, type IN_Main } from "../src/index.js";
import { mockClient } from "./helpers.js";

const jiwa = mockClient();

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("AutoQuery through the mock", () => {
  it("answers the first 25 products whose PartNo starts with 'a'", async () => {
    const { data, response } = await jiwa.GET("/Queries/IN_Main", { params: { query: { PartNoStartsWith: "a", OrderBy: "PartNo", Take: 25 } } });
    expect(new URL(response.url).search).toBe("?PartNoStartsWith=a&OrderBy=PartNo&Take=25");
    expect(data?.Offset).toBe(0);
    expect(data?.Results.every((r) => r.PartNo?.toLowerCase().startsWith("a"))).toBe(true);
  });

  it("limits the fields and pages on to the next 25", async () => {
    const page = await unwrap(
      jiwa.GET("/Queries/IN_Main", {
        params: { query: { PartNoStartsWith: "a", OrderBy: "PartNo", Take: 25, Skip: 25, Fields: "InventoryID,PartNo,Description,Picture" } },
      }),
    );
    expect(page.Results[0]?.InventoryID).toBeTypeOf("string");
  });

  it("sends an In filter as one comma-separated value", async () => {
    const { response } = await jiwa.GET("/Queries/IN_Main", { params: { query: { PartNoIn: ["A1000", "A1001"], StatusIn: [0, 3] } } });
    expect(response.status).toBe(200);
    expect(new URL(response.url).search).toBe("?PartNoIn=A1000,A1001&StatusIn=0,3");
  });

  it("refuses a Take that is not a number, with the reason (no minimum is documented, so -1 is the server's call)", async () => {
    // @ts-expect-error: Take is an int
    const err = (await unwrap(jiwa.GET("/Queries/IN_Main", { params: { query: { Take: "all" } } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/take must be integer/i);
  });

  it("refuses the doc's curl form (a JSON body on GET) at once, as fetch cannot send it", async () => {
    const body = { PartNoStartsWith: "a", OrderBy: "PartNo", Take: "25" };
    // @ts-expect-error: fetch cannot send a GET body, so the client's types leave the spec's GET bodies out
    const call = jiwa.GET("/Queries/IN_Main", { body });
    await expect(call).rejects.toThrow(/^b2bkit: a GET request cannot have a body: pass its values in `params.query`$/);
  });

  it("lists the categories of category list 1", async () => {
    const page = await unwrap(jiwa.GET("/Queries/IN_Categories", { params: { query: { CategoryNo: 1 } } }));
    expect(page.Results.map((c) => c.CategoryNo)).toEqual([1, 1]);
    expect(page.Results.find((c) => c.DefaultCategory)?.Description).toBe("Unclassified");
  });

  it("walks a query with queryAll, asking Skip, Take and Include=Total", async () => {
    const rows: IN_Main[] = [];
    for await (const row of queryAll(jiwa, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" } })) rows.push(row);
    // The mock answers its two-row example, whose Total (2) says it is all: one page.
    expect(rows.map((r) => r.PartNo)).toEqual(["A1000", "A1001"]);
  });

  it("pages through the mock's page examples: each page asked with Prefer: example=<its name>", async () => {
    const pages: Record<string, string> = { 0: "firstPage", 2: "lastPage" };
    const asked: string[] = [];
    // A user's fetch that picks the example of each page by its Skip (what a real server does by itself).
    const paged = mockClient({
      fetch: (input, init) => {
        const skip = new URL(String(input)).searchParams.get("Skip") ?? "0";
        const headers = new Headers(init?.headers);
        headers.set("Prefer", `example=${pages[skip]}`);
        asked.push(skip);
        return fetch(input, { ...init, headers });
      },
    });
    const parts: string[] = [];
    for await (const row of listAll(paged, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" }, pageSize: 2 })) parts.push(row.PartNo!);
    expect(parts).toEqual(["A1000", "A1001", "A1025"]);
    // Total (3) ends the walk after the second page: no third request.
    expect(asked).toEqual(["0", "2"]);
  });
});

/** A real IN_Main of `count` products, paged as AutoQuery does; `total` decides what `Total` says, `maxLimit` caps Take. */
async function inMain(count: number, opts: { total?: "counted" | "zero" | "absent"; maxLimit?: number } = {}) {
  const table = Array.from({ length: count }, (_, i) => ({ InventoryID: `ID${String(i).padStart(18, "0")}`, PartNo: `A${1000 + i}` }));
  server = await testServer((req, res) => {
    const q = new URL(req.url, "http://x").searchParams;
    const skip = Number(q.get("Skip") ?? 0);
    const take = Math.min(Number(q.get("Take") ?? 100), opts.maxLimit ?? Infinity);
    const filtered = table.filter((r) => r.PartNo.toLowerCase().startsWith((q.get("PartNoStartsWith") ?? "").toLowerCase()));
    const body: Record<string, unknown> = { Offset: skip, Results: filtered.slice(skip, skip + take), ResponseStatus: {} };
    const mode = opts.total ?? "counted";
    if (mode === "counted") body.Total = q.get("Include") === "Total" ? filtered.length : 0;
    if (mode === "zero") body.Total = 0;
    json(res, 200, body);
  });
  return { jiwa: createJiwaClient({ baseUrl: server.url }), server };
}

describe("queryAll", () => {
  it("reads every row across several pages of 100 and stops at Total", async () => {
    const { jiwa, server } = await inMain(250);
    const parts: string[] = [];
    for await (const row of queryAll(jiwa, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" } })) parts.push(row.PartNo!);
    expect(parts).toEqual(Array.from({ length: 250 }, (_, i) => `A${1000 + i}`));
    expect(server.seen.map((s) => s.url)).toEqual([
      "/Queries/IN_Main?PartNoStartsWith=a&OrderBy=PartNo&Skip=0&Take=100&Include=Total",
      "/Queries/IN_Main?PartNoStartsWith=a&OrderBy=PartNo&Skip=100&Take=100&Include=Total",
      "/Queries/IN_Main?PartNoStartsWith=a&OrderBy=PartNo&Skip=200&Take=100&Include=Total",
    ]);
    expect(server.seen[0]!.headers.accept).toBe("application/json");
  });

  it("does not ask past an exact multiple when Total says it is all", async () => {
    const { jiwa, server } = await inMain(40);
    let n = 0;
    for await (const _ of queryAll(jiwa, "/Queries/IN_Main", { pageSize: 20 })) n++;
    expect(n).toBe(40);
    expect(server.seen).toHaveLength(2);
  });

  it("keeps going when the server caps Take below the page size, as Total says more remain", async () => {
    const { jiwa, server } = await inMain(120, { maxLimit: 50 });
    let n = 0;
    for await (const _ of queryAll(jiwa, "/Queries/IN_Main", { pageSize: 100 })) n++;
    expect(n).toBe(120);
    expect(server.seen.map((s) => new URL(s.url, "http://x").searchParams.get("Skip"))).toEqual(["0", "50", "100"]);
  });

  it("stops on a short page when the server does not count (Total 0 or absent)", async () => {
    for (const total of ["zero", "absent"] as const) {
      const { jiwa, server } = await inMain(45, { total });
      let n = 0;
      for await (const _ of queryAll(jiwa, "/Queries/IN_Main", { pageSize: 20 })) n++;
      expect(n).toBe(45);
      expect(server.seen).toHaveLength(3);
      await server.close();
    }
  });

  it("says so when Total drops below the rows already read (rows removed during the walk), and throws with ifTotalChanges: throw", async () => {
    // After the first page, someone removes 150 products: the second page says Total 100, below the 200 rows seen.
    let asked = 0;
    server = await testServer((req, res) => {
      const skip = Number(new URL(req.url, "http://x").searchParams.get("Skip"));
      const total = asked++ ? 100 : 250;
      json(res, 200, { Offset: skip, Total: total, Results: Array.from({ length: 100 }, (_, i) => ({ PartNo: `A${skip + i}` })), ResponseStatus: {} });
    });
    const warnings: string[] = [];
    const jiwa = createJiwaClient({ baseUrl: server.url, logger: { warn: (m) => warnings.push(m) } });
    let n = 0;
    for await (const _ of listAll(jiwa, "/Queries/IN_Main", { readAhead: false })) n++;
    expect(n).toBe(200);
    expect(warnings).toEqual([expect.stringContaining("total changed from 250 to 100")]);
    asked = 0;
    const walk = async () => {
      for await (const _ of listAll(jiwa, "/Queries/IN_Main", { ifTotalChanges: "throw" })) void _;
    };
    await expect(walk()).rejects.toBeInstanceOf(ListChangedError);
  });

  it("says so when the list is emptied during the walk (Total 0 with no rows after 200 read)", async () => {
    server = await testServer((req, res) => {
      const skip = Number(new URL(req.url, "http://x").searchParams.get("Skip"));
      json(res, 200, skip < 200 ? { Offset: skip, Total: 500, Results: Array.from({ length: 100 }, (_, i) => ({ PartNo: `A${skip + i}` })) } : { Offset: skip, Total: 0, Results: [] });
    });
    const warnings: string[] = [];
    const jiwa = createJiwaClient({ baseUrl: server.url, logger: { warn: (m) => warnings.push(m) } });
    let n = 0;
    for await (const _ of listAll(jiwa, "/Queries/IN_Main")) n++;
    expect(n).toBe(200);
    expect(warnings).toEqual([expect.stringContaining("total changed from 500 to 0")]);
  });

  it("yields nothing for an empty result, after one request", async () => {
    const { jiwa, server } = await inMain(0);
    for await (const _ of queryAll(jiwa, "/Queries/IN_Categories")) throw new Error("no rows expected");
    expect(server.seen).toHaveLength(1);
  });

  it("stops when the signal aborts, without asking for more pages", async () => {
    const { jiwa, server } = await inMain(1000);
    const controller = new AbortController();
    let n = 0;
    const walk = async () => {
      for await (const _ of queryAll(jiwa, "/Queries/IN_Main", { pageSize: 10, signal: controller.signal })) {
        if (++n === 25) controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "AbortError" });
    expect(n).toBe(25);
    expect(server.seen).toHaveLength(3);
  });

  it("refuses a page size that is not a positive integer", () => {
    // Refused at the call, before any request: no generator to drive.
    expect(() => queryAll(jiwa, "/Queries/IN_Main", { pageSize: 0 })).toThrow(/`pageSize` must be a positive integer/);
  });

  it("throws the ApiError of a failed page", async () => {
    server = await testServer((_req, res) => json(res, 500, { ResponseStatus: { ErrorCode: "SqlException", Message: "Timeout expired" } }));
    const walk = queryAll(createJiwaClient({ baseUrl: server.url, maxRetries: 0 }), "/Queries/IN_Main");
    await expect(walk.next()).rejects.toMatchObject({ name: "ApiError", status: 500, code: "SqlException" });
  });
});
