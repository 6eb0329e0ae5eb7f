import { ApiError, AuthError, RedirectError, TimeoutError } from "./errors.js";
import { MAX_TIMEOUT_MS, keepOn, keptOn, numberOption, reason, type Auth, type AuthRequest } from "./fetch.js";
import { redactBody, redactIssued, redactSecrets, redactUrl } from "./redact.js";
import { readRequestId } from "./response.js";

/** A credential an auth obtained by logging in: a token, a session id … and when it stops being valid. */
export interface Credential<T> {
  value: T;
  /** Epoch milliseconds after which the credential is no longer valid, if known. */
  expiresAt?: number | undefined;
  /** The secret strings in it (default: the value itself, when it is a string). */
  secrets?: ReadonlyArray<string> | undefined;
}

/** What a login or token call is sent with. */
export interface LoginInit {
  /** Default POST. */
  method?: string | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | undefined;
}

/** The answer of a login call, read. */
export interface LoginAnswer {
  status: number;
  ok: boolean;
  headers: Headers;
  /**
   * The body: parsed when it is JSON, else its text (`""` when empty). A failure's body is cut at 64 KiB and has the
   * auth's secrets replaced by `[redacted]`, so its words may go into an error message.
   */
  body: unknown;
}

export interface LoginContext<T = unknown> {
  /**
   * Sends a login, refresh or token call and reads its answer. Transient failures (5xx, 408, 429, connection errors)
   * are retried with backoff (on the client's `maxRetries` and `backoff`); a connection that keeps failing, a redirect to another origin (never followed: the
   * password stays where it belongs) or `loginTimeoutMs` running out throws an `AuthError` that names the URL. Every
   * answer comes back for the vendor to read; an `AuthError` it throws with a 5xx, 408 or 429 status is not
   * remembered as a refusal.
   */
  send(url: string, init?: LoginInit): Promise<LoginAnswer>;
  /** The URL of the request that needs the credential: where the API is, for a login route beside it. */
  url: string;
  /** `"refused"` when the API answered 401 (or its equivalent) to the last credential; `"new"` otherwise. */
  reason: "new" | "refused";
  /** The last credential obtained, if any (for a refresh token). */
  previous: Credential<T> | undefined;
  /** Aborts when `loginTimeoutMs` runs out. */
  signal: AbortSignal;
}

export interface TokenAuthOptions<T> {
  /** Used in error messages: `jiwaAuth`, `portosAuth` … */
  name: string;
  /** Logs in and returns a fresh credential; throws `AuthError` (without the secret) when it is refused. */
  login(context: LoginContext<T>): Promise<Credential<T>>;
  /** Puts the credential on a request. */
  apply(request: AuthRequest, credential: T): void;
  /** The secrets the auth holds from the start (a password): never in an error or a log line. */
  secrets?: ReadonlyArray<string> | undefined;
  /** The one origin the credential may go to, when the user configured it. */
  origin?: string | undefined;
  /** Log in again this long before `expiresAt`. Default 30 000 ms. */
  renewBeforeMs?: number | undefined;
  /** The longest a login may take, retries included. Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
  /**
   * How long a refused login is remembered: meanwhile every request fails at once with the same `AuthError`, without
   * sending the password again (so retries never lock an account). Default 60 000 ms; `reset()` forgets it.
   */
  cooldownMs?: number | undefined;
}

export interface TokenAuth<T> extends Auth {
  /** Forgets the credential: the next request logs in again. */
  invalidate(): void;
  /** Forgets the credential and a remembered refusal: the next request logs in again, whatever happened before. */
  reset(): void;
  /** The credential in use, if any (for a logout call). */
  current(): Credential<T> | undefined;
}

interface Held<T> extends Credential<T> {
  at: number;
  /** Obtained because the API refused the one before. */
  afterRefusal: boolean;
}

// Failures that say nothing about the credentials (unreachable, timed out): never remembered. So is an AuthError
// with a status that means the server could not answer (5xx, 408, 429), whoever raised it.
const transient = new WeakSet<AuthError>();
const passing = (error: AuthError): boolean =>
  transient.has(error) || (error.status !== undefined && (error.status >= 500 || error.status === 408 || error.status === 429));

/**
 * The login-then-send pattern shared by the vendors with sessions or tokens: one login for any number of concurrent
 * requests, retried when the failure is transient; the credential cached until shortly before it expires; on a 401
 * one new login and one replay, but no new login for a credential that was itself refused as soon as it was issued;
 * a refused login remembered for `cooldownMs`; every secret kept out of errors.
 */
