import { ApiError, AuthError, B2bkitError, ConnectionError, RedirectError, TimeoutError, requestInfo, type RequestInfo } from "./errors.js";
import { readRequestId, remember, type ErrorShape } from "./response.js";
import { REDACTED, redactSecrets, redactUrl } from "./redact.js";

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
  /**
   * The fetch for login and token calls: no auth, transient failures (5xx, 429, connection errors) retried with
   * backoff whatever the method, redirects followed only within the origin, error bodies bounded.
   */
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
  /**
   * The secrets the auth holds (password, API key, signing secret, token, session id, signature): replaced by
   * `[redacted]` wherever a server's answer would carry them into an error or a log line.
   */
  secrets?(): Iterable<string>;
  /**
   * The one origin (`https://host:port`) its credentials may go to. Without it, the first origin the auth serves is
   * the one: a request to any other is refused before it is sent.
   */
  readonly origin?: string | undefined;
}

/** Where the client logs retries (warn) and every request (debug). Lines never carry secrets. */
export interface Logger {
  debug?(message: string): void;
  warn?(message: string): void;
}

export interface TransportOptions {
  auth?: Auth | undefined;
  /** Per attempt, in milliseconds, the body included. Default 30 000; at most 2 147 483 647 (what a timer can wait). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number | undefined;
  /** Methods that are retried. Default GET, HEAD, PUT, DELETE, OPTIONS (POST and PATCH are not idempotent). */
  retryMethods?: ReadonlyArray<string> | undefined;
  /** Backoff: first delay and cap, in milliseconds (default 500 doubling to 8 000, minus up to 25 % jitter). */
  backoff?: { initialMs?: number | undefined; maxMs?: number | undefined } | undefined;
  /** The fetch to send requests with. Default: the global fetch. */
  fetch?: FetchLike | undefined;
  logger?: Logger | undefined;
  /**
   * The most bytes a successful answer may have, counted after decompression. Default 256 MiB. Past it the read
   * stops at once and the call fails with an `ApiError` whose code is `BODY_TOO_LARGE`.
   */
  maxBodyBytes?: number | undefined;
  /**
   * For vendors that report failures inside a 2xx answer (TLSecure's envelope, AMAGE's `success: false`, a
   * ServiceStack `ErrorCode`): the failure a parsed body carries, if any. It is thrown as an `ApiError`, whatever the
   * call style, never handed back as data; one marked `authRefused` first gets the 401's single refresh-and-replay.
   */
  failureIn2xx?: ((body: unknown) => (ErrorShape & { authRefused?: boolean }) | undefined) | undefined;
  /**
   * Operations (`"POST /api/products-import"`, as `PreparedRequest.op` names them) whose 2xx answers declare no JSON
   * body. Every other operation promises JSON, so an empty answer there is an `ApiError` (`EMPTY_BODY`).
   */
  noJsonAnswer?: ReadonlySet<string> | undefined;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 2;
/** Longest `Retry-After` honoured; a longer one is returned to the caller instead of waited out. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** The longest a timer can wait (2^31 − 1 ms, about 24.8 days): a longer timeout would fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
/** Default `maxBodyBytes`. */
export const DEFAULT_MAX_BODY_BYTES = 256 * 1024 * 1024;
/** The most of an error answer's body that is read and kept (on `ApiError.body`); the rest is cut off. */
export const ERROR_BODY_BYTES = 64 * 1024;
const MAX_REDIRECTS = 10;
const DEFAULT_RETRY_METHODS = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"];
/** Login and token calls are retried whatever their method: a login changes nothing that a second one would not. */
const LOGIN_RETRY_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** A number option, checked: a TypeError that names it and says what it takes. */
export function numberOption(owner: string, name: string, value: unknown, fallback: number, min: number, max = MAX_TIMEOUT_MS): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= min && value <= max)) {
    throw new TypeError(`${owner}: option \`${name}\` must be a number from ${min} to ${max}, got ${typeof value === "number" ? value : typeof value}`);
  }
  return value;
}

