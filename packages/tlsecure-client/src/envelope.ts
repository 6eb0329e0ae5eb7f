import { apiErrorFrom, createUnwrap, requestOf, type ErrorShape, type VendorErrors } from "@b2bkit/core/internal";
import type { components } from "./generated/schema.js";

type Schemas = components["schemas"];

/** The codes every TLSecure code list shares, by name. `0` is success; codes 10 and 11 depend on the operation. */
export const TlsecureCode = {
  Success: 0,
  DomainCodeMalformed: 1,
  ConnectionError: 2,
  TokenEmpty: 3,
  NoTokenWithThatKey: 4,
  InvalidToken: 5,
  InvalidParameter: 9,
  UncaughtException: 99,
} as const;

/** The codes every operation shares, with the vendor's meanings. */
const COMMON_MEANING = {
  1: "domaincode malformed",
  2: "connexion error",
  3: "token is empty",
  4: "no token with that key",
  5: "invalid token",
  9: "{param} is not {type} (or undefined)",
  99: "uncatched exception",
} as const;

/**
 * Each operation's documented code list, code → the vendor's meaning (its wording, typos included). Checked against
 * the spec's enums at compile time, so a code added to or removed from the spec breaks the build here.
 */
// Built by a pure call: an app that does not import it does not bundle it (a literal with spreads would stay).
export const codeLists = /* @__PURE__ */ (() =>
  ({
    listCustomersB2b: {
      0: "get companies",
      ...COMMON_MEANING,
      10: "no companies",
    } satisfies Record<Schemas["GetCompaniesCode"], string>,
    createCustomerB2b: {
      0: "Customer B2B created",
      ...COMMON_MEANING,
      10: "nothing to be updated",
    } satisfies Record<Schemas["CreateCompanyCode"], string>,
    updateCustomerB2b: {
      0: "company updated",
      ...COMMON_MEANING,
      10: "nothing to be updated",
      11: "company not exist",
    } satisfies Record<Schemas["UpdateCompanyCode"], string>,
    deleteCustomerB2b: {
      0: "company deleted",
      ...COMMON_MEANING,
      10: "company not exist user",
    } satisfies Record<Schemas["DeleteCompanyCode"], string>,
  }) as const)();

/** The codes that mean "this token is not (or no longer) known": a new token and one replay may fix them. */
// Literals, not TlsecureCode's members, so that an app that does not import TlsecureCode does not bundle it.
export const TOKEN_REFUSED_CODES: ReadonlySet<number> = new Set([4, 5] satisfies Array<(typeof TlsecureCode)["NoTokenWithThatKey" | "InvalidToken"]>);

interface RawEnvelope {
  success?: unknown;
  code?: unknown;
  message?: unknown;
  object?: unknown;
}

/** The value if it is an object that is not an array (what JSON calls an object). */
export const record = (value: unknown): Record<string, unknown> | undefined =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** The `response` member of a TLSecure answer, if the body is one. */
const envelopeOf = (body: unknown): RawEnvelope | undefined => record(record(body)?.["response"]);

/** The code and message of an envelope. Loosely typed JSON: a code may come as "5" as well as 5. */
function shapeOf({ code, message }: RawEnvelope): ErrorShape {
  const text = typeof code === "string" && code !== "" ? code : undefined;
  const read = typeof code === "number" ? code : text && /^\d+$/.test(text) ? Number(text) : text;
  return {
    code: read,
    message: (typeof message === "string" && message) || (typeof read === "number" ? (COMMON_MEANING as Readonly<Record<number, string>>)[read] : undefined),
  };
}

/** TLSecure's answers: `{ response: { success, code, message, object } }`, failures being `success: false`. */
export const tlsecureErrors: VendorErrors = {
  describe(body) {
    const envelope = envelopeOf(body);
    return envelope && shapeOf(envelope);
  },
  // The vendor answers most failures with HTTP 200: `success: false` is a failure whatever the status.
  failureIn2xx(body) {
    const envelope = envelopeOf(body);
    return envelope?.success === false ? shapeOf(envelope) : undefined;
  },
};

type AnyResult = { data?: unknown; error?: unknown; response: Response };

/**
 * The `object` an operation's envelope declares; `undefined` for operations that declare none (delete). The spec
 * lets a failure's `object` be null; `unwrap` never hands a null on, so the payload type has none.
 */
export type PayloadOf<R extends AnyResult> =
  Exclude<R["data"], undefined> extends { response: infer E }
    ? E extends { object?: infer O }
      ? unknown extends O
        ? undefined
        : NonNullable<O>
      : undefined
    : never;

// The envelope as data, or the ApiError of a non-2xx status or a `success: false` envelope.
const unwrapData = /* @__PURE__ */ createUnwrap(tlsecureErrors);

/** The envelope of a successful call, with its response; or the thrown ApiError of a failure or a body that is none. */
async function open(result: AnyResult | Promise<AnyResult>): Promise<[RawEnvelope, Response, unknown]> {
  const { response } = (result = await result);
  const data = await unwrapData(result);
  const envelope = envelopeOf(data);
  if (!envelope) {
    throw apiErrorFrom(response, data, undefined, { message: "the answer is not a TLSecure envelope ({ response: { success, code, message, object } })" });
  }
  return [envelope, response, data];
}

/**
 * The payload (`response.object`) of a call, or a thrown `ApiError` carrying TLSecure's `code` and `message`:
 * `const { companies } = await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/b2b"))`.
 * A successful delete gives `undefined`. For the whole envelope (its `message`, say), use `unwrapEnvelope`.
 */
export async function unwrap<R extends AnyResult>(result: R | Promise<R>): Promise<PayloadOf<R>> {
  const [envelope, response, data] = await open(result);
  const method = requestOf(response)?.method;
  // Every documented success but the delete's carries `object`; one without it (or with a null one) cannot be handed
  // on as that payload. A delete's null `object` is its "no payload", `undefined`.
  if (envelope.object == null && method && method !== "DELETE") {
    throw apiErrorFrom(response, data, undefined, { ...shapeOf(envelope), message: "the answer says success but carries no `object`" });
  }
  return (envelope.object ?? undefined) as PayloadOf<R>;
}

/** The whole envelope's `response` (`success`, `code`, `message`, `object`) of a call, or a thrown `ApiError`. */
export async function unwrapEnvelope<R extends AnyResult>(
  result: R | Promise<R>,
): Promise<Exclude<R["data"], undefined> extends { response: infer E } ? E : never> {
  return (await open(result))[0] as Exclude<R["data"], undefined> extends { response: infer E } ? E : never;
}
