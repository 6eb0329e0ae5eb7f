import { AuthError, checkBaseUrl, headerAuth, jwtExpiry, renewAt, tokenAuth, type Auth } from "@b2bkit/core/internal";

/** Log in as a Portos user on a device (Portos's JWT Bearer authentication). */
export interface PortosLogin {
  /** The Portos user name (`UserName`). */
  userName: string;
  /** The user's password (`Password`). Never sent anywhere but the login call, logged, or put in an error. */
  password: string;
  /** The unique name of the device to log in to (`DeviceName`), e.g. `P01`. */
  deviceName: string;
  /**
   * Where to log in: `{baseUrl}/api/auth`. Default: the origin of the first request this auth signs (the client's
   * `baseUrl`). Set it when your Portos is served under a path, e.g. `https://gateway.example/portos`.
   */
  baseUrl?: string | undefined;
  /**
   * Renew a session that is about to expire with `POST /api/auth/refresh` (tokenId + refreshToken) instead of
   * sending the password again. A refresh that fails falls back to a login. Default true.
   */
  useRefreshToken?: boolean | undefined;
  /** The longest a login may take, retries included. Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
  /**
   * How long a refused login is remembered: meanwhile requests fail at once with the same `AuthError` and the
   * password is not sent again (no account lock-out). Default 60 000 ms; `reset()` forgets it sooner.
   */
  cooldownMs?: number | undefined;
  token?: never;
}

/** Use a `tokenId` you already hold; it is sent as is and never renewed. */
export interface PortosToken {
  token: string;
  userName?: never;
  password?: never;
  deviceName?: never;
  baseUrl?: never;
  useRefreshToken?: never;
  loginTimeoutMs?: never;
  cooldownMs?: never;
}

export type PortosCredentials = PortosLogin | PortosToken;

export interface PortosAuth extends Auth {
  /** Forgets the session: the next request logs in again (no-op for a static token). */
  invalidate(): void;
  /** Forgets the session and a remembered refusal: the next request logs in again (no-op for a static token). */
  reset(): void;
  toString(): string;
  toJSON(): unknown;
}

interface Session {
  tokenId: string;
  refreshToken: string | undefined;
}