function checkKind(name: string, value: unknown, kind: "function" | "object", what: string): void {
  if (value !== undefined && (typeof value !== kind || value === null)) {
    throw new TypeError(`b2bkit: option \`${name}\` must be ${what}, got ${value === null ? "null" : typeof value}`);
  }
}

/**
 * A `fetch` for openapi-fetch's `createClient({ fetch })` that adds auth, retries with backoff, `Retry-After`, a
 * per-attempt timeout, bounded bodies, redirects that never carry credentials to another origin, and typed errors.
 */
export function createFetch(options: TransportOptions = {}): B2bkitFetch {
  checkKind("options", options, "object", "an object");
  const { auth, logger, failureIn2xx, noJsonAnswer } = options;
  checkKind("fetch", options.fetch, "function", "a fetch function");
  checkKind("auth", auth, "object", "an auth object, e.g. from a @b2bkit/<vendor>-auth package");
  if (auth && typeof auth.authorize !== "function") throw new TypeError("b2bkit: option `auth` must have an authorize(request) method");
  checkKind("logger", logger, "object", "an object with debug and/or warn methods");
  checkKind("backoff", options.backoff, "object", "an object { initialMs, maxMs }");
  const retryList = options.retryMethods ?? DEFAULT_RETRY_METHODS;
  if (!Array.isArray(retryList) || retryList.some((m) => typeof m !== "string")) {
    throw new TypeError('b2bkit: option `retryMethods` must be an array of HTTP methods, e.g. ["GET", "PUT"]');
  }
  const timeoutMs = numberOption("b2bkit", "timeoutMs", options.timeoutMs, DEFAULT_TIMEOUT_MS, 1);
  const maxRetries = Math.floor(numberOption("b2bkit", "maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES, 0, Number.MAX_SAFE_INTEGER));
  const initialMs = numberOption("b2bkit", "backoff.initialMs", options.backoff?.initialMs, 500, 0);
  const maxMs = numberOption("b2bkit", "backoff.maxMs", options.backoff?.maxMs, 8_000, 0);
  const maxBodyBytes = numberOption("b2bkit", "maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 1, Number.MAX_SAFE_INTEGER);
  const retryMethods = new Set(retryList.map((m) => m.toUpperCase()));
  // Called through a closure (never captured) so a global fetch installed later is used, and never unbound.
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const redact = (text: string): string => (auth?.secrets ? redactSecrets(text, auth.secrets()) : text);
  let loginFetch: B2bkitFetch | undefined;
  const forLogin: FetchLike = (input, init) =>
    (loginFetch ??= createFetch({ fetch: baseFetch, maxRetries, backoff: options.backoff, retryMethods: LOGIN_RETRY_METHODS, timeoutMs: MAX_TIMEOUT_MS, logger }))(input, init);

  return async function b2bkitFetch(input, init) {
    const request =
      input instanceof PreparedRequest
        ? input
        : input instanceof Request
          ? new PreparedRequest(input.url, init ?? input)
          : new PreparedRequest(input, init);
    const { signal, init: extra, op } = request;
    let { url, method } = request;
    const headers = request.headers;
    let body = request.body ?? undefined;
    if (body && (method === "GET" || method === "HEAD")) {
      throw new TypeError(`b2bkit: a ${method} request cannot have a body: pass its values in \`params.query\``);
    }
    if (/^[a-z][\w+.-]*:\/\/[^/?#]*@/i.test(url)) {
      // The platform's own error would repeat the URL, credentials included.
      throw new TypeError(`b2bkit: cannot send ${redactUrl(url)}: no user or password in URLs, use \`auth\``);
    }
    // A stream can be sent once only: buffer it so a retry can send it again.
    if (body instanceof ReadableStream) body = await new Response(body).arrayBuffer();
    if (body === undefined) headers.delete("content-type");
    // "manual": a 3xx goes back to the caller as it is; "error": any redirect fails; otherwise same-origin ones are followed.
    const redirect = extra.redirect;
    const log = (note: string) => logger?.warn?.(redact(`b2bkit: ${method} ${redactUrl(url)} ${note}`));
    let attempt = 0;
    let redirects = 0;
    let replayed = false;

    // After a failed attempt: waits out the backoff and says true when the request may be sent again.
    const again = async (failure: Error): Promise<boolean> => {
      if (failure instanceof ApiError || attempt >= maxRetries || !retryMethods.has(method)) return false;
      const delay = backoffDelay(++attempt, initialMs, maxMs);
      log(`failed (${failure.name}); retry ${attempt}/${maxRetries} in ${delay} ms`);
      await sleep(delay, signal);
      return true;
    };

    for (;;) {
      signal?.throwIfAborted();
      if (auth) pin(auth, url);
      const authRequest: AuthRequest | undefined = auth && { method, url, headers, body, fetch: forLogin };
      // A synchronous authorize costs no extra turn of the event loop.
      const pending = authRequest && auth?.authorize(authRequest);
      if (pending) await until(pending, signal);
      // Aborted while the login was pending: the request is never sent.
      signal?.throwIfAborted();

      const current = startAttempt(signal, timeoutMs, method, url);
      const started = logger?.debug ? Date.now() : 0;
      let response: Response;
      try {
        response = await baseFetch(url, { ...extra, method, headers, body, signal: current.signal, redirect: "manual" });
      } catch (err) {
        current.release();
        const failure = current.failure(err); // a caller's abort is rethrown as it is, never retried
        if (await again(failure)) continue;
        throw failure;
      }
      const status = response.status;
      logger?.debug?.(`b2bkit: ${method} ${redactUrl(url)} → ${status} (${Date.now() - started} ms)`);

      const location = response.headers.get("location");
      if (redirect !== "manual" && (response.type === "opaqueredirect" || (REDIRECTS.has(status) && location !== null))) {
        current.release();
        void discard(response);
        const next = followable(url, location, redirect, ++redirects, status, method);
        if (status === 303 ? method !== "HEAD" : status < 303 && method === "POST") {
          // As browsers do: a 303 (and a 301/302 after a POST) is followed with a GET, without the body.
          method = "GET";
          body = undefined;
          headers.delete("content-type");
        }
        url = next;
        continue;
      }

      if (attempt < maxRetries && retryMethods.has(method) && (status === 408 || status === 409 || status === 429 || status >= 500)) {
        const delay = retryAfter(response.headers) ?? backoffDelay(attempt + 1, initialMs, maxMs);
        if (delay <= MAX_RETRY_AFTER_MS) {
          log(`→ ${status}; retry ${++attempt}/${maxRetries} in ${delay} ms`);
          current.release();
          void discard(response);
          await sleep(delay, signal);
          continue;
        }
        log(`→ ${status}; not retrying: Retry-After ${delay} ms > ${MAX_RETRY_AFTER_MS} ms`);
      }

      const info = (): RequestInfo => requestInfo(method, url);
      const requestId = (): string | undefined => {
        const id = readRequestId(response.headers);
        return id && redact(id);
      };
      // The body is read here, under this attempt's timeout and the caller's signal, and bounded: an error answer is
      // cut at ERROR_BODY_BYTES, a successful one fails past maxBodyBytes. A successful answer that is not JSON
      // (a download) is handed on as a stream, still bounded and timed.
      const ok = response.ok;
      const hasBody = response.body !== null && status !== 204 && status !== 205 && method !== "HEAD";
      const readsJson = ok && hasBody && expectsJson(response, headers);
      let text: string | undefined = "";
      if (hasBody && (!ok || readsJson)) {
        try {
          text = await readText(response, ok ? maxBodyBytes : ERROR_BODY_BYTES, ok);
        } catch (err) {
          current.release();
          const failure = current.failure(err);
          if (await again(failure)) continue;
          throw failure;
        }
      }
      if (ok && hasBody && !readsJson) response = bounded(response, maxBodyBytes, current, info);
      else current.release();
      if (text === undefined) {
        throw new ApiError({ status, code: "BODY_TOO_LARGE", message: tooLarge(maxBodyBytes), request: info(), requestId: requestId() });
      }

      let value: unknown;
      if (!ok) {
        if (status === 401 && authRequest && auth?.refresh && !replayed) {
          replayed = true;
          if (await until(auth.refresh(authRequest, response), signal)) continue;
        }
        text = redact(text);
      } else if (readsJson) {
        const promise = op === undefined ? "lenient" : noJsonAnswer?.has(op) ? "none" : "json";
        const raw = text;
        value = parseJson(raw, response, promise, (code, message) => {
          const shown = redact(raw.length > 2_000 ? `${raw.slice(0, 2_000)}…` : raw);
          return new ApiError({ status, code, message, body: shown, request: info(), requestId: requestId() });
        });
        if (value === NO_JSON) text = "";
        const failure = failureIn2xx && value !== undefined && value !== NO_JSON ? failureIn2xx(value) : undefined;
        if (failure) {
          if (failure.authRefused && authRequest && auth?.refresh && !replayed) {
            replayed = true;
            if (await until(auth.refresh(authRequest, response), signal)) continue;
          }
          // The body as kept on the error, with the auth's secrets replaced (a server may echo a token it refused).
          const cleaned = redact(text);
          const shown = cleaned === text ? value : parseOr(cleaned);
          const { code, message, details } = (shown === value ? failure : failureIn2xx?.(shown)) ?? failure;
          const body = cleaned.length > ERROR_BODY_BYTES ? cut(cleaned) : shown;
          throw new ApiError({ status, code, message, details, body, request: info(), requestId: requestId() });
        }
      }
      remember(response, method, auth?.secrets ? redact : undefined);
      return readsJson || !ok ? serve(response, text, value) : response;
    }
  };
}

// Which origin each auth has served (or was configured for): its credentials go nowhere else.
const pins = new WeakMap<Auth, string>();

function pin(auth: Auth, url: string): void {
  const pinned = pins.get(auth) ?? auth.origin;
  // The common case costs a string comparison, no URL parsing.
  if (pinned !== undefined && url.startsWith(pinned) && "/?#".includes(url[pinned.length] ?? "/")) return;
  const origin = originOf(url);
  if (pinned === undefined) pins.set(auth, origin);
  else if (origin !== pinned) {
    // The auth's own name when it has one (`[jiwaAuth session]`), never its contents.
    const name = auth.toString === Object.prototype.toString ? "this auth" : String(auth);
    throw new AuthError(`b2bkit: ${name} serves ${pinned}; a request to ${origin} would carry its credentials there: create one auth per server`);
  }
}

const originOf = (url: string): string => new URL(url).origin;

/** Where a redirect leads, when it may be followed: same origin, never from https to http. Otherwise a RedirectError. */
function followable(from: string, location: string | null, mode: RequestRedirect | undefined, count: number, status: number, method: string): string {
  const request = requestInfo(method, from);
  const refuse = (message: string, to?: string) => new RedirectError({ status, code: "REDIRECT", message, request, location: to && redactUrl(to) });
  if (location === null) {
    throw refuse("redirected, but this platform's fetch hides where to (as browsers do), so it is not followed: call the final address");
  }
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw refuse("redirected to an address that is not a URL");
  }
  const origin = originOf(from);
  if (next.origin !== origin) {
    throw refuse(`redirected to another origin, ${next.origin}: not followed, so no credential leaves ${origin}`, next.href);
  }
  if (mode === "error") throw refuse('redirected, and the request said redirect: "error"', next.href);
  if (count > MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`, next.href);
  return next.href;
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
  /** The operation, as the client named it: `"GET /Inventory/{InventoryID}"`. */
  declare readonly op: string | undefined;
  /** The rest of the init (redirect, credentials, cache …), passed on to fetch. */
  declare readonly init: RequestInit;

  constructor(input: string | URL, init: RequestInit | Request = {}) {
    const { method, headers, body, signal, op, ...rest } = init as RequestInit & { op?: string };
    // A Request's own fields are getters, which the rest above does not copy: keep the ones fetch honours.
    if (init instanceof Request) Object.assign(rest, { redirect: init.redirect, credentials: init.credentials, cache: init.cache, keepalive: init.keepalive });
    this.url = String(input);
    this.method = (method ?? "GET").toUpperCase();
    this.headers = headers instanceof Headers && !(init instanceof Request) ? headers : new Headers(headers);
    this.body = body ?? null;
    this.signal = signal ?? null;
    this.op = op;
    this.init = rest;
  }
}

interface Attempt {
  readonly signal: AbortSignal;
  release(): void;
  /** The body is the caller's to read: an unread one must not keep a script alive until the timeout (Node has unref). */
  unref(): void;
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
  return {
    signal: controller.signal,
    release() {
      clearTimeout(timer);
      caller?.removeEventListener("abort", onAbort);
    },
    unref: () => (timer as { unref?: () => void }).unref?.(),
    failure(err) {
      if (caller?.aborted) throw caller.reason;
      if (err instanceof B2bkitError) return err; // an ApiError about the body: the server answered
      const request = requestInfo(method, url);
      return timedOut
        ? new TimeoutError(`Request timed out after ${timeoutMs} ms: ${method} ${request.url}`, { request, timeoutMs })
        : new ConnectionError(`Connection failed: ${method} ${request.url} (${reason(err)})`, { request, cause: err });
    },
  };
}

/** A successful answer is read as JSON when it says it is JSON, or when the caller asked for JSON alone. */
function expectsJson(response: Response, requestHeaders: Headers): boolean {
  return (response.headers.get("content-type") ?? "").includes("json") || /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(requestHeaders.get("accept") ?? "");
}

/**
 * The body as text, at most `limit` bytes counted after decompression. Past it the read stops at once (the rest is
 * never downloaded nor inflated): undefined for a successful answer (BODY_TOO_LARGE), an error answer cut with a marker.
 */
async function readText(response: Response, limit: number, failPast: boolean): Promise<string | undefined> {
  const length = response.headers.get("content-length");
  // The common case: a declared, uncompressed length within the limit is read whole by the platform.
  if (length !== null && +length <= limit && !response.headers.has("content-encoding")) return response.text();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    bytes += value.byteLength;
    if (bytes > limit) {
      void reader.cancel().catch(() => undefined);
      return failPast ? undefined : `${text}${decoder.decode(value.subarray(0, value.byteLength - (bytes - limit)))}${TRUNCATED}`;
    }
    text += decoder.decode(value, { stream: true });
  }
}

const tooLarge = (limit: number): string => `the answer is larger than ${limit} bytes (option \`maxBodyBytes\` raises the limit)`;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Appended to an error body cut at ERROR_BODY_BYTES. */
export const TRUNCATED = `…[truncated: over ${ERROR_BODY_BYTES} bytes]`;
const cut = (text: string): string => `${text.slice(0, ERROR_BODY_BYTES)}${TRUNCATED}`;

const NO_JSON = Symbol("no JSON");
const parseOr = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/**
 * A successful answer's JSON. An empty body where the operation promises JSON is `EMPTY_BODY`, a body that is not
 * JSON `INVALID_JSON`; for an operation that declares no JSON answer either is no error (and no data).
 */
function parseJson(text: string, response: Response, promise: "json" | "none" | "lenient", fail: (code: string, message: string) => ApiError): unknown {
  const empty = text.trim() === "";
  if (empty && promise !== "json") return promise === "none" ? NO_JSON : undefined;
  if (empty) throw fail("EMPTY_BODY", "the answer is empty where the operation promises JSON");
  try {
    return JSON.parse(text);
  } catch (err) {
    if (promise === "none") return NO_JSON;
    throw fail("INVALID_JSON", `invalid JSON body (content-type: ${response.headers.get("content-type") || "none"}): ${reason(err)}`);
  }
}

/** The response with its body readers answering from what was read (openapi-fetch reads `json()` or `text()`). */
function serve(response: Response, text: string, value: unknown): Response {
  const json = (): unknown => (value !== undefined && value !== NO_JSON ? value : text.trim() === "" ? undefined : JSON.parse(text));
  const blob = () => new Blob([text], { type: response.headers.get("content-type") ?? "" });
  Object.defineProperties(response, {
    text: { value: async () => text },
    json: { value: async () => json() },
    blob: { value: async () => blob() },
    arrayBuffer: { value: () => blob().arrayBuffer() },
    body: { get: () => blob().stream() },
  });
  return response;
}

/** A download, bounded to `limit` bytes and still under the attempt's timeout and the caller's signal until it ends. */
function bounded(response: Response, limit: number, attempt: Attempt, request: () => RequestInfo): Response {
  let bytes = 0;
  const counted = (response.body as ReadableStream<Uint8Array>).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes <= limit) return controller.enqueue(chunk);
        attempt.release();
        controller.error(new ApiError({ status: response.status, code: "BODY_TOO_LARGE", message: tooLarge(limit), request: request() }));
      },
      flush: () => attempt.release(),
    }),
  );
  attempt.unref();
  const copy = new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(copy, "url", { value: response.url });
  return copy;
}

/** The short cause of a failure: the system error code (ECONNREFUSED …) when there is one. */
export function reason(err: unknown): string {
  const e = err as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | null;
  return String(e?.cause?.code ?? e?.cause?.message ?? e?.message ?? err).replace(/\/\/[^/\s@]*@/g, `//${REDACTED}@`);
}

/** Exponential backoff with up to 25 % jitter: 500, 1 000, 2 000 … capped at 8 000 ms by default. */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number): number {
  const base = Math.min(initialMs * 2 ** (attempt - 1), maxMs);
  return Math.round(base * (1 - Math.random() * 0.25));
}

