import { ApiError, B2bkitError, ConnectionError, TimeoutError, requestInfo, type RequestInfo } from "./errors.js";
import { readRequestId, rememberMethod, type ErrorShape } from "./response.js";
import { REDACTED, redactUrl } from "./redact.js";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
/** The fetch `createFetch` returns: it also takes the `PreparedRequest`s our clients have openapi-fetch build. */
export type B2bkitFetch = (input: Request | PreparedRequest | string | URL, init?: RequestInit) => Promise<Response>;

/** The request as an auth sees it before each attempt: it may set headers (never replace the body). */
export interface AuthRequest {
  readonly method: string;
  /** Absolute URL, with the query string. */
  readonly url: string;
  readonly headers: Headers;
  /** The body as it is sent (replayable: a string, bytes, FormData …), for schemes that sign the payload. */
  readonly body: BodyInit | undefined;
  /** The plain fetch the client was given (no auth, no retries), for logging in. */
  readonly fetch: FetchLike;
}

/** What the client's `auth` option takes. Auth packages (`@b2bkit/<vendor>-auth`) return one. */
export interface Auth {
  /** Adds credentials to an outgoing request. Called before every attempt, so it may refresh what expired. */
  authorize(request: AuthRequest): void | Promise<void>;
  /**
   * Called once when a request answers 401. Return true when fresh credentials were obtained:
   * the request is then replayed once (the replay does not count as a retry).
   */
  refresh?(request: AuthRequest, response: Response): boolean | Promise<boolean>;
}

/** Where the client logs retries (warn) and every request (debug). Lines never carry secrets. */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface TransportOptions {
  auth?: Auth | undefined;
  /** Per attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** Methods that are retried. Default GET, HEAD, PUT, DELETE, OPTIONS (POST and PATCH are not idempotent). */
  retryMethods?: ReadonlyArray<string> | undefined;
  /** Backoff: first delay and cap, in milliseconds (default 500 doubling to 8 000, minus up to 25 % jitter). */
  backoff?: { initialMs?: number; maxMs?: number } | undefined;
  /** The fetch to send requests with. Default: the global fetch. */
  fetch?: FetchLike | undefined;
  logger?: Logger | undefined;
  /**
   * Looks at each 2xx JSON answer before it is handed on, for vendors that report failures inside one (TLSecure's
   * envelope, often with HTTP 200): a verdict's `error` rejects the call instead of reaching the caller as data; one
   * marked `authRefused` first gets the same single refresh-and-replay as a 401. Build it with `failuresIn2xx`.
   */
  inspect?: Inspect | undefined;
}

export type Inspect = (response: Response, request: RequestInfo) => Promise<{ error: Error; authRefused?: boolean } | undefined>;

/**
 * An `inspect` for vendors whose 2xx answers may carry a failure: `find` reads the parsed body (parsed once; openapi-fetch
 * gets the same value) and returns the failure it carries, thrown as an `ApiError` with the vendor's code and message.
 */
