import { AuthError, checkBaseUrl, redactUrl, tokenAuth, type Auth, type AuthRequest, type LoginContext } from "@b2bkit/core";

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
  /** Default 30 000 ms. */
  loginTimeoutMs?: number | undefined;
  token?: never;
}

export type TlsecureAuthOptions = TlsecureTokenOptions | TlsecureGuestOptions;

export interface TlsecureAuth extends Auth {
  /** `token`: the token you passed; `guest`: guest tokens fetched on demand. */
  readonly mode: "token" | "guest";
  /** Forgets a fetched guest token: the next request fetches a new one. Does nothing in `token` mode. */
  invalidate(): void;
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
  const auth: TlsecureAuth & { toString(): string; toJSON(): unknown } = {
    mode: "token",
    authorize(request) {
      if (!TOKEN_CALL.test(request.url)) request.headers.set("token", token);
    },
    invalidate() {},
    // No token on the object itself: a logged or serialised auth shows only this.
    toString: () => "[tlsecureAuth token]",
    toJSON: () => ({ type: "tlsecureAuth", mode: "token" }),
  };
  return auth;
}

function guestTokens(options: TlsecureGuestOptions): TlsecureAuth {
  const { domainCode } = options;
  if (typeof domainCode !== "string" || !DOMAIN_CODE.test(domainCode)) {
    throw new TypeError(
      `tlsecureAuth: \`domainCode\` must be the five-digit code of your shop as a string, e.g. "00000" (got ${typeof domainCode === "string" ? `${domainCode.length} characters` : typeof domainCode})`,
    );
  }
  const fixedBase = options.baseUrl === undefined ? undefined : checkMediaWebUrl(options.baseUrl);
  // The address the next token is fetched from: the option, else the API address of the request being authorized.
  let apiBase = fixedBase;

  const tokens = tokenAuth<string>({
    name: "tlsecureAuth",
    loginTimeoutMs: options.loginTimeoutMs,
    login: (context) => fetchGuestToken(context, `${apiBase}/api/json/${domainCode}/customer/token`, domainCode),
    apply: (request, token) => request.headers.set("token", token),
  });

  function target(request: AuthRequest): void {
    const match = API_URL.exec(request.url);
    if (match && match[2] !== domainCode) {
      throw new AuthError(
        `tlsecureAuth: this auth fetches tokens for shop ${domainCode} but the request is for shop ${String(match[2])}: use one tlsecureAuth per shop`,
      );
    }
    if (fixedBase !== undefined) return;
    if (!match) {
      throw new AuthError(
        `tlsecureAuth: cannot tell where to fetch a token from ${redactUrl(request.url)} (no /api/{returnType}/{domainCode}/ in it): pass \`baseUrl\``,
      );
    }
    apiBase = match[1];
  }

  const auth: TlsecureAuth & { toString(): string; toJSON(): unknown } = {
    mode: "guest",
    authorize(request) {
      if (TOKEN_CALL.test(request.url)) return;
      target(request);
      return tokens.authorize(request);
    },
    refresh(request, response) {
      target(request);
      return tokens.refresh!(request, response);
    },
    invalidate: () => tokens.invalidate(),
    toString: () => `[tlsecureAuth guest ${domainCode}]`,
    toJSON: () => ({ type: "tlsecureAuth", mode: "guest", domainCode }),
  };
  return auth;
}

const checkMediaWebUrl = (baseUrl: unknown): string =>
  checkBaseUrl("tlsecureAuth", baseUrl, {
    what: "MediaWeb",
    example: "https://wsmedia.tlsecure.com",
    routes: { pattern: /\/(?:api|RestWSDF4)(?:\/.*)?$/, name: "/api" },
  });

/** `GET …/customer/token` with the client's plain fetch; the answer's `object.token.value` is the token. */
async function fetchGuestToken({ fetch, signal }: LoginContext, url: string, domainCode: string): Promise<{ value: string }> {
  const request = { method: "GET", url: redactUrl(url) };
  const response = await fetch(url, { method: "GET", headers: { accept: "application/json" }, signal });
  const text = await response.text();
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const envelope = (body as { response?: { success?: unknown; code?: unknown; message?: unknown; object?: unknown } } | undefined)?.response;
  const said = envelope ? vendorSays(envelope.code, envelope.message) : "";
  if (!response.ok) {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered HTTP ${response.status}${said}`, { status: response.status, request });
  }
  if (!envelope || typeof envelope !== "object") {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered HTTP ${response.status} without a TLSecure envelope`, {
      status: response.status,
      request,
    });
  }
  // TLSecure sends failures with HTTP 200.
  if (envelope.success !== true) {
    throw new AuthError(`tlsecureAuth: no guest token for shop ${domainCode}${said}`, { status: response.status, request });
  }
  const value = (envelope.object as { token?: { value?: unknown } } | undefined)?.token?.value;
  if (typeof value !== "string" || value === "" || !/^[\x21-\x7e]+$/.test(value)) {
    throw new AuthError(`tlsecureAuth: the token call for shop ${domainCode} answered success without a usable object.token.value`, {
      status: response.status,
      request,
    });
  }
  // The expiration date comes under a name this package does not know: a token is used until the API refuses it.
  return { value };
}

function vendorSays(code: unknown, message: unknown): string {
  const c = typeof code === "number" || typeof code === "string" ? ` code ${String(code)}` : "";
  const m = typeof message === "string" && message !== "" ? ` "${message.length > 200 ? `${message.slice(0, 200)}…` : message}"` : "";
  return c || m ? `:${c}${m}` : "";
}
