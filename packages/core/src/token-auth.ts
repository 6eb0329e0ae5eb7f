import { AuthError } from "./errors.js";
import { redactUrl } from "./redact.js";
import type { Auth, AuthRequest, FetchLike } from "./fetch.js";

/** A credential an auth obtained by logging in: a token, a session id … and when it stops being valid. */
export interface Credential<T> {
  value: T;
  /** Epoch milliseconds after which the credential is no longer valid, if known. */
  expiresAt?: number | undefined;
}

export interface LoginContext {
  /** The client's plain fetch (no auth, no retries). */
  fetch: FetchLike;
  /** The URL of the request that needs the credential: where the API is, for a login route beside it. */
  url: string;
  /** Aborts a login that takes longer than `loginTimeoutMs`. */
  signal: AbortSignal;
}

export interface TokenAuthOptions<T> {
  /** Used in error messages: `jiwaAuth`, `portosAuth` … */
  name: string;
  /** Logs in and returns a fresh credential; throws `AuthError` (without the secret) when it is refused. */
  login(context: LoginContext): Promise<Credential<T>>;
  /** Puts the credential on a request. */
  apply(request: AuthRequest, credential: T): void;
  /** Log in again this long before `expiresAt`. Default 30 000 ms. */
  renewBeforeMs?: number | undefined;
  /** Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
}

export interface TokenAuth<T> extends Auth {
  /** Forgets the credential: the next request logs in again. */
  invalidate(): void;
  /** The credential in use, if any (for a logout call). */
  current(): Credential<T> | undefined;
}

/**
 * The login-then-send pattern shared by the vendors with sessions or tokens: one login for any number of concurrent
 * first requests, the credential cached until shortly before it expires, and on a 401 one new login and one replay.
 * A refused login throws the `AuthError` the vendor's `login` raised: no retry loop, no secret in it.
 */
export function tokenAuth<T>(options: TokenAuthOptions<T>): TokenAuth<T> {
  const renewBeforeMs = options.renewBeforeMs ?? 30_000;
  const loginTimeoutMs = options.loginTimeoutMs ?? 30_000;
  let cached: Credential<T> | undefined;
  let pending: Promise<Credential<T>> | undefined;
  // Which credential each attempt was sent with, so that a 401 on an old one does not log in twice.
  const usedBy = new WeakMap<AuthRequest, Credential<T>>();

  const fresh = (c: Credential<T> | undefined): c is Credential<T> =>
    c !== undefined && (c.expiresAt === undefined || Date.now() < c.expiresAt - renewBeforeMs);

  function login({ fetch, url }: AuthRequest): Promise<Credential<T>> {
    pending ??= (async () => {
      // Where the login last went, to name it when it cannot be reached.
      let target: string | undefined;
      const tracked: FetchLike = (input, init) => ((target = String(input instanceof Request ? input.url : input)), fetch(input, init));
      try {
        const credential = await options.login({ fetch: tracked, url, signal: AbortSignal.timeout(loginTimeoutMs) });
        cached = credential;
        return credential;
      } catch (err) {
        if (err instanceof AuthError) throw err;
        if (err instanceof Error && err.name === "TimeoutError") {
          throw new AuthError(`${options.name}: login timed out after ${loginTimeoutMs} ms`);
        }
        // Not one of ours: keep its message out (it may repeat a URL or body) but say what failed. When fetch itself
        // failed, its cause (ECONNREFUSED, ENOTFOUND, bad port …) with the login URL says what to check.
        const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
        const what = cause?.code ?? cause?.message;
        const why = typeof what === "string" && target !== undefined ? `could not reach ${redactUrl(target)}: ${what}` : err instanceof Error ? err.name : typeof err;
        throw new AuthError(`${options.name}: login failed (${why})`, { cause: err });
      } finally {
        pending = undefined;
      }
    })();
    return pending;
  }

  function use(request: AuthRequest, credential: Credential<T>): void {
    usedBy.set(request, credential);
    options.apply(request, credential.value);
  }

  return {
    authorize(request) {
      if (fresh(cached)) return use(request, cached);
      return login(request).then((c) => use(request, c));
    },
    async refresh(request) {
      const used = usedBy.get(request);
      // Another request already logged in again since this one was sent: just replay with the new credential.
      if (cached !== undefined && used !== cached && fresh(cached)) return true;
      cached = undefined;
      await login(request);
      return true;
    },
    invalidate() {
      cached = undefined;
    },
    current() {
      return cached;
    },
  };
}
