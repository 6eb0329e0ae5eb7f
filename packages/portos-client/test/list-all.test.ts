import { afterEach, describe, expect, it } from "vitest";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createPortosClient, listAll, sort, unwrap, type Customer } from "../src/index.js";
import { mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A real collection of `total` customers, paged as NData pages it: `$skip`, `$take` (capped at `maxTake`),
 * `totalCount` counting every match. `countOnly` answers without items, as `$count=true` does.
 */
async function customers(total: number, options: { maxTake?: number; countOnly?: boolean; grow?: number } = {}) {
  server = await testServer((req, res) => {
    const query = new URL(req.url, "http://x").searchParams;
    // Records added by someone else between two page requests.
    if (options.grow && req.url.includes("$skip=") && !req.url.includes("$skip=0")) total += options.grow;
    const skip = Number(query.get("$skip") ?? 0);
    const take = Math.min(Number(query.get("$take") ?? 50), options.maxTake ?? Infinity);
    const items: Customer[] = [];
    for (let i = skip; i < Math.min(total, skip + take); i++) items.push({ id: `c${i + 1}`, lastName: `Doe ${i + 1}`, _v: 1 });
    json(res, 200, options.countOnly ? { count: 0, totalCount: total } : { items, count: items.length, totalCount: total });
  });
  return { portos: createPortosClient({ baseUrl: server.url }), server };
}

const queryOf = (url: string) => Object.fromEntries(new URL(url, "http://x").searchParams);

describe("listAll", () => {
  it("warns through the client's logger when the total changes during the walk, and throws with ifTotalChanges: throw", async () => {
    const { server } = await customers(250, { grow: 1 });
    const warnings: string[] = [];
    const portos = createPortosClient({ baseUrl: server.url, logger: { warn: (m) => warnings.push(m) } });
    let n = 0;
    // Through a withOptions client: it logs where its client does.
    for await (const _ of listAll(portos.withOptions({ timeoutMs: 10_000 }), "/customers")) n++;
    expect(n).toBeGreaterThanOrEqual(250);
    expect(warnings[0]).toBe(
      "[b2bkit] listAll /customers: the list's total changed from 250 to 251 during the walk (at page 2): records may have been skipped or repeated",
    );
    await server.close();
    const again = await customers(250, { grow: 1 });
    const seen: string[] = [];
    const walk = (async () => {
      for await (const c of listAll(again.portos, "/customers", { ifTotalChanges: "throw" })) seen.push(c.id!);
    })();
    await expect(walk).rejects.toMatchObject({ name: "ListChangedError", before: 250, after: 251 });
    expect(seen).toHaveLength(100);
    expect(() => listAll(again.portos, "/customers", { ifTotalChanges: "ignore" as "warn" })).toThrow(/`ifTotalChanges` must be "warn" or "throw", got "ignore"/);
    expect(() => listAll(again.portos, "/customers", { readAhead: "no" as unknown as boolean })).toThrow('listAll: `readAhead` must be true or false, got "no"');
  });

  it("asks for the next page while the caller works through this one, and cancels it when the caller stops", async () => {
    let closed = 0;
    server = await testServer((req, res) => {
      const skip = Number(new URL(req.url, "http://x").searchParams.get("$skip"));
      res.on("close", () => {
        if (!res.writableFinished) closed++;
      });
      const items = Array.from({ length: 10 }, (_, i) => ({ id: `c${skip + i + 1}` }));
      // The second page is slow: the caller stops before it comes.
      setTimeout(() => json(res, 200, { items, count: 10, totalCount: 1000 }), skip === 0 ? 0 : 300);
    });
    const portos = createPortosClient({ baseUrl: server.url });
    const s = server;
    for await (const c of listAll(portos, "/customers", { pageSize: 10 })) {
      // Still on the first page: the second is asked for meanwhile (waited for, up to 5 s on a loaded machine).
      for (let waited = 0; c.id === "c1" && s.seen.length < 2 && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      if (c.id === "c5") break;
    }
    expect(s.seen.map((r) => queryOf(r.url).$skip)).toEqual(["0", "10"]);
    // The page read ahead is cancelled: its connection closes before the answer.
    for (let waited = 0; closed === 0 && waited < 2000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.seen).toHaveLength(2);
  });

  it("walks every page with $skip/$take and stops at totalCount, passing filters and $sort on", async () => {
    const { portos, server } = await customers(250);
    const ids: string[] = [];
    const query = { IsActive: "eq:true", Search: "doe", $sort: sort("lastName", "-credit.amount") };
    for await (const c of listAll(portos, "/customers", { query })) ids.push(c.id!);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => `c${i + 1}`));
    expect(server.seen.map((s) => queryOf(s.url))).toEqual(
      [0, 100, 200].map((skip) => ({ IsActive: "eq:true", Search: "doe", $sort: "lastName,-credit.amount", $skip: String(skip), $take: "100" })),
    );
  });

  it("needs no extra request when the last page is full", async () => {
    const { portos, server } = await customers(40);
    let n = 0;
    for await (const _ of listAll(portos, "/customers", { pageSize: 20 })) n++;
    expect(n).toBe(40);
    expect(server.seen).toHaveLength(2);
  });

  it("reads to the end when the server caps $take below pageSize", async () => {
    const { portos, server } = await customers(120, { maxTake: 50 });
    const ids: string[] = [];
    for await (const c of listAll(portos, "/customers", { pageSize: 100 })) ids.push(c.id!);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    expect(server.seen.map((s) => queryOf(s.url).$skip)).toEqual(["0", "50", "100"]);
  });

  it("yields nothing from an empty collection", async () => {
    const { portos, server } = await customers(0);
    const all = [];
    for await (const c of listAll(portos, "/customers")) all.push(c);
    expect(all).toEqual([]);
    expect(server.seen).toHaveLength(1);
  });

  it("stops when the signal aborts, without asking for more pages", async () => {
    const { portos, server } = await customers(1000);
    const controller = new AbortController();
    let n = 0;
    const walk = async () => {
      for await (const _ of listAll(portos, "/customers", { pageSize: 10, signal: controller.signal })) {
        if (++n === 25) controller.abort();
      }
    };
    await expect(walk()).rejects.toMatchObject({ name: "AbortError" });
    expect(n).toBe(25);
    expect(server.seen).toHaveLength(3);
  });

  it("does not take a count-only answer (no items) for the end of the collection", async () => {
    const { portos } = await customers(7, { countOnly: true });
    const walk = async () => {
      for await (const _ of listAll(portos, "/customers")) void _;
    };
    await expect(walk()).rejects.toThrow(/answered without `items` .*totalCount is 7/);
  });

  it("ends quietly on a count-only answer when nothing matches", async () => {
    const { portos } = await customers(0, { countOnly: true });
    const none = [];
    for await (const c of listAll(portos, "/customers")) none.push(c);
    expect(none).toEqual([]);
  });

  it("refuses $count, $skip, $take and a bad pageSize at once, saying what to do", () => {
    const portos = createPortosClient({ baseUrl: "http://portos.local" });
    // @ts-expect-error: $count is not a listAll option
    expect(() => listAll(portos, "/customers", { query: { $count: true } })).toThrow(/\$count.*To count, call client.GET/);
    // @ts-expect-error: listAll sets $skip itself
    expect(() => listAll(portos, "/customers", { query: { $skip: 5 } })).toThrow(/`\$skip` is set by listAll itself/);
    expect(() => listAll(portos, "/customers", { pageSize: 0 })).toThrow(/`pageSize` must be a positive integer/);
  });

  it("pages the customers of the mock", async () => {
    const all: Customer[] = [];
    for await (const c of listAll(mockClient(), "/customers", { query: { IsActive: "eq:true", $sort: sort(["lastName", "asc"]) } })) all.push(c);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: "customer-id", fullName: "John Doe" });
  });

  it("against the static mock, stops at its totalCount whatever the page size (the mock answers every page alike)", async () => {
    const portos = mockClient();
    const { totalCount } = await unwrap(portos.GET("/customers", { params: { query: { $count: true } }, headers: { Prefer: "example=countOnly" } }));
    for (const pageSize of [1, 100]) {
      let n = 0;
      for await (const _ of listAll(portos, "/customers", { pageSize })) n++;
      expect(n).toBe(totalCount);
    }
  });
});
