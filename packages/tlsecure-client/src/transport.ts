import {
  ApiError,
  PreparedRequest,
  apiErrorFrom,
  createFetch,
  redactUrl,
  type Auth,
  type AuthRequest,
  type B2bkitFetch,
  type TransportOptions,
} from "@b2bkit/core";
import { TOKEN_REFUSED_CODES, envelopeOf, rememberRequest, tlsecureErrors } from "./envelope.js";

/**
 * The `Request` class handed to openapi-fetch: it fills the two path segments every TLSecure URL starts with
 * (`returnType` always `json`, `domainCode` from the client's options), so calls never repeat them. openapi-fetch
 * has no per-client path parameters, and its `pathSerializer` only runs when a call passes `params.path`; the
 * class it builds every request with is the one place that sees every URL, at no extra cost per call.
 */
export function tlsecureRequestClass(domainCode: string): typeof Request {
  class TlsecureRequest extends PreparedRequest {
    constructor(input: string | URL, init?: RequestInit) {
      super(fillPath(String(input), domainCode), init);
      // The client's default Content-Type is the form type; a request without a body has no type at all.
      if (this.body === null) this.headers.delete("content-type");
    }
  }
  return TlsecureRequest as unknown as typeof Request;
}

export function fillPath(url: string, domainCode: string): string {
  return url.replace("/{returnType}/", "/json/").replace("/{domainCode}/", `/${encodeURIComponent(domainCode)}/`);
}

/**
 * openapi-fetch's body serializer for this client: every TLSecure body is `application/x-www-form-urlencoded`, so an
 * object of fields becomes `name=Stark+Company&vat=21…`. Fields that are `undefined` or `null` are left out (sending
 * the text "undefined" would change the company); numbers and booleans are sent as their text.
 */
export function formBody(body: unknown): string | URLSearchParams {
  if (typeof body === "string" || body instanceof URLSearchParams) return body;
  if (!body || typeof body !== "object" || Array.isArray(body) || body instanceof Blob || body instanceof FormData) {
    throw new TypeError(
      "createTlsecureClient: a TLSecure body is a form: pass an object of fields, e.g. { name: \"Stark Company\", vat: \"21\" }",
    );
  }
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(body)) {
    if (value === undefined || value === null) continue;
    if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean" && typeof value !== "bigint") {
      throw new TypeError(`createTlsecureClient: form field \`${name}\` must be a string or a number, got ${Array.isArray(value) ? "an array" : typeof value}`);
    }
    form.append(name, String(value));
  }
  return form.toString();
}

type Outcome = { response: Response; failure?: undefined } | { response: Response; failure: { code?: string | number | undefined; message?: string | undefined }; body: unknown };

/**
 * Core's transport (auth, retries, timeouts) plus what TLSecure needs on top:
 * - a 2xx answer whose envelope says `success: false` never reaches openapi-fetch as data: the call throws the
 *   `ApiError` (status as sent, the vendor's `code` and `message`, the envelope as `body`);
 * - an envelope with code 4 or 5 (the token is unknown or invalid) — which TLSecure sends with HTTP 200, where core's
 *   refresh hook only fires on 401 — asks the auth for fresh credentials (`auth.refresh`) once and replays the request.
 */
export function tlsecureFetch(options: TransportOptions): B2bkitFetch {
  const auth = options.auth;
  // The AuthRequest each call's latest attempt was authorized with (keyed by the call's Headers, shared by all its
  // attempts), and the calls whose credentials were already refreshed once: a second refresh would be a loop.
  const authorized = new WeakMap<Headers, AuthRequest>();
  const refreshed = new WeakSet<Headers>();
  const userRefresh = auth?.refresh?.bind(auth);
  const tracked: Auth | undefined = auth && {
    authorize(request) {
      authorized.set(request.headers, request);
      return auth.authorize(request);
    },
    ...(userRefresh && {
      refresh(request: AuthRequest, response: Response) {
        if (refreshed.has(request.headers)) return false;
        refreshed.add(request.headers);
        return userRefresh(request, response);
      },
    }),
  };
  const send = createFetch({ ...options, auth: tracked });

  return async function tlsecure(input, init) {
    let outcome = await read(await send(input, init), input);
    if (outcome.failure && userRefresh && input instanceof PreparedRequest && isTokenRefused(outcome.failure.code)) {
      const request = authorized.get(input.headers);
      if (request && !refreshed.has(input.headers)) {
        refreshed.add(input.headers);
        if (await userRefresh(request, outcome.response)) outcome = await read(await send(input, init), input);
      }
    }
    if (outcome.failure) throw apiErrorFrom(outcome.response, outcome.body, tlsecureErrors, outcome.failure);
    return outcome.response;
  };
}

function isTokenRefused(code: string | number | undefined): boolean {
  return typeof code === "number" && TOKEN_REFUSED_CODES.has(code);
}

/** Reads a 2xx answer's envelope once: a failure is reported, a success is handed on as an unread copy. */
async function read(response: Response, input: unknown): Promise<Outcome> {
  const method = input instanceof PreparedRequest ? input.method : input instanceof Request ? input.method : "GET";
  if (!response.ok || response.status === 204 || method === "HEAD" || response.body === null) return { response };
  let body: unknown;
  try {
    // Core guards `json()` (its timeout, a body that is not JSON → ApiError) for requests that accept JSON.
    body = await response.json();
  } catch (err) {
    // Core's guard already made a bad body an ApiError; a caller's abort or a timeout passes through as it is.
    if (!(err instanceof SyntaxError)) throw err;
    throw new ApiError({
      status: response.status,
      code: "INVALID_JSON",
      message: `expected a JSON envelope but the body could not be parsed (${err instanceof Error ? err.message : String(err)})`,
      request: { method, url: redactUrl(response.url) },
    });
  }
  const failure = tlsecureErrors.failureIn2xx?.(body);
  if (failure) return { response, failure, body };
  const copy = new Response(body === undefined ? null : JSON.stringify(body), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
  // openapi-fetch reads it through `json()` (a Content-Length is set) or `text()`: no second parse for the first.
  Object.defineProperty(copy, "json", { value: () => Promise.resolve(body) });
  Object.defineProperty(copy, "url", { value: response.url });
  if (envelopeOf(body)) rememberRequest(copy, method, redactUrl(response.url));
  return { response: copy };
}
