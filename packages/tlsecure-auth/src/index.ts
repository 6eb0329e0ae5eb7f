import { AuthError, checkBaseUrl, headerAuth, redactUrl, tokenAuth, type Auth, type AuthRequest, type LoginContext } from "@b2bkit/core/internal";

/** A token you already have (a customer's, or a guest token you keep per visitor). */
export interface TlsecureTokenOptions {
  /** The 26-character token from `…/customer/token`, sent in the `token` header. */
  token: string;
  domainCode?: never;
  baseUrl?: never;
}

/** Guest tokens fetched for you from `…/customer/token`, renewed once when the API says the token is refused. */
export interface TlsecureGuestOptions {
  /** The five-digit code of the shop the tokens are for (`00000` is the test shop): the client's `domainCode`. */
  domainCode: string;
  /**
   * Where to fetch the token, e.g. `https://wsmedia.tlsecure.com`. Default: the address of the request that needs
   * the token, up to its `/api/` (so it follows the client's `baseUrl`).
   */
  baseUrl?: string | undefined;
  /** The longest a token call may take, retries included. Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
  /** How long a refused token call is remembered (requests fail at once meanwhile). Default 60 000 ms; `reset()` forgets it. */
  cooldownMs?: number | undefined;
  token?: never;
}

export type TlsecureAuthOptions = TlsecureTokenOptions | TlsecureGuestOptions;

export interface TlsecureAuth extends Auth {
  /** `token`: the token you passed; `guest`: guest tokens fetched on demand. */
  readonly mode: "token" | "guest";
  /** Forgets a fetched guest token: the next request fetches a new one. Does nothing in `token` mode. */
  invalidate(): void;
  /** Forgets the guest token and a remembered refusal. Does nothing in `token` mode. */
  reset(): void;
  /** No secret in it: `[tlsecureAuth token]`, `[tlsecureAuth guest 00000]`. */
  toString(): string;
  toJSON(): unknown;
}

