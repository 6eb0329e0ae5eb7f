import { loggerOf } from "./client.js";
import { B2bkitError } from "./errors.js";
import { logSafely, type LogEvent } from "./fetch.js";
import { paginate, type Page } from "./paginate.js";

/**
 * How a vendor pages its lists, in a few facts: which query parameters ask for a page (a page number and a size, or
 * an offset and a count), what else every page request carries, and how an answer gives its items and total.
 */
export interface Paging {
  /** `page`: a page number (counted from `first`, default 1) and a size; `offset`: an offset and a count. */
  style: { page: string; size: string; first?: number } | { offset: string; count: string };
  /** Records per request when the caller gives no `pageSize`: the largest the vendor documents, or its default. */
  defaultPageSize: number;
  /** Query parameters every page request adds (Jiwa's `Include=Total`). */
  fixed?: Readonly<Record<string, string | number | boolean>>;
  /** Query parameters a caller may not set, each with the reason (the paging ones are refused anyway). */
  reserved?: Readonly<Record<string, string>>;
  /**
   * The page's items and, when the answer says, the total; throw a TypeError for an answer that is not a page.
   * `at` is the offset of the page's first item.
   */
  read(answer: unknown, at: { path: string; offset: number }): Page<unknown>;
}

export interface ListOptions {
  /** Filters and ordering of the list operation (its query parameters, without the paging ones). */
  query?: Readonly<Record<string, unknown>> | undefined;
  /** Path parameters, for a list under a record (AMAGE's complaints of a delivery). */
  params?: { path?: Readonly<Record<string, unknown>> | undefined } | undefined;
  /** Records per request. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Read the next page while you work through this one (default `true`; at most one page ahead). */
  readAhead?: boolean | undefined;
  /**
   * When the list's total changes during the walk (records added or removed meanwhile, so offset paging may skip
   * or repeat some): `"warn"` (default) logs it through the client's `logger` (its `warn`, else `error`; `console.warn`
   * without a logger) and goes
   * on; `"throw"` stops the walk with a `ListChangedError`.
   */
  ifTotalChanges?: "warn" | "throw" | undefined;
}

/** The list's total changed during a `listAll` walk (`ifTotalChanges: "throw"`): records may have been skipped or repeated. */
export class ListChangedError extends B2bkitError {
  override readonly name = "ListChangedError";
  constructor(
    message: string,
    readonly before: number,
    readonly after: number,
  ) {
    super(message);
  }
}

type AnyGet = (path: string, init: { params: { path?: Readonly<Record<string, unknown>> | undefined; query: Record<string, unknown> }; signal?: AbortSignal }) => Promise<unknown>;

/**
 * The `listAll` of a vendor client: every record of a list operation, a page at a time, as an async iterator. Built
 * from the vendor's `unwrap` (which turns an answer into data or an `ApiError`) and its `Paging`. Options are checked
 * when it is called, before any request: a bad `pageSize`, a paging parameter or a reserved one in `query` is a
 * TypeError that names it.
 */
// The vendor's `unwrap` is generic over openapi-fetch's result types; here it only ever gets one of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function createListAll(unwrap: (call: Promise<any>) => Promise<unknown>, paging: Paging) {
  const { style } = paging;
  const own = "page" in style ? [style.page, style.size] : [style.offset, style.count];
  return function listAll<T = unknown>(client: { GET: unknown }, path: string, options: ListOptions = {}): AsyncGenerator<T, void, undefined> {
    const pageSize = options.pageSize ?? paging.defaultPageSize;
    if (options.readAhead !== undefined && typeof options.readAhead !== "boolean") {
      throw new TypeError(`listAll: \`readAhead\` must be true or false, got ${JSON.stringify(options.readAhead)}`);
    }
    const ifTotalChanges = options.ifTotalChanges ?? "warn";
    if (ifTotalChanges !== "warn" && ifTotalChanges !== "throw") {
      throw new TypeError(`listAll: \`ifTotalChanges\` must be "warn" or "throw", got ${JSON.stringify(ifTotalChanges)}`);
    }
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new TypeError(`listAll: \`pageSize\` must be a positive integer, got ${String(pageSize)}`);
    const query = { ...options.query };
    for (const name of own) {
      if (query[name] !== undefined) throw new TypeError(`listAll: \`${name}\` is set by listAll itself; choose the page length with \`pageSize\``);
    }
    for (const [name, why] of Object.entries(paging.reserved ?? {})) {
      if (query[name] !== undefined) throw new TypeError(`listAll: \`${name}\` is not for listAll: ${why}`);
    }
    // openapi-fetch's method types are per path; this one call site serves every list path alike.
    const get = client.GET as AnyGet;
    return paginate<T>(
      async ({ index, offset, signal }) => {
        const where = "page" in style ? { [style.page]: index + (style.first ?? 1), [style.size]: pageSize } : { [style.offset]: offset, [style.count]: pageSize };
        const answer = await unwrap(get(path, { params: { path: options.params?.path, query: { ...query, ...where, ...paging.fixed } }, ...(signal ? { signal } : {}) }));
        return paging.read(answer, { path, offset }) as Page<T>;
      },
      {
        pageSize,
        signal: options.signal,
        readAhead: options.readAhead,
        onTotalChange({ before, after, page }) {
          const message = `listAll ${path}: the list's total changed from ${before} to ${after} during the walk (at page ${page + 1}): records may have been skipped or repeated`;
          if (ifTotalChanges === "throw") throw new ListChangedError(message, before, after);
          // A `withOptions` client inherits from the client it came from, and logs where that one does.
          let log: ((event: LogEvent) => void) | undefined;
          for (let at: object | null = client as object; at && !log; at = Object.getPrototypeOf(at) as object | null) log = loggerOf.get(at);
          const line = `[b2bkit] ${message}`;
          if (log) logSafely(log, { message: line, level: "warn", kind: "list", method: "GET", url: path, attempt: 1, durationMs: 0 });
          else console.warn(line);
        },
      },
    );
  };
}