export function failuresIn2xx(find: (body: unknown) => (ErrorShape & { authRefused?: boolean }) | undefined): Inspect {
  return async (response, request) => {
    const body = await response.json();
    const failure = find(body);
    if (!failure) return undefined;
    const { code, message, details, authRefused } = failure;
    const error = new ApiError({ status: response.status, code, message, details, body, request, requestId: readRequestId(response.headers) });
    return { error, authRefused };
  };
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Longest `Retry-After` honoured; a longer one is returned to the caller instead of waited out. */
export const MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_RETRY_METHODS = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

function check(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(`b2bkit: option \`${name}\` must be a number >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * A `fetch` for openapi-fetch's `createClient({ fetch })` that adds auth, retries with backoff,
 * `Retry-After`, a per-attempt timeout and typed errors. One closure per client; per request it only
 * keeps the body replayable and arms one timer.
 */
export function createFetch(options: TransportOptions = {}): B2bkitFetch {
  const timeoutMs = check("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
  const maxRetries = Math.floor(check("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0));
  const initialMs = check("backoff.initialMs", options.backoff?.initialMs, 500, 0);
  const maxMs = check("backoff.maxMs", options.backoff?.maxMs, 8_000, 0);
  const retryMethods = new Set((options.retryMethods ?? DEFAULT_RETRY_METHODS).map((m) => m.toUpperCase()));
  const { auth, logger, inspect } = options;
  // Called through a closure (never captured) so a global fetch installed later is used, and never unbound.
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));

  return async function b2bkitFetch(input, init) {
    const request =
      input instanceof PreparedRequest
        ? input
        : input instanceof Request
          ? new PreparedRequest(input.url, init ?? input)
          : new PreparedRequest(input, init);
    const { url, method, headers, signal, init: extra } = request;
    let body = request.body ?? undefined;
    if (body && (method === "GET" || method === "HEAD")) throw new TypeError(`b2bkit: a ${method} request cannot have a body`);
    if (/^[a-z][\w+.-]*:\/\/[^/?#]*@/i.test(url)) {
      // The platform's own error would repeat the URL, credentials included.
      throw new TypeError(`b2bkit: cannot send ${redactUrl(url)}: no user or password in URLs, use \`auth\``);
    }
    // A stream can be sent once only: buffer it so a retry can send it again.
    if (body instanceof ReadableStream) body = await new Response(body).arrayBuffer();
    const canRetry = maxRetries > 0 && retryMethods.has(method);
    const log = (note: string) => logger?.warn?.(`b2bkit: ${method} ${redactUrl(url)} ${note}`);
    let attempt = 0;
    let replayed = false;

    for (;;) {
      if (signal?.aborted) throw signal.reason;
      const authRequest: AuthRequest | undefined = auth && { method, url, headers, body: body ?? undefined, fetch: baseFetch };
      // A synchronous authorize costs no extra turn of the event loop.
      const pending = authRequest && auth?.authorize(authRequest);
      if (pending) await pending;

      const current = startAttempt(signal, timeoutMs, method, url);
      const started = logger?.debug ? Date.now() : 0;
      let response: Response;
      try {
        response = guardJson(await baseFetch(url, { ...extra, method, headers, body, signal: current.signal }), headers, current);
      } catch (err) {
        current.release();
        const failure = current.failure(err); // a caller's abort is rethrown as it is, never retried
        if (canRetry && attempt < maxRetries) {
          const delay = backoffDelay(++attempt, initialMs, maxMs);
          log(`failed (${failure.name}); retry ${attempt}/${maxRetries} in ${delay} ms`);
          await sleep(delay, signal);
          continue;
        }
        throw failure;
      }
      if (!current.deferred) current.release();
      const status = response.status;
      logger?.debug?.(`b2bkit: ${method} ${redactUrl(url)} → ${status} (${Date.now() - started} ms)`);

      // A failure inside a 2xx JSON answer, for vendors that send them.
      const verdict = inspect && response.ok && current.deferred ? await inspect(response, requestInfo(method, url)) : undefined;
      if (verdict) {
        if (verdict.authRefused && authRequest && auth?.refresh && !replayed) {
          replayed = true;
          if (await auth.refresh(authRequest, response)) continue;
        }
        throw verdict.error;
      }

      if (status === 401 && authRequest && auth?.refresh && !replayed) {
        replayed = true;
        if (await auth.refresh(authRequest, response)) {
          current.release();
          await discard(response);
          continue;
        }
      } else if (canRetry && attempt < maxRetries && (status === 408 || status === 409 || status === 429 || status >= 500)) {
        const delay = retryAfter(response.headers) ?? backoffDelay(attempt + 1, initialMs, maxMs);
        if (delay <= MAX_RETRY_AFTER_MS) {
          log(`→ ${status}; retry ${++attempt}/${maxRetries} in ${delay} ms`);
          current.release();
          await discard(response);
          await sleep(delay, signal);
          continue;
        }
        log(`→ ${status}; not retrying: Retry-After ${delay} ms > ${MAX_RETRY_AFTER_MS} ms`);
      }
      rememberMethod(response, method);
      return response;
    }
  };
}

/**
 * What openapi-fetch builds for each call when a client passes this class as its `Request` option: the parts of the
 * request, kept as they are. Building a real `Request` costs several microseconds (more with a signal) and the
 * platform builds one again inside `fetch` anyway; `createFetch` builds the only one, with the attempt's signal.
 */
export class PreparedRequest {
  declare readonly url: string;
  declare readonly method: string;
  declare readonly headers: Headers;
  declare readonly body: BodyInit | null;
  declare readonly signal: AbortSignal | null;
  /** The rest of the init (redirect, credentials, cache …), passed on to fetch. */
  declare readonly init: RequestInit;

  constructor(input: string | URL, init: RequestInit | Request = {}) {
    const { method, headers, body, signal, ...rest } = init;
    // A Request's own fields are getters, which the rest above does not copy: keep the ones fetch honours.
    if (init instanceof Request) Object.assign(rest, { redirect: init.redirect, credentials: init.credentials, cache: init.cache, keepalive: init.keepalive });
    this.url = String(input);
    this.method = (method ?? "GET").toUpperCase();
    this.headers = headers instanceof Headers ? headers : new Headers(headers);
    this.body = body ?? null;
    this.signal = signal ?? null;
    this.init = rest;
  }
}

interface Attempt {
  readonly method: string;
  readonly url: string;
  readonly signal: AbortSignal;
  /** The body is read later (by openapi-fetch through `json()`), still under this attempt's timeout. */
  deferred: boolean;
  defer(): void;
  release(): void;
  /** What a failed fetch or body read becomes: the caller's own abort reason, a TimeoutError or a ConnectionError. */
  failure(err: unknown): Error;
}

