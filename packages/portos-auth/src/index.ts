import { AuthError, checkBaseUrl, redactSecrets, tokenAuth, type Auth, type AuthRequest, type FetchLike } from "@b2bkit/core";

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
  /** Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
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
}

export type PortosCredentials = PortosLogin | PortosToken;

export interface PortosAuth extends Auth {
  /** Forgets the session: the next request logs in again (no-op for a static token). */
  invalidate(): void;
  toString(): string;
  toJSON(): Record<string, unknown>;
}

interface Session {
  tokenId: string;
  refreshToken: string | undefined;
}

const USAGE = "pass { userName, password, deviceName } (a Portos user and the device to log in to) or { token } (a tokenId you already hold)";
const LOGIN_FIELDS = ["userName", "password", "deviceName", "baseUrl", "useRefreshToken", "loginTimeoutMs"] as const;
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
  const header = `Bearer ${value}`;
  return {
    authorize(request) {
      request.headers.set("authorization", header);
    },
    invalidate() {},
    toString: () => "[portosAuth token]",
    toJSON: () => ({ type: "portosAuth", mode: "token" }),
  };
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
  if (c.loginTimeoutMs !== undefined && (typeof c.loginTimeoutMs !== "number" || !(c.loginTimeoutMs > 0))) {
    throw new TypeError("portosAuth: `loginTimeoutMs` must be a positive number of milliseconds");
  }
  const userName = c.userName as string;
  const deviceName = c.deviceName as string;
  const password = c.password;
  const useRefreshToken = c.useRefreshToken ?? true;
  const configured = c.baseUrl === undefined ? undefined : checkPortosUrl(c.baseUrl);

  // Where the login goes, and the one origin the token may be sent to.
  let base = configured?.base;
  let origin = configured?.origin;
  let session: Session | undefined;
  // Set while a 401 is being handled: that session was refused, so log in rather than refresh it.
  let refused = false;

  // The server's words, unless they would repeat the password (core redacts secrets of 4+ characters).
  const vendorText = (body: unknown): string => {
    const text = problemText(body);
    if (text === undefined) return "";
    const redacted = redactSecrets(text, [password]);
    return password !== "" && redacted.includes(password) ? "" : `: ${redacted}`;
  };

  const refusedLogin = (status: number, body: unknown): AuthError => {
    const why = vendorText(body);
    return new AuthError(
      `portosAuth: login of user "${userName}" on device "${deviceName}" refused (HTTP ${status}${why}); check userName, password and deviceName`,
      { status },
    );
  };

  async function logIn(fetch: FetchLike, signal: AbortSignal): Promise<Session> {
    const response = await fetch(`${base}/api/auth`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ UserName: userName, Password: password, DeviceName: deviceName }),
      signal,
    });
    const body = await readJson(response);
    if (response.status === 400 || response.status === 401 || response.status === 403) throw refusedLogin(response.status, body);
    if (!response.ok) {
      throw new AuthError(`portosAuth: login failed (HTTP ${response.status}${vendorText(body)})`, { status: response.status });
    }
    const found = sessionOf(body);
    if (!found) throw new AuthError("portosAuth: the login answer carries no tokenId", { status: response.status });
    return found;
  }

  /** `POST /api/auth/refresh`; undefined when it does not give a usable session (the caller logs in instead). */
  async function refresh(fetch: FetchLike, signal: AbortSignal, from: Session): Promise<Session | undefined> {
    try {
      const response = await fetch(`${base}/api/auth/refresh`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ tokenId: from.tokenId, refreshToken: from.refreshToken }),
        signal,
      });
      if (!response.ok) {
        await response.body?.cancel();
        return undefined;
      }
      const renewed = sessionOf(await readJson(response));
      // Keep the refresh token if the answer does not repeat it.
      return renewed && { tokenId: renewed.tokenId, refreshToken: renewed.refreshToken ?? from.refreshToken };
    } catch (err) {
      if (signal.aborted) throw err;
      return undefined;
    }
  }

  const inner = tokenAuth<Session>({
    name: "portosAuth",
    renewBeforeMs: 0, // expiresAt below already leaves the margin
    loginTimeoutMs: c.loginTimeoutMs,
    async login({ fetch, signal }) {
      const previous = session;
      const afterRefusal = refused;
      refused = false;
      let next: Session | undefined;
      if (useRefreshToken && !afterRefusal && previous?.refreshToken) next = await refresh(fetch, signal, previous);
      next ??= await logIn(fetch, signal);
      session = next;
      return { value: next, expiresAt: renewAt(next.tokenId) };
    },
    apply(request, s) {
      request.headers.set("authorization", `Bearer ${s.tokenId}`);
    },
  });

  function bind(request: AuthRequest): void {
    if (origin !== undefined && request.url.startsWith(`${origin}/`)) return;
    const target = originOf(request.url);
    if (origin === undefined) {
      origin = target;
      base = target;
    } else if (target !== origin) {
      throw new AuthError(
        `portosAuth: this auth logs in at ${origin}; a request to ${target} would carry its token. Create one portosAuth per Portos server`,
      );
    }
  }

  return {
    authorize(request) {
      bind(request);
      return inner.authorize(request);
    },
    async refresh(request, response) {
      refused = true;
      try {
        return (await inner.refresh?.(request, response)) ?? false;
      } finally {
        refused = false;
      }
    },
    invalidate() {
      inner.invalidate();
      session = undefined;
    },
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

function originOf(url: string): string {
  return new URL(url).origin;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    const text = await response.text();
    return text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
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

/**
 * When to renew: before the JWT's `exp` (30 s, or half the remaining life if shorter). Undefined when the token is
 * not a JWT with an `exp`: it is then used until the API answers 401.
 */
function renewAt(tokenId: string, now = Date.now()): number | undefined {
  const payload = tokenId.split(".")[1];
  if (!payload) return undefined;
  try {
    const b64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims: unknown = JSON.parse(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
    const expiresAt = exp * 1000;
    // Already expired by our clock: the clocks disagree, so rely on the API's 401 rather than renewing every time.
    if (expiresAt <= now) return undefined;
    return expiresAt - Math.min(RENEW_BEFORE_MS, Math.max(0, (expiresAt - now) / 2));
  } catch {
    return undefined;
  }
}
