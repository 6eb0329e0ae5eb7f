import { ApiError, AuthError } from "@b2bkit/core/internal";
import type { paths } from "./generated/schema.js";
import { unwrap } from "./errors.js";
import type { AmplifierClient } from "./index.js";

/** The import operations: `POST /api/<name>-import` with a bare JSON array of one model. */
export type ImportPath = {
  [P in keyof paths]: paths[P] extends { post: { requestBody: { content: { "application/json": ReadonlyArray<unknown> } } } } ? P : never;
}[keyof paths];

/** The record type an import takes: `ImportRecord<"/api/products-import">` is `Product`. */
export type ImportRecord<P extends ImportPath> = paths[P] extends {
  post: { requestBody: { content: { "application/json": ReadonlyArray<infer T> } } };
}
  ? T
  : never;

/**
 * What `importInBatches` reads records from: an array, any iterable (a generator), an async iterable (an async
 * generator, a Node stream in object mode) or a web `ReadableStream` of records. Anything but an array is read lazily,
 * one batch at a time as a request slot frees up, so memory holds at most `concurrency` batches whatever the total.
 */
export type ImportSource<R> = ReadonlyArray<R> | Iterable<R> | AsyncIterable<R> | ReadableStream<R>;

export interface ImportProgress {
  /** Batches the server accepted so far. */
  sentBatches: number;
  /** All batches: known up front for an array only (`undefined` for an iterable or a stream until it ends). */
  totalBatches: number | undefined;
  /** Records in the accepted batches. */
  sentRecords: number;
  /** All records: known up front for an array only (`undefined` for an iterable or a stream until it ends). */
  totalRecords: number | undefined;
  /** Records read from the source so far (sent, in flight or failed). */
  readRecords: number;
  /** Batches that failed so far (listed in the result). */
  failedBatches: number;
}

export interface ImportOptions {
  /** Records per request. Default 1 000 (the batch size the vendor's own clients use for documents). */
  batchSize?: number | undefined;
  /** Requests in flight at once, 1 to `MAX_CONCURRENCY`. Default 2. */
  concurrency?: number | undefined;
  /** Called after each batch, accepted or failed. */
  onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Stops the import: no batch is started after it aborts, and the batches in flight are cancelled. */
  signal?: AbortSignal | undefined;
}

export interface FailedBatch<R = unknown> {
  /** Position of the batch, from 0. */
  index: number;
  /** Position of its first record in the source (for an array: `records.slice(from, to)` is this batch). */
  from: number;
  /** Position after its last record. */
  to: number;
  count: number;
  /** The batch's records, to send again: kept for every failed batch, so nothing read from a stream is lost. */
  records: R[];
  /** Why: an `ApiError` (the server refused it), a `ConnectionError`/`TimeoutError`, or an `AuthError`. */
  error: Error;
}

export interface ImportResult<R = unknown> {
  /** Records read from the source (for an array: all of them). */
  total: number;
  /** Records in batches the server accepted. */
  sent: number;
  /** Every batch that was not accepted, in order, with its position, its records and its error. Empty when all went through. */
  failed: FailedBatch<R>[];
  /**
   * Present only when an `AuthError` stopped the import before an iterable or a stream was read to its end: the
   * records after `total` were never read (the source was closed), so resume from there once the login works.
   */
  unread?: { after: number; error: AuthError | ApiError };
}

const RESULT = "importResult";

/**
 * What an import that rejected had done up to then, read off the error it rejected with (an abort's reason, a source's
 * own error, what `onProgress` threw), when that error is an object: `catch (e) { importResultOf(e)?.failed }`. Its
 * `failed` lists every batch read and not accepted (failed, in flight or never started when the import stopped, and the
 * records a source gave before it threw), so nothing read is lost.
 */
export function importResultOf<R = unknown>(error: unknown): ImportResult<R> | undefined {
  return error !== null && typeof error === "object" && Object.hasOwn(error, RESULT) ? ((error as Record<string, unknown>)[RESULT] as ImportResult<R>) : undefined;
}

export const DEFAULT_BATCH_SIZE = 1_000;
export const DEFAULT_CONCURRENCY = 2;
/** More parallel imports than this would only queue up on the server. */
export const MAX_CONCURRENCY = 8;

