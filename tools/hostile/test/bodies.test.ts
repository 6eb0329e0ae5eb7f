// Rules 11–15 (issue 10): answers a server makes too big, too short, empty or cut off, and Retry-After garbage.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ConnectionError, DEFAULT_MAX_BODY_BYTES, ERROR_BODY_BYTES, TRUNCATED } from "@b2bkit/core";
import { closeServers, describeError, gzipBomb, json, rejection, rssGrowth, sendBomb } from "./harness.js";
import { MODES, answerOk, host, type Mode } from "./modes.js";

afterEach(closeServers);

const MiB = 1024 * 1024;
/** RSS growth allowed while a bomb is read: far below what inflating it would take. */
const RSS_BUDGET = 100 * MiB;

beforeAll(() => {
  // Built before any measurement: the bombs themselves are ~200–300 KiB.
  gzipBomb(208);
  gzipBomb(64);
});

function expectCut(body: unknown) {
  expect(typeof body).toBe("string");
  const text = body as string;
  expect(text.endsWith(TRUNCATED)).toBe(true);
  expect(Buffer.byteLength(text)).toBeLessThanOrEqual(ERROR_BODY_BYTES + Buffer.byteLength(TRUNCATED));
}

describe.each(MODES)("rule 11: error bodies are bounded ($name)", (mode: Mode) => {
  it.each([400, 500])("a %i with a 1 MiB JSON body: ApiError.body (via unwrap) is cut at 64 KiB with the marker", async (status) => {
    const api = await host(mode, (_req, res) => json(res, status, { message: "x".repeat(MiB) }));
    const client = mode.build(api.url, { client: { maxRetries: 0 } });
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.status).toBe(status);
    expectCut(err.body);
  });

  it("a 400 with a 1 MiB text body: cut at 64 KiB with the marker", async () => {
    const api = await host(mode, (_req, res) => {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("y".repeat(MiB));
    });
    const client = mode.build(api.url);
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expectCut(err.body);
  });

  it("a gzip bomb (208 MiB of zeros in ~210 KiB) on a 400: prompt, bounded memory, body cut", async () => {
    const api = await host(mode, (_req, res) => sendBomb(res, 400, gzipBomb(208)));
    const client = mode.build(api.url);
    const { outcome, growth, ms } = await rssGrowth(() => client.unwrap(client.get()));
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(ApiError);
    expectCut((outcome.error as ApiError).body);
    expect(growth).toBeLessThan(RSS_BUDGET);
    expect(ms).toBeLessThan(2_000);
  });
});

describe.each(MODES)("rule 12: successful bodies are bounded ($name)", (mode: Mode) => {
  it("maxBodyBytes 1 MiB, a gzip answer inflating to 64 MiB: BODY_TOO_LARGE, fast, bounded memory", async () => {
    const api = await host(mode, (_req, res) => sendBomb(res, 200, gzipBomb(64)));
    const client = mode.build(api.url, { client: { maxBodyBytes: MiB } });
    const { outcome, growth, ms } = await rssGrowth(() => client.get());
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error, describeError(outcome.error)).toBeInstanceOf(ApiError);
    expect((outcome.error as ApiError).code).toBe("BODY_TOO_LARGE");
    expect(growth).toBeLessThan(RSS_BUDGET);
    expect(ms).toBeLessThan(1_000);
    // Not retried: the server answered, and would answer the same again.
    expect(api.calls()).toHaveLength(1);
  });
});

describe("rule 12: the default cap (256 MiB)", () => {
  const mode = MODES.find((m) => m.vendor === "jiwa" && !m.login)!;
  it(`a gzip answer inflating to 272 MiB fails with BODY_TOO_LARGE under the default cap (${mode.name})`, async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(256 * MiB);
    const api = await host(mode, (_req, res) => sendBomb(res, 200, gzipBomb(272)));
    const client = mode.build(api.url);
    const started = performance.now();
    const err = await rejection(client.get());
    const ms = performance.now() - started;
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe("BODY_TOO_LARGE");
    console.info(`rule 12 default cap: BODY_TOO_LARGE after ${Math.round(ms)} ms`);
  }, 30_000);
});

/** Declares 1 000 bytes, sends 10, then drops the connection. */
function breakOff(res: import("node:http").ServerResponse) {
  res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
  res.write('{"items": ');
  setTimeout(() => res.socket?.destroy(), 10);
}

describe.each(MODES)("rule 13: a 2xx body that breaks off ($name)", (mode: Mode) => {
  it("is retried for a GET: two requests, the second answer is the result", async () => {
    const api = await host(mode, (req, res, n) => (n === 1 ? breakOff(res) : answerOk(mode)(req, res, n)));
    const result = await mode.build(api.url).get();
    expect(result.error).toBeUndefined();
    expect(result.data).toEqual(mode.ok);
    expect(api.calls()).toHaveLength(2);
  });

  it("is not retried for a POST: one request, a ConnectionError", async () => {
    const api = await host(mode, (req, res, n) => (n === 1 ? breakOff(res) : answerOk(mode)(req, res, n)));
    const err = await rejection(mode.build(api.url).post());
    expect(err, describeError(err)).toBeInstanceOf(ConnectionError);
    expect(api.calls()).toHaveLength(1);
  });
});

const EMPTY: Array<[string, (res: import("node:http").ServerResponse) => void]> = [
  ["200 application/json, empty chunked body", (res) => res.writeHead(200, { "content-type": "application/json", "transfer-encoding": "chunked" }).end()],
  ["200 application/json, content-length 0", (res) => res.writeHead(200, { "content-type": "application/json", "content-length": "0" }).end()],
  ["200 without content-type, content-length 0", (res) => res.writeHead(200, { "content-length": "0" }).end()],
];

describe.each(MODES)("rule 14: an empty 2xx where JSON is promised is an error ($name)", (mode: Mode) => {
  it.each(EMPTY)("%s: client.GET rejects with EMPTY_BODY or INVALID_JSON", async (_what, answer) => {
    const api = await host(mode, (_req, res) => answer(res));
    const err = await rejection(mode.build(api.url).get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(["EMPTY_BODY", "INVALID_JSON"]).toContain(err.code);
  });

  it.each(EMPTY)("%s: unwrap rejects with EMPTY_BODY or INVALID_JSON", async (_what, answer) => {
    const api = await host(mode, (_req, res) => answer(res));
    const client = mode.build(api.url);
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(["EMPTY_BODY", "INVALID_JSON"]).toContain(err.code);
  });
});

const GARBAGE: Array<[string, Record<string, string>]> = [
  ["Retry-After: -1", { "retry-after": "-1" }],
  ["Retry-After: 1 2", { "retry-after": "1 2" }],
  ["Retry-After: (empty)", { "retry-after": "" }],
  ["retry-after-ms: (empty)", { "retry-after-ms": "" }],
  ["retry-after-ms: abc", { "retry-after-ms": "abc" }],
];

describe.each(MODES)("rule 15: Retry-After garbage means the normal backoff ($name)", (mode: Mode) => {
  it.each(GARBAGE)("%s: the retry waits the backoff (150 ms), never goes at once", async (_what, headers) => {
    const api = await host(mode, (req, res, n) => (n === 1 ? json(res, 503, { message: "busy" }, headers) : answerOk(mode)(req, res, n)));
    const client = mode.build(api.url, { client: { backoff: { initialMs: 150, maxMs: 150 }, maxRetries: 1 } });
    const result = await client.get();
    expect(result.data).toEqual(mode.ok);
    const [first, second] = api.calls();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(100);
  });
});