export function tokenAuth<T>(options: TokenAuthOptions<T>): TokenAuth<T> {
  const { name } = options;
  const renewBeforeMs = numberOption(name, "renewBeforeMs", options.renewBeforeMs, 30_000, 0);
  const loginTimeoutMs = numberOption(name, "loginTimeoutMs", options.loginTimeoutMs, 30_000, 1);
  const cooldownMs = numberOption(name, "cooldownMs", options.cooldownMs, 60_000, 0, MAX_TIMEOUT_MS);
  let cached: Held<T> | undefined;
  let last: Held<T> | undefined;
  let pending: Promise<Held<T>> | undefined;
  let refusal: { error: AuthError; until: number } | undefined;
  // Which credential each attempt was sent with, so that a 401 on an old one does not log in twice: a symbol of this
  // auth's on the attempt, not a WeakMap (one entry per attempt made garbage collection costlier; `pnpm bench`).
  const USED = Symbol(name);
  type Used = AuthRequest & { [USED]?: Held<T> };

  const secretsOf = (c: Credential<T> | undefined): ReadonlyArray<unknown> => c?.secrets ?? [c?.value];
  const secrets = (): string[] =>
    [...(options.secrets ?? []), ...secretsOf(cached), ...secretsOf(last)].filter((secret): secret is string => typeof secret === "string" && secret !== "");
  // Our own messages: every secret out, however short (a three-letter password quoted by a server included).
  const redact = (text: string): string => redactSecrets(text, secrets(), 1);
  const fresh = (c: Held<T> | undefined): c is Held<T> => c !== undefined && (c.expiresAt === undefined || Date.now() < c.expiresAt - renewBeforeMs);
  const fail = (message: string, init: { status?: number | undefined; cause?: unknown; requestId?: string | undefined } = {}, isTransient = true): AuthError => {
    const error = new AuthError(redact(`${name}: ${message}`), { ...init, requestId: init.requestId && redact(init.requestId) });
    if (isTransient) transient.add(error);
    return error;
  };

  /** Sends a login call; `seen` keeps the request id of its answer (for the AuthError a refusal becomes). */
  async function send({ fetch }: AuthRequest, url: string, init: LoginInit, signal: AbortSignal, seen: { requestId?: string | undefined }): Promise<LoginAnswer> {
    const shown = redactUrl(url);
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, { method: "POST", ...init, headers: { accept: "application/json", ...init.headers }, signal });
      text = await response.text();
    } catch (err) {
      seen.requestId = (err as ApiError | null)?.requestId;
      // A 2xx answer that is not JSON: the vendor's login says what it lacks.
      if (err instanceof ApiError && err.code === "INVALID_JSON") return { status: err.status, ok: true, headers: new Headers(), body: err.body };
      throw signal.aborted
        ? fail(`login timed out after ${loginTimeoutMs} ms (${shown})`)
        : err instanceof ApiError // a redirect to another origin (not followed: the password stays), a body too large
          ? fail(err.message, { status: err.status, requestId: seen.requestId }, false)
          : fail(`could not reach ${shown}: ${err instanceof TimeoutError ? "timed out" : reason((err as { cause?: unknown }).cause ?? err)}`, { cause: err });
    }
    const { status, ok } = response;
    // A successful answer carries the new credential, which no list of secrets holds yet: none of it in the id.
    // Redacted before it is cut (a cut would leave the first characters of a secret the redaction no longer sees).
    seen.requestId = readRequestId(response.headers, (id) => redact(ok ? redactIssued(id, text) : id));
    // A failure's words may quote what was sent; a secret too short to redact safely (in any form it may be echoed)
    // keeps the server's words out altogether. A success's keep the tokens it issues (a refresh token may be the one
    // sent), not the password: a vendor's login reads its message out of them, and may cut it.
    if (!ok) text = redactSecrets(text, secrets().filter((secret) => secret.length < 4), 1) !== text ? "" : redactBody(text, secrets());
    else if (options.secrets?.length) text = redactBody(text, options.secrets);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the text it is.
    }
    return { status, ok, headers: response.headers, body };
  }

  function login(request: AuthRequest, reason: "new" | "refused"): Promise<Held<T>> {
    if (refusal && Date.now() < refusal.until) return Promise.reject(refusal.error);
    refusal = undefined;
    return (pending ??= (async () => {
      const signal = AbortSignal.timeout(loginTimeoutMs);
      // The request id of the last answer this login got: on the AuthError a refusal becomes.
      const seen: { requestId?: string | undefined } = {};
      try {
        const credential = await options.login({ send: (url, init = {}) => send(request, url, init, signal, seen), url: request.url, reason, previous: last, signal });
        return (cached = last = { ...credential, at: Date.now(), afterRefusal: reason === "refused" });
      } catch (err) {
        const requestId = (err as AuthError | null)?.requestId ?? seen.requestId;
        // The vendor's own words may quote the server: the secrets are taken out all the same.
        const error =
          err instanceof AuthError
            ? Object.assign(new AuthError(redact(err.message), { status: err.status, request: err.request, requestId: requestId && redact(requestId) }), { stack: redact(err.stack ?? "") })
            : // Not one of ours: its message (and fields) may quote a credential, so only its name is kept.
              fail(signal.aborted ? `login timed out after ${loginTimeoutMs} ms` : `login failed (${(err as Error)?.name})`, { requestId });
        if (transient.has(err as AuthError)) transient.add(error);
        if (!passing(error) && cooldownMs > 0) {
          // Said once, in the error every caller gets until the cooldown ends.
          error.message += ` (remembered for ${cooldownMs} ms: until then requests fail at once and the credentials are not sent again; auth.reset() forgets it)`;
          refusal = { error, until: Date.now() + cooldownMs };
        }
        throw error;
      } finally {
        pending = undefined;
      }
    })());
  }

  function use(request: AuthRequest, credential: Held<T>): void {
    // Out of sight: a wrapping auth that logs the request must not print the credential (its refresh token …). On a
    // request the transport made, in its slot; on another (or one whose slot another auth holds), not enumerable.
    if (!keepOn(request, USED, credential)) Object.defineProperty(request, USED, { value: credential, configurable: true });
    options.apply(request, credential.value);
  }

  return {
    origin: options.origin,
    authorize(request) {
      if (fresh(cached)) return use(request, cached);
      return login(request, "new").then((c) => use(request, c));
    },
    async refresh(request) {
      // Not found (a wrapping auth handed over a copy or a Proxy of the request): taken to be the current one.
      const used = (keptOn(request, USED) ?? (request as Used)[USED] ?? cached) as Held<T> | undefined;
      // Another request already logged in again since this one was sent: just replay with the new credential.
      if (cached !== undefined && used !== cached && fresh(cached)) return true;
      // This credential came from a login made because the API refused the one before, and it was refused at once
      // too: another login would be refused as well. The 401 goes back to the caller (for `cooldownMs`).
      if (used?.afterRefusal && Date.now() - used.at < cooldownMs) return false;
      cached = undefined;
      await login(request, "refused");
      return true;
    },
    secrets,
    invalidate() {
      cached = undefined;
    },
    reset() {
      cached = undefined;
      refusal = undefined;
    },
    current() {
      return cached;
    },
  };
}

