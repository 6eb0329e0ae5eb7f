import { ApiError, AuthError, B2bkitError, ConnectionError, RedirectError, TimeoutError, type RequestInfo } from "./errors.js";
import { anew, readRequestId, remember, type ErrorShape } from "./response.js";
import { REDACTED, isSecretName, redactBody, redactIssued, redactSecrets, redactUrl } from "./redact.js";

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

/**
 * One attempt of one request (a call of yours, or a login or token call of the auth), as a `logger` gets it when the
 * attempt ends. Nothing in it is secret: no header, no body, the URL and the request id redacted.
 */
export interface LogEvent {
  /** The line the default output prints: `[b2bkit] GET https://host/items/7 attempt 1 → 200 in 34 ms (request id abc)`. */
  message: string;
  /**
   * `"error"` for an attempt that failed (no answer, or HTTP 400 and above), `"debug"` for the rest; `"warn"` for a
   * `listAll` walk whose list changed under it (kind `"list"`).
   */
  level: "debug" | "warn" | "error";
  /** `"auth"`: a call the auth made itself (login, token, refresh, logout); `"request"`: a call of yours. */
  kind: "request" | "auth" | "list";
  method: string;
  /** The URL with secret-looking query values, user info and every secret the auth holds replaced by `[redacted]`. */
  url: string;
  /** 1, then 2 for the first retry (or the replay after a 401) …; a followed redirect stays in its attempt. 1 for a `"list"` warning. */
  attempt: number;
  /** The HTTP status, when the server answered. */
  status?: number | undefined;
  /** Why the attempt got no usable answer: no answer in `timeoutMs`, no connection, your abort, a redirect refused. */
  failure?: "timeout" | "connection" | "aborted" | "redirect" | undefined;
  /** From sending to the end of the answer (its body included) or the failure; 0 for a `"list"` warning. */
  durationMs: number;
  /** The server's request id (`x-request-id`, `request-id` or `x-correlation-id`), redacted as `ApiError.requestId` is. */
  requestId?: string | undefined;
  /** When the attempt is retried: after this many milliseconds. */
  retryInMs?: number | undefined;
}

/**
 * Where a client logs every attempt: a function that gets each `LogEvent`, or an object whose `debug` and `error`
 * methods get its line and the event (`console` is one). Without it, `B2BKIT_DEBUG=1` in the environment logs every
 * attempt to `console.debug` (`console.error` for failures). A logger that throws fails nothing.
 */
export type Logger =
  | ((event: LogEvent) => void)
  | {
      debug?(message: string, event: LogEvent): void;
      /** A `listAll` warning (without `warn`, it goes to `error`). */
      warn?(message: string, event: LogEvent): void;
      error?(message: string, event: LogEvent): void;
    };

/** What one call may change about its client's options: `client.withOptions({ timeoutMs: 5_000, maxRetries: 0 })`. */
export interface CallOptions {
  /** Per attempt, in milliseconds, the body included. Default: the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default: the client's `maxRetries`. */
  maxRetries?: number | undefined;
}

export interface TransportOptions extends CallOptions {
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
  /** More secrets to keep out of errors and log lines, beside the auth's (a login fetch gets its auth's). */
  secrets?: (() => Iterable<string>) | undefined;
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

/**
 * `{ ...a, ...b }` made with Object.assign, which is many times cheaper than a spread whose keys are then set again
 * (V8 takes a slow path: over 1 µs a call). An own `__proto__` key (JSON.parse makes them) stays a key, as a spread
 * keeps it, and never becomes the result's prototype.
 */
export function merged(...sources: ReadonlyArray<object | null | undefined>): Record<string, unknown> {
  for (const source of sources) {
    if (source && Object.hasOwn(source, "__proto__")) return sources.reduce<Record<string, unknown>>((all, from) => ({ ...all, ...from }), {});
  }
  return Object.assign({}, ...sources);
}

/**
 * `target` (a literal of yours) with the own enumerable keys of `source` it does not have: `{ ...source, ...target }`
 * without the copy of `source` that `merged` makes into an empty object first. For objects of known fields (an init,
 * `params`): an own `__proto__` key is none of them, and is left out (never made the result's prototype).
 */
export function withRest<T extends object>(target: T, source: object | null | undefined): T {
  if (source) {
    for (const key in source) {
      if (Object.hasOwn(source, key) && !Object.hasOwn(target, key) && key !== "__proto__") (target as Record<string, unknown>)[key] = (source as Record<string, unknown>)[key];
    }
    // Symbol keys too, as a spread copies them (a tracing id a fetch of yours reads).
    for (const key of Object.getOwnPropertySymbols(source)) {
      if (Object.prototype.propertyIsEnumerable.call(source, key) && !Object.hasOwn(target, key)) (target as Record<symbol, unknown>)[key] = (source as Record<symbol, unknown>)[key];
    }
  }
  return target;
}

/** A number option, checked: a TypeError that names it and says what it takes. */
export function numberOption<F extends number | undefined = number>(owner: string, name: string, value: unknown, fallback: F, min: number, max = MAX_TIMEOUT_MS): number | F {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !(value >= min && value <= max)) throw new TypeError(`${owner}: option \`${name}\` must be a number from ${min} to ${max}`);
  return value;
}

