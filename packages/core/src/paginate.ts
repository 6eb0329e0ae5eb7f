/** One page as a vendor client reads it. */
export interface Page<T> {
  items: ReadonlyArray<T>;
  /** Total number of items, when the API says. */
  total?: number | undefined;
}

export interface PaginateOptions {
  /** Items asked for per page; a page shorter than this is the last one. */
  pageSize: number;
  signal?: AbortSignal | undefined;
}

/**
 * Yields every item of a paged collection, one page request at a time. Stops on an empty page; when the page says
 * `total`, once that many items were seen (so a server that caps the page below `pageSize` is still read to the
 * end); without `total`, on a short page. Checks `signal` before each page and each item (the request gets it too).
 * `next` receives the zero-based page index and the offset of the page's first item.
 */
export async function* paginate<T>(
  next: (page: { index: number; offset: number; signal?: AbortSignal | undefined }) => Promise<Page<T>>,
  options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
  const { pageSize, signal } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`b2bkit: page size must be a positive integer, got ${String(pageSize)}`);
  }
  let offset = 0;
  for (let index = 0; ; index++) {
    if (signal?.aborted) throw signal.reason;
    const page = await next({ index, offset, signal });
    for (const item of page.items) {
      if (signal?.aborted) throw signal.reason;
      yield item;
    }
    offset += page.items.length;
    if (page.items.length === 0) return;
    if (page.total !== undefined ? offset >= page.total : page.items.length < pageSize) return;
  }
}