// `…/api/{returnType}/{domainCode}/…`: what precedes /api is the API's address.
const API_URL = /^(.*?)\/api\/(?:json|xml)\/([^/?#]+)\//;
// The token call takes no token (`security: []` in the spec): it gets none, and a guest auth fetches none for it.
const TOKEN_CALL = /\/customer\/token([?#]|$)/;
// What a header can carry: printable ASCII, no spaces or line breaks.
const HEADER_VALUE = /^[\x21-\x7e]+$/;

/** What was passed instead, without its value (a token is never echoed). */
const got = (value: unknown): string => (typeof value === "string" ? `${value.length} characters` : value === null ? "null" : typeof value);

/**
 * The `token` header for `@b2bkit/tlsecure-client`. Either your own token — `tlsecureAuth({ token })` — or guest
 * tokens — `tlsecureAuth({ domainCode })` — fetched once for any number of concurrent requests and fetched anew
 * (once, then the request is replayed) when the API answers that the token is refused: HTTP 401, or the envelope
 * codes 4 "no token with that key" / 5 "invalid token" that TLSecure sends with HTTP 200 (the client detects those
 * and calls `refresh`).
 */
export function tlsecureAuth(options: TlsecureAuthOptions): TlsecureAuth {
  // Not an object, both, or neither: one message says what to pass.
  if (!options || typeof options !== "object" || (options.token === undefined) === (options.domainCode === undefined)) {
    throw new TypeError("tlsecureAuth: pass one of { token } (a token you have) and { domainCode } (guest tokens for that shop)");
  }
  const { token } = options;
  if (token === undefined) return guestTokens(options);
  const extra = ["baseUrl", "loginTimeoutMs", "cooldownMs"].find((name) => options[name as keyof typeof options] !== undefined);
  if (extra) throw new TypeError(`tlsecureAuth: \`${extra}\` is an option of guest tokens { domainCode }, not of { token }`);
  // The 26 characters of …/customer/token's `object.token.value`, each one a header can carry.
  if (typeof token !== "string" || token.length !== 26 || !HEADER_VALUE.test(token)) {
    throw new TypeError(
      `tlsecureAuth: \`token\` must be the 26-character token from …/customer/token (no spaces, line breaks or other characters a header cannot carry); got ${got(token)}`,
    );
  }
  return { ...headerAuth("tlsecureAuth", "token", "token", token, TOKEN_CALL), mode: "token", invalidate() {}, reset() {} };
}

function guestTokens(options: TlsecureGuestOptions): TlsecureAuth {
  const { domainCode, baseUrl } = options;
  if (typeof domainCode !== "string" || !/^\d{5}$/.test(domainCode)) {
    // The same words (and `got`) as createTlsecureClient's, on purpose: a bundle with both compresses the second to almost nothing.
    throw new TypeError(
      `tlsecureAuth: \`domainCode\` must be the five-digit code of your shop as a string, e.g. "00000" (the test shop); got ${got(domainCode)}`,
    );
  }
  const fixedBase =
    baseUrl === undefined
      ? undefined
      : checkBaseUrl("tlsecureAuth", baseUrl, {
          what: "MediaWeb",
          example: "https://wsmedia.tlsecure.com",
          // The client's MEDIAWEB_ROUTES (this package cannot import the client).
          routes: { pattern: /\/(?:api|RestWSDF4)(?:\/.*)?$/, name: "/api" },
        });

  const tokens = tokenAuth<string>({
    name: "tlsecureAuth",
    loginTimeoutMs: options.loginTimeoutMs,
    cooldownMs: options.cooldownMs,
    // The token goes only to the origin it comes from (a token fetched over https is never sent over http elsewhere).
    origin: fixedBase && new URL(fixedBase).origin,
    // The token comes from the option's address, else from the API address of the request being authorized.
    login: ({ send, url }) => fetchGuestToken(send, `${fixedBase ?? API_URL.exec(url)?.[1]}/api/json/${domainCode}/customer/token`, domainCode),
    apply: (request, token) => request.headers.set("token", token),
  });

  function check(request: AuthRequest): void {
    const match = API_URL.exec(request.url);
    if (match && match[2] !== domainCode) {
      throw new AuthError(
        `tlsecureAuth: this auth fetches tokens for shop ${domainCode} but the request is for shop ${match[2]}: use one tlsecureAuth per shop`,
      );
    }
    if (fixedBase === undefined && !match) {
      throw new AuthError(
        `tlsecureAuth: cannot tell where to fetch a token from ${redactUrl(request.url)} (no /api/{returnType}/{domainCode}/ in it): pass \`baseUrl\``,
      );
    }
  }

  return {
    ...tokens,
    mode: "guest",
    authorize(request) {
      if (TOKEN_CALL.test(request.url)) return;
      check(request);
      return tokens.authorize(request);
    },
    refresh(request, response) {
      check(request);
      return tokens.refresh!(request, response);
    },
    toString: () => `[tlsecureAuth guest ${domainCode}]`,
    toJSON: () => ({ type: "tlsecureAuth", mode: "guest", domainCode }),
  };
}

/** `GET …/customer/token`; the answer's `object.token.value` is the token. */
async function fetchGuestToken(send: LoginContext<string>["send"], url: string, domainCode: string): Promise<{ value: string }> {
  const { status, ok, body } = await send(url, { method: "GET" });
  const envelope = (body as { response?: { success?: unknown; code?: unknown; message?: unknown; object?: { token?: { value?: unknown } } } } | null | undefined)
    ?.response;
  const value = envelope?.object?.token?.value;
  // The vendor's code and message, its message cut at 200 characters.
  const { code, message } = envelope ?? {};
  const c = typeof code === "number" || typeof code === "string" ? ` code ${code}` : "";
  const m = typeof message === "string" && message !== "" ? ` "${message.length > 200 ? `${message.slice(0, 200)}…` : message}"` : "";
  const said = c || m ? `:${c}${m}` : "";
  // TLSecure sends failures with HTTP 200: `success` is what says whether there is a token.
  const why = !ok
    ? `: HTTP ${status}${said}`
    : !envelope || typeof envelope !== "object"
      ? `: HTTP ${status} without a TLSecure envelope`
      : envelope.success !== true
        ? said
        : typeof value !== "string" || !HEADER_VALUE.test(value)
          ? ": success without a usable object.token.value"
          : undefined;
  if (why !== undefined) {
    throw new AuthError(`tlsecureAuth: no guest token for shop ${domainCode}${why}`, { status, request: { method: "GET", url: redactUrl(url) } });
  }
  // The expiration date comes under a name this package does not know: a token is used until the API refuses it.
  return { value: value as string };
}