/** `timeoutMs` and `maxRetries`, checked as the client's own are (for the client, and for one call). */
export function callOptions<F extends number | undefined>(owner: string, options: { timeoutMs?: unknown; maxRetries?: unknown }, timeoutMs: F, maxRetries: F): { timeoutMs: number | F; maxRetries: number | F } {
  const retries = numberOption(owner, "maxRetries", options.maxRetries, maxRetries, 0, 1e9);
  if (retries !== undefined && !Number.isInteger(retries)) throw new TypeError(`${owner}: option \`maxRetries\` must be a whole number, got ${retries}`);
  return { timeoutMs: numberOption(owner, "timeoutMs", options.timeoutMs, timeoutMs, 1), maxRetries: retries };
}

const KINDS = [
  ["fetch", "function", "a fetch function"],
  ["auth", "object", "an auth object, e.g. from a @b2bkit/<vendor>-auth package"],
  ["backoff", "object", "an object { initialMs, maxMs }"],
] as const;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const FAILURES = { timeout: "timed out", connection: "connection failed", aborted: "aborted", redirect: "redirect refused" };

/**
 * A `fetch` for openapi-fetch's `createClient({ fetch })` that adds auth, retries with backoff, `Retry-After`, a
 * per-attempt timeout, bounded bodies, redirects that never carry credentials to another origin, and typed errors.
 */
export function createFetch(options: TransportOptions = {}): B2bkitFetch {
  return transport(options, "request", logTo(options?.logger));
}

/** The fetch for login and token calls: no auth, transient failures retried whatever the method, no timeout of its own. */
export function createLoginFetch(options: Omit<TransportOptions, "auth" | "retryMethods">): B2bkitFetch {
  return transport({ retryMethods: LOGIN_RETRY_METHODS, timeoutMs: MAX_TIMEOUT_MS, ...options }, "auth", logTo(options?.logger));
}

/** What every attempt's event goes to: the `logger` option, else the console when `B2BKIT_DEBUG` is set, else nothing. */
export function logTo(logger: Logger | undefined): ((event: LogEvent) => void) | undefined {
  if (logger === undefined) {
    let on: string | undefined;
    try {
      // Guarded: no `process` in browsers and workers, and Deno refuses environment access without --allow-env.
      on = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.B2BKIT_DEBUG;
    } catch {
      // No environment to read: no debug output.
    }
    return on && !/^(0|false|no|off|n|none|disabled)?$/i.test(on.trim()) ? (event) => console[event.level](event.message) : undefined;
  }
  if (typeof logger === "function") return logger;
  for (const level of ["debug", "warn", "error"] as const) {
    if (logger?.[level] !== undefined && typeof logger[level] !== "function") throw bad(`logger.${level}`, "a function");
  }
  if (!logger?.debug && !logger?.warn && !logger?.error) throw bad("logger", LOGGER);
  return (event) => (logger[event.level] ?? (event.level === "warn" ? logger.error : undefined))?.(event.message, event);
}

const LOGGER = "a function (event) => void, or an object with debug, warn and/or error methods (console is one)";
const bad = (name: string, what: string) => new TypeError(`b2bkit: option \`${name}\` must be ${what}`);