function startAttempt(caller: AbortSignal | null, timeoutMs: number, method: string, url: string): Attempt {
  const controller = new AbortController();
  const onAbort = () => controller.abort(caller?.reason);
  let timedOut = false;
  caller?.addEventListener("abort", onAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const attempt: Attempt = {
    method,
    url,
    signal: controller.signal,
    deferred: false,
    defer() {
      attempt.deferred = true;
      // Should nobody read the body, the armed timer must not keep a script alive (Node has unref; browsers need none).
      (timer as { unref?: () => void }).unref?.();
    },
    release() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
    failure(err) {
      if (caller?.aborted) throw caller.reason;
      if (err instanceof B2bkitError) return err; // an ApiError for a malformed body: the server answered
      const request = requestInfo(method, url);
      return timedOut
        ? new TimeoutError(`Request timed out after ${timeoutMs} ms: ${method} ${request.url}`, { request, timeoutMs })
        : new ConnectionError(`Connection failed: ${method} ${request.url} (${reason(err)})`, { request, cause: err });
    },
  };
  return attempt;
}

/**
 * A 2xx answer that should be JSON must not reach openapi-fetch's `JSON.parse` unguarded: a body that is not the
 * promised JSON becomes an `ApiError` instead of a `SyntaxError` thrown from deep inside openapi-fetch. Its body
 * readers are guarded in place (no copy of the response), and the attempt's timeout stays armed until the body is
 * read. openapi-fetch reads `json()` when there is a Content-Length and `text()` (then parses) when chunked.
 */
function guardJson(response: Response, requestHeaders: Headers, attempt: Attempt): Response {
  const { method, url } = attempt;
  if (response.status === 204 || method === "HEAD" || response.body === null) return response;
  const read = response.text.bind(response);
  let text: Promise<string> | undefined;
  // The body, read once, under this attempt's timeout and the caller's signal; a failure while reading becomes a
  // TimeoutError or ConnectionError (or stays the caller's abort).
  const body = () =>
    (text ??= read().then(
      (raw) => (attempt.release(), raw),
      (err: unknown) => {
        attempt.release();
        throw attempt.failure(err);
      },
    ));
  const type = response.headers.get("content-type") ?? "";
  // Without a JSON content type, only when the caller asked for JSON alone: downloads and text pass untouched.
  // An error answer's body (openapi-fetch reads it as text) is always bounded: a server stalling it must not hang us.
  if (response.ok && !type.includes("json") && !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(requestHeaders.get("accept") ?? "")) {
    return response;
  }
  const parse = (raw: string): unknown => {
    if (raw.trim() === "") return undefined;
    try {
      return JSON.parse(raw);
    } catch (err) {
      throw new ApiError({
        status: response.status,
        code: "INVALID_JSON",
        message: `invalid JSON body (content-type: ${type || "none"}): ${reason(err)}`,
        body: raw.length > 2_000 ? `${raw.slice(0, 2_000)}…` : raw,
        request: requestInfo(method, url),
        requestId: readRequestId(response.headers),
      });
    }
  };
  attempt.defer();
  let json: Promise<unknown> | undefined;
  // Read and parsed once, whoever asks first (the transport's 2xx failure check, then openapi-fetch).
  const parsed = () => (json ??= body().then(parse));
  Object.defineProperties(response, response.ok ? { json: { value: parsed }, text: { value: async () => (await parsed(), body()) } } : { text: { value: body } });
  return response;
}

/** The short cause of a failure: the system error code (ECONNREFUSED …) when there is one. */
function reason(err: unknown): string {
  const e = err as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  return String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? err).replace(/\/\/[^/\s@]*@/g, `//${REDACTED}@`);
}

/** Exponential backoff with up to 25 % jitter: 500, 1 000, 2 000 … capped at 8 000 ms by default. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  const base = Math.min(initialMs * 2 ** (attempt - 1), maxMs);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/** `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfter(headers: Headers): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? NaN);
  if (ms >= 0) return Math.round(ms);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  const at = /^\d+(\.\d+)?$/.test(value) ? Date.now() + Number(value) * 1000 : Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.round(at - Date.now()));
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body was already gone: nothing to free.
  }
}

/**
 * The two options a vendor client hands openapi-fetch's `createClient`: the transport, and the `Request` class
 * that lets the transport build each real Request exactly once.
 */
export function clientTransport(options: TransportOptions = {}): { fetch: B2bkitFetch; Request: typeof Request } {
  return { fetch: createFetch(options), Request: PreparedRequest as unknown as typeof Request };
}

/** The options every `create<Vendor>Client` takes (a vendor adds its own, such as TLSecure's `domainCode`). */
export interface ClientOptions extends TransportOptions {
  /** The API's address; the vendor client's docs say which. */
  baseUrl: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}
