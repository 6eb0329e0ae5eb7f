import { ApiError, B2bkitError, ConnectionError, TimeoutError, requestInfo } from "./errors.js";
import { describeViolations, readRequestId, rememberMethod } from "./response.js";
import { redactUrl } from "./redact.js";

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

/** The request as an auth sees it before each attempt: it may set headers (never replace the body). */
export interface AuthRequest {
  readonly method: string;
  /** Absolute URL, with the query string. */
  readonly url: string;
  readonly headers: Headers;
  /** The buffered body, for schemes that sign the payload. */
  readonly body: ArrayBuffer | undefined;
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
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Longest `Retry-After` honoured; a longer one is returned to the caller instead of waited out. */
export const MAX_RETRY_AFTER_MS = 60_000;
const DEFAULT_RETRY_METHODS = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];

function check(name: string, value: number | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(`b2bkit: option \`${name}\` must be a finite number >= ${min}, got ${String(value)}`);
  }
  return value;
}

/**
 * A `fetch` for openapi-fetch's `createClient({ fetch })` that adds auth, retries with backoff,
 * `Retry-After`, a per-attempt timeout and typed errors. One closure per client; per request it only
 * buffers a body (so the request can be replayed) and arms one timer.
 */
export function createFetch(options: TransportOptions = {}): FetchLike {
  const timeoutMs = check("timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
  const maxRetries = Math.floor(check("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0));
  const initialMs = check("backoff.initialMs", options.backoff?.initialMs, 500, 0);
  const maxMs = check("backoff.maxMs", options.backoff?.maxMs, 8_000, 0);
  const retryMethods = new Set((options.retryMethods ?? DEFAULT_RETRY_METHODS).map((m) => m.toUpperCase()));
  const auth = options.auth;
  const logger = options.logger;
  const userFetch = options.fetch;
  if (userFetch !== undefined && typeof userFetch !== "function") {
    throw new TypeError("b2bkit: option `fetch` must be a function");
  }
  // Resolved per call (not captured) so a global fetch installed later is used, and called unbound-safe.
  const baseFetch: FetchLike = userFetch ?? ((input, init) => globalThis.fetch(input, init));

  return async function b2bkitFetch(input, init) {
    const request = input instanceof Request && init === undefined ? input : toRequest(input, init);
    const { method, url } = request;
    const signal = request.signal;
    // Buffered once so every attempt can send it again.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    const canRetry = maxRetries > 0 && retryMethods.has(method);
    let attempt = 0;
    let replayed = false;

    for (;;) {
      if (signal.aborted) throw signal.reason;
      const headers = auth ? new Headers(request.headers) : request.headers;
      const authRequest: AuthRequest | undefined = auth ? { method, url, headers, body, fetch: baseFetch } : undefined;
      if (auth && authRequest) await auth.authorize(authRequest);

      const controller = new AbortController();
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const started = logger?.debug ? Date.now() : 0;

      let response: Response;
      try {
        response = await baseFetch(url, {
          method,
          headers,
          body,
          signal: controller.signal,
          redirect: request.redirect,
          credentials: request.credentials,
          cache: request.cache,
          keepalive: request.keepalive,
        });
        response = await parsedJson(response, method, request.headers, url);
      } catch (err) {
        // A caller's abort stays what the caller aborted with (an AbortError by default), and is never retried.
        if (signal.aborted) throw signal.reason;
        if (err instanceof ApiError) throw err; // a malformed body: the server answered, retrying won't mend it
        const failure = timedOut
          ? new TimeoutError(`Request timed out after ${timeoutMs} ms: ${method} ${redactUrl(url)}`, {
              request: requestInfo(method, url),
              timeoutMs,
            })
          : err instanceof B2bkitError
            ? err
            : new ConnectionError(`Connection failed: ${method} ${redactUrl(url)} (${reason(err)})`, {
                request: requestInfo(method, url),
                cause: err,
              });
        if (canRetry && attempt < maxRetries) {
          attempt++;
          const delay = backoffDelay(attempt, initialMs, maxMs);
          logger?.warn?.(`b2bkit: ${method} ${redactUrl(url)} failed (${failure.name}); retry ${attempt}/${maxRetries} in ${delay} ms`);
          await sleep(delay, signal);
          continue;
        }
        throw failure;
      } finally {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
      }

      if (logger?.debug) logger.debug(`b2bkit: ${method} ${redactUrl(url)} → ${response.status} (${Date.now() - started} ms)`);

      if (response.status === 401 && auth?.refresh && authRequest && !replayed) {
        replayed = true;
        if (await auth.refresh(authRequest, response)) {
          await discard(response);
          continue;
        }
        rememberMethod(response, method);
        return response;
      }

      const status = response.status;
      if (canRetry && attempt < maxRetries && (status === 408 || status === 409 || status === 429 || status >= 500)) {
        const delay = retryAfter(response.headers) ?? backoffDelay(attempt + 1, initialMs, maxMs);
        if (delay <= MAX_RETRY_AFTER_MS) {
          attempt++;
          logger?.warn?.(`b2bkit: ${method} ${redactUrl(url)} → ${status}; retry ${attempt}/${maxRetries} in ${delay} ms`);
          await discard(response);
          await sleep(delay, signal);
          continue;
        }
        logger?.warn?.(`b2bkit: ${method} ${redactUrl(url)} → ${status}; Retry-After ${delay} ms is over the ${MAX_RETRY_AFTER_MS} ms limit, not retrying`);
      }
      rememberMethod(response, method);
      return response;
    }
  };
}

/**
 * A 2xx answer that should be JSON is read here, under the attempt's timeout, so that a body which is not the
 * promised JSON becomes an `ApiError` instead of a `SyntaxError` thrown from deep inside openapi-fetch.
 * The parsed value is handed on, so openapi-fetch does not parse it a second time.
 */
async function parsedJson(response: Response, method: string, requestHeaders: Headers, url: string): Promise<Response> {
  if (!response.ok || response.status === 204 || method === "HEAD" || response.body === null) return response;
  const type = response.headers.get("content-type") ?? "";
  if (!type.includes("json")) {
    const accept = requestHeaders.get("accept");
    // Only when the caller asked for JSON alone: a download or a text endpoint passes through untouched.
    if (accept === null || !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(accept)) return response;
  }
  const text = await response.text();
  let parsed: unknown;
  if (text.trim() !== "") {
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new ApiError({
        status: response.status,
        code: "INVALID_JSON",
        message: `expected a JSON body (content-type: ${type || "none"}) but it could not be parsed: ${reason(err)}`,
        body: text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text,
        request: requestInfo(method, url),
        requestId: readRequestId(response.headers),
        details: describeViolations(response.headers),
      });
    }
  }
  const copy = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "json", { value: () => Promise.resolve(parsed) });
  return copy;
}

function toRequest(input: string | URL | Request, init: RequestInit | undefined): Request {
  try {
    return new Request(input, init);
  } catch (err) {
    // The platform's message repeats the URL, credentials included: say what is wrong without it.
    const url = redactUrl(input instanceof Request ? input.url : String(input));
    const why = /credentials/i.test(reason(err)) ? "the URL contains a user name or password; send credentials through `auth` instead" : "invalid request";
    throw new TypeError(`b2bkit: cannot send ${url}: ${why}`);
  }
}

function reason(err: unknown): string {
  if (err && typeof err === "object") {
    const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === "string") return cause.code;
    if (cause && typeof cause.message === "string") return cause.message;
    const message = (err as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  return String(err);
}

/** Exponential backoff with up to 25 % jitter: 500, 1 000, 2 000 … capped at 8 000 ms by default. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  const base = Math.min(initialMs * 2 ** (attempt - 1), maxMs);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/** `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null) {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const value = headers.get("retry-after");
  if (value === null) return undefined;
  const seconds = Number(value);
  if (value.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body was already gone: nothing to free.
  }
}
