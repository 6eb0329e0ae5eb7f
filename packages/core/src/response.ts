import { ApiError, requestInfo, type RequestInfo } from "./errors.js";

// Response → the request that produced it and the auth's redaction, so `unwrap` can name the request in its error
// and keep the auth's secrets out of it. A symbol on the response, not a WeakMap: a WeakMap keyed by every response
// made garbage collection cost more than the rest of the transport (`pnpm bench`).
const SENT = Symbol("b2bkit.sent");
type Sent = { method: string; url: string; redact: ((text: string) => string) | undefined; text: string | undefined; value: unknown; used: boolean };
type Sending = Response & { [SENT]?: Sent };
const sentOf = (response: Response): Sent | undefined => (response as Sending)[SENT];

/**
 * Marks an answer of our transport with its request; with `text` (the body as it was read, and `value`, its parse),
 * the answer's `text()`, `json()`, `blob()` and `arrayBuffer()` give what was read, once, as a platform answer's do:
 * shared functions, no closure per answer, not enumerable (as the platform's own are not). An answer that cannot take a
 * mark (a frozen one from a custom fetch) is left as it is.
 */
export function remember(response: Response, method: string, url: string, redact: ((text: string) => string) | undefined, text?: string, value?: unknown, serve = true): Response {
  if (!Object.isExtensible(response)) return response;
  // `serve` false: a client's direct call, which takes what was read with `takeRead` at once. The answer's own methods
  // are left as they are (its body was read: they fail as the platform's do).
  serve &&= text !== undefined;
  // Read methods of its own (a wrapper that patched them onto the answer, a class field): one look at each.
  let own = false;
  if (serve) {
    for (const name of READS) {
      const mine = Object.getOwnPropertyDescriptor(response, name);
      // One that cannot be replaced (`Object.defineProperty` makes them so by default): a new answer instead (once: a
      // platform whose every answer has such methods gets the platform's own error below).
      if (mine?.configurable === false) {
        response = anew(text || null, response);
        own = READS.some((read) => Object.hasOwn(response, read));
        break;
      }
      own ||= !!mine;
    }
  }
  (response as Sending)[SENT] = { method, url, redact, text, value, used: false };
  if (serve) {
    // Its prototype becomes one that inherits from the answer's own and adds the methods that read it: as cheap as
    // setting a field, where defining them on each answer cost microseconds (`pnpm bench`). An answer with its own
    // read methods gets ours on itself instead: its own would shadow a prototype's, and read a body already read.
    const proto = own ? null : (Object.getPrototypeOf(response) as object | null);
    let served = proto && servedFrom.get(proto);
    if (proto && !served) {
      served = Object.create(proto, SERVED) as object;
      servedFrom.set(proto, served).set(served, served);
    }
    if (served) Object.setPrototypeOf(response, served);
    else Object.defineProperties(response, SERVED);
  }
  return response;
}

/**
 * A new answer with this body (the old one's as it was read: decompressed, or redacted and cut) and the old one's
 * status, headers and URL (which `new Response` would leave empty). Its `Content-Length` is its own body's: openapi-fetch
 * takes a length of "0" (not chunked) for no data, and reads any other as JSON.
 */
export function anew(body: string | ArrayBuffer | null, response: Response): Response {
  const headers = new Headers(response.headers);
  // How the old body came over the wire, not what this one is.
  headers.delete("content-encoding");
  headers.delete("transfer-encoding");
  // Text encoded once, here, for its length and as the body (a Blob of it, for its size alone, copied it all again).
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  // What `new Response(text)` itself labels a text without a type.
  if (typeof body === "string" && !headers.has("content-type")) headers.set("content-type", "text/plain;charset=UTF-8");
  headers.set("content-length", String(bytes?.byteLength ?? 0));
  return Object.defineProperty(new Response(bytes, { status: response.status, statusText: response.statusText, headers }), "url", { value: response.url });
}

const READS = ["text", "json", "blob", "arrayBuffer"];

// An answer's prototype → the one that serves what was read (and a served one → itself: an answer a custom fetch
// hands out twice is not wrapped twice).
const servedFrom = new WeakMap<object, object>();

// The body is handed out once and let go: the platform's fetch keeps the answer itself reachable after the call (until
// a full garbage collection), and a body kept on it made every answer outlive its call (`pnpm bench`, 64 in flight).
const SERVED: PropertyDescriptorMap = {
  text: {
    async value(this: Response): Promise<string> {
      return take(this)!;
    },
  },
  json: {
    async value(this: Response): Promise<unknown> {
      // No text: an operation that declares no JSON answer got none, or a body that is not JSON (openapi-fetch makes
      // an empty answer `data: undefined`).
      const { value } = sentOf(this)!;
      return dataOf(take(this), value);
    },
  },
  // `parseAs: "blob"` and `"arrayBuffer"`: the text as it was read, as UTF-8 bytes (JSON is UTF-8; a body sent in
  // another charset, or with a byte order mark, comes back re-encoded).
  blob: {
    async value(this: Response): Promise<Blob> {
      return new Blob([take(this) ?? ""], { type: this.headers.get("content-type") ?? "" });
    },
  },
  arrayBuffer: {
    async value(this: Response): Promise<ArrayBuffer> {
      return new TextEncoder().encode(take(this) ?? "").buffer as ArrayBuffer;
    },
  },
};

