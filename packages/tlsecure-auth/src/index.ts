import { AuthError, checkBaseUrl, headerAuth, redactUrl, tokenAuth, type Auth, type AuthRequest, type LoginContext } from "@b2bkit/core";

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

const TOKEN_LENGTH = 26;
const DOMAIN_CODE = /^[0-9]{5}$/;
// `…/api/{returnType}/{domainCode}/…`: what precedes /api is the API's address.
const API_URL = /^(.*?)\/api\/(?:json|xml)\/([^/?#]+)\//;
// The token call takes no token (`security: []` in the spec): it gets none, and a guest auth fetches none for it.
const TOKEN_CALL = /\/customer\/token([?#]|$)/;

/**
 * The `token` header for `@b2bkit/tlsecure-client`. Either your own token — `tlsecureAuth({ token })` — or guest
 * tokens — `tlsecureAuth({ domainCode })` — fetched once for any number of concurrent requests and fetched anew
 * (once, then the request is replayed) when the API answers that the token is refused: HTTP 401, or the envelope
 * codes 4 "no token with that key" / 5 "invalid token" that TLSecure sends with HTTP 200 (the client detects those
 * and calls `refresh`).
 */
export function tlsecureAuth(options: TlsecureAuthOptions): TlsecureAuth {
  if (!options || typeof options !== "object") {
    throw new TypeError("tlsecureAuth: pass { token } (a token you have) or { domainCode } (guest tokens fetched for that shop)");
  }
  const hasToken = options.token !== undefined;
  const hasDomain = options.domainCode !== undefined;
  if (hasToken && hasDomain) {
    throw new TypeError(
      "tlsecureAuth: pass either `token` (a token you have) or `domainCode` (guest tokens fetched for that shop), not both",
    );
  }
  if (!hasToken && !hasDomain) {
    throw new TypeError("tlsecureAuth: `token` or `domainCode` is required: { token } sends your token, { domainCode } fetches guest tokens");
  }
  return hasToken ? staticToken(checkToken(options.token)) : guestTokens(options as TlsecureGuestOptions);
}

function checkToken(token: unknown): string {
  if (typeof token !== "string" || token === "") {
    throw new TypeError("tlsecureAuth: `token` must be a non-empty string: the 26-character token from …/customer/token");
  }
  // The length says whether it is a token at all; the value is never echoed.
  if (token.length !== TOKEN_LENGTH) {
    throw new TypeError(`tlsecureAuth: \`token\` must be ${TOKEN_LENGTH} characters long (got ${token.length}): the token from …/customer/token`);
  }
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new TypeError("tlsecureAuth: `token` must contain no spaces, line breaks or other characters a header cannot carry");
  }
  return token;
}

function staticToken(token: string): TlsecureAuth {
  return { ...headerAuth("tlsecureAuth", "token", "token", token, TOKEN_CALL), mode: "token", invalidate() {}, reset() {} };
}

function guestTokens(options: TlsecureGuestOptions): TlsecureAuth {
  const { domainCode } = options;
  if (typeof domainCode !== "string" || !DOMAIN_CODE.test(domainCode)) {
    throw new TypeError(
      `tlsecureAuth: \`domainCode\` must be the five-digit code of your shop as a string, e.g. "00000" (got ${typeof domainCode === "string" ? `${domainCode.length} characters` : typeof domainCode})`,
    );
  }
  const fixedBase = options.baseUrl === undefined ? undefined : checkMediaWebUrl(options.baseUrl);

  const tokens = tokenAuth<string>({
    name: "tlsecureAuth",
    loginTimeoutMs: options.loginTimeoutMs,
    cooldownMs: options.cooldownMs,
    // The token comes from the option's address, else from the API address of the request being authorized.
    login: (context) => fetchGuestToken(context, `${fixedBase ?? apiBase(context.url)}/api/json/${domainCode}/customer/token`, domainCode),
    apply: (request, token) => request.headers.set("token", token),
  });

  function check(request: AuthRequest): void {
    const match = API_URL.exec(request.url);
    if (match && match[2] !== domainCode) {
      throw new AuthError(
        `tlsecureAuth: this auth fetches tokens for shop ${domainCode} but the request is for shop ${String(match[2])}: use one tlsecureAuth per shop`,
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

/** What precedes `/api/{returnType}/{domainCode}/` in a request's URL: the API's address. */
const apiBase = (url: string): string => API_URL.exec(url)?.[1] ?? "";

const checkMediaWebUrl = (baseUrl: unknown): string =>
  checkBaseUrl("tlsecureAuth", baseUrl, {
    what: "MediaWeb",
    example: "https://wsmedia.tlsecure.com",
    routes: { pattern: /\/(?:api|RestWSDF4)(?:\/.*)?$/, name: "/api" },
  });

/** `GET …/customer/token`; the answer's `object.token.value` is the token. */
async function fetchGuestToken({ send }: LoginContext<string>, url: string, domainCode: string): Promise<{ value: string }> {
  const request = { method: "GET", url: redactUrl(url) };
  const { status, ok, body } = await send(url, { method: "GET" });
  const envelope = (body as { response?: { success?: unknown; code?: unknown; message?: unknown; object?: unknown } } | undefined)?.response;
  const said = envelope ? vendorSays(envelope.code, envelope.message) : "";
  if (!ok) {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered HTTP ${status}${said}`, { status, request });
  }
  if (!envelope || typeof envelope !== "object") {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered HTTP ${status} without a TLSecure envelope`, { status, request });
  }
  // TLSecure sends failures with HTTP 200.
  if (envelope.success !== true) {
    throw new AuthError(`tlsecureAuth: no guest token for shop ${domainCode}${said}`, { status, request });
  }
  const value = (envelope.object as { token?: { value?: unknown } } | undefined)?.token?.value;
  if (typeof value !== "string" || value === "" || !/^[\x21-\x7e]+$/.test(value)) {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered success without a usable object.token.value`, { status, request });
  }
  // The expiration date comes under a name this package does not know: a token is used until the API refuses it.
  return { value };
}

function vendorSays(code: unknown, message: unknown): string {
  const c = typeof code === "number" || typeof code === "string" ? ` code ${String(code)}` : "";
  const m = typeof message === "string" && message !== "" ? ` "${message.length > 200 ? `${message.slice(0, 200)}…` : message}"` : "";
  return c || m ? `:${c}${m}` : "";
}
