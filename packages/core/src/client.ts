import { PreparedRequest, callOptions, createFetch, logTo, merged, withRest, type CallOptions, type ClientOptions, type LogEvent } from "./fetch.js";
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

/** Where each client logs, for the helpers that take a client (`listAll` warns there). */
export const loggerOf = new WeakMap<object, (event: LogEvent) => void>();

/** A vendor client: openapi-fetch's, plus `withOptions`. */
export type WithOptions<C> = C & {
  /**
   * The same client (auth, middleware and all), whose calls use these `timeoutMs` and `maxRetries` instead of the
   * client's: `await client.withOptions({ timeoutMs: 5_000, maxRetries: 0 }).GET("/items/{id}", { params })`.
   * Each value is checked as the client's own are: a wrong one is a `TypeError` that names it, and nothing is sent.
   */
  withOptions(options: CallOptions): WithOptions<C>;
};

type Init = { params?: { path?: Record<string, unknown>; query?: unknown } } | undefined;
type Method = (path: string, init?: Init) => Promise<unknown>;
const PARAM = /\{([^{}]+)\}/g;
const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"];
// Characters a query key may keep as they are; any other key is percent-encoded, as its value is.
const PLAIN_KEY = /^[\w.~$-]*$/;

/**
 * Builds a vendor's openapi-fetch client over core's transport: `create` is openapi-fetch's `createClient` typed with
 * the vendor's paths. Every call's path parameters are checked before anything is sent, query keys are encoded like
 * values, the operation's name travels with the request, and `use()` middleware gets real `Request`s.
 */
export function createApiClient<C>(create: (options: Record<string, unknown>) => C, options: ClientOptions, config: ApiClientConfig): WithOptions<C> {
  const { name, fill, errors, authRefused } = config;
  const headers = options.headers;
  if (headers !== undefined && (!headers || typeof headers !== "object" || Object.values(headers).some((v) => typeof v !== "string"))) {
    throw new TypeError(`${name}: option \`headers\` must be an object of header names to strings, e.g. { "X-Tenant": "acme" }`);
  }
  const find = errors?.failureIn2xx;
  // Once middleware is in use, openapi-fetch gets real Requests: what its docs promise `onRequest` (clone(), instanceof).
  let middleware = false;
  // The call being made: its operation and its client's `withOptions` overrides, set by `wrap` while openapi-fetch runs
  // its synchronous part, in which it builds the request with the class below. Passed in the init instead, they cost a
  // copy of it per call, and openapi-fetch copies every key it does not know onto the request.
  let callOp: string | undefined;
  let callOverrides: CallOptions | undefined;
  const client = create({
    ...config.openapi,
    baseUrl: config.baseUrl,
    headers: { ...config.headers, ...headers, ...config.fixedHeaders },
    fetch: createFetch({
      ...options,
      failureIn2xx: find && ((body) => {
        const failure = find(body);
        return failure && { ...failure, authRefused: authRefused?.(failure) };
      }),
      noJsonAnswer: new Set(config.noJsonAnswer?.split("|")),
    }),
    Request: class extends PreparedRequest {
      // openapi-fetch checks what `onRequest` returns against this class: a real Request is one.
      static override [Symbol.hasInstance](value: unknown): boolean {
        return value instanceof Request || value instanceof PreparedRequest;
      }
      constructor(input: string | URL, init?: RequestInit) {
        super(input, init, callOp, callOverrides);
        // A real Request, carrying the operation and the call's own options as fields for the transport to read.
        if (middleware) return carrying(new Request(input, init), this);
      }
    },
  });
  const methods = client as unknown as Record<string, Method>;

  // Each call: its path parameters checked, its query keys encoded, its operation named; a refusal is a rejected promise.
  // A withOptions client's `overrides` go to the request openapi-fetch builds (see `callOp`); the transport checks them
  // again per call.
  const wrap = (method: string, send: Method, overrides?: CallOptions): Method => {
    // Each path's operation name, made once: a name made per call is a new string, hashed again where it is looked up.
    const ops = new Map<string, string>();
    const opOf = (path: string) => `${method} ${path}`;
    return (path, init) => {
      const params = init?.params;
      // Copies, read once: what is checked is what is sent (a getter or a Proxy could answer differently when read
      // again), and middleware that changes them leaves the caller's objects as they were.
      const given = params?.path;
      const values = given == null && !fill ? given : merged(given, fill);
      const key = String(path);
      for (const param of paramsIn(key)) {
        const why = refusal(values?.[param]);
        if (why) return Promise.reject(new TypeError(`${name}: ${method} ${path}: path parameter \`${param}\` ${why}: pass it in params.path`));
      }
      const asked = params?.query;
      const query = encodeKeys(asked, 0);
      const sent = withRest({ path: values, query: query === asked && query && typeof query === "object" && !Array.isArray(query) ? merged(query) : query }, params);
      const op = bounded(ops, key, opOf);
      // A call with a Request class of its own (openapi-fetch's per-call `Request`) gets its name and options in its
      // init, which openapi-fetch copies onto the request it builds.
      if ((init as { Request?: unknown } | undefined)?.Request !== undefined) return send(path, merged(overrides, init, { params: sent, op }) as Init);
      const outerOp = callOp;
      const outerOverrides = callOverrides;
      callOp = op;
      callOverrides = overrides;
      try {
        return send(path, withRest({ params: sent }, init) as Init);
      } finally {
        // A call made from inside this one (a serializer of yours calling the client) has ended: this one's back.
        callOp = outerOp;
        callOverrides = outerOverrides;
      }
    };
  };
  const sends = METHODS.map((method) => methods[method] as Method);
  const { request, use } = client as unknown as Record<string, (...args: never[]) => Promise<unknown>>;
  // The calls of a client (the one openapi-fetch made, or one of withOptions) with the overrides it has.
  const bind = (target: Record<string, unknown>, overrides?: CallOptions): unknown => {
    METHODS.forEach((method, i) => (target[method] = wrap(method, sends[i]!, overrides)));
    target["request"] = (method: string, path: string, init?: Init) => wrap(String(method).toUpperCase(), (p, i) => request!(method as never, p as never, i as never), overrides)(path, init);
    target["withOptions"] = (more: CallOptions) => {
      const owner = `${name}: withOptions`;
      if (!more || typeof more !== "object") throw new TypeError(`${owner}: pass an object { timeoutMs, maxRetries }`);
      for (const key in more) if (key !== "timeoutMs" && key !== "maxRetries") throw new TypeError(`${owner}: option \`${key}\` is not one it takes (timeoutMs, maxRetries)`);
      callOptions(owner, more, undefined, undefined);
      return bind(Object.create(client as object) as Record<string, unknown>, { ...overrides, ...more });
    };
    return target;
  };
  bind(methods);
  // A middleware whose onRequest returns a new Request keeps the operation's name (what promises JSON) and the call's
  // own options on it.
  type Middleware = { onRequest?: (context: { request: Request & { op?: string } & CallOptions }) => unknown };
  const kept = new WeakMap<object, Middleware>();
  const keepOp = (m: Middleware): Middleware => {
    if (!m || typeof m.onRequest !== "function") return m;
    let wrapped = kept.get(m);
    if (!wrapped) {
      wrapped = Object.assign(Object.create(m) as Middleware, {
        async onRequest(context: { request: Request & { op?: string } & CallOptions }) {
          const result = await m.onRequest!(context);
          return result instanceof Request && !("op" in result) ? carrying(result, context.request) : result;
        },
      });
      kept.set(m, wrapped);
    }
    return wrapped;
  };
  const { eject } = client as unknown as Record<string, (...args: unknown[]) => void>;
  methods["use"] = ((...middlewares: Middleware[]) => {
    middleware = true;
    return use!(...(middlewares.map(keepOp) as never[]));
  }) as Method;
  methods["eject"] = ((...middlewares: Middleware[]) => eject!(...middlewares.map((m) => (m && kept.get(m)) ?? m))) as unknown as Method;
  const log = logTo(options.logger);
  if (log) loggerOf.set(client as object, log);
  return client as WithOptions<C>;
}

