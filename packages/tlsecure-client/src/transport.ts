import { PreparedRequest, createFetch, failuresIn2xx, type B2bkitFetch, type TransportOptions } from "@b2bkit/core";
import { TOKEN_REFUSED_CODES, tlsecureErrors } from "./envelope.js";

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
  // domainCode is checked to be five digits by createTlsecureClient: nothing to encode.
  return url.replace("/{returnType}/", "/json/").replace("/{domainCode}/", `/${domainCode}/`);
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

/**
 * Core's transport (auth, retries, timeouts) told how TLSecure reports failures: a 2xx answer whose envelope says
 * `success: false` never reaches openapi-fetch as data, the call throws the `ApiError` (status as sent, the vendor's
 * `code` and `message`, the envelope as `body`); and an envelope with code 4 or 5 (the token is unknown or invalid),
 * which TLSecure sends with HTTP 200, gets one fresh token (`auth.refresh`) and one replay, as a 401 would.
 */
export function tlsecureFetch(options: TransportOptions): B2bkitFetch {
  return createFetch({
    ...options,
    inspect: failuresIn2xx((body) => {
      const failure = tlsecureErrors.failureIn2xx?.(body);
      return failure && { ...failure, authRefused: typeof failure.code === "number" && TOKEN_REFUSED_CODES.has(failure.code) };
    }),
  });
}
