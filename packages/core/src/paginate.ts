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
  /**
   * Ask for the next page while the caller works through this one (default `true`): a walk then costs about the
   * slower of the server and the caller per page, not their sum. At most one page is read ahead; it is cancelled
   * when the walk ends early (`break`, `return`, a throw) or `signal` aborts.
   */
  readAhead?: boolean | undefined;
  /**
   * Called when a page says a different total than the one before: the collection changed during the walk, so
   * offset paging may skip or repeat items. Throw from it to stop the walk.
   */
  onTotalChange?: ((change: { before: number; after: number; page: number }) => void) | undefined;
}

/**
 * Yields every item of a paged collection, a page request at a time, reading one page ahead (see `readAhead`).
 * Stops on an empty page; when the page says `total`, once that many items were seen (so a server that caps the page
 * below `pageSize` is still read to the end); without `total`, on a short page. Checks `signal` before each page and
 * each item (the requests get it too). `next` receives the zero-based page index, the offset of the page's first
 * item and the signal to send the page's request with.
 */
export async function* paginate<T>(
  next: (page: { index: number; offset: number; signal?: AbortSignal | undefined }) => Promise<Page<T>>,
  options: PaginateOptions,
): AsyncGenerator<T, void, undefined> {
  const { pageSize, signal, onTotalChange } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`b2bkit: page size must be a positive integer, got ${String(pageSize)}`);
  }
  const readAhead = options.readAhead ?? true;
  // The walk's own signal: it follows the caller's, and cancels a page read ahead that the walk no longer needs.
  const walk = new AbortController();
  const follow = () => walk.abort(signal?.reason);
  signal?.addEventListener("abort", follow, { once: true });
  let ahead: Promise<Page<T>> | undefined;
  try {
    if (signal?.aborted) throw signal.reason;
    let offset = 0;
    let total: number | undefined;
    let page = await next({ index: 0, offset, signal: walk.signal });
    for (let index = 0; ; index++) {
      offset += page.items.length;
      // A total that is no count of items (negative, fractional, NaN) says nothing: the page's length decides.
      const said = Number.isSafeInteger(page.total) && page.total! >= 0 ? page.total : undefined;
      if (said !== undefined) {
        if (total !== undefined && said !== total) onTotalChange?.({ before: total, after: said, page: index });
        total = said;
      }
      const last = page.items.length === 0 || (said !== undefined ? offset >= said : page.items.length < pageSize);
      if (!last && readAhead) {
        ahead = next({ index: index + 1, offset, signal: walk.signal });
        // Read when its turn comes; a walk that ends first must not leave an unhandled rejection behind.
        ahead.catch(() => undefined);
      }
      for (const item of page.items) {
        if (signal?.aborted) throw signal.reason;
        yield item;
      }
      if (last) return;
      if (signal?.aborted) throw signal.reason;
      page = await (ahead ?? next({ index: index + 1, offset, signal: walk.signal }));
      ahead = undefined;
    }
  } finally {
    signal?.removeEventListener("abort", follow);
    if (ahead) walk.abort(new DOMException("The walk ended before the page read ahead was needed.", "AbortError"));
  }
}
