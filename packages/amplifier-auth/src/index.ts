import { AuthError, MAX_TIMEOUT_MS, createFetch, jwtExpiry, numberOption, redactUrl, renewAt, tokenAuth, type FetchLike, type TokenAuth } from "@b2bkit/core";

export interface AmplifierCredentials {
  /**
   * The token URL of your AMPER B2B WS, exactly as given to the .NET client's
   * `new AmplifierJWTAuth(username, password, authUrl)`. It is configured apart from the API address.
   */
  authUrl: string;
  /** The translator user's login. */
  username: string;
  /** The translator user's password. Sent only to `authUrl`; never logged or put in an error. */
  password: string;
  /**
   * Log in again this long before the token's `exp`, at most half the token's lifetime. Default 30 000 ms:
   * a request never leaves with a token about to expire, and a modest clock difference is absorbed.
   */
  renewBeforeMs?: number | undefined;
  /** Abort a login that takes longer, retries included. Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
  /**
   * How long a refused login is remembered: meanwhile requests fail at once with the same `AuthError` and the
   * password is not sent again. Default 60 000 ms; `reset()` forgets it sooner.
   */
  cooldownMs?: number | undefined;
}

/** The form body of the token call (`TokenRequest` in the spec). */
export interface TokenRequest {
  username: string;
  password: string;
}

/** The answer of the token call (`Token` in the spec): only `access_token` is relied on. */
export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  refresh_expires_in?: number;
  scope?: string;
}

export interface AmplifierAuth extends TokenAuth<string> {
  /**
   * The access token, logging in first if none is cached or it is about to expire: the equivalent of the
   * .NET `AmplifierJWTAuth.GetToken()`. Uses the global fetch unless one is given.
   */
  getToken(options?: { fetch?: FetchLike | undefined }): Promise<string>;
  toString(): string;
  toJSON(): unknown;
}

const DEFAULT_RENEW_BEFORE_MS = 30_000;

/**
 * JWT auth for `@b2bkit/amplifier-client`:
 * `createAmplifierClient({ baseUrl, auth: amplifierAuth({ authUrl, username, password }) })`.
 *
 * Logs in with a form POST of `username` and `password` to `authUrl`, sends `Authorization: Bearer <access_token>`,
 * keeps the token until shortly before the `exp` it carries (read, not verified: the server verifies it), shares
 * one login among concurrent requests, and logs in again once when a request answers 401.
 */
export function amplifierAuth(credentials: AmplifierCredentials): AmplifierAuth {
  if (!credentials || typeof credentials !== "object") {
    throw new TypeError("amplifierAuth: pass { authUrl, username, password } (the values your .NET AmplifierJWTAuth is built with)");
  }
  const { username, password } = credentials;
  const authUrl = checkAuthUrl(credentials.authUrl);
  for (const [name, value] of [["username", username], ["password", password]] as const) {
    if (typeof value !== "string" || value === "") {
      throw new TypeError(`amplifierAuth: \`${name}\` is required and must be a non-empty string (the translator user's ${name})`);
    }
  }
  const renewBeforeMs = numberOption("amplifierAuth", "renewBeforeMs", credentials.renewBeforeMs, DEFAULT_RENEW_BEFORE_MS, 0);
  const shownUrl = redactUrl(authUrl);

  const base = tokenAuth<string>({
    name: "amplifierAuth",
    // The margin is applied here, capped by the token's own lifetime, so a short-lived token is still reused.
    renewBeforeMs: 0,
    loginTimeoutMs: credentials.loginTimeoutMs,
    cooldownMs: credentials.cooldownMs,
    secrets: [password],
    async login({ send }) {
      const sentAt = Date.now();
      const { status, ok, body } = await send(authUrl, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username, password } satisfies TokenRequest).toString(),
      });
      if (!ok) throw new AuthError(refusal(status, body, shownUrl), { status });
      const token = body as Partial<TokenAnswer> | undefined;
      if (typeof token?.access_token !== "string" || token.access_token === "") {
        throw new AuthError(`amplifierAuth: the token answer of ${shownUrl} (HTTP ${status}) has no \`access_token\``, { status });
      }
      const { access_token: value, refresh_token: refresh, expires_in: seconds } = token;
      const end = jwtExpiry(value) ?? (typeof seconds === "number" && seconds > 0 ? sentAt + seconds * 1000 : undefined);
      return { value, expiresAt: renewAt(end, renewBeforeMs), secrets: refresh ? [value, refresh] : [value] };
    },
    apply(request, token) {
      request.headers.set("authorization", `Bearer ${token}`);
    },
  });
  // getToken() outside a client: the global fetch (or the one given), with the same login rules as a client's.
  let own: { fetch: FetchLike | undefined; login: FetchLike } | undefined;

  const auth: AmplifierAuth = {
    ...base,
    async getToken(options) {
      const given = options?.fetch;
      if (own === undefined || own.fetch !== given) own = { fetch: given, login: createFetch({ fetch: given, retryMethods: ["POST"], timeoutMs: MAX_TIMEOUT_MS }) };
      const headers = new Headers();
      await base.authorize({ method: "GET", url: authUrl, headers, body: undefined, fetch: own.login });
      return (headers.get("authorization") ?? "").slice("Bearer ".length);
    },
    // No password on the object: a logged or serialised auth shows only this.
    toString: () => "[amplifierAuth]",
    toJSON: () => ({ type: "amplifierAuth", authUrl: shownUrl, username }),
  };
  return auth;
}

function checkAuthUrl(value: unknown): string {
  const hint = 'pass the token URL of your AMPER B2B WS, e.g. amplifierAuth({ authUrl: "https://client-id.ampliapps.com/auth/", … })';
  if (typeof value !== "string" || value.trim() === "") throw new TypeError(`amplifierAuth: \`authUrl\` is required: ${hint}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`amplifierAuth: \`authUrl\` is not an absolute URL: ${hint}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new TypeError(`amplifierAuth: \`authUrl\` must be an http(s) URL: ${hint}`);
  if (url.username || url.password) {
    throw new TypeError("amplifierAuth: `authUrl` must not contain a user name or password: pass them as `username` and `password`");
  }
  return value;
}

function refusal(status: number, body: unknown, url: string): string {
  const detail = serverMessage(body);
  const why = detail ? `: ${detail}` : "";
  if (status === 400 || status === 401 || status === 403) {
    return `amplifierAuth: login refused by ${url} (HTTP ${status})${why}; check \`username\` and \`password\``;
  }
  if (status === 404 || status === 405) {
    return `amplifierAuth: ${url} answered HTTP ${status}${why}; check \`authUrl\` (the token URL, not the API address)`;
  }
  return `amplifierAuth: login failed, ${url} answered HTTP ${status}${why}`;
}

/** The server's own words, from a DRF (`detail`) or OAuth2 (`error_description`, `error`) body, kept short. */
function serverMessage(body: unknown): string | undefined {
  // An HTML error page says nothing worth repeating.
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const message = b["detail"] ?? b["error_description"] ?? b["error"] ?? b["message"];
  if (typeof message !== "string" || message.trim() === "") return undefined;
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

/** The `exp` claim of a JWT in epoch milliseconds (core's `jwtExpiry`, kept here for existing imports). */
export { jwtExpiry };
