import { PreparedRequest, createFetch, type ClientOptions } from "./fetch.js";
import type { ErrorShape, VendorErrors } from "./response.js";

/** What a vendor client tells `createApiClient` about its API. */
export interface ApiClientConfig {
  /** The factory's name, for errors: `createJiwaClient`. */
  name: string;
  /** The checked API address (see `checkBaseUrl`). */
  baseUrl: string;
  /** Headers every request carries unless the caller's own `headers` option overrides them (`Accept` …). */
  headers?: Record<string, string> | undefined;
  /** Headers the caller's `headers` option cannot override. */
  fixedHeaders?: Record<string, string> | undefined;
  /** Path parameters the client fills itself (TLSecure's `returnType` and `domainCode`); a caller's value is ignored. */
  fill?: Record<string, string> | undefined;
  /** The vendor's error knowledge: `failureIn2xx` makes a failure inside a 2xx answer a thrown `ApiError`. */
  errors?: VendorErrors | undefined;
  /** Of those 2xx failures, the ones that mean the credentials were refused (one refresh and replay, as a 401). */
  authRefused?: ((failure: ErrorShape) => boolean) | undefined;
  /** `"METHOD /path"` of the operations whose 2xx answers declare no JSON body, `|`-separated (generated from the spec). */
  noJsonAnswer?: string | undefined;
  /** openapi-fetch's own options, passed on (`querySerializer`, `bodySerializer`). */
  openapi?: Record<string, unknown> | undefined;
}

type Init = { params?: { path?: Record<string, unknown>; query?: unknown; [k: string]: unknown }; [k: string]: unknown } | undefined;
type Send = (path: string, init?: Init) => Promise<unknown>;
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const PARAM = /\{([^{}]+)\}/g;

/**
 * Builds a vendor's openapi-fetch client over core's transport: `create` is openapi-fetch's `createClient` typed with
 * the vendor's paths. Every call's path parameters are checked before anything is sent, query keys are encoded like
 * values, the operation's name travels with the request, and `use()` middleware gets real `Request`s.
 */
export function createApiClient<C>(create: (options: Record<string, unknown>) => C, options: ClientOptions, config: ApiClientConfig): C {
  const { name, fill, errors, authRefused } = config;
  const headers = options.headers;
  if (headers !== undefined && (headers === null || typeof headers !== "object" || Object.values(headers).some((v) => typeof v !== "string"))) {
    throw new TypeError(`${name}: \`headers\` must be an object of header names to string values, e.g. { "X-Tenant": "acme" }`);
  }
  const find = errors?.failureIn2xx;
  const fetch = createFetch({
    ...options,
    failureIn2xx: find && ((body) => {
      const failure = find(body);
      return failure && { ...failure, authRefused: authRefused?.(failure) };
    }),
    noJsonAnswer: new Set(config.noJsonAnswer ? config.noJsonAnswer.split("|") : []),
  });
  // Once middleware is in use, openapi-fetch gets real Requests: what its docs promise `onRequest` (clone(), instanceof).
  let middleware = false;
  class ClientRequest extends PreparedRequest {
    constructor(input: string | URL, init?: RequestInit) {
      if (middleware) return new Request(input, init) as unknown as ClientRequest;
      super(input, init);
    }
  }
  const built = create({
    ...config.openapi,
    baseUrl: config.baseUrl,
    headers: { ...config.headers, ...headers, ...config.fixedHeaders },
    fetch,
    Request: ClientRequest,
  });
  const client = built as Record<string, unknown>;

  const prepare = (method: string, path: string, init: Init): Init => {
    const params = init?.params;
    const values = fill ? { ...params?.path, ...fill } : params?.path;
    if (typeof path === "string" && path.includes("{")) {
      for (const [, param] of path.matchAll(PARAM)) checkParam(name, `${method} ${path}`, param as string, values?.[param as string]);
    }
    const query = encodeKeys(params?.query, false);
    return { ...init, params: { ...params, path: values, query }, op: `${method} ${path}` };
  };
  // A refusal is a rejected promise, as every other failure of a call.
  const call = (send: () => Promise<unknown>): Promise<unknown> => {
    try {
      return send();
    } catch (err) {
      return Promise.reject(err);
    }
  };
  for (const method of METHODS) {
    const send = client[method] as Send;
    client[method] = (path: string, init?: Init) => call(() => send(path, prepare(method, path, init)));
  }
  const request = client["request"] as ((method: string, path: string, init?: Init) => Promise<unknown>) | undefined;
  if (request) client["request"] = (method: string, path: string, init?: Init) => call(() => request(method, path, prepare(String(method).toUpperCase(), path, init)));
  const use = client["use"] as (...m: unknown[]) => void;
  client["use"] = (...m: unknown[]) => {
    middleware = true;
    return use(...m);
  };
  return built;
}

/** A path parameter must be a non-empty string (not `.` or `..`, which would change the path), a finite number or a boolean. */
function checkParam(owner: string, op: string, param: string, value: unknown): void {
  const why =
    value === undefined || value === null
      ? "is missing"
      : typeof value === "string"
        ? value === "" ? "is empty" : value === "." || value === ".." ? `is "${value}", which would change the path` : undefined
        : typeof value === "number"
          ? Number.isFinite(value) ? undefined : `is ${value}`
          : typeof value === "boolean" ? undefined : `must be a string or a number, got ${Array.isArray(value) ? "an array" : typeof value}`;
  if (why) throw new TypeError(`${owner}: ${op}: path parameter \`${param}\` ${why}: pass it in params.path`);
}

// Characters a query key may keep as they are; any other key is percent-encoded, as its value is.
const PLAIN_KEY = /^[\w.~$-]*$/;

/** The query with its keys (and a deepObject's inner keys) encoded: a caller's key cannot add parameters. */
function encodeKeys(query: unknown, inner: boolean): unknown {
  if (!query || typeof query !== "object" || Array.isArray(query)) return query;
  const entries = Object.entries(query);
  if (entries.every(([k, v]) => PLAIN_KEY.test(k) && (inner || !v || typeof v !== "object" || Array.isArray(v)))) return query;
  return Object.fromEntries(entries.map(([k, v]) => [PLAIN_KEY.test(k) ? k : encodeURIComponent(k), inner ? v : encodeKeys(v, true)]));
}
