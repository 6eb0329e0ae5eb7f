import { AuthError, redactSecrets, redactUrl, tokenAuth, type FetchLike, type TokenAuth } from "@b2bkit/core";

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
  /** Abort a login that takes longer. Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
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
  const renewBeforeMs = checkMs("renewBeforeMs", credentials.renewBeforeMs, DEFAULT_RENEW_BEFORE_MS);
  const loginTimeoutMs = checkMs("loginTimeoutMs", credentials.loginTimeoutMs, 30_000);
  const shownUrl = redactUrl(authUrl);

  const base = tokenAuth<string>({
    name: "amplifierAuth",
    // The margin is applied here, capped by the token's own lifetime, so a short-lived token is still reused.
    renewBeforeMs: 0,
    loginTimeoutMs,
    async login({ fetch, signal }) {
      const sentAt = Date.now();
      const response = await fetch(authUrl, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: new URLSearchParams({ username, password } satisfies TokenRequest).toString(),
        signal,
      });
      const text = await response.text();
      if (!response.ok) {
        throw new AuthError(refusal(response.status, withoutPassword(text, password), shownUrl), { status: response.status });
      }
      const token = readToken(text);
      if (token === undefined) {
        throw new AuthError(`amplifierAuth: the token answer of ${shownUrl} (HTTP ${response.status}) has no \`access_token\``, {
          status: response.status,
        });
      }
      return { value: token.access_token, expiresAt: expiresAt(token, sentAt, renewBeforeMs) };
    },
    apply(request, token) {
      request.headers.set("authorization", `Bearer ${token}`);
    },
  });

  const auth: AmplifierAuth = {
    authorize: (request) => base.authorize(request),
    refresh: (request, response) => base.refresh!(request, response),
    invalidate: () => base.invalidate(),
    current: () => base.current(),
    async getToken(options) {
      const fetch: FetchLike = options?.fetch ?? ((input, init) => globalThis.fetch(input, init));
      const headers = new Headers();
      await base.authorize({ method: "GET", url: authUrl, headers, body: undefined, fetch });
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

function checkMs(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`amplifierAuth: \`${name}\` must be a number of milliseconds >= 0`);
  }
  return value;
}

function refusal(status: number, body: string, url: string): string {
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

/** A server may echo what it was sent: the password never reaches an error message. */
function withoutPassword(text: string, password: string): string {
  const redacted = redactSecrets(text, [password]);
  // redactSecrets leaves very short values alone; then the server's text is not repeated at all.
  return redacted.includes(password) ? "" : redacted;
}

/** The server's own words, from a DRF (`detail`) or OAuth2 (`error_description`, `error`) body, kept short. */
function serverMessage(body: string): string | undefined {
  let message: unknown;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown> | null;
    message = parsed?.["detail"] ?? parsed?.["error_description"] ?? parsed?.["error"] ?? parsed?.["message"];
  } catch {
    // An HTML error page says nothing worth repeating.
    return undefined;
  }
  if (typeof message !== "string" || message.trim() === "") return undefined;
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

function readToken(text: string): TokenAnswer | undefined {
  try {
    const parsed = JSON.parse(text) as Partial<TokenAnswer> | null;
    if (parsed && typeof parsed.access_token === "string" && parsed.access_token !== "") return parsed as TokenAnswer;
  } catch {
    // Not JSON: reported by the caller as a missing access_token.
  }
  return undefined;
}

/**
 * When to stop using the token: its `exp` (or, without one, `expires_in`) minus the renewal margin, the margin
 * capped at half the token's lifetime. Undefined (use it until a 401) when neither is given, or when `exp` is
 * already past by the local clock, which then disagrees with the server's.
 */
function expiresAt(token: TokenAnswer, sentAt: number, renewBeforeMs: number): number | undefined {
  const exp = jwtExpiry(token.access_token);
  let end: number | undefined;
  if (exp !== undefined) end = exp;
  else if (typeof token.expires_in === "number" && Number.isFinite(token.expires_in) && token.expires_in > 0) end = sentAt + token.expires_in * 1000;
  if (end === undefined) return undefined;
  const lifetime = end - Date.now();
  if (lifetime <= 0) return undefined;
  return end - Math.min(renewBeforeMs, lifetime / 2);
}

/** The `exp` claim of a JWT in epoch milliseconds, read without verifying the signature. */
export function jwtExpiry(jwt: string): number | undefined {
  const payload = jwt.split(".")[1];
  if (payload === undefined || payload === "") return undefined;
  try {
    const b64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const binary = atob(b64.padEnd(b64.length + ((4 - (b64.length % 4)) % 4), "="));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown } | null;
    const exp = claims?.exp;
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
