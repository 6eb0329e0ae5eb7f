import { redactUrl } from "./redact.js";

/** What an error tells about the request that failed: never headers or body, the URL redacted. */
export interface RequestInfo {
  method: string;
  /** The request URL with secret-looking query values and userinfo replaced by `[redacted]`. */
  url: string;
}

export function requestInfo(method: string, url: string): RequestInfo {
  return { method, url: redactUrl(url) };
}

// Shared by every copy of core loaded in one program (an ESM and a CommonJS copy, two versions in node_modules):
// `Symbol.for` returns the same symbol to all of them, where `instanceof` only knows its own copy's classes.
const BRAND = Symbol.for("@b2bkit/core/error");

/** The names of b2bkit's error classes, for `isB2bkitError(err, name)`. */
export type B2bkitErrorName = "B2bkitError" | "ApiError" | "RedirectError" | "AuthError" | "ConnectionError" | "TimeoutError";

type ErrorOf<N extends B2bkitErrorName> = N extends "ApiError"
  ? ApiError
  : N extends "RedirectError"
    ? RedirectError
    : N extends "AuthError"
      ? AuthError
      : N extends "ConnectionError"
        ? ConnectionError
        : N extends "TimeoutError"
          ? TimeoutError
          : B2bkitError;

/** Base class of every error b2bkit throws. */
export class B2bkitError extends Error {
  override readonly name: string = "B2bkitError";
  declare readonly request: RequestInfo | undefined;

  constructor(message: string, options: { request?: RequestInfo | undefined; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.request = options.request;
  }

  /** A plain, secret-free form for logs: name, message and the error's own fields (never `cause` or `stack`). */
  toJSON(): Record<string, unknown> {
    const { cause: _cause, stack: _stack, name, message, ...own } = this as this & { cause?: unknown };
    return { name, message, ...own };
  }
}

export interface ApiErrorInit {
  status: number;
  /** The vendor's own error code (`BAD_REQUEST`, a ServiceStack `ErrorCode`, a numeric code …), if it sent one. */
  code?: string | number | undefined;
  /** The vendor's own message, if it sent one. */
  message?: string | undefined;
  /** The parsed (or, when not JSON, textual) response body. */
  body?: unknown;
  request?: RequestInfo | undefined;
  requestId?: string | undefined;
  /** Field-level details: validation errors and the like. */
  details?: ReadonlyArray<unknown> | undefined;
  cause?: unknown;
}

/** The API answered, and the answer is a failure (a non-2xx status, or a failure the vendor wraps in a 2xx). */
export class ApiError extends B2bkitError {
  override readonly name: string = "ApiError";
  declare readonly status: number;
  declare readonly code: string | number | undefined;
  declare readonly body: unknown;
  declare readonly requestId: string | undefined;
  declare readonly details: ReadonlyArray<unknown>;

  constructor(init: ApiErrorInit) {
    const code = init.code !== undefined && init.code !== "" ? ` ${String(init.code)}` : "";
    const where = init.request ? ` (${init.request.method} ${init.request.url})` : "";
    super(`HTTP ${init.status}${code}${init.message ? `: ${init.message}` : ""}${where}`, { request: init.request, cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.body = init.body;
    this.requestId = init.requestId;
    this.details = init.details ?? [];
  }
}

/**
 * The server redirected to another origin (or the platform hides where to, as browsers do): the redirect is not
 * followed, so no credential leaves the origin it belongs to. `location` is the (redacted) target, when known.
 */
export class RedirectError extends ApiError {
  override readonly name: string = "RedirectError";
  declare readonly location: string | undefined;

  constructor(init: ApiErrorInit & { location?: string | undefined }) {
    super(init);
    this.location = init.location;
  }
}

/** The request never got an answer: refused connection, DNS failure, reset, TLS error (on every attempt). */
export class ConnectionError extends B2bkitError {
  override readonly name: string = "ConnectionError";
  /** How many attempts were made (the first one and its retries), each without an answer at the end. */
  declare readonly attempts: number;

  constructor(message: string, options: { request?: RequestInfo | undefined; cause?: unknown; attempts?: number | undefined } = {}) {
    super(message, options);
    this.attempts = options.attempts ?? 1;
  }
}

/** An attempt took longer than `timeoutMs` (and every retry did too). */
export class TimeoutError extends B2bkitError {
  override readonly name: string = "TimeoutError";
  declare readonly timeoutMs: number;
  /** How many attempts were made (the first one and its retries). */
  declare readonly attempts: number;

  constructor(message: string, options: { request?: RequestInfo | undefined; timeoutMs: number; attempts?: number | undefined }) {
    super(message, options);
    this.timeoutMs = options.timeoutMs;
    this.attempts = options.attempts ?? 1;
  }
}

/** Credentials were refused or could not be obtained. Never carries the credentials themselves. */
export class AuthError extends B2bkitError {
  override readonly name: string = "AuthError";
  declare readonly status: number | undefined;
  /** The login server's request id for its last answer (redacted), when it sent one: what its support asks for. */
  declare readonly requestId: string | undefined;

  constructor(message: string, options: { request?: RequestInfo | undefined; status?: number | undefined; cause?: unknown; requestId?: string | undefined } = {}) {
    super(message, options);
    this.status = options.status;
    this.requestId = options.requestId;
  }
}

// One mark on the base class's prototype (not an own field: logs and `toJSON` stay as they were).
Object.defineProperty(B2bkitError.prototype, BRAND, { value: true });

/**
 * Whether `value` is an error b2bkit threw (optionally of one class, subclasses included:
 * `isB2bkitError(err, "ApiError")` is true for a `RedirectError` too). Unlike `instanceof`, it also recognises an error
 * from another copy of `@b2bkit/core` in the same program (its ESM and its CommonJS build, or two versions).
 */
export function isB2bkitError<N extends B2bkitErrorName = "B2bkitError">(value: unknown, name?: N): value is ErrorOf<N> {
  if (value === null || typeof value !== "object" || (value as { [BRAND]?: unknown })[BRAND] !== true) return false;
  const own = (value as { name?: unknown }).name;
  return name === undefined || name === "B2bkitError" || own === name || (name === "ApiError" && own === "RedirectError");
}