function transport(options: TransportOptions, kind: LogEvent["kind"], log: ((event: LogEvent) => void) | undefined): B2bkitFetch {
  if (!options || typeof options !== "object") throw bad("options", "an object");
  for (const [name, type, what] of KINDS) {
    const value = options[name] as { authorize?: unknown } | undefined;
    const auth = name === "auth" && (value as Auth | undefined);
    if (value !== undefined && (typeof value !== type || !value || (auth && (typeof auth.authorize !== "function" || !["undefined", "function"].includes(typeof auth.refresh))))) {
      throw bad(name, what);
    }
  }
  const { auth, failureIn2xx, noJsonAnswer, backoff } = options;
  const retryList = options.retryMethods ?? DEFAULT_RETRY_METHODS;
  if (!Array.isArray(retryList) || retryList.some((m) => typeof m !== "string")) throw bad("retryMethods", 'an array of HTTP methods, e.g. ["GET", "PUT"]');
  const number = (name: string, value: unknown, fallback: number, min: number, max?: number) => numberOption("b2bkit", name, value, fallback, min, max);
  const defaults = callOptions("b2bkit", options, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RETRIES);
  // A delay past MAX_RETRY_AFTER_MS would mean no retry at all (as a Retry-After that long does): refused here.
  const initialMs = number("backoff.initialMs", backoff?.initialMs, 500, 0, MAX_RETRY_AFTER_MS);
  const maxMs = number("backoff.maxMs", backoff?.maxMs, 8_000, 0, MAX_RETRY_AFTER_MS);
  const maxBodyBytes = number("maxBodyBytes", options.maxBodyBytes, DEFAULT_MAX_BODY_BYTES, 1, Number.MAX_SAFE_INTEGER);
  const retryMethods = new Set(retryList.map((m) => m.toUpperCase()));
  // A body is redacted of the auth's secrets however short, where they stand alone; a login's answer from 4 characters
  // on (its auth leaves out a refusal that would quote a shorter password altogether, in a word or not).
  const bodyMin = kind === "auth" ? 4 : 1;
  // Called through a closure (never captured) so a global fetch installed later is used, and never unbound.
  const baseFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  // Attempts without a caller's signal ride the shared lane when sent with the platform's fetch (see `Lane`).
  const shares = !options.fetch;
  // What the auth (and, for a login fetch, its auth) holds: kept out of every error and log line.
  const held = (): string[] => [...(auth?.secrets?.() ?? []), ...(options.secrets?.() ?? [])];
  let loginFetch: B2bkitFetch | undefined;
  const forLogin: FetchLike = (input, init) =>
    (loginFetch ??= transport(
      { fetch: baseFetch, maxRetries: defaults.maxRetries, backoff, retryMethods: LOGIN_RETRY_METHODS, timeoutMs: MAX_TIMEOUT_MS, maxBodyBytes, secrets: held },
      "auth",
      log,
    ))(input, init);

  return async function b2bkitFetch(input, init) {
    const prepared = input instanceof PreparedRequest;
    const request = prepared ? input : new PreparedRequest(input instanceof Request ? input.url : input, init ?? (input as Request));
    const { signal, init: extra, op, headers } = request;
    if (signal != null && typeof (signal as { throwIfAborted?: unknown }).throwIfAborted !== "function") throw new TypeError("b2bkit: option `signal` must be an AbortSignal (an AbortController's signal, or AbortSignal.timeout(ms))");
    let { url, method, body } = request;
    // This call's own timeoutMs and maxRetries (client.withOptions), checked as the client's are.
    const { timeoutMs, maxRetries } =
      request.timeoutMs === undefined && request.maxRetries === undefined ? defaults : callOptions(`b2bkit: ${op ?? method}`, request, defaults.timeoutMs, defaults.maxRetries);
    const [secrets, redact] = redaction(held, headers);
    const info = (): RequestInfo => ({ method, url: shownUrl(url, secrets()) });
    // The request id of an answer, as errors and log lines show it (`issued`: what a login answer issues goes too).
    const idOf = (answer: Response, issued?: string): string | undefined =>
      readRequestId(answer.headers, issued === undefined ? redact : (id) => redact(redactIssued(id, issued)));
    if (body && (method === "GET" || method === "HEAD")) throw new TypeError(`b2bkit: a ${method} request cannot have a body: pass its values in \`params.query\``);
    // The platform's own error would repeat the URL, credentials included.
    if (url.includes("@") && /^[a-z][\w+.-]*:\/\/[^/?#]*@/i.test(url)) throw new TypeError(`b2bkit: cannot send ${redactUrl(url)}: no user or password in URLs, use \`auth\``);
    // A stream can be sent once only: buffer it so a retry can send it again.
    if (body instanceof ReadableStream) body = await until(new Response(body).arrayBuffer(), signal);
    if (!body && headers.has("content-type")) headers.delete("content-type");
    // "manual": a 3xx goes back to the caller as it is; "error": any redirect fails; otherwise same-origin ones are followed.
    const redirect = extra.redirect;
    // Retries made, and attempts (a replay after a 401 is one, a followed redirect is not).
    let retries = 0;
    let attempts = 0;
    let redirects = 0;
    let replayed = false;
    let hop = false;
    let started = 0;
    let deadline = 0;
    // An attempt's one line, when a logger is on: how it ended, and what comes next.
    const report = ({ status, failure, retryInMs, requestId, detail = "", shown = info().url }: Line) => {
      const durationMs = Date.now() - started;
      const outcome = failure ? `${failure === "redirect" ? `${status} ` : ""}${FAILURES[failure]}` : status;
      const message = `[b2bkit] ${kind === "auth" ? "auth " : ""}${method} ${shown} attempt ${attempts} → ${outcome}${detail} in ${durationMs} ms${requestId ? ` (request id ${requestId})` : ""}${retryInMs === undefined ? "" : `; retry in ${retryInMs} ms`}`;
      // An abort is the caller's own doing (or a walk that no longer needs its page read ahead): not an error.
      logSafely(log!, { message, level: failure ? (failure === "aborted" ? "debug" : "error") : status! >= 400 ? "error" : "debug", kind, method, url: shown, attempt: attempts, status, failure, durationMs, requestId, retryInMs });
    };
    // After a failed attempt (a status to retry, or an error): the delay before the next one, if there is one.
    const retry = (failure?: Error, delay = backoffDelay(retries + 1, initialMs, maxMs)): number | undefined => {
      if (retries >= maxRetries || !retryMethods.has(method) || failure instanceof ApiError || delay > MAX_RETRY_AFTER_MS) return undefined;
      retries++;
      return delay;
    };

    for (;;) {
      signal?.throwIfAborted();
      if (auth) pin(auth, url);
      const authRequest: AuthRequest | undefined = auth && new AuthCall(method, url, headers, body ?? undefined, forLogin);
      // A synchronous authorize costs no extra turn of the event loop.
      try {
        const pending = authRequest && auth?.authorize(authRequest);
        if (pending) await until(pending, signal);
      } catch (err) {
        // What an auth throws may quote a credential (a header value the platform refused): not in our errors.
        if (err instanceof Error && !(err instanceof B2bkitError) && !signal?.aborted) {
          err.message = redactSecrets(err.message, secrets(), 1);
          err.stack = redactSecrets(err.stack ?? "", secrets(), 1);
        }
        throw err;
      }
      // Aborted while the login was pending: the request is never sent.
      signal?.throwIfAborted();

      // A followed redirect is part of its attempt, under the same deadline.
      if (!hop) {
        attempts++;
        deadline = performance.now() + timeoutMs;
      }
      hop = false;
      // Sent with the global fetch core was loaded with (no `fetch` option, none installed since).
      const platform = shares && fetch === platformFetch;
      const current = new Attempt(signal, deadline, attempts, platform);
      // Only a logger needs the clock: without one, an attempt costs no Date work and no string.
      if (log) started = Date.now();
      let response: Response | undefined;
      let read: string | ArrayBuffer | undefined;
      let over = false;
      // What the operation promises: JSON (true), nothing (false), or unknown (a request our clients did not name).
      // A promise of JSON is read as JSON whatever the answer's content type or the caller's Accept header say.
      const promise = op && !noJsonAnswer?.has(op);
      try {
        response = await current.send(baseFetch, url, withRest<RequestInit>({ method, headers, body: onWire(body, headers, platform, extra), signal: current.signal, redirect: "manual" }, extra));
        const { status, ok } = response;
        if (redirect !== "manual" && (status === 0 || REDIRECTS.has(status)) && (response.type === "opaqueredirect" || (status !== 0 && response.headers.has("location")))) {
          current.release();
          void response.body?.cancel().catch(() => undefined);
          const from = info();
          url = followable(url, response.headers.get("location"), redirect, ++redirects, status, from, secrets);
          if (log) report({ status, detail: `, redirected to ${info().url}`, requestId: idOf(response), shown: from.url });
          hop = true;
          if (status === 303 ? method !== "HEAD" : status < 303 && method === "POST") {
            // As browsers do: a 303 (and a 301/302 after a POST) is followed with a GET, without the body.
            method = "GET";
            body = null;
            headers.delete("content-type");
          }
          continue;
        }
        // A Retry-After over 60 s returns the answer at once.
        // A login answered 409 is not retried: the password is not sent again for a conflict.
        const delay = status === 408 || (status === 409 && kind !== "auth") || status === 429 || status >= 500 ? retry(undefined, retryAfter(response.headers)) : undefined;
        if (delay !== undefined) {
          current.release();
          void response.body?.cancel().catch(() => undefined);
          if (log) report({ status, retryInMs: delay, requestId: idOf(response) });
          await sleep(delay, signal);
          continue;
        }
        // The body is read here, under this attempt's timeout and the caller's signal, and bounded: an error answer is
        // cut at ERROR_BODY_BYTES, a successful one fails past maxBodyBytes.
        // A successful answer that is not JSON (a download) is kept as bytes, anything else as text.
        if (response.body && status !== 204 && status !== 205 && method !== "HEAD") {
          const limit = ok ? maxBodyBytes : ERROR_BODY_BYTES;
          const asText = !ok || !!promise || expectsJson(response, headers);
          const length = response.headers.get("content-length");
          // The common case: a declared, uncompressed length within the limit is read whole by the platform.
          if (length !== null && +length <= limit && !response.headers.has("content-encoding")) read = await (asText ? response.text() : response.arrayBuffer());
          else [read, over] = await readBody(response, limit, asText);
        }
        if (log) {
          // A login or token answer carries credentials the auth does not hold yet: none of them goes into its line.
          report({ status, requestId: idOf(response, kind === "auth" && ok ? (typeof read === "string" ? read : new TextDecoder().decode(read)) : undefined) });
        }
      } catch (err) {
        current.release();
        let failure: Error;
        try {
          failure = current.failure(err, info, redact, timeoutMs); // a caller's abort is rethrown as it is, never retried
        } catch (abort) {
          if (log) report({ status: response?.status, failure: "aborted" });
          throw abort;
        }
        const delay = retry(failure);
        if (log) {
          const to = (failure as RedirectError).location;
          const [why, detail] =
            failure instanceof TimeoutError
              ? (["timeout", ""] as const)
              : failure instanceof RedirectError
                ? (["redirect", to ? ` (to ${to})` : ""] as const)
                : (["connection", ` (${(failure.cause as Error | undefined)?.message})`] as const);
          report({ status: response?.status, failure: why, retryInMs: delay, detail });
        }
        if (delay === undefined) throw failure;
        await sleep(delay, signal);
        continue;
      }
      current.release();

      const { status, ok } = response;
      const fail = (code: string, message: string, body?: unknown, details?: ReadonlyArray<unknown>, vendorCode?: string | number) =>
        new ApiError({ status, code: vendorCode ?? (code || undefined), message: redact(message), body, details, request: info(), requestId: idOf(response) });
      if (over && ok) throw fail("BODY_TOO_LARGE", `the answer is larger than ${maxBodyBytes} bytes (option \`maxBodyBytes\` raises the limit)`);
      let text = typeof read === "string" ? read : "";
      let value: unknown;
      // A 401 (or a failure that says the credentials were refused) gets one fresh credential and one replay.
      const refreshed = async () => !replayed && authRequest && auth?.refresh && (replayed = true) && (await until(auth.refresh(authRequest, response), signal));
      if (!ok) {
        if (status === 401 && (await refreshed())) continue;
        text = redactBody(text, secrets(), Infinity, TRUNCATED, over, bodyMin);
      } else if (typeof read !== "string") {
        // No body, or a download: handed on as it is (its bytes were read under the cap).
        return remember(read ? anew(read, response) : response, method, url, redact);
      } else {
        try {
          value = JSON.parse(text);
        } catch (err) {
          const empty = !text.trim();
          if (promise || (promise === undefined && !empty)) {
            throw fail(
              empty ? "EMPTY_BODY" : "INVALID_JSON",
              // The parser's message quotes the body around the fault, where a cut could leave part of a secret: not kept.
              empty ? "the answer is empty where the operation promises JSON" : `invalid JSON body (content-type: ${response.headers.get("content-type")}): ${reason(err).replace(/[\s,]*(?:\.\.\.)?"[\s\S]*$/, "")}`,
              redactBody(text, secrets(), 2_000, "…", false, bodyMin),
            );
          }
          // No data: an empty answer, or not JSON where the operation declares no JSON answer. Its text goes too:
          // openapi-fetch reads an answer without a length through text() and parses what it gets.
          text = "";
        }
        const failure = value !== undefined && failureIn2xx?.(value);
        if (failure) {
          if (failure.authRefused && (await refreshed())) continue;
          // The body as kept on the error, with the auth's secrets replaced (a server may echo a token it refused).
          const shown = parseOr(redactBody(text, secrets(), ERROR_BODY_BYTES, TRUNCATED, false, bodyMin));
          // A body cut short no longer parses: the failure read from the whole one, its code and details redacted as text.
          const { code, message, details } = failureIn2xx?.(shown) || {
            code: typeof failure.code === "string" ? redact(failure.code) : failure.code,
            message: failure.message,
            details: failure.details && keptDetails(failure.details, secrets(), bodyMin),
          };
          throw fail("", message ?? "", shown, details, code);
        }
      }
      // Our clients' openapi-fetch reads json() (parsed once, here) or text(): both answer from what was read. Anyone
      // else (middleware, a direct caller) gets a whole new Response of what was read: clone(), body, blob() work.
      return prepared && Object.isExtensible(response)
        ? remember(response, method, url, redact, text, value, !request.direct)
        : remember(anew(text || null, response), method, url, redact);
    }
  };
}

/**
 * The secrets of one request: the auth's, and the values of its credential headers (a signature, a cookie, a key the
 * caller set in `headers`), read when an error or a log line is written; and its redaction, for text and JSON alike (a
 * JSON echo may escape a secret as `\/` or `\u002B`). Made apart from the request's other state: an answer keeps its
 * redaction (for `unwrap`'s errors), and the platform's fetch keeps an answer until a full garbage collection.
 */
function redaction(held: () => string[], headers: Headers): [secrets: () => string[], redact: (text: string) => string] {
  const secrets = (): string[] => {
    const found = held();
    const sent: string[] = [];
    for (const [name, value] of headers) {
      if (name === "cookie") sent.push(...value.split(";").map((part) => part.slice(part.indexOf("=") + 1).trim()));
      if (name === "cookie" || isSecretName(name)) sent.push(value, value.replace(/^\w+ /, ""));
    }
    // What the auth holds counts however short (a three-letter password); a header's value from 8 characters on (a
    // cookie `consent=true` is no secret worth blanking every `true` of a JSON body for).
    for (const value of sent) if (value.length >= 8) found.push(value);
    return found;
  };
  // Messages, URLs and request ids: what the auth holds, however short, where it stands alone.
  return [secrets, (text) => redactBody(text, secrets(), Infinity, "", false, 1)];
}

/** A URL as errors and log lines show it. Its host is lowercased by the parser: a secret in it is found whatever its case. */
const shownUrl = (url: string, secrets: string[]): string => redactSecrets(redactUrl(url), secrets, 1, true);

// Which origin each auth has served (or was configured for): its credentials go nowhere else.
const pins = new WeakMap<Auth, string>();

function pin(auth: Auth, url: string): void {
  const pinned = pins.get(auth) ?? auth.origin;
  // The common case costs a string search, no URL parsing (indexOf: V8's startsWith took twice as long).
  if (pinned !== undefined && url.indexOf(pinned) === 0 && "/?#".includes(url[pinned.length] ?? "/")) return;
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
function followable(from: string, location: string | null, mode: RequestRedirect | undefined, count: number, status: number, request: RequestInfo, secrets: () => string[]): string {
  const shown = (url: string) => shownUrl(url, secrets());
  let next: URL | undefined;
  try {
    next = new URL(location as string, from);
  } catch {
    // Not a URL: refused below as going elsewhere.
  }
  const origin = originOf(from);
  const why =
    location === null
      ? "this platform's fetch hides where to (as browsers do)"
      : next?.origin !== origin
        ? next
          ? `it leads to another origin, ${shown(next.origin)}, and no credential leaves ${shown(origin)}`
          : `it leads to an address that is not a URL (${shown(location)})`
        : next.username || next.password
          ? "it carries a user or password in its address"
          : mode === "error"
          ? 'the request says redirect: "error"'
          : count > MAX_REDIRECTS && `more than ${MAX_REDIRECTS} redirects`;
  if (why) throw new RedirectError({ status, code: "REDIRECT", message: `redirect not followed: ${why}`, request, location: next && shown(next.href) });
  return (next as URL).href;
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
  /** This call's own `timeoutMs` and `maxRetries` (`client.withOptions`), when it has them. */
  declare readonly timeoutMs: unknown;
  declare readonly maxRetries: unknown;
  /** The rest of the init (redirect, credentials, cache …), passed on to fetch. */
  declare readonly init: RequestInit;
  /** Made by a client's direct call, which reads the answer from what the transport read (see `takeRead`). */
  declare readonly direct: boolean;

  /** `op` and `call`: the operation and the call's own options, when they do not come in the init (or on the Request). */
  constructor(input: string | URL, init: RequestInit | Request = {}, op?: string, call?: CallOptions, direct = false) {
    const { method, headers, body, signal, op: given, timeoutMs, maxRetries, ...rest } = init as RequestInit & { op?: string; timeoutMs?: unknown; maxRetries?: unknown };
    // A Request's own fields are getters, which the rest above does not copy: keep the redirect mode.
    if (init instanceof Request) rest.redirect = init.redirect;
    this.url = String(input);
    this.method = (method ?? "GET").toUpperCase();
    this.headers = headers instanceof Headers && !(init instanceof Request) ? headers : new Headers(headers);
    this.body = body ?? null;
    this.signal = signal ?? null;
    this.op = op ?? given;
    // A call's own init (openapi-fetch lets any key through) comes before its client's withOptions, an undefined too.
    this.timeoutMs = Object.hasOwn(init, "timeoutMs") ? timeoutMs : call?.timeoutMs;
    this.maxRetries = Object.hasOwn(init, "maxRetries") ? maxRetries : call?.maxRetries;
    this.init = rest;
    this.direct = direct;
  }
}

/**
 * The request an auth is handed, per attempt. A class, so that an auth of core's can keep on it what it sent the
 * attempt with where nothing that lists, spreads or prints the request sees it (a private field, where a property defined
 * per request took longer than the rest of the auth): `keepOn` and `keptOn`, under a key of the auth's own.
 */
class AuthCall implements AuthRequest {
  #key: unknown;
  #value: unknown;
  constructor(
    readonly method: string,
    readonly url: string,
    readonly headers: Headers,
    readonly body: BodyInit | undefined,
    readonly fetch: FetchLike,
  ) {}

  /** Keeps `value` under `key` on a request of ours whose slot is free or already that key's: false otherwise. */
  static keep(request: object, key: unknown, value: unknown): boolean {
    if (!(#key in request) || (request.#key !== undefined && request.#key !== key)) return false;
    request.#key = key;
    request.#value = value;
    return true;
  }

  /** What `keep` kept under `key` on this request, if anything. */
  static kept(request: object, key: unknown): unknown {
    return #key in request && request.#key === key ? request.#value : undefined;
  }
}
export const keepOn = AuthCall.keep;
export const keptOn = AuthCall.kept;

/** What a log line says about an attempt beyond its request (`shown`: the URL it went to, when not the current one). */
interface Line {
  status?: number | undefined;
  failure?: LogEvent["failure"];
  retryInMs?: number | undefined;
  requestId?: string | undefined;
  detail?: string;
  shown?: string;
}

/**
 * The shared lane: one signal for the attempts made without a signal of the caller's, with Node's fetch (undici). That
 * fetch follows each request's signal (a listener on it, a WeakRef, a FinalizationRegistry entry that holds the signal
 * until a full collection). An AbortController of our own per attempt added a signal to make, a listener registered on
 * it and removed again, and a signal kept alive per request: with raw fetch at 64 in flight, a signal per request cost
 * 9-14 % more CPU than none, the lane 5 %.
 * On the lane, the abort listener the fetch adds while it is called is kept on the attempt (the signal's own list stays
 * empty), and a timeout calls it: the fetch aborts that attempt alone, as an abort of its own signal would. The first
 * attempt tries the lane alone; it is shared once a fetch has added its listener during the call. Any other use of the
 * signal closes the lane for good (every attempt after it gets its own controller).
 */
interface Lane {
  readonly controller: AbortController;
  readonly signal: AbortSignal;
  /** A fetch added its listener while it was called: other attempts may ride the lane. */
  trusted: boolean;
}
// Node's own fetch, as it was when core was loaded: a fetch installed later (a test's stub) gets per-attempt signals,
// and so does a wrapper installed before (one may read the signal's `aborted`, set its `onabort`, queue the request or
// follow the signal in ways the lane does not serve): Node's own names its internal undici module in its source.
const platformFetch: unknown = globalThis.fetch;
const nodeFetch =
  typeof platformFetch === "function" &&
  !!(globalThis as { process?: { versions?: { undici?: string } } }).process?.versions?.undici &&
  Function.prototype.toString.call(platformFetch).includes("internal/deps/undici");
let sharing = nodeFetch;
let lane: Lane | undefined;
// The attempt whose fetch is being called on the lane.
let catching: Attempt | undefined;

const utf8 = new TextEncoder();
// Where Node's fetch finds the dispatcher it sends through (undici's setGlobalDispatcher sets it).
const DISPATCHER = Symbol.for("undici.globalDispatcher.1");

/**
 * What an attempt hands the fetch as its body (`platform`: sent with the global fetch core was loaded with, no `fetch`
 * option). Node's own fetch sends a text body faster as its UTF-8 bytes (the same batches 4-9 % faster in one
 * process): with it, a text body that has a Content-Type goes as bytes, encoded for this attempt (Node's fetch copies
 * them; nothing is kept through a retry's wait). Not under a mock dispatcher (undici's MockAgent matches and hands on
 * the body as it was given), a fetch of yours, or a fetch installed later: they get the text, as an auth does.
 */
function onWire(body: BodyInit | null | undefined, headers: Headers, platform: boolean, init: RequestInit): BodyInit | null | undefined {
  if (typeof body !== "string" || !body || !platform || !nodeFetch || !headers.has("content-type")) return body;
  const dispatcher = ((init as { dispatcher?: unknown }).dispatcher ?? (globalThis as Record<symbol, unknown>)[DISPATCHER]) as { isMockActive?: unknown } | undefined;
  return dispatcher?.isMockActive ? body : utf8.encode(body);
}

/** The lane an attempt may ride: the open one once trusted, a new one to try (alone), or none. */
function laneFor(): Lane | undefined {
  if (!sharing) return undefined;
  if (lane) return lane.trusted ? lane : undefined;
  const controller = new AbortController();
  const { signal } = controller;
  const add = signal.addEventListener;
  const opened: Lane = (lane = { controller, signal, trusted: false });
  Object.defineProperty(signal, "addEventListener", {
    value(this: AbortSignal, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
      if (catching?.lane === opened && type === "abort" && listener) (catching.caught ??= []).push(listener);
      else {
        closeLane(opened);
        add.call(this, type, listener as EventListenerOrEventListenerObject, options);
      }
    },
  });
  return opened;
}

/** A lane tried by an attempt whose fetch refused it at once: forgotten, so that the next attempt tries a new one. */
function untried(tried: Lane): void {
  if (lane === tried && !tried.trusted) lane = undefined;
}

function closeLane(closing: Lane): void {
  if (lane === closing) lane = undefined;
  sharing = false;
}

function abortLane(aborting: Lane): void {
  closeLane(aborting);
  aborting.controller.abort();
}

/**
 * One attempt: its signal (the caller's abort or its deadline), under the shared timer while it is in flight. A class,
 * not closures: an attempt that needs no retry then costs one object (and, unless it rides the shared lane, its
 * AbortController).
 */
class Attempt {
  /** Its own controller; none when it rides the shared lane (`lane`). */
  readonly controller: AbortController | undefined;
  readonly signal: AbortSignal;
  readonly lane: Lane | undefined;
  /** Sent with a fetch that may not keep the process alive while it is in flight (any but Node's own): the timer does. */
  readonly holds: boolean;
  /** On the lane: the abort listeners the platform's fetch added for this attempt (what aborts it alone). */
  caught: Array<EventListenerOrEventListenerObject> | undefined;
  timedOut = false;
  released = false;
  onAbort: (() => void) | undefined;

  constructor(
    readonly caller: AbortSignal | null,
    readonly at: number,
    readonly attempts: number,
    share: boolean,
  ) {
    this.holds = !(share && nodeFetch);
    const ridden = share && !caller ? laneFor() : undefined;
    if (ridden) {
      this.lane = ridden;
      this.signal = ridden.signal;
    } else {
      const controller = (this.controller = new AbortController());
      this.signal = controller.signal;
      if (caller) caller.addEventListener("abort", (this.onAbort = () => controller.abort(caller.reason)), { once: true });
    }
    watch(this);
  }

  /**
   * The fetch, with this attempt's signal. On the lane, the platform's fetch adds its abort listener while it is
   * called, and the lane is then trusted.
   */
  send(fetch: FetchLike, url: string, init: RequestInit): Promise<Response> {
    const { lane } = this;
    if (!lane) return fetch(url, init);
    const outer = catching;
    catching = this;
    let sent: Promise<Response>;
    try {
      sent = fetch(url, init);
    } catch (err) {
      untried(lane);
      throw err;
    } finally {
      catching = outer;
    }
    // A fetch that did not add its listener keeps the lane to itself: it follows the signal some other way, or refused the
    // request before its signal (an unparsable URL), and then the next attempt tries a new lane.
    if (this.caught) lane.trusted = true;
    else sent.catch(() => untried(lane));
    return sent;
  }

  /** The deadline passed. */
  fire(): void {
    this.timedOut = true;
    if (this.controller) return this.controller.abort();
    const { lane, caught } = this;
    // No listener of its own: the signal is aborted, for every fetch that follows it (the lane is closed first).
    if (!caught) return abortLane(lane!);
    const event = new Event("abort");
    for (const listener of caught) {
      try {
        if (typeof listener === "function") listener.call(lane!.signal, event);
        else listener.handleEvent(event);
      } catch {
        // As a signal's own dispatch does: one listener's failure stops neither the others nor the timer.
      }
    }
    // A fetch that its listener did not stop (one that also follows the signal some other way): the lane is closed and
    // aborted, this attempt with whatever else still rides it.
    const check = setTimeout(() => this.released || abortLane(lane!), 1_000) as Timer;
    check.unref?.();
  }

  release(): void {
    this.released = true;
    unwatch(this);
    if (this.onAbort) this.caller?.removeEventListener("abort", this.onAbort);
  }

  /** What a failed fetch or body read becomes: the caller's own abort reason, a TimeoutError or a ConnectionError. */
  failure(err: unknown, info: () => RequestInfo, redact: (text: string) => string, timeoutMs: number): Error {
    const { caller, attempts } = this;
    if (caller?.aborted) throw caller.reason;
    if (err instanceof B2bkitError) return err; // an ApiError about the body: the server answered
    const request = info();
    const why = redact(reason(err));
    // The platform's error is not kept as the cause: its fields may quote what the server sent (a header echoing a
    // token); its short reason is, as the cause's message and code.
    const cause = Object.assign(new Error(why), { code: (err as { cause?: { code?: unknown } } | null)?.cause?.code });
    const tries = `${attempts} attempt${attempts > 1 ? "s" : ""}`;
    return this.timedOut
      ? new TimeoutError(`Request timed out after ${timeoutMs} ms (timeoutMs, per attempt; ${tries}): ${request.method} ${request.url}`, { request, timeoutMs, attempts })
      : new ConnectionError(`Connection failed after ${tries}: ${request.method} ${request.url} (${why})`, { request, cause, attempts });
  }
}

// Every attempt in flight shares one timer, armed for the earliest deadline: a timer set and cleared per attempt cost
// more than the rest of the transport together (`pnpm bench`). The timer keeps a process alive only while an attempt
// whose fetch may not is in flight (a fetch of the caller's own, a stub): one sent with Node's own fetch keeps the
// process alive itself (its socket, its connect or its DNS lookup) until it settles, so for those the timer stays
// unreferenced and is not switched on and off per request. Between requests it stays armed but unreferenced, so it
// never keeps a process alive; where timers cannot be unreferenced (browsers, Deno), it is cleared instead.
interface Deadline {
  readonly at: number;
  /** Its fetch may not keep the process alive: the timer must, while it is watched. */
  readonly holds: boolean;
  fire(): void;
}
type Timer = ReturnType<typeof setTimeout> & { ref?(): unknown; unref?(): unknown };
const watched = new Set<Deadline>();
// How many of the watched deadlines hold the process (`Deadline.holds`): the timer is referenced while there are any.
let holding = 0;
// The timer, the deadline it is armed for, and the timer functions that armed it: a test may swap setTimeout for a fake
// one and back, and a timer armed by the other is then abandoned, cleared by the clearTimeout of its own kind.
let timer: Timer | undefined;
let armedAt = Infinity;
let armedBy: typeof setTimeout | undefined;
let clearWith: typeof clearTimeout = clearTimeout;

function watch(deadline: Deadline): void {
  const switched = armedBy !== setTimeout;
  if (switched) disarm();
  watched.add(deadline);
  if (deadline.holds && !holding++) timer?.ref?.();
  let at = deadline.at;
  if (switched) for (const other of watched) at = Math.min(at, other.at);
  if (at < armedAt) arm(at, at - performance.now());
}

function unwatch(deadline: Deadline): void {
  if (!watched.delete(deadline)) return;
  if (deadline.holds && !--holding) timer?.unref?.();
  if (!watched.size && !timer?.unref) disarm();
}

function disarm(): void {
  if (timer !== undefined) clearWith(timer);
  timer = undefined;
  armedAt = Infinity;
}

function arm(at: number, inMs: number): void {
  disarm();
  armedAt = at;
  armedBy = setTimeout;
  clearWith = clearTimeout;
  timer = setTimeout(expire, Math.max(0, inMs)) as Timer;
  if (!holding) timer.unref?.();
}

/**
 * The timer's turn. It was armed for `armedAt`, so every deadline up to that one is due: the timer's own clock says so,
 * whatever a test did to `performance.now()`. The timer is armed for the next deadline before any attempt is told.
 */
function expire(): void {
  const now = armedAt;
  timer = undefined;
  armedAt = Infinity;
  const due: Deadline[] = [];
  let next = Infinity;
  for (const deadline of watched) {
    if (deadline.at <= now) {
      watched.delete(deadline);
      if (deadline.holds) holding--;
      due.push(deadline);
    } else next = Math.min(next, deadline.at);
  }
  if (next < Infinity) arm(next, next - now);
  for (const deadline of due) {
    try {
      deadline.fire();
    } catch {
      // An abort listener that throws (a polyfill lets it through): the attempt has timed out all the same, and the
      // exception must neither skip the attempts after it nor crash the process from a timer of ours.
    }
  }
}

/** A successful answer is read as JSON when it says it is JSON, or when the caller asked for JSON types alone. */
function expectsJson(response: Response, requestHeaders: Headers): boolean {
  const accept = requestHeaders.get("accept");
  return (response.headers.get("content-type") ?? "").includes("json") || (!!accept && accept.split(",").every((type) => /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(type)));
}

/** Hands a logger its event: a logger that throws, or returns a promise that rejects, fails nothing. */
export function logSafely(log: (event: LogEvent) => void, event: LogEvent): void {
  try {
    const done = log(event) as unknown;
    if (done && typeof (done as Promise<unknown>).then === "function") (done as Promise<unknown>).then(undefined, () => undefined);
  } catch {
    // The logger's own failure.
  }
}

/**
 * The body of an answer with no declared length, a compressed one or a longer one than `limit` (the transport reads
 * any other whole): as text or bytes, at most `limit` bytes of it counted after decompression, and whether there were
 * more. Past the limit the read stops at once: the rest is never downloaded nor inflated.
 */
async function readBody(response: Response, limit: number, asText: boolean): Promise<[string | ArrayBuffer, boolean]> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk; size <= limit && !(chunk = await reader.read()).done; size += chunk.value.byteLength) chunks.push(chunk.value);
  if (size > limit) void reader.cancel().catch(() => undefined);
  const blob = new Blob(chunks as BlobPart[]).slice(0, limit);
  return [await (asText ? blob.text() : blob.arrayBuffer()), size > limit];
}

/** A failure's details, redacted and at most as long as the body kept (they may be the size of the answer): cut, one text. */
function keptDetails(details: ReadonlyArray<unknown>, secrets: string[], minLength: number): ReadonlyArray<unknown> {
  const kept = parseOr(redactBody(JSON.stringify(details), secrets, ERROR_BODY_BYTES, TRUNCATED, false, minLength));
  return Array.isArray(kept) ? kept : [kept];
}

/** Appended to an error body cut at ERROR_BODY_BYTES. */
export const TRUNCATED = `…[truncated: over ${ERROR_BODY_BYTES} bytes]`;
const parseOr = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

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
    if (signal.aborted) {
      // Nobody waits for the work any more: its failure must not surface as an unhandled rejection.
      Promise.resolve(promise).catch(() => undefined);
      return stop();
    }
    signal.addEventListener("abort", stop, { once: true });
    Promise.resolve(promise)
      .finally(() => signal.removeEventListener("abort", stop))
      .then(resolve, reject);
  });
}

function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return until(new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), signal).finally(() => clearTimeout(timer));
}

/** The options every `create<Vendor>Client` takes (a vendor adds its own, such as TLSecure's `domainCode`). */
export interface ClientOptions extends Omit<TransportOptions, "failureIn2xx" | "noJsonAnswer"> {
  /** The API's address; the vendor client's docs say which. */
  baseUrl: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
}
