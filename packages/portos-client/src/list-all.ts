import type { Client } from "openapi-fetch";
import { createListAll, type ListOptions } from "@b2bkit/core/internal";
import { unwrap } from "./errors.js";
import type { paths } from "./generated/schema.js";

/** The list operations that page with NData's `$skip`/`$take` and answer a `QueryResult<T>`. */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: { $skip?: number; $take?: number } } } } ? P : never;
}[keyof paths];

type ListItem<P extends ListPath> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": { items?: ReadonlyArray<infer T> | null } } } } };
}
  ? T
  : never;

/** The filters and `$sort` of a list operation; `listAll` sets `$skip` and `$take`, and never `$count`. */
export type ListQuery<P extends ListPath> = Omit<NonNullable<paths[P]["get"]["parameters"]["query"]>, "$skip" | "$take" | "$count">;

export interface ListAllOptions<P extends ListPath> {
  /** Filters and `$sort`, e.g. `{ IsActive: "eq:true", $sort: sort("lastName") }`. */
  query?: ListQuery<P> | undefined;
  /** Records per request (`$take`). Default 100. */
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

/** Records asked for per page. Portos publishes no default or maximum for `$take`. */
export const DEFAULT_PAGE_SIZE = 100;

type AnyClient = Client<paths>;

const portosListAll = /* @__PURE__ */ createListAll(unwrap, {
  style: { offset: "$skip", count: "$take" },
  defaultPageSize: DEFAULT_PAGE_SIZE,
  reserved: {
    $count:
      "with $count=true Portos answers the counts without items. To count, call client.GET(path, { params: { query: { $count: true } } }) and read totalCount",
  },
  read(page, { path, offset }) {
    if (!page || typeof page !== "object" || Array.isArray(page)) {
      throw new TypeError(`listAll: GET ${path} answered ${Array.isArray(page) ? "an array" : typeof page} where a QueryResult object was expected`);
    }
    const { items, totalCount } = page as { items?: unknown; totalCount?: unknown };
    const total = typeof totalCount === "number" ? totalCount : undefined;
    if (items === undefined || items === null) {
      // The shape of a `$count=true` answer: fine when nothing (more) matches, data loss otherwise.
      if (total === undefined || total <= offset) return { items: [] };
      throw new TypeError(
        `listAll: GET ${path} answered without \`items\` (the shape of a $count=true answer) although totalCount is ${total}; ` +
          "check that nothing adds $count to the request",
      );
    }
    if (!Array.isArray(items)) throw new TypeError(`listAll: GET ${path} answered \`items\` of type ${typeof items}, not an array`);
    return { items, total };
  },
});

/**
 * Every record of a list operation, one `$skip`/`$take` page at a time:
 * `for await (const c of listAll(portos, "/customers", { query: { IsActive: "eq:true" } }))`.
 *
 * The walk ends once `totalCount` records were read (so a server that caps `$take` below `pageSize` is still read
 * to the end), on an empty page, or, when the answer has no `totalCount`, on a short page. `signal` aborts it
 * between and during pages. Options are checked at once: `$skip`, `$take` and `$count` are refused in `query`.
 */
export function listAll<P extends ListPath>(client: AnyClient, path: P, options: ListAllOptions<P> = {}): AsyncGenerator<ListItem<P>, void, undefined> {
  return portosListAll<ListItem<P>>(client, path, options as ListOptions);
}
