import { AuthError, createLoginFetch, jwtExpiry, numberOption, redactUrl, renewAt, tokenAuth, type FetchLike, type Logger, type TokenAuth } from "@b2bkit/core/internal";

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

/** The answer of the token call (`Token` in the spec): only `access_token` is relied on; the rest may be null. */
export interface TokenAnswer {
  access_token: string;
  refresh_token?: string | null;
  token_type?: string | null;
  expires_in?: number | null;
  refresh_expires_in?: number | null;
  scope?: string | null;
}

export interface AmplifierAuth extends TokenAuth<string> {
  /**
   * The access token, logging in first if none is cached or it is about to expire: the equivalent of the
   * .NET `AmplifierJWTAuth.GetToken()`. Uses the global fetch unless one is given; its token call is logged as a
   * client's are (`logger`, else `B2BKIT_DEBUG=1`).
   */
  getToken(options?: { fetch?: FetchLike | undefined; logger?: Logger | undefined }): Promise<string>;
  toString(): string;
  toJSON(): unknown;
}

const NAME = "amplifierAuth";

/**
 * JWT auth for `@b2bkit/amplifier-client`:
 * `createAmplifierClient({ baseUrl, auth: amplifierAuth({ authUrl, username, password }) })`.
 *
 * Logs in with a form POST of `username` and `password` to `authUrl`, sends `Authorization: Bearer <access_token>`,
 * keeps the token until shortly before the `exp` it carries (read, not verified: the server verifies it), shares
 * one login among concurrent requests, and logs in again once when a request answers 401.
 */
export function amplifierAuth(credentials: AmplifierCredentials): AmplifierAuth {
  const c = (credentials && typeof credentials === "object" ? credentials : {}) as Partial<AmplifierCredentials>;
  const { authUrl, username, password } = c as AmplifierCredentials; // checked below
  let url: URL | undefined;
  try {
    url = new URL(authUrl);
  } catch {
    // refused below
  }
  const hint = `: pass the token URL of your AMPER B2B WS, e.g. ${NAME}({ authUrl: "https://client-id.ampliapps.com/auth/", … })`;
  const bad =
    typeof authUrl !== "string" || !authUrl.trim()
      ? `is required${hint}`
      : !url
        ? `is not an absolute URL${hint}`
        : !/^https?:$/.test(url.protocol)
          ? `must be an http(s) URL${hint}`
          : (url.username || url.password) && "must not contain a user name or password: pass them as `username` and `password`";
  if (bad) throw new TypeError(`${NAME}: \`authUrl\` ${bad}`);
  for (const [name, value] of [["username", username], ["password", password]] as const) {
    if (typeof value !== "string" || !value) throw new TypeError(`${NAME}: \`${name}\` is required (a non-empty string): the translator user's ${name}`);
  }
  // The margin is applied here, capped by the token's own lifetime, so a short-lived token is still reused.
  const renewBeforeMs = numberOption(NAME, "renewBeforeMs", c.renewBeforeMs, 30_000, 0);
  const shownUrl = redactUrl(authUrl);

  const base = tokenAuth<string>({
    name: NAME,
    renewBeforeMs: 0,
    loginTimeoutMs: c.loginTimeoutMs,
    cooldownMs: c.cooldownMs,
    secrets: [password],
    async login({ send }) {
      const sentAt = Date.now();
      const { status, ok, body } = await send(authUrl, {
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username, password } satisfies TokenRequest).toString(),
      });
      const token = body as (Partial<TokenAnswer> & Record<string, unknown>) | null;
      const value = token?.access_token;
      if (ok && typeof value === "string" && value) {
        const seconds = token!.expires_in;
        const end = jwtExpiry(value) ?? (typeof seconds === "number" && seconds > 0 ? sentAt + seconds * 1000 : undefined);
        return { value, expiresAt: renewAt(end, renewBeforeMs), secrets: [value, token!.refresh_token ?? ""] };
      }
      if (ok) throw new AuthError(`${NAME}: the token answer of ${shownUrl} (HTTP ${status}) has no \`access_token\``, { status });
      // The server's own words, from a DRF (`detail`) or OAuth2 (`error_description`, `error`) body, kept short; an
      // HTML error page says nothing worth repeating.
      const said = token?.["detail"] ?? token?.error_description ?? token?.["error"] ?? token?.["message"];
      const why = typeof said === "string" && said.trim() ? `: ${said.length > 200 ? `${said.slice(0, 200)}…` : said}` : "";
      const refused = status === 400 || status === 401 || status === 403;
      throw new AuthError(
        `${NAME}: login ${refused ? "refused by" : "failed at"} ${shownUrl} (HTTP ${status})${why}${
          refused ? "; check `username` and `password`" : status === 404 || status === 405 ? "; check `authUrl` (the token URL, not the API address)" : ""
        }`,
        { status },
      );
    },
    apply(request, token) {
      request.headers.set("authorization", `Bearer ${token}`);
    },
  });
  // getToken() outside a client: the global fetch (or the one given), with the same login rules as a client's.
  let own: { fetch: FetchLike | undefined; logger: Logger | undefined; login: FetchLike } | undefined;

  return {
    ...base,
    async getToken(options) {
      const { fetch: given, logger } = options ?? {};
      if (!own || own.fetch !== given || own.logger !== logger) own = { fetch: given, logger, login: createLoginFetch({ fetch: given, logger, secrets: base.secrets }) };
      const headers = new Headers();
      await base.authorize({ method: "GET", url: authUrl, headers, body: undefined, fetch: own.login });
      return (headers.get("authorization") ?? "").slice(7); // after "Bearer "
    },
    // No password on the object: a logged or serialised auth shows only this.
    toString: () => `[${NAME}]`,
    toJSON: () => ({ type: NAME, authUrl: shownUrl, username }),
  };
}

/** The `exp` claim of a JWT in epoch milliseconds (core's `jwtExpiry`, kept here for existing imports). */
export { jwtExpiry };
