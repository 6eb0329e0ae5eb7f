import { AuthError, checkBaseUrl, redactSecrets, tokenAuth, type Auth, type AuthRequest, type FetchLike } from "@b2bkit/core";

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
  /** How long a sign-in (or a `logout()`) may take, in milliseconds. Default 30 000. */
  loginTimeoutMs?: number | undefined;
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
  const header = `Bearer ${apiKey}`;
  const auth: JiwaAuth & { toString(): string; toJSON(): unknown } = {
    authorize(request) {
      request.headers.set("authorization", header);
    },
    // A refused key stays refused: no refresh, the 401 goes back to the caller.
    logout: () => Promise.resolve(),
    // No secret on the object itself: a logged or serialised auth shows only this.
    toString: () => "[jiwaAuth apiKey]",
    toJSON: () => ({ type: NAME, mode: "apiKey" }),
  };
  return auth;
}

interface Session {
  sessionId: string;
  /** The API base the session belongs to (origin and path, no trailing slash). */
  base: string;
}

function sessionAuth(c: Partial<JiwaSessionCredentials>): JiwaAuth {
  const username = requireString("username", c.username, "the Jiwa user to sign in as");
  const password = requireString("password", c.password, "that user's Jiwa password");
  let base = c.baseUrl === undefined ? undefined : checkBase(c.baseUrl);
  const loginTimeoutMs = c.loginTimeoutMs;
  if (loginTimeoutMs !== undefined && (typeof loginTimeoutMs !== "number" || !Number.isFinite(loginTimeoutMs) || loginTimeoutMs < 1)) {
    throw new TypeError(`${NAME}: \`loginTimeoutMs\` must be a number of milliseconds >= 1 (default 30000)`);
  }
  // The fetch of the client that last used this auth: logout needs one without auth, as login does.
  let plainFetch: FetchLike | undefined;

  const tokens = tokenAuth<Session>({
    name: NAME,
    async login({ fetch, signal }) {
      const at = base as string; // set by `bind` before tokenAuth can call login
      let response: Response;
      try {
        response = await fetch(`${at}/auth`, {
          method: "POST",
          headers: { "content-type": "application/json", accept: "application/json" },
          // The credentials go in the body only: a URL ends up in server, proxy and client logs.
          body: JSON.stringify({ username, password }),
          signal,
        });
      } catch (err) {
        if (signal.aborted) throw err; // tokenAuth turns its own timeout into an AuthError
        throw new AuthError(`${NAME}: could not reach ${at}/auth to sign in as "${username}" (${reason(err)})`, { cause: err });
      }
      const body = await readJson(response);
      if (!response.ok) throw refused(response.status, body, at);
      const sessionId = (body as { SessionId?: unknown } | undefined)?.SessionId;
      if (typeof sessionId !== "string" || sessionId === "") {
        throw new AuthError(`${NAME}: ${at}/auth answered HTTP ${response.status} without a SessionId`, { status: response.status });
      }
      return { value: { sessionId, base: at } };
    },
    apply(request, session) {
      request.headers.set("cookie", withSessionCookie(request.headers.get("cookie"), session.sessionId));
    },
    loginTimeoutMs,
  });

  function refused(status: number, body: unknown, at: string): AuthError {
    const rs = (body as { ResponseStatus?: { ErrorCode?: unknown; Message?: unknown } } | undefined)?.ResponseStatus;
    const said = [rs?.ErrorCode, rs?.Message].filter((v): v is string => typeof v === "string" && v !== "").join(": ");
    // The server's words may echo what was sent: never let the password through.
    // A password too short to redact safely keeps the server's words out altogether.
    const redacted = redactSecrets(said, [password]);
    const server = said && !redacted.includes(password) ? ` (${redacted})` : "";
    const fix =
      status === 401 || status === 403
        ? "check the user name and password"
        : status === 404
          ? `no /auth at ${at}: if the API is served under a path, pass the client's baseUrl to jiwaAuth({ baseUrl })`
          : "the Jiwa server could not sign in";
    return new AuthError(`${NAME}: sign-in as "${username}" refused with HTTP ${status}${server}: ${fix}`, { status });
  }

  /** Pins the auth to one API: a session cookie must never travel to another host. */
  function bind(request: AuthRequest): void {
    plainFetch = request.fetch;
    const url = new URL(request.url);
    if (base === undefined) {
      base = url.origin;
      return;
    }
    if (!(url.origin + url.pathname).startsWith(`${base}/`)) {
      throw new AuthError(`${NAME}: this auth signs in to ${base}; use one jiwaAuth per Jiwa API (got a request to ${url.origin})`);
    }
  }

  const auth: JiwaAuth & { toString(): string; toJSON(): unknown } = {
    authorize(request) {
      bind(request);
      return tokens.authorize(request);
    },
    refresh(request, response) {
      bind(request);
      return tokens.refresh!(request, response);
    },
    async logout(options = {}) {
      const session = tokens.current()?.value;
      if (!session) return;
      tokens.invalidate(); // forgotten whatever the server answers
      const fetch: FetchLike = plainFetch ?? ((input, init) => globalThis.fetch(input, init));
      // Bounded like a sign-in: a server that never answers must not hang the caller's shutdown.
      const ms = loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
      const timeout = AbortSignal.timeout(ms);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const at = `${session.base}/auth/logout`;
      let response: Response;
      try {
        response = await fetch(at, {
          method: "GET",
          headers: { accept: "application/json", cookie: `ss-id=${session.sessionId}` },
          signal,
        });
      } catch (err) {
        if (options.signal?.aborted) throw err; // the caller's own abort stays an abort
        if (timeout.aborted) throw new AuthError(`${NAME}: logout timed out after ${ms} ms`);
        throw new AuthError(`${NAME}: could not reach ${at} to sign out (${reason(err)})`, { cause: err });
      }
      await response.body?.cancel().catch(() => undefined);
      // 401: the session had already ended, which is what logout wants.
      if (!response.ok && response.status !== 401) {
        throw new AuthError(`${NAME}: logout answered HTTP ${response.status}`, { status: response.status });
      }
    },
    toString: () => "[jiwaAuth session]",
    toJSON: () => ({ type: NAME, mode: "session", username }),
  };
  return auth;
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

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text.trim() === "" ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

function reason(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  if (cause && typeof cause.code === "string") return cause.code;
  return err instanceof Error ? err.name : typeof err;
}
