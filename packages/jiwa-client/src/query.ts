import type { paths } from "./generated/schema.js";
import type { JiwaClient } from "./index.js";
import { createListAll, type ListOptions } from "@b2bkit/core/internal";
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

/** The filters and ordering of a query; paging (`Skip`, `Take`, `Include`) belongs to `listAll`. */
export type QueryFilters<P extends QueryPath> = Omit<QueryParams<P>, "Skip" | "Take" | "Include" | "format">;

export interface ListAllOptions<P extends QueryPath> {
  /** AutoQuery filters and ordering, e.g. `{ PartNoStartsWith: "a", OrderBy: "PartNo" }`. Give an `OrderBy` for a stable order. */
  query?: QueryFilters<P> | undefined;
  /** Rows per request (`Take`). Default 100. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Read the next page while you work through this one (default `true`; at most one page ahead, cancelled when you stop). */
  readAhead?: boolean | undefined;
  /**
   * When the total changes during the walk (records added or removed meanwhile): `"warn"` (default) through the
   * client's `logger` (`console.warn` without one), or `"throw"` a `ListChangedError`.
   */
  ifTotalChanges?: "warn" | "throw" | undefined;
}

export const DEFAULT_PAGE_SIZE = 100;

const jiwaListAll = /* @__PURE__ */ createListAll(unwrap, {
  style: { offset: "Skip", count: "Take" },
  defaultPageSize: DEFAULT_PAGE_SIZE,
  fixed: { Include: "Total" },
  reserved: { Include: "listAll asks for `Include=Total` itself", format: "the client reads JSON only" },
  read(page, { path, offset }) {
    const rows = (page as { Results?: unknown } | undefined)?.Results;
    if (!Array.isArray(rows)) throw new TypeError(`listAll: ${path} answered no \`Results\` array (is it an AutoQuery route?)`);
    const total = (page as { Total?: unknown }).Total;
    // AutoQuery sends `Total: 0` when it did not count (and rows all the same), and a first page whose Total is below
    // its own rows did not count them either: no total then, the page length decides. Any other Total is the server's
    // count, one below the rows already read too (rows removed during the walk: the walk says so).
    const counted = typeof total === "number" && !(total === 0 && rows.length > 0) && !(offset === 0 && total < rows.length);
    return { items: rows, total: counted ? total : undefined };
  },
});

/**
 * Every row of an AutoQuery, a page at a time:
 * `for await (const row of listAll(jiwa, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" } }))`.
 *
 * Pages are asked with `Skip`/`Take` and `Include=Total`. When the answer's `Total` is consistent with the rows seen,
 * the walk stops once `Total` rows are read (a page the server shortened to its own limit does not end it); otherwise
 * it stops on a short page. `signal` aborts it between and during pages.
 */
export function listAll<P extends QueryPath>(client: JiwaClient, path: P, options: ListAllOptions<P> = {}): AsyncGenerator<QueryRow<P>, void, undefined> {
  return jiwaListAll<QueryRow<P>>(client, path, options as ListOptions);
}

/** @deprecated The same as `listAll`, under its former name. */
export const queryAll = listAll;

/** @deprecated The same as `ListAllOptions`, under its former name. */
export type QueryAllOptions<P extends QueryPath> = ListAllOptions<P>;
