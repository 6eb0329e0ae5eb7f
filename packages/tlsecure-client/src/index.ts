import openapiFetch from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { TOKEN_REFUSED_CODES, tlsecureErrors } from "./envelope.js";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { paths } from "./generated/schema.js";
import { formBody } from "./transport.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// `paths`, `components`, `operations` and every schema by its name (`Company`, `CompaniesEnvelope` …): types only.
export type * from "./generated/schema.js";
export { TOKEN_REFUSED_CODES, TlsecureCode, codeLists, tlsecureErrors, unwrap, unwrapEnvelope } from "./envelope.js";
export type { PayloadOf } from "./envelope.js";

/** The path parameters the client fills itself: `returnType` (always `json`) and `domainCode` (from the options). */
type Filled = "returnType" | "domainCode";
type Rest<A> = Omit<A, Filled>;
type WithoutFilled<P> = P extends { path: infer A }
  ? Simplify<Omit<P, "path"> & (keyof Rest<A> extends never ? { path?: never } : { path: Rest<A> })>
  : P;
type Operation<O> = O extends { parameters: unknown } ? { [K in keyof O]: K extends "parameters" ? WithoutFilled<O[K]> : O[K] } : O;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The spec's `paths`, with `returnType` and `domainCode` taken out of every operation's path parameters: the client
 * fills them, so `params.path` carries only what is left (`company`), and calls without one need no `params`.
 */
export type TlsecurePaths = {
  [P in keyof paths]: { [M in keyof paths[P]]: M extends "parameters" ? WithoutFilled<paths[P][M]> : Operation<paths[P][M]> };
};

/** The client openapi-fetch creates, typed so that its calls answer the schemas' named types (`CompaniesEnvelope`, not its fields). */
export type TlsecureClient = WithOptions<NamedClient<TlsecurePaths, "application/json">>;

export interface TlsecureClientOptions extends ClientOptions {
  /** The MediaWeb web services (`WS_URL`): `https://wsmedia.tlsecure.com` (or the mock: `http://localhost:4013`). */
  baseUrl: string;
  /** Your shop's domain code, five digits (`00000` is the test shop). Filled into every path. */
  domainCode: string;
}

/**
 * The typed TLSecure (Titelive MediaWeb) client: an openapi-fetch client whose requests get auth, retries and
 * timeouts, whose paths need no `returnType`/`domainCode`, whose bodies are form-encoded, and whose failures —
 * including the `success: false` envelopes TLSecure sends with HTTP 200 — never come back as data.
 */
export function createTlsecureClient(options: TlsecureClientOptions): TlsecureClient {
  if (!options || typeof options !== "object") throw new TypeError("createTlsecureClient: pass { baseUrl, domainCode }");
  return createApiClient(createClient<TlsecurePaths, "application/json">, options, {
    name: "createTlsecureClient",
    baseUrl: checkBaseUrl("createTlsecureClient", options.baseUrl, { what: "MediaWeb", example: "https://wsmedia.tlsecure.com", routes: MEDIAWEB_ROUTES }),
    // Every TLSecure body is a form: with this type openapi-fetch hands bodies to `formBody` and labels them right.
    headers: { Accept: "application/json", "Content-Type": "application/x-www-form-urlencoded" },
    // The shop is the client's: a `domainCode` or `returnType` a caller slips into params.path (the types forbid it)
    // is overridden.
    fill: { returnType: "json", domainCode: checkDomainCode(options.domainCode) },
    errors: tlsecureErrors,
    // Codes 4 and 5 (the token is unknown or invalid), which TLSecure sends with HTTP 200, get one fresh token
    // (`auth.refresh`) and one replay, as a 401 would. (A code that is no number is in no Set of numbers.)
    authRefused: (failure) => TOKEN_REFUSED_CODES.has(failure.code as number),
    noJsonAnswer: NO_JSON_ANSWER,
    openapi: { bodySerializer: formBody },
  }) as TlsecureClient;
}

/** What a MediaWeb baseUrl must not end in: the paths carry /api/{returnType}/{domainCode}. */
export const MEDIAWEB_ROUTES = { pattern: /\/(?:api|RestWSDF4)(?:\/.*)?$/, name: "/api" };

/** Five digits, as every example of the vendor (`00000`, `52135`); see the spec's `x-assumption`. */
function checkDomainCode(domainCode: unknown): string {
  if (typeof domainCode === "string" && /^\d{5}$/.test(domainCode)) return domainCode;
  // The same words (and `got`) as tlsecureAuth's, on purpose: a bundle with both compresses the second to almost nothing.
  throw new TypeError(
    `createTlsecureClient: \`domainCode\` must be the five-digit code of your shop as a string, e.g. "00000" (the test shop); got ${got(domainCode)}`,
  );
}

/** What was passed instead, without its value. */
const got = (value: unknown): string => (typeof value === "string" ? `${value.length} characters` : value === null ? "null" : typeof value);
