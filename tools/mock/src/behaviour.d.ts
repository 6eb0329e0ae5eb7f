/** Starts the vendor's mock with `--dynamic` for the test file; the getter gives its URL. */
export declare function dynamicMock(vendor: string): () => string;
/** One exchange as the server answered it, with the request's headers. */
export interface Exchange {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  body: string;
}
/** A fetch that records every exchange it carries (give it to a client as its `fetch`). */
export declare function recorder(): {
  seen: Exchange[];
  fetch: typeof fetch;
};
/**
 * A fetch that asks the mock for `prefer` (Prism's `Prefer` header) on every request whose URL matches `only`: how a
 * user makes the mock refuse a login or token call, which the auth sends through the client's `fetch`.
 */
export declare function preferring(prefer: string, only?: RegExp): typeof fetch;
export interface PreferCase {
  /** `GET /Inventory/{InventoryID} 404` or `… 401 invalidCredentials`: what the case asks for. */
  name: string;
  /** The path with its parameters filled in, and the query the operation requires. */
  url: string;
  init: RequestInit & {
    headers: Record<string, string>;
  };
  status: number;
  /** The named example asked for, and its value (what the answer must be). */
  example?: string;
  value?: unknown;
}
export interface PreferOptions {
  /** Credentials the operations' security asks for (Prism checks they are there, not their value). */
  headers?: Record<string, string>;
  /** The Accept header the vendor's client sends. */
  accept: string;
  /** Values for parameters, by name, where the spec's example will not do. */
  params?: Record<string, string>;
}
/**
 * Every answer a vendor's spec declares, as a request that asks Prism for it with `Prefer: code=<status>` (and
 * `example=<name>` for each named example), built from the spec's own examples so that Prism takes it as valid.
 */
export declare function preferCases(specFile: URL, options: PreferOptions): PreferCase[];
/**
 * One test per answer the spec declares: asked for with `Prefer`, the mock answers that status, in the content type the
 * client accepts (never Prism's own problem+json, nor a silent 200 for want of a matching content type), and with the
 * named example when one is asked for.
 */
export declare function testDeclaredAnswers(specFile: URL, options: PreferOptions & {
  mock: () => string;
}): void;
