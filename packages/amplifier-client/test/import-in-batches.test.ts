import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError, ConnectionError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, importInBatches, type ImportProgress, type Product, type Stock } from "../src/index.js";
import { mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const productsOf = (n: number): Product[] => Array.from({ length: n }, (_, i) => ({ external_id: `P-${i}`, name: `Product ${i}`, vat: 23 }));

/**
 * An import endpoint that answers after `delayMs`, records how many requests it had in flight at once, and
 * refuses the batches whose first record `refuse` names.
 */
async function importServer(opts: { delayMs?: number; refuse?: (first: string) => boolean } = {}) {
  let inFlight = 0;
  let maxInFlight = 0;
  server = await testServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const records = JSON.parse(req.body) as Array<{ external_id: string }>;
    setTimeout(() => {
      inFlight--;
      if (opts.refuse?.(records[0]!.external_id)) {
        return json(res, 400, records.map((_, i) => (i === 1 ? { vat: ["A valid integer is required."] } : {})));
      }
      json(res, 201, records.map((r) => ({ external_id: r.external_id })));
    }, opts.delayMs ?? 0);
  });
  const s = server;
  const batches = () => s.seen.map((r) => JSON.parse(r.body) as Array<{ external_id: string }>);
  return { server: s, client: createAmplifierClient({ baseUrl: s.url }), maxInFlight: () => maxInFlight, batches };
}