/** The `exp` claim of a JWT in epoch milliseconds, read without verifying the signature (the server verifies it). */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split(".")[1];
  if (!payload) return undefined;
  try {
    const b64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as { exp?: unknown } | null;
    const exp = claims?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When to stop using a token that ends at `end` (epoch ms): `renewBeforeMs` earlier, at most half its remaining life.
 * Undefined (use it until the API refuses it) when the end is unknown, or already past by the local clock, which then
 * disagrees with the server's.
 */
export function renewAt(end: number | undefined, renewBeforeMs: number, now = Date.now()): number | undefined {
  if (end === undefined || end <= now) return undefined;
  return end - Math.min(renewBeforeMs, (end - now) / 2);
}

/** An auth that sends one fixed credential in one header (an API key, a token you hold), except on URLs `skip` matches. */
export function headerAuth(name: string, mode: string, header: string, value: string, skip?: RegExp): Auth & { toString(): string; toJSON(): unknown } {
  // Refused here, without quoting it: the platform's own error would repeat the whole value.
  if (/[^\t\x20-\x7e]/.test(value)) throw new TypeError(`${name}: the ${mode} has characters a header cannot carry (line breaks, control or non-ASCII characters)`);
  return {
    authorize(request) {
      if (!skip?.test(request.url)) request.headers.set(header, value);
    },
    secrets: () => [value, value.replace(/^\w+ /, "")],
    // No secret on the object itself: a logged or serialised auth shows only this.
    toString: () => `[${name} ${mode}]`,
    toJSON: () => ({ type: name, mode }),
  };
}
