import { AuthError } from "@b2bkit/core/internal";
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

export interface ImportProgress {
  /** Batches the server accepted so far. */
  sentBatches: number;
  totalBatches: number;
  /** Records in the accepted batches. */
  sentRecords: number;
  totalRecords: number;
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

export interface FailedBatch {
  /** Position of the batch, from 0. */
  index: number;
  /** Index of its first record in `records`. */
  from: number;
  /** Index after its last record: `records.slice(from, to)` is the batch to send again. */
  to: number;
  count: number;
  /** Why: an `ApiError` (the server refused it), a `ConnectionError`/`TimeoutError`, or an `AuthError`. */
  error: Error;
}

export interface ImportResult {
  /** Records given. */
  total: number;
  /** Records in batches the server accepted. */
  sent: number;
  /** Every batch that was not accepted, in order, with its record range and error. Empty when all went through. */
  failed: FailedBatch[];
}

export const DEFAULT_BATCH_SIZE = 1_000;
export const DEFAULT_CONCURRENCY = 2;
/** More parallel imports than this would only queue up on the server. */
export const MAX_CONCURRENCY = 8;

/**
 * Sends a large import in batches: `await importInBatches(amplifier, "/api/products-import", products)`.
 * A failed batch does not stop the others; it is listed in `failed` with its record range and error, so nothing
 * is lost silently. An `AuthError` (the login itself is refused) stops the import: the batches not sent are
 * listed as failed with it. Aborting `signal` rejects with its reason.
 */
export async function importInBatches<P extends ImportPath>(
  client: AmplifierClient,
  path: P,
  records: ReadonlyArray<ImportRecord<P>>,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (!client || typeof client.POST !== "function") {
    throw new TypeError("importInBatches: `client` must be a client from createAmplifierClient(...)");
  }
  if (typeof path !== "string" || !/^\/api\/[a-z-]+-import$/.test(path)) {
    throw new TypeError(`importInBatches: \`path\` must be an import path such as "/api/products-import", got ${JSON.stringify(path)}`);
  }
  if (!Array.isArray(records)) {
    throw new TypeError(`importInBatches: \`records\` must be an array of records, got ${records === null ? "null" : typeof records}`);
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

  const total = records.length;
  const totalBatches = Math.ceil(total / batchSize);
  const failed: FailedBatch[] = [];
  let sentBatches = 0;
  let sentRecords = 0;
  let next = 0;
  // Set when the whole import must stop: an AuthError ends it with a result, anything else (abort, a throwing
  // onProgress) rejects it once the batches in flight have settled.
  let stoppedBy: AuthError | undefined;
  let fatal: { error: unknown } | undefined;

  // openapi-fetch's method types are per path; this one call site serves every import path alike.
  const post = client.POST as unknown as (
    path: string,
    init: { body: ReadonlyArray<unknown>; signal?: AbortSignal },
  ) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

  async function worker(): Promise<void> {
    while (next < totalBatches && stoppedBy === undefined && fatal === undefined && !signal?.aborted) {
      const index = next++;
      const from = index * batchSize;
      const to = Math.min(from + batchSize, total);
      try {
        await unwrap(post(path, { body: records.slice(from, to), ...(signal ? { signal } : {}) }));
        sentBatches++;
        sentRecords += to - from;
      } catch (error) {
        if (signal?.aborted) {
          fatal ??= { error: signal.reason };
          return;
        }
        const err = error instanceof Error ? error : new Error(String(error));
        failed.push({ index, from, to, count: to - from, error: err });
        if (error instanceof AuthError) stoppedBy ??= error;
      }
      try {
        onProgress?.({ sentBatches, totalBatches, sentRecords, totalRecords: total, failedBatches: failed.length });
      } catch (error) {
        fatal ??= { error };
        return;
      }
    }
  }

  await Promise.all(Array.from({ length: Math.min(concurrency, totalBatches) }, () => worker()));
  if (fatal) throw fatal.error;
  // Aborted between batches (say, from onProgress) with some never started.
  if (signal?.aborted && next < totalBatches) throw signal.reason;
  if (stoppedBy) {
    for (let index = next; index < totalBatches; index++) {
      const from = index * batchSize;
      const to = Math.min(from + batchSize, total);
      failed.push({ index, from, to, count: to - from, error: stoppedBy });
    }
  }
  failed.sort((a, b) => a.index - b.index);
  return { total, sent: sentRecords, failed };
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`importInBatches: \`${name}\` must be an integer >= 1, got ${String(value)}`);
  }
  return value;
}