// The text that was read, handed out once: the answer keeps none of it (nor its parse) afterwards.
function take(response: Response): string | undefined {
  const sent = sentOf(response)!;
  // The platform's own words, for the same mistake.
  if (sent.used) throw new TypeError("Body is unusable: Body has already been read");
  const { text } = sent;
  sent.text = sent.value = undefined;
  sent.used = true;
  return text;
}

/**
 * What the transport read of an answer it marked with its text (the text and its parse), handed out once: undefined when
 * it kept no text (no body, a download) or it was taken already.
 */
export function takeRead(response: Response): { text: string; value: unknown } | undefined {
  const sent = sentOf(response);
  if (!sent || sent.used || sent.text === undefined) return undefined;
  const { value } = sent;
  return { text: take(response)!, value };
}

/** The data of a JSON answer as it was read: its parse, else its text parsed (nothing for no text). */
export const dataOf = (text: string | undefined, value: unknown): unknown => (value !== undefined ? value : text ? JSON.parse(text) : undefined);

/** The (redacted) request a response of our transport answered, for errors raised after the call. */
export function requestOf(response: Response): RequestInfo | undefined {
  const request = sentOf(response);
  // A URL a same-origin redirect led to may carry a secret in its path: the auth's redaction applies. An answer a fetch
  // of yours made by hand has no URL: the one the request went to, then.
  if (!request) return undefined;
  const url = response.url || request.url;
  return requestInfo(request.method, request.redact?.(url) ?? url);
}

/** What a vendor client knows about its own error bodies. */
export interface ErrorShape {
  code?: string | number | undefined;
  message?: string | undefined;
  details?: ReadonlyArray<unknown> | undefined;
}

export interface VendorErrors {
  /** Reads the vendor's code, message and field errors out of an error body (parsed JSON, or text). */
  describe(body: unknown): ErrorShape | undefined;
  /** For vendors that wrap failures in 2xx answers: the failure this body carries, if it is one. */
  failureIn2xx?(body: unknown): ErrorShape | undefined;
}

/**
 * The server's request id, redacted, then cut at 200 characters (a header may be kilobytes long: not for an error or a
 * log line). Redacted first: a cut would leave the first characters of a secret the redaction no longer recognises.
 */
export const readRequestId = (headers: Headers, redact?: (text: string) => string): string | undefined => {
  let id = headers.get("x-request-id") ?? headers.get("request-id") ?? headers.get("x-correlation-id") ?? undefined;
  if (id && redact) id = redact(id);
  return id && id.length > 200 ? `${id.slice(0, 200)}…` : id;
};

/** Builds the `ApiError` for a failed answer from its (already parsed) body. */
export function apiErrorFrom(response: Response, body: unknown, errors: VendorErrors | undefined, shape?: ErrorShape): ApiError {
  const info = shape ?? errors?.describe(body);
  // The body was redacted as it was read; what comes from headers (violations, a reason phrase, a request id) is here.
  const redact = sentOf(response)?.redact ?? ((text: string) => text);
  const header = response.headers.get("sl-violations");
  // Prism (the mock server) puts the reasons it refused a request in `sl-violations`: they come first, since its body
  // is the spec's example answer, not what went wrong with this request.
  let violations: unknown[] = [];
  if (header !== null) {
    try {
      violations = [JSON.parse(redact(header))].flat();
    } catch {
      violations = [redact(header)];
    }
  }
  const said = violations
    .map((d) => {
      const v = d as { location?: unknown; message?: unknown } | null;
      return v?.message === undefined ? String(d) : `${Array.isArray(v.location) ? `${v.location.join(".")}: ` : ""}${String(v.message)}`;
    })
    .join("; ");
  const message =
    [said, info?.message && (said ? `(${info.message})` : info.message)].filter(Boolean).join(" ") ||
    (typeof body === "string" && body.length <= 500 && body.trim()) ||
    response.statusText;
  const requestId = readRequestId(response.headers, redact);
  return new ApiError({
    status: response.status,
    code: info?.code,
    message: redact(message),
    body,
    request: requestOf(response),
    requestId,
    details: [...(info?.details ?? []), ...violations],
  });
}

type AnyResult = { data?: unknown; error?: unknown; response: Response };

/**
 * Turns openapi-fetch's `{ data, error, response }` into the data, or a thrown `ApiError` that carries the
 * vendor's code and message. Vendor clients export it bound to their own error knowledge.
 */
export function createUnwrap(errors?: VendorErrors) {
  return async function unwrap<R extends AnyResult>(result: R | Promise<R>): Promise<Exclude<R["data"], undefined>> {
    const settled = await result;
    const { response } = settled;
    if (!response.ok || "error" in settled && settled.error !== undefined) {
      throw apiErrorFrom(response, settled.error, errors);
    }
    // A failure inside a 2xx answer never reaches this point: the transport throws it (see `failureIn2xx`).
    return settled.data as Exclude<R["data"], undefined>;
  };
}

/** `unwrap` for vendors with no special error body. */
export const unwrap = /* @__PURE__ */ createUnwrap();
