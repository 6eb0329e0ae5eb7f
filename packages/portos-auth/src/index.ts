import { AuthError, checkBaseUrl, headerAuth, jwtExpiry, renewAt, tokenAuth, type Auth, type LoginContext } from "@b2bkit/core";

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

const USAGE = "pass { userName, password, deviceName } (a Portos user and the device to log in to) or { token } (a tokenId you already hold)";
const LOGIN_FIELDS = ["userName", "password", "deviceName", "baseUrl", "useRefreshToken", "loginTimeoutMs", "cooldownMs"] as const;
/** Renew this long before the JWT's `exp`, or at half its remaining life when that is shorter. */
const RENEW_BEFORE_MS = 30_000;

/**
 * Auth for `@b2bkit/portos-client`. With `{ userName, password, deviceName }` it logs in with `POST /api/auth`
 * (once for any number of concurrent first requests), sends `Authorization: Bearer <tokenId>`, renews the session
 * before the JWT expires, and on a 401 logs in again once and replays the request. With `{ token }` it sends that
 * token. A refused login throws `AuthError` without the password.
 */
export function portosAuth(credentials: PortosCredentials): PortosAuth {
  if (!credentials || typeof credentials !== "object") throw new TypeError(`portosAuth: ${USAGE}`);
  const c = credentials as Partial<Omit<PortosLogin, "token">> & { token?: unknown };
  const hasToken = c.token !== undefined;
  const hasLogin = LOGIN_FIELDS.some((f) => c[f] !== undefined);
  if (hasToken && hasLogin) {
    throw new TypeError("portosAuth: pass either { token } or { userName, password, deviceName }, not both");
  }
  if (hasToken) return staticToken(c.token);
  if (!hasLogin) throw new TypeError(`portosAuth: ${USAGE}`);
  return login(c);
}

function staticToken(token: unknown): PortosAuth {
  if (typeof token !== "string" || token.trim() === "") {
    throw new TypeError("portosAuth: `token` must be a non-empty string (the tokenId of a Portos login)");
  }
  // Accept the header value as well as the bare token.
  const value = token.trim().replace(/^Bearer\s+/i, "");
  if (value === "" || /\s/.test(value)) {
    throw new TypeError("portosAuth: `token` must be the tokenId alone (no spaces)");
  }
  return { ...headerAuth("portosAuth", "token", "authorization", `Bearer ${value}`), invalidate() {}, reset() {} };
}

function login(c: Partial<Omit<PortosLogin, "token">>): PortosAuth {
  for (const name of ["userName", "deviceName"] as const) {
    if (typeof c[name] !== "string" || (c[name] as string).trim() === "") {
      throw new TypeError(`portosAuth: \`${name}\` is required and must be a non-empty string (${USAGE})`);
    }
  }
  if (typeof c.password !== "string") {
    throw new TypeError('portosAuth: `password` is required and must be a string (pass "" only for a user that has no password)');
  }
  if (c.useRefreshToken !== undefined && typeof c.useRefreshToken !== "boolean") {
    throw new TypeError("portosAuth: `useRefreshToken` must be true or false");
  }
  const userName = c.userName as string;
  const deviceName = c.deviceName as string;
  const password = c.password;
  const useRefreshToken = c.useRefreshToken ?? true;
  const configured = c.baseUrl === undefined ? undefined : checkPortosUrl(c.baseUrl);

  const refusedLogin = (status: number, body: unknown): AuthError => {
    const why = problemText(body);
    return new AuthError(
      `portosAuth: login of user "${userName}" on device "${deviceName}" refused (HTTP ${status}${why ? `: ${why}` : ""}); check userName, password and deviceName`,
      { status },
    );
  };

  async function logIn({ send }: LoginContext<Session>, base: string): Promise<Session> {
    const { status, ok, body } = await send(`${base}/api/auth`, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ UserName: userName, Password: password, DeviceName: deviceName }),
    });
    if (status === 400 || status === 401 || status === 403) throw refusedLogin(status, body);
    if (!ok) {
      const why = problemText(body);
      throw new AuthError(`portosAuth: login failed (HTTP ${status}${why ? `: ${why}` : ""})`, { status });
    }
    const found = sessionOf(body);
    if (!found) throw new AuthError("portosAuth: the login answer carries no tokenId", { status });
    return found;
  }

  /** `POST /api/auth/refresh`; undefined when it does not give a usable session (the caller logs in instead). */
  async function refresh({ send }: LoginContext<Session>, base: string, from: Session): Promise<Session | undefined> {
    try {
      const { ok, body } = await send(`${base}/api/auth/refresh`, {
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ tokenId: from.tokenId, refreshToken: from.refreshToken }),
      });
      const renewed = ok ? sessionOf(body) : undefined;
      // Keep the refresh token if the answer does not repeat it.
      return renewed && { tokenId: renewed.tokenId, refreshToken: renewed.refreshToken ?? from.refreshToken };
    } catch {
      return undefined; // a refresh that cannot be made falls back to a login (which reports what is wrong)
    }
  }

  const inner = tokenAuth<Session>({
    name: "portosAuth",
    renewBeforeMs: 0, // expiresAt below already leaves the margin
    loginTimeoutMs: c.loginTimeoutMs,
    cooldownMs: c.cooldownMs,
    secrets: [password],
    origin: configured?.origin,
    async login(context) {
      // Where the login goes: the configured address, else the origin of the request that needs it.
      const base = configured?.base ?? new URL(context.url).origin;
      const previous = context.previous?.value;
      let next: Session | undefined;
      if (useRefreshToken && context.reason !== "refused" && previous?.refreshToken) next = await refresh(context, base, previous);
      next ??= await logIn(context, base);
      return { value: next, expiresAt: renewAt(jwtExpiry(next.tokenId), RENEW_BEFORE_MS), secrets: [next.tokenId, next.refreshToken ?? ""] };
    },
    apply(request, s) {
      request.headers.set("authorization", `Bearer ${s.tokenId}`);
    },
  });

  return {
    ...inner,
    // No password or token on the object: a logged or serialised auth shows only this.
    toString: () => "[portosAuth]",
    toJSON: () => ({ type: "portosAuth", userName, deviceName, ...(configured ? { baseUrl: configured.base } : {}) }),
  };
}

function checkPortosUrl(value: unknown): { base: string; origin: string } {
  // The login goes to {baseUrl}/api/auth: an address that already ends in a Portos route would double it.
  const base = checkBaseUrl("portosAuth", value, {
    what: "your Portos API server",
    example: "http://portos.local:5000",
    routes: { pattern: /\/(?:api(?:\/auth(?:\/refresh)?)?|customers(?:\/[^/]+)?)\/*$/i, name: "/api and /customers" },
  });
  return { base, origin: new URL(base).origin };
}

function sessionOf(body: unknown): Session | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { tokenId, refreshToken } = body as { tokenId?: unknown; refreshToken?: unknown };
  if (typeof tokenId !== "string" || tokenId.trim() === "" || /\s/.test(tokenId)) return undefined;
  return { tokenId, refreshToken: typeof refreshToken === "string" && refreshToken !== "" ? refreshToken : undefined };
}

/** Title and detail of a Portos problem body, if it is one. */
function problemText(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const { title, detail } = body as { title?: unknown; detail?: unknown };
  const parts = [title, detail].filter((p): p is string => typeof p === "string" && p.trim() !== "");
  if (parts.length === 2 && parts[0] === parts[1]) parts.pop();
  return parts.length ? parts.join(": ").slice(0, 300) : undefined;
}