describe("importInBatches", () => {
  it("sends 2,500 records as 1,000 + 1,000 + 500, each batch a bare array, nothing lost or doubled", async () => {
    const { client, batches, server: s } = await importServer();
    const records = productsOf(2500);
    const result = await importInBatches(client, "/api/products-import", records);
    expect(result).toEqual({ total: 2500, sent: 2500, failed: [] });
    expect(s.seen.every((r) => r.method === "POST" && r.url === "/api/products-import")).toBe(true);
    const sent = batches();
    expect(sent.map((b) => b.length).sort((a, b) => b - a)).toEqual([1000, 1000, 500]);
    const ids = sent.flat().map((r) => r.external_id).sort();
    expect(ids).toEqual(records.map((r) => r.external_id!).sort());
    expect(sent.find((b) => b.length === 500)![0]!.external_id).toBe("P-2000");
  });

  it("reports progress after every batch, ending at the totals", async () => {
    const { client } = await importServer();
    const progress: ImportProgress[] = [];
    await importInBatches(client, "/api/stocks-import", Array.from({ length: 25 }, (_, i): Stock => ({ external_id: `S-${i}`, quantity: i })), {
      batchSize: 10,
      onProgress: (p) => progress.push({ ...p }),
    });
    expect(progress).toHaveLength(3);
    expect(progress.map((p) => p.sentBatches)).toEqual([1, 2, 3]);
    expect(progress.at(-1)).toEqual({ sentBatches: 3, totalBatches: 3, sentRecords: 25, totalRecords: 25, failedBatches: 0 });
    expect(progress.every((p) => p.totalBatches === 3 && p.totalRecords === 25)).toBe(true);
  });

  it("reports a refused batch with its record range and the server's reason, while the others go through", async () => {
    const { client } = await importServer({ refuse: (first) => first === "P-200" });
    const records = productsOf(500);
    const progress: ImportProgress[] = [];
    const result = await importInBatches(client, "/api/products-import", records, { batchSize: 100, onProgress: (p) => progress.push({ ...p }) });
    expect(result.total).toBe(500);
    expect(result.sent).toBe(400);
    expect(result.failed).toHaveLength(1);
    const [failed] = result.failed;
    expect(failed).toMatchObject({ index: 2, from: 200, to: 300, count: 100 });
    expect(failed!.error).toBeInstanceOf(ApiError);
    expect((failed!.error as ApiError).status).toBe(400);
    expect(failed!.error.message).toContain("[1] vat: A valid integer is required.");
    expect(records.slice(failed!.from, failed!.to)[0]!.external_id).toBe("P-200");
    expect(progress.at(-1)).toMatchObject({ sentBatches: 4, failedBatches: 1, sentRecords: 400 });
  });

  it("reports batches that never got an answer as ConnectionErrors", async () => {
    // A port that was just closed: nothing answers there.
    const gone = await testServer((_req, res) => json(res, 201, []));
    const url = gone.url;
    await gone.close();
    const result = await importInBatches(createAmplifierClient({ baseUrl: url }), "/api/prices-import", [{ price: 1 }, { price: 2 }, { price: 3 }], {
      batchSize: 2,
    });
    expect(result.sent).toBe(0);
    expect(result.failed.map((f) => [f.index, f.from, f.to])).toEqual([
      [0, 0, 2],
      [1, 2, 3],
    ]);
    expect(result.failed.every((f) => f.error instanceof ConnectionError)).toBe(true);
  });

  it("never has more batches in flight than `concurrency`", async () => {
    // Answers slow enough that all three requests are in before the first answer, even on a busy machine.
    const { client, maxInFlight, server: s } = await importServer({ delayMs: 100 });
    const result = await importInBatches(client, "/api/products-import", productsOf(100), { batchSize: 10, concurrency: 3 });
    expect(result.sent).toBe(100);
    expect(s.seen).toHaveLength(10);
    expect(maxInFlight()).toBe(3);
  });

  it("sends one batch at a time with concurrency 1, two by default", async () => {
    const one = await importServer({ delayMs: 60 });
    await importInBatches(one.client, "/api/products-import", productsOf(40), { batchSize: 10, concurrency: 1 });
    expect(one.maxInFlight()).toBe(1);
    await server!.close();
    const two = await importServer({ delayMs: 60 });
    await importInBatches(two.client, "/api/products-import", productsOf(40), { batchSize: 10 });
    expect(two.maxInFlight()).toBe(2);
  });

  it("stops on abort: no batch started after it, and the import rejects with the abort", async () => {
    const { client, server: s } = await importServer({ delayMs: 30 });
    const controller = new AbortController();
    const run = importInBatches(client, "/api/products-import", productsOf(100), {
      batchSize: 10,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.sentBatches === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    await new Promise((r) => setTimeout(r, 60));
    expect(s.seen.length).toBeLessThanOrEqual(3);
    await expect(importInBatches(client, "/api/products-import", productsOf(1), { signal: controller.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
  });

  it("stops at an AuthError and lists every batch not sent as failed with it", async () => {
    server = await testServer((req, res) => (req.url === "/auth/" ? json(res, 401, { detail: "bad" }) : json(res, 201, [])));
    const client = createAmplifierClient({
      baseUrl: server.url,
      auth: amplifierAuth({ authUrl: `${server.url}/auth/`, username: "u", password: "wrong-password" }),
    });
    const result = await importInBatches(client, "/api/products-import", productsOf(50), { batchSize: 10, concurrency: 1 });
    expect(result.sent).toBe(0);
    expect(result.failed.map((f) => f.index)).toEqual([0, 1, 2, 3, 4]);
    expect(result.failed.every((f) => f.error instanceof AuthError)).toBe(true);
    expect(server.seen.filter((r) => r.url === "/auth/")).toHaveLength(1);
  });

  it("sends nothing for no records", async () => {
    const { client, server: s } = await importServer();
    expect(await importInBatches(client, "/api/products-import", [])).toEqual({ total: 0, sent: 0, failed: [] });
    expect(s.seen).toHaveLength(0);
  });

  it("refuses bad arguments, naming the field", async () => {
    const { client } = await importServer();
    const run = (options: object, records: unknown = productsOf(1), path = "/api/products-import") =>
      importInBatches(client, path as "/api/products-import", records as Product[], options);
    await expect(run({ batchSize: 0 })).rejects.toThrow(/`batchSize` must be an integer >= 1, got 0/);
    await expect(run({ batchSize: 2.5 })).rejects.toThrow(/`batchSize` must be an integer/);
    await expect(run({ concurrency: 0 })).rejects.toThrow(/`concurrency` must be an integer >= 1/);
    await expect(run({ concurrency: 100 })).rejects.toThrow(/`concurrency` must be at most 8/);
    await expect(run({ onProgress: "yes" })).rejects.toThrow(/`onProgress` must be a function/);
    await expect(run({}, { external_id: "P-1" })).rejects.toThrow(/`records` must be an array/);
    await expect(run({}, [], "/orders-translator/")).rejects.toThrow(/`path` must be an import path/);
  });

  it("imports through the mock, logged in", async () => {
    const amplifier = mockClient();
    const progress: ImportProgress[] = [];
    const result = await importInBatches(amplifier, "/api/products-import", productsOf(5), { batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(result).toEqual({ total: 5, sent: 5, failed: [] });
    expect(progress.at(-1)).toMatchObject({ sentBatches: 3, totalBatches: 3 });
  });
});
