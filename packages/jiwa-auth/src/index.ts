import { AuthError, checkBaseUrl, headerAuth, tokenAuth, until, type Auth, type FetchLike, type TokenAuth } from "@b2bkit/core";

/** Sign in with a Jiwa user: `POST /auth`, then the `ss-id` session cookie on every request. Not for browsers. */
export interface JiwaSessionCredentials {
  /** The Jiwa user name. */
  username: string;
  /** The user's password. Sent once, in the body of `POST /auth`; never in a URL, a log line or an error. */
  password: string;
  /**
   * Where `/auth` lives: the same `baseUrl` as the client's. Default: the origin of the first request, which is
   * right for a Jiwa API served at the root of its host (`https://api.jiwa.com.au`). Give it when the API is
   * served under a path (`https://erp.example.com/jiwa`).
   */
  baseUrl?: string | undefined;
  /** How long a sign-in (retries included) or a `logout()` may take, in milliseconds. Default 30 000. */
  loginTimeoutMs?: number | undefined;
  /**
   * How long a refused sign-in is remembered: meanwhile requests fail at once with the same `AuthError` and the
   * password is not sent again (no account lock-out). Default 60 000 ms; `reset()` forgets it sooner.
   */
  cooldownMs?: number | undefined;
  apiKey?: undefined;
}

/** A Jiwa API key (Jiwa 7.2 and later), sent as `Authorization: Bearer <key>`. Works in browsers too. */
export interface JiwaApiKeyCredentials {
  apiKey: string;
  username?: undefined;
  password?: undefined;
}

export type JiwaCredentials = JiwaSessionCredentials | JiwaApiKeyCredentials;

export interface JiwaAuth extends Auth {
  /** No secret in it: `[jiwaAuth session]` or `[jiwaAuth apiKey]`. */
  toString(): string;
  toJSON(): unknown;
  /** Forgets the session and a remembered refusal: the next request signs in again. Does nothing with an API key. */
  reset(): void;
  /**
   * Ends the session (`GET /auth/logout` with its cookie) and forgets it; the next request signs in again.
   * Does nothing when no session is open, or with an API key. An `AuthError` when the server cannot be reached or
   * does not answer within `loginTimeoutMs`; the session is forgotten all the same.
   */
  logout(options?: { signal?: AbortSignal | undefined }): Promise<void>;
}

const NAME = "jiwaAuth";
/** tokenAuth's default for a sign-in; logout gets the same bound. */
const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;
const USAGE = "pass either { username, password } (a Jiwa user) or { apiKey } (Jiwa 7.2+)";

/**
 * Auth for `@b2bkit/jiwa-client`:
 * `createJiwaClient({ baseUrl, auth: jiwaAuth({ username: "api", password }) })` or `jiwaAuth({ apiKey })`.
 */
export function jiwaAuth(credentials: JiwaCredentials): JiwaAuth {
  if (!credentials || typeof credentials !== "object") {
    throw new TypeError(`${NAME}: ${USAGE}`);
  }
  const c = credentials as Partial<JiwaSessionCredentials> & { apiKey?: unknown };
  const hasSession = c.username !== undefined || c.password !== undefined;
  const hasKey = c.apiKey !== undefined;
  if (hasSession && hasKey) {
    throw new TypeError(`${NAME}: got both a user (username/password) and an \`apiKey\`: ${USAGE}, not both`);
  }
  if (!hasSession && !hasKey) {
    throw new TypeError(`${NAME}: no credentials: ${USAGE}`);
  }
  return hasKey ? apiKeyAuth(c.apiKey) : sessionAuth(c);
}

function requireString(name: string, value: unknown, where: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new TypeError(`${NAME}: \`${name}\` is required and must be a non-empty string (${where})`);
  }
  return value;
}

function apiKeyAuth(value: unknown): JiwaAuth {
  const apiKey = requireString("apiKey", value, "a Jiwa API key, from Jiwa's API key settings");
  // A refused key stays refused: no refresh, the 401 goes back to the caller.
  return { ...headerAuth(NAME, "apiKey", "authorization", `Bearer ${apiKey}`), logout: () => Promise.resolve(), reset() {} };
}

