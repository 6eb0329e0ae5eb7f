import type { Auth, AuthRequest } from "@b2bkit/core/internal";

/** What a signing function gets: everything but the secret is also what goes over the wire. */
export interface SignInput {
  method: string;
  /** URL path with its query string, e.g. `/rest/amage/v1/deliveries/list?page=1&size=50`. */
  path: string;
  /** The API key secret. Never sent; only the signature derived from it is. */
  secret: string;
  /** The request body as sent, if any (a JSON string for AMAGE's JSON operations). */
  body: BodyInit | undefined;
}

export type SignFunction = (input: SignInput) => string | Promise<string>;

export interface AmageCredentials {
  /** UUID of the device registered for API access (`amage-device-uuid`). */
  deviceUuid: string;
  /** The API key (`amage-api-key`). */
  apiKey: string;
  /** The API key secret the signature is derived from. Never sent, logged or put in an error. */
  secret: string;
  /**
   * Replaces the default signature. AMAGE says the signature is "generated based on the query path and the
   * API key secret using SHA-256, converted to hexadecimal" but does not publish the exact string hashed;
   * the default is `hex(SHA-256(path + secret))`, path including the query string.
   */
  sign?: SignFunction | undefined;
}

const encoder = new TextEncoder();

/** The documented default, and an assumption: `hex(SHA-256(path + secret))`. Web Crypto only. */
export async function defaultSign({ path, secret }: SignInput): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", encoder.encode(path + secret));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Signs every request for `@b2bkit/amage-client`: `createAmageClient({ baseUrl, auth: amageAuth({ deviceUuid, apiKey, secret }) })`.
 * The three headers go on every request together.
 */
export function amageAuth(credentials: AmageCredentials): Auth {
  const { deviceUuid, apiKey, secret, sign } = credentials ?? ({} as AmageCredentials);
  for (const [name, value] of Object.entries({ deviceUuid, apiKey, secret })) {
    if (typeof value !== "string" || !value.trim()) throw new TypeError(`amageAuth: \`${name}\` is required: a non-empty string from your AMAGE device registration`);
  }
  if (sign !== undefined && typeof sign !== "function") {
    throw new TypeError("amageAuth: `sign` must be a function ({ method, path, secret, body }) => string");
  }
  // The default signature depends on the path alone: reuse it for repeated paths (list pages, polling).
  const cache = new Map<string, string>();

  const setHeaders = (request: AuthRequest, signature: string): void => {
    if (typeof signature !== "string" || !signature) throw new TypeError("amageAuth: `sign` must return a non-empty string");
    request.headers.set("amage-device-uuid", deviceUuid);
    request.headers.set("amage-api-key", apiKey);
    request.headers.set("amage-api-sign", signature);
  };

  const auth: Auth & { toString(): string; toJSON(): unknown } = {
    authorize(request) {
      const path = pathOf(request.url);
      const cached = sign ? undefined : cache.get(path);
      // A path signed before costs no hashing and no extra turn of the event loop.
      if (cached) return setHeaders(request, cached);
      return (async () => {
        const signature = await (sign ?? defaultSign)({ method: request.method, path, secret, body: request.body });
        setHeaders(request, signature);
        if (cache.size >= 512) cache.clear(); // a bound on memory for an app that signs many paths
        // A custom signature may depend on more than the path: kept (under itself) only so errors can redact it.
        cache.set(sign ? signature : path, signature);
      })();
    },
    // What core keeps out of errors: the key, the secret and the signatures made from it.
    secrets: () => [apiKey, secret, ...cache.values()],
    // No secret on the object itself: a logged or serialised auth shows only this.
    toString: () => "[amageAuth]",
    toJSON: () => ({ type: "amageAuth", deviceUuid }),
  };
  return auth;
}

/** Path and query of an absolute URL, without parsing it: `https://h/a/b?c=1#f` → `/a/b?c=1`. */
function pathOf(url: string): string {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const end = url.indexOf("#");
  return start === -1 || (end !== -1 && end < start) ? "/" : url.slice(start, end === -1 ? undefined : end);
}
