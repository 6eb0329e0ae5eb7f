import { AuthError, checkBaseUrl, headerAuth, tokenAuth, until, type Auth, type FetchLike } from "@b2bkit/core/internal";

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
const USAGE = "pass either { username, password } (a Jiwa user) or { apiKey } (Jiwa 7.2+)";
const fail = (message: string): TypeError => new TypeError(`${NAME}: ${message}`);

/**
 * Auth for `@b2bkit/jiwa-client`:
 * `createJiwaClient({ baseUrl, auth: jiwaAuth({ username: "api", password }) })` or `jiwaAuth({ apiKey })`.
 */
export function jiwaAuth(credentials: JiwaCredentials): JiwaAuth {
  const c = (credentials && typeof credentials === "object" ? credentials : {}) as Partial<JiwaSessionCredentials> & { apiKey?: unknown };
  const hasKey = c.apiKey !== undefined;
  if (hasKey === (c.username !== undefined || c.password !== undefined)) {
    throw fail(hasKey ? `got both a user (username/password) and an \`apiKey\`: ${USAGE}, not both` : `no credentials: ${USAGE}`);
  }
  // A required value is a non-empty string; a refusal names it and never shows a value.
  const need = (name: "username" | "password" | "apiKey"): string => {
    const value = c[name];
    if (typeof value !== "string" || !value.trim()) throw fail(`\`${name}\` is required (a non-empty string): ${USAGE}`);
    return value;
  };
  // The session's own options mean nothing with a key: say so rather than ignore them.
  const extra = hasKey && ["baseUrl", "loginTimeoutMs", "cooldownMs"].find((name) => c[name as keyof typeof c] !== undefined);
  if (extra) throw fail(`\`${extra}\` is an option of the session form { username, password }, not of { apiKey }`);
  // A refused key stays refused: no refresh, the 401 goes back to the caller.
  if (hasKey) return { ...headerAuth(NAME, "apiKey", "authorization", `Bearer ${need("apiKey")}`), logout: async () => {}, reset() {} };
  const username = need("username");
  const password = need("password");

  const configured = c.baseUrl === undefined ? undefined : checkBaseUrl(NAME, c.baseUrl, { what: "your Jiwa API (the client's baseUrl)", example: "https://api.jiwa.com.au" });
  // tokenAuth's default for a sign-in; logout gets the same bound.
  const loginTimeoutMs = c.loginTimeoutMs ?? 30_000;
  // The login fetch of the client that last used this auth (else the global fetch): logout goes out like a sign-in.
  let loginFetch: FetchLike | undefined;
  // Where the session was opened: logout goes there.
  let base: string | undefined;
  const tokens = tokenAuth<string>({
    name: NAME,
    secrets: [password],
    origin: configured && new URL(configured).origin,
    loginTimeoutMs: c.loginTimeoutMs,
    cooldownMs: c.cooldownMs,
    async login({ send, url }) {
      // Where /auth lives: the configured API address, else the root of the host the first request goes to.
      const at = configured ?? new URL(url).origin;
      // The credentials go in the body only: a URL ends up in server, proxy and client logs.
      const { status, ok, body } = await send(`${at}/auth`, { headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
      const b = body as { SessionId?: unknown; ResponseStatus?: { ErrorCode?: unknown; Message?: unknown } } | null;
      const sessionId = b?.SessionId;
      if (ok && typeof sessionId === "string" && sessionId) {
        base = at;
        return { value: sessionId };
      }
      // The server's words (core has already taken the password out of them).
      const said = [b?.ResponseStatus?.ErrorCode, b?.ResponseStatus?.Message].filter((v) => typeof v === "string" && v).join(": ");
      throw new AuthError(
        ok
          ? `${NAME}: ${at}/auth answered HTTP ${status} without a SessionId`
          : `${NAME}: sign-in as "${username}" ${status >= 500 ? "failed" : "refused"} with HTTP ${status}${said && ` (${said})`}: ${
              status === 401 || status === 403
                ? "check the user name and password"
                : status === 404
                  ? `no /auth at ${at}: if the API is served under a path, pass the client's baseUrl to jiwaAuth({ baseUrl })`
                  : "the Jiwa server could not sign in"
            }`,
        { status },
      );
    },
    apply(request, sessionId) {
      loginFetch = request.fetch;
      // The session's cookie replaces a stale one; other cookies a caller set are kept.
      const had = request.headers.get("cookie");
      const mine = `ss-id=${sessionId}`;
      const others = had?.split(";").map((p) => p.trim()).filter((p) => p && !p.startsWith("ss-id="));
      request.headers.set("cookie", others?.length ? [...others, mine].join("; ") : mine);
    },
  });

  return {
    ...tokens,
    async logout(options = {}) {
      const sessionId = tokens.current()?.value;
      options.signal?.throwIfAborted(); // aborted before it started: nothing is sent
      if (!sessionId || !base) return;
      tokens.invalidate(); // forgotten whatever the server answers
      // Bounded like a sign-in: a server that never answers must not hang the caller's shutdown.
      const timeout = AbortSignal.timeout(loginTimeoutMs);
      const at = `${base}/auth/logout`;
      let response: Response;
      try {
        response = await until((loginFetch ?? fetch)(at, { method: "GET", headers: { accept: "application/json", cookie: `ss-id=${sessionId}` }, signal: timeout }), options.signal);
      } catch (err) {
        if (options.signal?.aborted) throw err; // the caller's own abort stays an abort
        // The system error code (ECONNREFUSED …), else the error's name.
        const e = err as { name?: unknown; cause?: { code?: unknown } } | null;
        throw new AuthError(
          timeout.aborted
            ? `${NAME}: logout timed out after ${loginTimeoutMs} ms`
            : `${NAME}: could not reach ${at} to sign out (${String(e?.cause?.code ?? e?.name ?? typeof err)})`,
          { cause: err },
        );
      }
      // 401: the session had already ended, which is what logout wants.
      if (!response.ok && response.status !== 401) throw new AuthError(`${NAME}: logout answered HTTP ${response.status}`, { status: response.status });
    },
    toString: () => `[${NAME} session]`,
    toJSON: () => ({ type: NAME, mode: "session", username }),
  };
}