/**
 * Sends a large import in batches: `await importInBatches(amplifier, "/api/products-import", products)`, where
 * `products` is an array, an iterable, an async iterable or a `ReadableStream` (read lazily: at most `concurrency`
 * batches in memory). A failed batch does not stop the others; it is listed in `failed` with its position, records
 * and error, so nothing is lost silently. An `AuthError` (the login itself is refused) stops the import: the records
 * read and not sent are listed as failed with it (for an array, every batch not sent; a stream is closed and
 * `unread` says where it stopped). Aborting `signal` closes the source and rejects with its reason; a source that
 * throws rejects the import with its error once the batches in flight have settled; `importResultOf(error)` then
 * gives every batch read and not accepted.
 */
export async function importInBatches<P extends ImportPath>(
  client: AmplifierClient,
  path: P,
  records: ImportSource<ImportRecord<P>>,
  options: ImportOptions = {},
): Promise<ImportResult<ImportRecord<P>>> {
  if (!client || typeof client.POST !== "function") {
    throw new TypeError("importInBatches: `client` must be a client from createAmplifierClient(...)");
  }
  if (typeof path !== "string" || !/^\/api\/[a-z-]+-import$/.test(path)) {
    throw new TypeError(`importInBatches: \`path\` must be an import path such as "/api/products-import", got ${JSON.stringify(path)}`);
  }
  if (options === null || typeof options !== "object") throw new TypeError("importInBatches: `options` must be an object such as { batchSize, concurrency, onProgress, signal }");
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw new TypeError("importInBatches: `signal` must be an AbortSignal (from an AbortController, or AbortSignal.timeout(ms))");
  }
  const batchSize = positiveInteger("batchSize", options.batchSize, DEFAULT_BATCH_SIZE);
  const concurrency = positiveInteger("concurrency", options.concurrency, DEFAULT_CONCURRENCY);
  if (concurrency > MAX_CONCURRENCY) {
    throw new TypeError(`importInBatches: \`concurrency\` must be at most ${MAX_CONCURRENCY}, got ${concurrency}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new TypeError("importInBatches: `onProgress` must be a function");
  }
  const { onProgress, signal } = options;
  signal?.throwIfAborted();
  const source = batchesOf(records, batchSize);

  const failed: FailedBatch<ImportRecord<P>>[] = [];
  let sentBatches = 0;
  let sentRecords = 0;
  let batches = 0;
  let read = 0;
  let ended = false;
  // Set when the whole import must stop: an AuthError ends it with a result, anything else (abort, a source that
  // throws, a throwing onProgress) rejects it once the batches in flight have settled.
  let stoppedBy: AuthError | ApiError | undefined;
  let fatal: { error: unknown } | undefined;
  const stopped = () => stoppedBy !== undefined || fatal !== undefined || signal?.aborted === true;
  // Every batch read and not yet accepted or listed as failed: what a rejected import hands back with its error.
  const open = new Map<number, { index: number; from: number; batch: ImportRecord<P>[] }>();

  // openapi-fetch's method types are per path; this one call site serves every import path alike.
  const post = client.POST as unknown as (
    path: string,
    init: { body: ReadonlyArray<unknown>; signal?: AbortSignal },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  // Batches are read one after another (a source's `next()` is never called twice at once), each when a worker is free.
  let reading: Promise<unknown> = Promise.resolve();
  const take = (): Promise<{ index: number; from: number; batch: ImportRecord<P>[] } | undefined> => {
    const next = reading.then(async () => {
      if (ended || stopped()) return undefined;
      const batch = await source.next();
      if (batch === undefined) {
        ended = true;
        return undefined;
      }
      const from = read;
      read += batch.length;
      // A short last batch: the source said it ended, so the totals are known now.
      if (source.exhausted()) ended = true;
      const taken = { index: batches++, from, batch };
      open.set(taken.index, taken);
      return taken;
    });
    reading = next.catch(() => undefined);
    return next;
  };

  // A source that stalls (a stream waiting on its producer) must not hold up an abort. A listener per read, removed
  // when it settles (a race against one promise for the whole import kept a reaction per batch: 141 MB at 1M records).
  const takeOrAbort = (): ReturnType<typeof take> =>
    signal
      ? new Promise((resolve, reject) => {
          const stop = () => resolve(undefined);
          signal.addEventListener("abort", stop, { once: true });
          take()
            .finally(() => signal.removeEventListener("abort", stop))
            .then(resolve, reject);
        })
      : take();
  const fail = (index: number, from: number, batch: ImportRecord<P>[], error: Error) => {
    open.delete(index);
    failed.push(failure(index, from, batch, error));
  };
  let reported: ImportProgress | undefined;
  const progress = () => {
    // An onProgress that threw is not called again: the import is ending with its error.
    if (fatal) return;
    reported = {
      sentBatches,
      totalBatches: source.totalBatches ?? (ended ? batches : undefined),
      sentRecords,
      totalRecords: source.totalRecords ?? (ended ? read : undefined),
      readRecords: read,
      failedBatches: failed.length,
    };
    onProgress?.(reported);
  };

  async function worker(): Promise<void> {
    for (;;) {
      let taken: Awaited<ReturnType<typeof take>>;
      try {
        taken = await takeOrAbort();
      } catch (error) {
        fatal ??= { error };
        return;
      }
      if (taken === undefined) return;
      const { index, from, batch } = taken;
      // Read while another batch's login was refused: not sent, so listed as failed with that refusal.
      if (stoppedBy) fail(index, from, batch, stoppedBy);
      if (stopped()) return;
      try {
        await unwrap(post(path, { body: batch, ...(signal ? { signal } : {}) }));
        open.delete(index);
        sentBatches++;
        sentRecords += batch.length;
      } catch (error) {
        if (signal?.aborted) {
          fatal ??= { error: signal.reason };
          return;
        }
        const err = error instanceof Error ? error : new Error(String(error));
        fail(index, from, batch, err);
        // The credentials refused, by the login or (401/403, after the auth's own renewal) by the import itself: every
        // other batch would be refused too, each sending its records to a server that does not take them.
        if (error instanceof AuthError || (error instanceof ApiError && (error.status === 401 || error.status === 403))) stoppedBy ??= error;
      }
      try {
        progress();
      } catch (error) {
        fatal ??= { error };
        return;
      }
    }
  }

  try {
    await Promise.all(Array.from({ length: concurrency }, () => worker()));
    // The end found by a read after the last batch: the totals are known now, and said once more.
    if (!fatal && !signal?.aborted && onProgress && ended && reported && reported.totalRecords === undefined) progress();
  } catch (error) {
    fatal ??= { error };
  } finally {
    // A source not read to its end (abort, a refused login, a throwing onProgress) is closed, so its producer stops.
    // After an abort, a read may still be pending on a stalled source: close without waiting for it.
    if (signal?.aborted) void source.close().catch(() => {});
    else {
      await reading;
      if (!ended) await source.close().catch(() => {});
    }
  }
  // Aborted between batches (say, from onProgress) with some never started.
  if (!fatal && signal?.aborted && !ended) fatal = { error: signal.reason };
  const result: ImportResult<ImportRecord<P>> = { total: read, sent: sentRecords, failed };
  if (fatal) {
    // Nothing read is lost: the batches read and not accepted (in flight, or never started) and what the source gave
    // before it threw are listed as failed, with the error, on the error the import rejects with.
    const { error } = fatal;
    const why = error instanceof Error ? error : new Error(String(error));
    for (const { index, from, batch } of open.values()) fail(index, from, batch, why);
    // What a source gave of a batch it stopped in the middle of, or was giving when the import stopped.
    const partial = source.partial();
    if (partial.length) {
      failed.push(failure(batches++, read, partial, why));
      read += partial.length;
      result.total = read;
    }
    failed.sort((a, b) => a.index - b.index);
    // The error itself carries the result, unless it cannot: a reason that is no object (`abort("stop")`), a frozen one,
    // or one another import already rejected with (one signal for two imports). Then an AbortError (or an Error) of
    // this import's, with the original as its `cause`.
    const carries = error !== null && typeof error === "object" && Object.isExtensible(error) && !Object.hasOwn(error, RESULT);
    const thrown = carries
      ? error
      : signal?.aborted && error === signal.reason
        ? new DOMException(`importInBatches: aborted (${describe(error)})`, "AbortError")
        : new Error(`importInBatches: ${describe(error)}`);
    if (!carries) Object.defineProperty(thrown, "cause", { value: error, configurable: true, writable: true });
    Object.defineProperty(thrown, RESULT, { value: result, configurable: true, writable: true });
    throw thrown;
  }
  if (stoppedBy) {
    // An array's remaining records are at hand: list them as failed batches, as they would have been sent.
    for (let batch = await source.next(); batch !== undefined; batch = await source.next()) {
      failed.push(failure(batches++, read, batch, stoppedBy));
      read += batch.length;
      result.total = read;
    }
    if (source.totalRecords === undefined && !ended) result.unread = { after: read, error: stoppedBy };
  }
  failed.sort((a, b) => a.index - b.index);
  return result;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : typeof error === "string" ? error : String(error));

/** A record is an object: anything else (null, a number, a function) would be sent as something no import takes. */
function record<R>(value: R, index: number): R {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const got = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
    throw new TypeError(`importInBatches: record ${index} of \`records\` must be an object, got ${got}`);
  }
  return value;
}

