import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError, ConnectionError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, importInBatches, importResultOf, type ImportProgress, type Product, type Stock } from "../src/index.js";
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
    expect(progress.at(-1)).toEqual({ sentBatches: 3, totalBatches: 3, sentRecords: 25, totalRecords: 25, readRecords: 25, failedBatches: 0 });
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
    expect(failed!.records).toEqual(records.slice(200, 300));
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
    await expect(run({}, { external_id: "P-1" })).rejects.toThrow(
      /`records` must be an array, an iterable, an async iterable or a ReadableStream of records, got an object that is not iterable/,
    );
    await expect(run({}, "P-1")).rejects.toThrow(/`records` must be an array, .* got string/);
    await expect(run({}, null)).rejects.toThrow(/`records` must be an array, .* got null/);
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

describe("importInBatches from an iterable, an async iterable or a stream", () => {
  /** Records made on demand, counting how many were produced and whether the producer was closed. */
  function producer(n: number) {
    const state = { produced: 0, closed: false };
    async function* records(): AsyncGenerator<Product> {
      try {
        for (let i = 0; i < n; i++) {
          state.produced++;
          yield { external_id: `P-${i}`, name: `Product ${i}`, vat: 23 };
        }
      } finally {
        state.closed = true;
      }
    }
    return { state, records: records() };
  }

  it("reads lazily: never more than `concurrency` batches ahead of the server, whatever the total", async () => {
    let answered = 0;
    const { state, records } = producer(6_000);
    let maxAhead = 0;
    server = await testServer((req, res) => {
      // Records produced but not yet answered, seen at each request's arrival.
      maxAhead = Math.max(maxAhead, state.produced - answered);
      const batch = JSON.parse(req.body) as unknown[];
      setTimeout(() => {
        answered += batch.length;
        json(res, 201, []);
      }, 2);
    });
    const result = await importInBatches(createAmplifierClient({ baseUrl: server.url }), "/api/products-import", records, {
      batchSize: 100,
      concurrency: 3,
    });
    expect(result).toEqual({ total: 6_000, sent: 6_000, failed: [] });
    expect(server.seen).toHaveLength(60);
    // An eager reader (Array.from) would be 6,000 ahead at the first request.
    expect(maxAhead).toBeLessThanOrEqual(300);
    const ids = server.seen.flatMap((r) => (JSON.parse(r.body) as Product[]).map((p) => p.external_id));
    expect(new Set(ids).size).toBe(6_000);
  });

  it("takes a sync generator and a web ReadableStream alike; totals are known once the source ends", async () => {
    const { client, batches } = await importServer();
    const progress: ImportProgress[] = [];
    function* stocks(): Generator<Stock> {
      for (let i = 0; i < 25; i++) yield { external_id: `S-${i}`, quantity: i };
    }
    const viaGenerator = await importInBatches(client, "/api/stocks-import", stocks(), {
      batchSize: 10,
      concurrency: 1,
      onProgress: (p) => progress.push({ ...p }),
    });
    expect(viaGenerator).toEqual({ total: 25, sent: 25, failed: [] });
    expect(progress.map((p) => [p.readRecords, p.totalRecords, p.totalBatches])).toEqual([
      [10, undefined, undefined],
      [20, undefined, undefined],
      [25, 25, 3],
    ]);

    const items = productsOf(7);
    const stream = new ReadableStream<Product>({
      start(controller) {
        for (const item of items) controller.enqueue(item);
        controller.close();
      },
    });
    const viaStream = await importInBatches(client, "/api/products-import", stream, { batchSize: 3 });
    expect(viaStream).toEqual({ total: 7, sent: 7, failed: [] });
    expect(batches().slice(3).map((b) => b.map((r) => r.external_id))).toEqual([["P-0", "P-1", "P-2"], ["P-3", "P-4", "P-5"], ["P-6"]]);
  });

  it("keeps a refused batch's records from a stream, to send again", async () => {
    const { client } = await importServer({ refuse: (first) => first === "P-20" });
    const { records } = producer(50);
    const result = await importInBatches(client, "/api/products-import", records, { batchSize: 10 });
    expect(result.sent).toBe(40);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ index: 2, from: 20, to: 30, count: 10 });
    expect(result.failed[0]!.records.map((r) => r.external_id)).toEqual(Array.from({ length: 10 }, (_, i) => `P-${20 + i}`));
  });

  it("stops reading at an AuthError, closes the source and says where it stopped", async () => {
    server = await testServer((req, res) => (req.url === "/auth/" ? json(res, 401, { detail: "bad" }) : json(res, 201, [])));
    const client = createAmplifierClient({
      baseUrl: server.url,
      auth: amplifierAuth({ authUrl: `${server.url}/auth/`, username: "u", password: "wrong-password" }),
    });
    const { state, records } = producer(100_000);
    const result = await importInBatches(client, "/api/products-import", records, { batchSize: 10, concurrency: 2 });
    expect(result.sent).toBe(0);
    expect(result.failed.length).toBeGreaterThanOrEqual(1);
    expect(result.failed.every((f) => f.error instanceof AuthError)).toBe(true);
    expect(result.unread).toEqual({ after: result.total, error: expect.any(AuthError) });
    expect(result.total).toBe(result.failed.reduce((n, f) => n + f.count, 0));
    expect(state.produced).toBeLessThanOrEqual(30);
    expect(state.closed).toBe(true);
  });

  it("aborts at once on a stalled stream, cancels it and sends nothing more", async () => {
    const { client, server: s } = await importServer();
    let cancelled = false;
    let pulls = 0;
    const stream = new ReadableStream<Product>({
      pull(controller) {
        // Gives 15 records, then stalls forever.
        if (pulls++ < 15) controller.enqueue({ external_id: `P-${pulls}`, vat: 23 });
        else return new Promise<void>(() => {});
      },
      cancel() {
        cancelled = true;
      },
    });
    const controller = new AbortController();
    const run = importInBatches(client, "/api/products-import", stream, {
      batchSize: 10,
      concurrency: 1,
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(), 20),
    });
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    await new Promise((r) => setTimeout(r, 20));
    expect(s.seen).toHaveLength(1);
    expect(cancelled).toBe(true);
  });

  it("stops when the import itself refuses the credentials (401/403 after the auth's renewal): no more batches sent", async () => {
    for (const status of [401, 403]) {
      let posts = 0;
      server = await testServer((req, res) => {
        if (req.url === "/auth/") return json(res, 200, { access_token: "header.eyJleHAiOjQxMDI0NDQ4MDB9.sig", expires_in: 300 });
        posts++;
        json(res, status, { detail: "Authentication credentials were not provided." });
      });
      const client = createAmplifierClient({
        baseUrl: server.url,
        auth: amplifierAuth({ authUrl: `${server.url}/auth/`, username: "u", password: "p" }),
      });
      const { state, records } = producer(10_000);
      const result = await importInBatches(client, "/api/products-import", records, { batchSize: 100, concurrency: 2 });
      expect(result.sent).toBe(0);
      expect(result.failed.every((f) => f.error instanceof ApiError && f.error.status === status)).toBe(true);
      expect(result.unread).toMatchObject({ after: result.total });
      // The batches in flight when the first refusal came (each replayed once after a fresh login), and no more.
      expect(posts).toBeLessThanOrEqual(6);
      expect(state.produced).toBeLessThanOrEqual(400);
      expect(state.closed).toBe(true);
      await server.close();
      server = undefined;
    }
  });

  it("refuses a record that is not an object, naming its position, before sending a batch that holds it", async () => {
    const { client, server: s } = await importServer();
    await expect(importInBatches(client, "/api/products-import", [{ external_id: "P-1" }, null] as unknown as Product[])).rejects.toThrow(
      "importInBatches: record 1 of `records` must be an object, got null",
    );
    expect(s.seen).toHaveLength(0);
    async function* garbage(): AsyncGenerator<unknown> {
      for (let i = 0; i < 15; i++) yield { external_id: `P-${i}` };
      yield 5;
    }
    await expect(importInBatches(client, "/api/products-import", garbage() as AsyncIterable<Product>, { batchSize: 10, concurrency: 1 })).rejects.toThrow(
      "importInBatches: record 15 of `records` must be an object, got number",
    );
    // The first full batch went; the one holding the number did not.
    expect(s.seen).toHaveLength(1);
  });

  it("rejects with the source's own error once the batches in flight have settled", async () => {
    const { client, server: s } = await importServer({ delayMs: 20 });
    async function* failing(): AsyncGenerator<Product> {
      for (let i = 0; i < 25; i++) yield { external_id: `P-${i}`, vat: 23 };
      throw new Error("the ERP export broke at row 25");
    }
    await expect(importInBatches(client, "/api/products-import", failing(), { batchSize: 10, concurrency: 2 })).rejects.toThrow(
      "the ERP export broke at row 25",
    );
    // The two full batches were sent and answered before the import gave up; the partial third was not sent.
    expect(s.seen.map((r) => (JSON.parse(r.body) as unknown[]).length)).toEqual([10, 10]);
  });

  it("loses nothing it read when it rejects: the records the source gave before it threw come back on the error", async () => {
    const { client } = await importServer({ delayMs: 5 });
    const error = new Error("the ERP export broke at row 25");
    async function* failing(): AsyncGenerator<Product> {
      for (let i = 0; i < 25; i++) yield { external_id: `P-${i}`, vat: 23 };
      throw error;
    }
    const err = await importInBatches(client, "/api/products-import", failing(), { batchSize: 10, concurrency: 2 }).catch((e: unknown) => e);
    expect(err).toBe(error);
    const result = importResultOf<Product>(err);
    expect(result).toMatchObject({ total: 25, sent: 20 });
    expect(result!.failed).toHaveLength(1);
    expect(result!.failed[0]).toMatchObject({ index: 2, from: 20, to: 25, count: 5, error });
    expect(result!.failed[0]!.records.map((r) => r.external_id)).toEqual(["P-20", "P-21", "P-22", "P-23", "P-24"]);
  });

  it("loses nothing it read when aborted: refused, in-flight and read-but-unsent batches come back on the abort reason", async () => {
    const { client, batches } = await importServer({ delayMs: 40, refuse: (first) => first === "P-0" });
    const controller = new AbortController();
    const { records } = producer(1_000);
    const run = importInBatches(client, "/api/products-import", records, {
      batchSize: 10,
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.sentBatches + p.failedBatches === 3) controller.abort();
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(err).toBe(controller.signal.reason);
    const result = importResultOf<Product>(err)!;
    // Every record read is either accepted or listed, exactly once.
    const listed = result.failed.flatMap((b) => b.records.map((r) => r.external_id));
    expect(new Set(listed).size).toBe(listed.length);
    expect(result.sent + listed.length).toBe(result.total);
    expect(listed.slice(0, 10)).toEqual(batches()[0]!.map((r) => r.external_id));
    expect(result.failed[0]!.error).toBeInstanceOf(ApiError);
    expect(result.failed.length).toBeGreaterThan(1);
    expect(result.failed.at(-1)!.error).toBe(controller.signal.reason);
  });

  it("an abort while a slow source is part-way through a batch: the records it gave are listed, none lost", async () => {
    const { client } = await importServer();
    const controller = new AbortController();
    let given = 0;
    async function* slow(): AsyncGenerator<Product> {
      for (let i = 0; i < 1_000; i++) {
        if (i >= 100) await new Promise((r) => setTimeout(r, 2));
        given++;
        yield { external_id: `R-${i}`, vat: 23 };
      }
    }
    setTimeout(() => controller.abort(), 150);
    const err = await importInBatches(client, "/api/products-import", slow(), { batchSize: 100, concurrency: 1, signal: controller.signal }).catch((e: unknown) => e);
    const result = importResultOf<Product>(err)!;
    expect(given).toBeGreaterThan(100);
    expect(given).toBeLessThan(200);
    const listed = result.failed.flatMap((b) => b.records.map((r) => r.external_id));
    // The record being produced at the abort is never received; every one received is accepted or listed.
    expect(result.sent + listed.length).toBeGreaterThanOrEqual(given - 1);
    expect(result.sent + listed.length).toBe(result.total);
    expect(listed[0]).toBe("R-100");
  });

  it("one signal for two imports, or an abort reason that is a string: each import's result is its own", async () => {
    const { client } = await importServer({ delayMs: 20 });
    const controller = new AbortController();
    const records = (prefix: string) => Array.from({ length: 200 }, (_, i) => ({ external_id: `${prefix}-${i}`, vat: 23 }));
    const runs = [importInBatches(client, "/api/products-import", records("P"), { batchSize: 10, signal: controller.signal }), importInBatches(client, "/api/products-import", records("Q"), { batchSize: 10, signal: controller.signal })];
    setTimeout(() => controller.abort("the operator stopped it"), 50);
    const [p, q] = await Promise.all(runs.map((run) => run.catch((e: unknown) => e)));
    for (const [err, prefix] of [[p, "P"], [q, "Q"]] as const) {
      expect(err).toMatchObject({ name: "AbortError", cause: "the operator stopped it" });
      const result = importResultOf<Product>(err)!;
      // An array's records not read yet are at hand: the result counts those read (accepted or listed).
      expect(result.total).toBeGreaterThan(0);
      const listed = result.failed.flatMap((b) => b.records.map((r) => r.external_id));
      expect(listed.length).toBeGreaterThan(0);
      expect(listed.every((id) => id!.startsWith(`${prefix}-`))).toBe(true);
      expect(result.sent + listed.length).toBe(result.total);
    }
  });

  it("refuses a signal that is no AbortSignal and options that are no object, naming them", async () => {
    const { client } = await importServer();
    await expect(importInBatches(client, "/api/products-import", [], { signal: {} as AbortSignal })).rejects.toThrow("importInBatches: `signal` must be an AbortSignal");
    await expect(importInBatches(client, "/api/products-import", [], null as unknown as object)).rejects.toThrow("importInBatches: `options` must be an object");
  });

  it("says the totals once more when the end is found by a read after the last batch (a multiple of batchSize)", async () => {
    const { client } = await importServer();
    const seen: ImportProgress[] = [];
    await importInBatches(client, "/api/products-import", producer(30).records, { batchSize: 10, concurrency: 1, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toEqual({ sentBatches: 3, totalBatches: 3, sentRecords: 30, totalRecords: 30, readRecords: 30, failedBatches: 0 });
  });
});
