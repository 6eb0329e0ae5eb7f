import createClient, { createFinalURL, createQuerySerializer, defaultBodySerializer, defaultPathSerializer, mergeHeaders, removeTrailingSlash } from "openapi-fetch";
import { PreparedRequest, callOptions, createFetch, logTo, merged, withRest, type CallOptions, type ClientOptions, type LogEvent } from "./fetch.js";
import { dataOf, takeRead, type ErrorShape, type VendorErrors } from "./response.js";

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
// What a call's init may hold for the call to be made directly (see `direct` below); any other key goes through openapi-fetch.
const DIRECT_INIT = new Set(["params", "body", "signal", "headers"]);
// What a vendor's `openapi` options may hold for its calls to be made directly.
const SERIALIZERS = new Set(["querySerializer", "bodySerializer", "pathSerializer"]);
const JSON_TYPE = { "Content-Type": "application/json" };

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
  const bad = refusedHeader(headers);
  if (bad) throw new TypeError(`${name}: option \`headers\`: header \`${bad}\` ${BAD_HEADER}`);
  const find = errors?.failureIn2xx;
  // Once middleware is in use, openapi-fetch gets real Requests: what its docs promise `onRequest` (clone(), instanceof).
  let middleware = false;
  // The call being made: its operation and its client's `withOptions` overrides, set by `wrap` while openapi-fetch runs
  // its synchronous part, in which it builds the request with the class below. Passed in the init instead, they cost a
  // copy of it per call, and openapi-fetch copies every key it does not know onto the request.
  let callOp: string | undefined;
  let callOverrides: CallOptions | undefined;
  const baseHeaders = { ...config.headers, ...headers, ...config.fixedHeaders };
  const transport = createFetch({
    ...options,
    failureIn2xx: find && ((body) => {
      const failure = find(body);
      return failure && { ...failure, authRefused: authRefused?.(failure) };
    }),
    noJsonAnswer: new Set(config.noJsonAnswer?.split("|")),
  });
  const openapi = config.openapi ?? {};
  const client = create({
    ...openapi,
    baseUrl: config.baseUrl,
    headers: baseHeaders,
    fetch: transport,
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

  // A call with nothing but params, a body, a signal and headers, on a client without middleware, is made directly: the
  // URL, the headers and the body built with openapi-fetch's own functions and options, as its createClient would, then
  // handed to the transport, and the answer read as openapi-fetch reads it from what the transport already read. That
  // spares openapi-fetch's request path (its init copies, its request, its read of the answer through the body methods)
  // on top of ours. Only when `create` is openapi-fetch's createClient, and the vendor's options are its serializers.
  const direct = create === (createClient as unknown) && Object.keys(openapi).every((key) => SERIALIZERS.has(key));
  const baseUrl = removeTrailingSlash(config.baseUrl);
  const given = openapi as { querySerializer?: unknown; bodySerializer?: unknown; pathSerializer?: unknown };
  const querySerializer = typeof given.querySerializer === "function" ? given.querySerializer : createQuerySerializer(given.querySerializer as never);
  const bodySerializer = (given.bodySerializer ?? defaultBodySerializer) as (body: unknown, headers: Headers) => unknown;
  const pathSerializer = (given.pathSerializer ?? defaultPathSerializer) as typeof defaultPathSerializer;
  type Params = { path?: Record<string, unknown>; query?: unknown; header?: Record<string, unknown> };
  const call = async (method: string, path: string, params: Params, init: DirectInit, op: string, overrides: CallOptions | undefined) => {
    const { body, headers: more } = init;
    const serialized = body === undefined ? undefined : (bodySerializer(body, mergeHeaders(baseHeaders, more, params.header as never)) as BodyInit);
    const request = new PreparedRequest(
      createFinalURL(path, { baseUrl, params: params as never, querySerializer: querySerializer as never, pathSerializer }),
      // With no body, no Content-Type; a FormData body gets the platform's, with its boundary.
      { redirect: "follow", method, signal: init.signal, body: serialized, headers: mergeHeaders(serialized === undefined || serialized instanceof FormData ? {} : JSON_TYPE, baseHeaders, more, params.header as never) },
      op,
      overrides,
      true,
    );
    return answerOf(await transport(request), method);
  };

  // Each call: its path parameters checked, its query keys encoded, its operation named; a refusal is a rejected promise.
  // A withOptions client's `overrides` go to the request openapi-fetch builds (see `callOp`); the transport checks them
  // again per call.
  const wrap = (method: string, send: Method, overrides?: CallOptions): Method => {
    // Each path's operation name, made once: a name made per call is a new string, hashed again where it is looked up.
    const ops = new Map<string, string>();
    const opOf = (path: string) => `${method} ${path}`;
    // The call, made directly or through openapi-fetch.
    // `headers`: the call's own, as they were read once and checked.
    const made = (path: string, key: string, init: Init, plain: DirectInit | false, sent: Params, op: string, headers: unknown): Promise<unknown> => {
      if (plain) return call(method, key, sent, plain, op, overrides);
      // A call with a Request class of its own (openapi-fetch's per-call `Request`) gets its name and options in its
      // init, which openapi-fetch copies onto the request it builds.
      if ((init as { Request?: unknown } | undefined)?.Request !== undefined) return send(path, merged(overrides, init, { params: sent, op, headers }) as Init);
      const outerOp = callOp;
      const outerOverrides = callOverrides;
      callOp = op;
      callOverrides = overrides;
      try {
        return send(path, withRest({ params: sent, headers }, init) as Init);
      } finally {
        // A call made from inside this one (a serializer of yours calling the client) has ended: this one's back.
        callOp = outerOp;
        callOverrides = outerOverrides;
      }
    };
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
      const plain = direct && !middleware && directInit(init);
      // A call's own headers (the client's were checked when it was made), read once: a value the platform refuses is
      // named here, and whatever gets past this (a value whose toString() changes) has the platform's error, which
      // quotes it, replaced.
      const more = plain ? plain.headers : init && Object.prototype.propertyIsEnumerable.call(init, "headers") ? (init as { headers?: unknown }).headers : undefined;
      const own = (sent as Params).header;
      if (more != null || own != null) {
        let bad: string | undefined;
        try {
          bad = refusedHeader(more) ?? refusedHeader(own);
        } catch (err) {
          return Promise.reject(err); // a value whose toString() throws
        }
        if (bad) return Promise.reject(new TypeError(`${name}: ${method} ${path}: header \`${bad}\` ${BAD_HEADER}`));
        return made(path, key, init, plain, sent as Params, op, more).catch((err: unknown) => {
          throw err instanceof TypeError && /^Headers\.\w+: [\s\S]* is an invalid header value\.$/.test(err.message) ? new TypeError(`${name}: ${method} ${path}: a header ${BAD_HEADER}`) : err;
        });
      }
      return made(path, key, init, plain, sent as Params, op, more);
    };
  };
  const sends = METHODS.map((method) => methods[method] as Method);
  const { request, use } = client as unknown as Record<string, (...args: never[]) => Promise<unknown>>;
  // The calls of a client (the one openapi-fetch made, or one of withOptions) with the overrides it has.
  const bind = (target: Record<string, unknown>, overrides?: CallOptions): unknown => {
    METHODS.forEach((method, i) => (target[method] = wrap(method, sends[i]!, overrides)));
    target["request"] = (method: string, path: string, init?: Init) =>
      typeof method === "string"
        ? wrap(method.toUpperCase(), (p, i) => request!(method as never, p as never, i as never), overrides)(path, init)
        : Promise.reject(new TypeError(`${name}: request(method, path, init): \`method\` must be a string such as "GET", got ${method === null ? "null" : typeof method}`));
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

type DirectInit = { body?: unknown; signal?: AbortSignal | null; headers?: HeadersInit };
const NO_INIT: DirectInit = Object.freeze({});

/**
 * What a direct call takes of a call's init (see `direct`), read once: its own keys, as the init openapi-fetch is
 * handed is made of (`withRest`); false when it holds any other key, or a symbol (a fetch of yours may read one).
 */
function directInit(init: unknown): DirectInit | false {
  if (init == null) return NO_INIT;
  if (typeof init !== "object") return false;
  let found: Record<string, unknown> | undefined;
  for (const key in init) {
    if (key === "params" || !Object.hasOwn(init, key)) continue;
    if (!DIRECT_INIT.has(key)) return false;
    (found ??= {})[key] = (init as Record<string, unknown>)[key];
  }
  return Object.getOwnPropertySymbols(init).length === 0 && (found ?? NO_INIT);
}

// The platform's own error for a header value it refuses quotes the value, which may be a credential.
const BAD_HEADER = "has a line break or a NUL character in its value, which no HTTP header may carry (its value is not repeated here: it may be a credential)";

/**
 * The name of a header whose value the platform would refuse, in an object of headers: a line break or a NUL inside it
 * (the platform trims spaces, tabs and line breaks at either end, and takes any value as its string).
 */
function refusedHeader(headers: unknown): string | undefined {
  if (!headers || typeof headers !== "object" || headers instanceof Headers) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    for (const one of [value].flat(Infinity)) if (one != null && refused(String(one))) return name;
  }
  return undefined;
}

/** A line break or a NUL that the platform's trimming (of tabs, spaces and line breaks at either end) leaves in. */
function refused(value: string): boolean {
  if (!/[\0\r\n]/.test(value)) return false;
  const space = (at: number) => "\t\n\r ".includes(value[at]!);
  let from = 0;
  let to = value.length;
  while (from < to && space(from)) from++;
  while (to > from && space(to - 1)) to--;
  return /[\0\r\n]/.test(value.slice(from, to));
}

/**
 * openapi-fetch's result for an answer of the transport (`parseAs: "json"`): `{ data, response }` or `{ error, response }`,
 * as its client makes them — nothing for a 204, a HEAD or a length of 0; the data parsed; an error body parsed when it is
 * JSON, its text otherwise. From what the transport read where it kept the text, else read here (a download, an answer
 * the transport could not mark).
 */
async function answerOf(response: Response, method: string): Promise<{ data?: unknown; error?: unknown; response: Response }> {
  const { status, ok, headers } = response;
  const read = takeRead(response);
  const length = headers.get("Content-Length");
  if (status === 204 || method === "HEAD" || (length === "0" && !headers.get("Transfer-Encoding")?.includes("chunked"))) {
    return ok ? { data: undefined, response } : { error: undefined, response };
  }
  // Not read as text by the transport (no body, a download): with a length, openapi-fetch's own json() (which fails
  // on no body, as openapi-fetch's call does).
  if (!read && ok && length && length !== "0") return { data: await response.json(), response };
  const text = read ? read.text : await response.text();
  if (ok) return { data: dataOf(text, read?.value), response };
  let error: unknown = text;
  try {
    error = JSON.parse(text);
  } catch {
    // Not JSON: the text as it is.
  }
  return { error, response };
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