const NAME = "portosAuth";
const USAGE = "pass { userName, password, deviceName } (a Portos user and device) or { token } (a tokenId you hold)";
const LOGIN_FIELDS = ["userName", "password", "deviceName", "baseUrl", "useRefreshToken", "loginTimeoutMs", "cooldownMs"] as const;
/** Renew this long before the JWT's `exp`, or at half its remaining life when that is shorter. */
const RENEW_BEFORE_MS = 30_000;
const fail = (message: string): TypeError => new TypeError(`${NAME}: ${message}`);
// The login goes to {baseUrl}/api/auth: an address that already ends in a Portos route would double it.
const PORTOS_URL = {
  what: "your Portos API server",
  example: "http://portos.local:5000",
  routes: { pattern: /\/(?:api(?:\/auth(?:\/refresh)?)?|customers(?:\/[^/]+)?)\/*$/i, name: "/api and /customers" },
};

/**
 * Auth for `@b2bkit/portos-client`. With `{ userName, password, deviceName }` it logs in with `POST /api/auth`
 * (once for any number of concurrent first requests), sends `Authorization: Bearer <tokenId>`, renews the session
 * before the JWT expires, and on a 401 logs in again once and replays the request. With `{ token }` it sends that
 * token. A refused login throws `AuthError` without the password.
 */
export function portosAuth(credentials: PortosCredentials): PortosAuth {
  const c = (credentials && typeof credentials === "object" ? credentials : {}) as Partial<Record<(typeof LOGIN_FIELDS)[number] | "token", unknown>>;
  const hasToken = c.token !== undefined;
  // A login-only option beside a token would be ignored: refused like a mix.
  if (hasToken === LOGIN_FIELDS.some((f) => c[f] !== undefined)) throw fail(`${USAGE}${hasToken ? ", not both" : ""}`);
  if (hasToken) {
    // The header value is accepted as well as the bare token.
    const token = typeof c.token === "string" ? c.token.trim().replace(/^Bearer\s+/i, "") : "";
    if (!/^\S+$/.test(token)) throw fail("`token` must be a non-empty string: the tokenId alone, without spaces");
    return { ...headerAuth(NAME, "token", "authorization", `Bearer ${token}`), invalidate() {}, reset() {} };
  }
  for (const name of ["userName", "deviceName", "password"] as const) {
    const value = c[name];
    // A password may be "" (a user without one); the names may not be blank.
    if (typeof value !== "string" || (name !== "password" && !value.trim())) throw fail(`\`${name}\` is required (a ${name === "password" ? "" : "non-empty "}string): ${USAGE}`);
  }
  if (c.useRefreshToken !== undefined && typeof c.useRefreshToken !== "boolean") throw fail("`useRefreshToken` must be true or false");
  const { userName, deviceName, password } = c as { userName: string; deviceName: string; password: string };
  const configured = c.baseUrl === undefined ? undefined : checkBaseUrl(NAME, c.baseUrl, PORTOS_URL);

  const inner = tokenAuth<Session>({
    name: NAME,
    renewBeforeMs: 0, // expiresAt below already leaves the margin
    loginTimeoutMs: c.loginTimeoutMs as number | undefined,
    cooldownMs: c.cooldownMs as number | undefined,
    secrets: [password],
    origin: configured && new URL(configured).origin,
    async login({ send, url, reason, previous }) {
      // Where the login goes: the configured address, else the origin of the request that needs it.
      const base = configured ?? new URL(url).origin;
      // A refusal comes as application/problem+json: asked for too, so that a server that negotiates sends it.
      const post = (path: string, body: object) =>
        send(base + path, { headers: { "content-type": "application/json", accept: "application/json, application/problem+json" }, body: JSON.stringify(body) });
      const from = previous?.value;
      let next: Session | undefined;
      // A session about to expire is renewed with its refresh token; one that was refused, or a refresh that fails
      // (the login then reports what is wrong), gets a login.
      if (c.useRefreshToken !== false && reason !== "refused" && from?.refreshToken) {
        try {
          const { ok, body } = await post("/api/auth/refresh", from); // { tokenId, refreshToken }
          if (ok) next = sessionOf(body, from.refreshToken);
        } catch {
          // falls back to a login
        }
      }
      if (!next) {
        const { status, ok, body } = await post("/api/auth", { UserName: userName, Password: password, DeviceName: deviceName });
        next = ok ? sessionOf(body) : undefined;
        if (!next) {
          const b = body as { title?: unknown; detail?: unknown } | null;
          const said = [...new Set([b?.title, b?.detail])].filter((p) => typeof p === "string" && p.trim()).join(": ");
          // Cut at a word's end: a cut inside a word could leave part of a secret the redaction no longer recognises.
          const why = said.length > 300 ? `${said.slice(0, 300).replace(/\S*$/, "")}…` : said;
          const http = `HTTP ${status}${why && `: ${why}`}`;
          throw new AuthError(
            ok
              ? `${NAME}: the login answer (${http}) carries no tokenId`
              : status === 400 || status === 401 || status === 403
                ? `${NAME}: login of user "${userName}" on device "${deviceName}" refused (${http}); check userName, password and deviceName`
                : `${NAME}: login failed (${http})`,
            { status },
          );
        }
      }
      return { value: next, expiresAt: renewAt(jwtExpiry(next.tokenId), RENEW_BEFORE_MS), secrets: [next.tokenId, next.refreshToken ?? ""] };
    },
    apply(request, s) {
      request.headers.set("authorization", `Bearer ${s.tokenId}`);
    },
  });

  return {
    ...inner,
    // No password or token on the object: a logged or serialised auth shows only this.
    toString: () => `[${NAME}]`,
    toJSON: () => ({ type: NAME, userName, deviceName, baseUrl: configured }),
  };
}

/** The session a login or refresh answered, if it is one (a refresh may leave out the refresh token: kept). */
function sessionOf(body: unknown, refresh?: string): Session | undefined {
  const { tokenId, refreshToken } = (body ?? {}) as { tokenId?: unknown; refreshToken?: unknown };
  return typeof tokenId === "string" && /^\S+$/.test(tokenId) ? { tokenId, refreshToken: (typeof refreshToken === "string" && refreshToken) || refresh } : undefined;
}
