import type { paths } from "./generated/schema.js";
import type { JiwaClient } from "./index.js";
import { paginate } from "@b2bkit/core";
import { unwrap } from "./errors.js";

/** The AutoQuery routes of the spec (`/Queries/IN_Main`, `/Queries/IN_Categories`). */
export type QueryPath = {
  [P in keyof paths]: P extends `/Queries/${string}` ? (paths[P] extends { get: object } ? P : never) : never;
}[keyof paths];

/** A row of an AutoQuery answer (`IN_Main`, `IN_Categories`). */
export type QueryRow<P extends QueryPath> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": { Results: ReadonlyArray<infer T> } } } } };
}
  ? T
  : never;

type QueryParams<P extends QueryPath> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never;

/** The filters and ordering of a query; paging (`Skip`, `Take`, `Include`) belongs to `queryAll`. */
export type QueryFilters<P extends QueryPath> = Omit<QueryParams<P>, "Skip" | "Take" | "Include" | "format">;

export interface QueryAllOptions<P extends QueryPath> {
  /** AutoQuery filters and ordering, e.g. `{ PartNoStartsWith: "a", OrderBy: "PartNo" }`. Give an `OrderBy` for a stable order. */
  query?: QueryFilters<P> | undefined;
  /** Rows per request (`Take`). Default 100. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
}

export const DEFAULT_PAGE_SIZE = 100;

type RawGet = (
  path: string,
  init: { params: { query: Record<string, unknown> }; signal?: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Every row of an AutoQuery, a page at a time:
 * `for await (const row of queryAll(jiwa, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" } }))`.
 *
 * Pages are asked with `Skip`/`Take` and `Include=Total`. When the answer's `Total` is consistent with the rows seen,
 * the walk stops once `Total` rows are read (a page the server shortened to its own limit does not end it); otherwise
 * it stops on a short page. `signal` aborts it between and during pages.
 */
export function queryAll<P extends QueryPath>(
  client: JiwaClient,
  path: P,
  options: QueryAllOptions<P> = {},
): AsyncGenerator<QueryRow<P>, void, undefined> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`queryAll: \`pageSize\` must be a positive integer, got ${String(pageSize)}`);
  }
  const filters = (options.query ?? {}) as Record<string, unknown>;
  // openapi-fetch's method types are per path; this one call site serves every query route alike.
  const get = client.GET as unknown as RawGet;
  return paginate<QueryRow<P>>(
    async ({ offset, signal }) => {
      const page = await unwrap(
        get(path, { params: { query: { ...filters, Skip: offset, Take: pageSize, Include: "Total" } }, ...(signal ? { signal } : {}) }),
      );
      const rows = (page as { Results?: unknown } | undefined)?.Results;
      if (!Array.isArray(rows)) {
        throw new TypeError(`queryAll: ${String(path)} answered no \`Results\` array (is it an AutoQuery route?)`);
      }
      const total = (page as { Total?: unknown }).Total;
      // AutoQuery sends `Total: 0` when it did not count: trust Total only when it covers the rows already seen.
      return { items: rows as QueryRow<P>[], total: typeof total === "number" && total >= offset + rows.length ? total : undefined };
    },
    { pageSize, signal: options.signal },
  );
}