/** A real Request with what the transport reads from a request of ours: the operation and the call's own options. */
function carrying(request: Request, from: { op?: string | undefined; timeoutMs?: unknown; maxRetries?: unknown }): PreparedRequest {
  const fields: Record<string, unknown> = { op: from.op };
  if (from.timeoutMs !== undefined) fields["timeoutMs"] = from.timeoutMs;
  if (from.maxRetries !== undefined) fields["maxRetries"] = from.maxRetries;
  return Object.assign(request, fields) as unknown as PreparedRequest;
}

/** A path parameter must be a non-empty string (not `.` or `..`, which would change the path), a finite number or a boolean: why this one is not. */
function refusal(value: unknown): string | false | undefined {
  return value == null
    ? "is missing"
    : value === "" || value === "." || value === ".."
      ? `is "${value}", which would change the path`
      : typeof value === "number"
        ? !Number.isFinite(value) && `is ${value}`
        : typeof value !== "string" && typeof value !== "boolean" && `must be a string, a number or a boolean, got ${Array.isArray(value) ? "an array" : typeof value}`;
}

// The parameters a path names, found once per path (a regular expression run per call cost more than the rest of it).
const named = new Map<string, string[]>();
const paramsIn = (path: string): string[] => bounded(named, path, (p) => Array.from(p.matchAll(PARAM), (match) => match[1]!));

/** What `make` gives for a path, made once: kept in `cache`, bounded in entries and in size for a caller that makes its paths up. */
function bounded<T>(cache: Map<string, T>, path: string, make: (path: string) => T): T {
  let value = cache.get(path);
  if (value === undefined) {
    value = make(path);
    if (path.length <= 1_000) {
      if (cache.size >= 512) cache.clear();
      cache.set(path, value);
    }
  }
  return value;
}

/** The query with its keys (and a deepObject's inner keys) encoded: a caller's key cannot add parameters. */
function encodeKeys(query: unknown, depth: number): unknown {
  if (!query || typeof query !== "object" || Array.isArray(query) || depth > 1) return query;
  for (const key in query) {
    const value = (query as Record<string, unknown>)[key];
    if (!PLAIN_KEY.test(key) || (!depth && value && typeof value === "object" && !Array.isArray(value))) {
      return Object.fromEntries(Object.entries(query).map(([k, v]) => [PLAIN_KEY.test(k) ? k : encodeURIComponent(k), encodeKeys(v, depth + 1)]));
    }
  }
  return query;
}