function sessionAuth(c: Partial<JiwaSessionCredentials>): JiwaAuth {
  const username = requireString("username", c.username, "the Jiwa user to sign in as");
  const password = requireString("password", c.password, "that user's Jiwa password");
  const configured = c.baseUrl === undefined ? undefined : checkBase(c.baseUrl);
  const loginTimeoutMs = c.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  // The login fetch of the client that last used this auth: logout goes out the same way as a sign-in.
  let loginFetch: FetchLike | undefined;

  // Where the session was opened: logout goes there.
  let base: string | undefined;
  const tokens: TokenAuth<string> = tokenAuth<string>({
    name: NAME,
    secrets: [password],
    origin: configured && new URL(configured).origin,
    loginTimeoutMs: c.loginTimeoutMs,
    cooldownMs: c.cooldownMs,
    async login({ send, url }) {
      // Where /auth lives: the configured API address, else the root of the host the first request goes to.
      const at = configured ?? new URL(url).origin;
      // The credentials go in the body only: a URL ends up in server, proxy and client logs.
      const { status, ok, body } = await send(`${at}/auth`, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ username, password }),
      });
      if (!ok) throw refused(status, body, at);
      const sessionId = (body as { SessionId?: unknown } | undefined)?.SessionId;
      if (typeof sessionId !== "string" || sessionId === "") {
        throw new AuthError(`${NAME}: ${at}/auth answered HTTP ${status} without a SessionId`, { status });
      }
      base = at;
      return { value: sessionId };
    },
    apply(request, sessionId) {
      loginFetch = request.fetch;
      request.headers.set("cookie", withSessionCookie(request.headers.get("cookie"), sessionId));
    },
  });

  function refused(status: number, body: unknown, at: string): AuthError {
    const rs = (body as { ResponseStatus?: { ErrorCode?: unknown; Message?: unknown } } | undefined)?.ResponseStatus;
    // The server's words (core has already taken the password out of them).
    const said = [rs?.ErrorCode, rs?.Message].filter((v): v is string => typeof v === "string" && v !== "").join(": ");
    const fix =
      status === 401 || status === 403
        ? "check the user name and password"
        : status === 404
          ? `no /auth at ${at}: if the API is served under a path, pass the client's baseUrl to jiwaAuth({ baseUrl })`
          : "the Jiwa server could not sign in";
    return new AuthError(`${NAME}: sign-in as "${username}" refused with HTTP ${status}${said ? ` (${said})` : ""}: ${fix}`, { status });
  }

  return {
    ...tokens,
    async logout(options = {}) {
      const sessionId = tokens.current()?.value;
      if (!sessionId || !base) return;
      tokens.invalidate(); // forgotten whatever the server answers
      const fetch: FetchLike = loginFetch ?? ((input, init) => globalThis.fetch(input, init));
      // Bounded like a sign-in: a server that never answers must not hang the caller's shutdown.
      const timeout = AbortSignal.timeout(loginTimeoutMs);
      const at = `${base}/auth/logout`;
      let response: Response;
      try {
        response = await until(fetch(at, { method: "GET", headers: { accept: "application/json", cookie: `ss-id=${sessionId}` }, signal: timeout }), options.signal);
      } catch (err) {
        if (options.signal?.aborted) throw err; // the caller's own abort stays an abort
        if (timeout.aborted) throw new AuthError(`${NAME}: logout timed out after ${loginTimeoutMs} ms`);
        throw new AuthError(`${NAME}: could not reach ${at} to sign out (${reason(err)})`, { cause: err });
      }
      // 401: the session had already ended, which is what logout wants.
      if (!response.ok && response.status !== 401) {
        throw new AuthError(`${NAME}: logout answered HTTP ${response.status}`, { status: response.status });
      }
    },
    toString: () => "[jiwaAuth session]",
    toJSON: () => ({ type: NAME, mode: "session", username }),
  };
}

const checkBase = (baseUrl: unknown): string =>
  checkBaseUrl(NAME, baseUrl, { what: "your Jiwa API (the client's baseUrl)", example: "https://api.jiwa.com.au" });

/** The request's Cookie header with `ss-id` set to the session (other cookies a caller set are kept). */
function withSessionCookie(existing: string | null, sessionId: string): string {
  const own = `ss-id=${sessionId}`;
  if (!existing) return own;
  const others = existing
    .split(";")
    .map((p) => p.trim())
    .filter((p) => p !== "" && !p.startsWith("ss-id="));
  return [...others, own].join("; ");
}

function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  return err instanceof Error ? err.name : typeof err;
}
