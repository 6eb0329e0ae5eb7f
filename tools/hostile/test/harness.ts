import { gzipSync } from "node:zlib";
import type { ServerResponse } from "node:http";
import { inspect } from "node:util";
import { testServer, type Seen, type TestServer } from "@b2bkit/mock/test-server";

export { json } from "@b2bkit/mock/test-server";
export type { Seen, TestServer } from "@b2bkit/mock/test-server";

// Every server a test opens, closed by `closeServers` (each test file calls it in afterEach).
const open: TestServer[] = [];

/** A loopback testServer on port 0, closed after the test. */
export async function serve(handler: (req: Seen, res: ServerResponse, n: number) => void): Promise<TestServer> {
  const server = await testServer(handler);
  open.push(server);
  return server;
}

export async function closeServers(): Promise<void> {
  await Promise.all(open.splice(0).map((s) => s.close()));
}

/** A server that records what it gets and answers 200 `{}`: the "other origin" that must receive nothing. */
export const bystander = () => serve((_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end("{}"));

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` holds (polling every 2 ms), failing after `ms`. */
export async function until(check: () => boolean, ms = 3_000, what = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** The path of a request URL, without its query string. */
export const pathOf = (url: string) => url.split("?")[0]!;

/** How a promise settled, and when (performance.now()). */
export type Outcome<T> = { ok: true; value: T; at: number } | { ok: false; error: unknown; at: number };
export function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value, at: performance.now() }),
    (error: unknown) => ({ ok: false as const, error, at: performance.now() }),
  );
}

/** The error a promise rejects with; fails the test (with what it resolved to) when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  const outcome = await settle(promise);
  if (outcome.ok) throw new Error(`expected a rejection, got ${inspect(outcome.value, { depth: 3 })}`);
  return outcome.error as Error & Record<string, unknown>;
}

/** A short, readable description of an error (name, message, code, status) for failure messages. */
export const describeError = (e: unknown): string => {
  const err = e as { name?: unknown; message?: unknown; code?: unknown; status?: unknown } | null;
  return `${String(err?.name)}: ${String(err?.message)}${err?.code !== undefined ? ` [code ${String(err.code)}]` : ""}`;
};

/**
 * A gzip "bomb": `mib` MiB of zeros, as concatenated gzip members of 16 MiB each (about 16 KiB apiece), so a 300 MiB
 * answer is ~300 KiB on the wire and is built without ever holding the inflated bytes.
 */
let member: Buffer | undefined;
const bombs = new Map<number, Buffer>();
export function gzipBomb(mib: number): Buffer {
  if (mib % 16 !== 0) throw new Error("gzipBomb: a multiple of 16 MiB");
  member ??= gzipSync(Buffer.alloc(16 * 1024 * 1024), { level: 9 });
  let bomb = bombs.get(mib);
  if (!bomb) bombs.set(mib, (bomb = Buffer.concat(Array<Buffer>(mib / 16).fill(member))));
  return bomb;
}

/** Sends a gzip bomb as a JSON answer of the given status. */
export function sendBomb(res: ServerResponse, status: number, bomb: Buffer): void {
  res.writeHead(status, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(bomb.length) });
  res.end(bomb);
}

/** The highest RSS seen while `work` runs (sampled every 2 ms), minus the RSS before it. */
export async function rssGrowth<T>(work: () => Promise<T>): Promise<{ outcome: Outcome<T>; growth: number; ms: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
  const started = performance.now();
  const outcome = await settle(work());
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(timer);
  return { outcome, growth: peak - before, ms: performance.now() - started };
}

/** `\u00e4`-style JSON escaping of every non-ASCII character (lower or upper case hex). */
export function asciiJson(text: string, upper = false): string {
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (c) => {
    const hex = c.charCodeAt(0).toString(16).padStart(4, "0");
    return `\\u${upper ? hex.toUpperCase() : hex}`;
  });
}

/** Every form in which a server may echo a secret: as is, JSON-escaped (both `\u` styles), URL- and form-encoded. */
export function secretForms(secret: string): string[] {
  const url = encodeURIComponent(secret);
  return [
    ...new Set([
      secret,
      JSON.stringify(secret).slice(1, -1),
      asciiJson(secret).slice(1, -1),
      asciiJson(secret, true).slice(1, -1),
      url,
      url.replace(/%20/g, "+"),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ]),
  ];
}

/**
 * Everything an error shows a user or a log: message, stack, JSON, util.inspect, and the fields that carry the
 * server's words (body, requestId, details).
 */
export function errorViews(err: unknown): Record<string, string> {
  const e = err as Record<string, unknown> & Error;
  const views: Record<string, string> = {
    message: String(e?.message),
    stack: String(e?.stack),
    json: JSON.stringify(e) ?? "",
    inspect: inspect(e, { depth: 10 }),
  };
  for (const field of ["body", "requestId", "details", "request", "location", "cause"]) {
    if (e && field in e) views[field] = typeof e[field] === "string" ? (e[field] as string) : (JSON.stringify(e[field]) ?? String(e[field]));
  }
  return views;
}

/** The secrets (in any echoed form) found in any view of the error: `["inspect: Pässwörd-1", …]`. */
export function leaks(err: unknown, secrets: Iterable<string>): string[] {
  const views = errorViews(err);
  const found: string[] = [];
  for (const secret of new Set(secrets)) {
    for (const form of secretForms(secret)) {
      for (const [view, text] of Object.entries(views)) if (text.includes(form)) found.push(`${view}: ${form}`);
    }
  }
  return [...new Set(found)];
}

/** The 2xx body that starts, then never ends: headers and half of a JSON document, then silence. */
export function halfBody(res: ServerResponse, declared = 1_000): void {
  res.writeHead(200, { "content-type": "application/json", "content-length": String(declared) });
  res.write('{"half": "');
}