/**
 * `retry-after-ms`, or `Retry-After` in whole seconds or as an HTTP date; undefined when absent or not one of those
 * (`-1`, `1 2`, an empty value …), so that garbage means the normal backoff, never an immediate retry.
 */
export function retryAfter(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms")?.trim();
  if (ms && /^\d+(\.\d+)?$/.test(ms)) return Math.round(+ms);
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return +value * 1000;
  // An HTTP date: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) or one of the two obsolete forms.
  if (!/^[a-z]{3,9},? [\w -]+ \d\d:\d\d:\d\d/i.test(value)) return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The promise, or the caller's abort reason as soon as the signal aborts (the work itself goes on for others). */
export function until<T>(promise: T | Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    if (signal.aborted) return stop();
    signal.addEventListener("abort", stop, { once: true });
    Promise.resolve(promise)
      .finally(() => signal.removeEventListener("abort", stop))
      .then(resolve, reject);
  });
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    if (signal?.aborted) stop();
    else signal?.addEventListener("abort", stop, { once: true });
  });
}

async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The body was already gone: nothing to free.
  }
}

/** The options every `create<Vendor>Client` takes (a vendor adds its own, such as TLSecure's `domainCode`). */
export interface ClientOptions extends Omit<TransportOptions, "failureIn2xx" | "noJsonAnswer"> {
  /** The API's address; the vendor client's docs say which. */
  baseUrl: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}