function failure<R>(index: number, from: number, records: R[], error: Error): FailedBatch<R> {
  return { index, from, to: from + records.length, count: records.length, records, error };
}

interface BatchSource<R> {
  /** The next batch (never empty), or `undefined` at the end. */
  next(): Promise<R[] | undefined>;
  /** Stops reading: closes an iterator or cancels a stream. */
  close(): Promise<void>;
  /** The records of a batch the source stopped in the middle of, by throwing or yielding a value no import takes. */
  partial(): R[];
  /** Whether the source has said it has no more records. */
  exhausted(): boolean;
  /** Known up front for an array only. */
  totalRecords: number | undefined;
  totalBatches: number | undefined;
}

function batchesOf<R>(records: ImportSource<R>, batchSize: number): BatchSource<R> {
  if (Array.isArray(records)) {
    const all = records as ReadonlyArray<R>;
    all.forEach(record);
    let at = 0;
    return {
      // After close (an AuthError), an array still gives its remaining batches: they are listed as not sent.
      next: async () => (at < all.length ? all.slice(at, (at += batchSize)) : undefined),
      close: async () => {},
      partial: () => [],
      exhausted: () => at >= all.length,
      totalRecords: all.length,
      totalBatches: Math.ceil(all.length / batchSize),
    };
  }
  const iterator = iteratorOf(records);
  let closed = false;
  let read = 0;
  let done = false;
  // The batch being read, and the one a source stopped in the middle of (it threw, or gave a value no import takes).
  let current: R[] = [];
  let stoppedIn: R[] = [];
  return {
    async next() {
      if (closed || done) return undefined;
      const batch: R[] = (current = []);
      try {
        while (batch.length < batchSize) {
          const step = await iterator.next();
          // Closed while this read waited (an abort): what it gave is listed by the import as it stopped.
          if (closed) return undefined;
          if (step.done) {
            done = true;
            break;
          }
          batch.push(record(step.value, read + batch.length));
        }
      } catch (error) {
        stoppedIn = batch;
        throw error;
      } finally {
        current = [];
      }
      read += batch.length;
      return batch.length ? batch : undefined;
    },
    partial: () => (stoppedIn.length ? stoppedIn : [...current]),
    async close() {
      if (closed) return;
      closed = true;
      await iterator.return?.();
    },
    exhausted: () => done,
    totalRecords: undefined,
    totalBatches: undefined,
  };
}

type AnyIterator<R> = { next(): IteratorResult<R> | Promise<IteratorResult<R>>; return?(): unknown };

function iteratorOf<R>(records: ImportSource<R>): AnyIterator<R> {
  const source = records as Partial<AsyncIterable<R> & Iterable<R> & ReadableStream<R>> | null;
  if (source !== null && typeof source === "object") {
    // A ReadableStream is read through its reader (not every browser makes it async-iterable, and cancelling the
    // reader ends a read that is waiting on a stalled producer, where an iterator's return() would wait for it).
    if (typeof source.getReader === "function") {
      const reader = source.getReader();
      return {
        next: () => reader.read() as Promise<IteratorResult<R>>,
        return: () => reader.cancel(),
      };
    }
    const asyncIterator = source[Symbol.asyncIterator];
    if (typeof asyncIterator === "function") return asyncIterator.call(source);
    const iterator = source[Symbol.iterator];
    if (typeof iterator === "function") return iterator.call(source);
  }
  const got = source === null ? "null" : typeof source === "object" ? "an object that is not iterable" : typeof source;
  throw new TypeError(`importInBatches: \`records\` must be an array, an iterable, an async iterable or a ReadableStream of records, got ${got}`);
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`importInBatches: \`${name}\` must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}
