import type { Client } from "openapi-fetch";
import { paginate } from "@b2bkit/core";
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
}

/** Records asked for per page. Portos publishes no default or maximum for `$take`. */
export const DEFAULT_PAGE_SIZE = 100;

type AnyClient = Client<paths>;
type Get = (
  path: string,
  init: { params: { query: Record<string, unknown> }; signal?: AbortSignal },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Every record of a list operation, one `$skip`/`$take` page at a time:
 * `for await (const c of listAll(portos, "/customers", { query: { IsActive: "eq:true" } }))`.
 *
 * The walk ends once `totalCount` records were read (so a server that caps `$take` below `pageSize` is still read
 * to the end), on an empty page, or, when the answer has no `totalCount`, on a short page. `signal` aborts it
 * between and during pages. Options are checked at once: `$skip`, `$take` and `$count` are refused in `query`.
 */
export function listAll<P extends ListPath>(
  client: AnyClient,
  path: P,
  options: ListAllOptions<P> = {},
): AsyncGenerator<ListItem<P>, void, undefined> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`listAll: \`pageSize\` must be a positive integer, got ${String(pageSize)}`);
  }
  const query = { ...(options.query as Record<string, unknown> | undefined) };
  if (query.$count !== undefined) {
    throw new TypeError(
      `listAll: \`$count\` is not for listAll: with $count=true Portos answers the counts without items. ` +
        `To count, call client.GET("${String(path)}", { params: { query: { $count: true } } }) and read totalCount`,
    );
  }
  for (const name of ["$skip", "$take"]) {
    if (query[name] !== undefined) {
      throw new TypeError(`listAll: \`${name}\` is set by listAll itself; choose the page length with \`pageSize\``);
    }
  }
  // openapi-fetch's method types are per path; this one call site serves every list path alike.
  const get = client.GET as unknown as Get;
  return paginate<ListItem<P>>(
    async ({ offset: skip, signal }) => {
      const page = await unwrap(get(path, { params: { query: { ...query, $skip: skip, $take: pageSize } }, ...(signal ? { signal } : {}) }));
      if (!page || typeof page !== "object" || Array.isArray(page)) {
        throw new TypeError(`listAll: GET ${path} answered ${Array.isArray(page) ? "an array" : typeof page} where a QueryResult object was expected`);
      }
      const { items, totalCount } = page as { items?: unknown; totalCount?: unknown };
      const total = typeof totalCount === "number" ? totalCount : undefined;
      if (items === undefined || items === null) {
        // The shape of a `$count=true` answer: fine when nothing (more) matches, data loss otherwise.
        if (total === undefined || total <= skip) return { items: [] };
        throw new TypeError(
          `listAll: GET ${path} answered without \`items\` (the shape of a $count=true answer) although totalCount is ${total}; ` +
            "check that nothing adds $count to the request",
        );
      }
      if (!Array.isArray(items)) throw new TypeError(`listAll: GET ${path} answered \`items\` of type ${typeof items}, not an array`);
      return { items: items as ListItem<P>[], total };
    },
    { pageSize, signal: options.signal },
  );
}
