import { createUnwrap, type ErrorShape, type VendorErrors } from "@b2bkit/core/internal";
import type { components } from "./generated/schema.js";

type ValidationError = components["schemas"]["PortosValidationProblemDetailsError"];

/** The `errorCode` values of Portos's `ProblemDetails` (vendor page "Error codes"). */
export const PortosErrorCode = {
  /** Not logged in: log in and repeat. */
  Unauthenticated: 1,
  /** The user lacks a right the call needs. */
  Unauthorized: 2,
  /** A validation rule was broken: change the request before repeating it. */
  ValidationFailed: 3,
  /** The licence is valid but expired. */
  LicenseExpired: 4,
  /** Locked by another session or instance: repeat later. */
  ResourceLocked: 5,
  /** The API holds a newer version than the `_v` sent: read the resource again. */
  ResourceVersionMismatch: 6,
} as const;
export type PortosErrorCode = (typeof PortosErrorCode)[keyof typeof PortosErrorCode];

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);

/**
 * The field errors of a problem body as Portos documents them (`[{ memberName, message, code }]`), also read from
 * the `{ field: [messages] }` map ASP.NET's own model validation answers with.
 */
function fieldErrors(errors: unknown): ValidationError[] {
  const list: unknown[] = Array.isArray(errors)
    ? errors
    : errors && typeof errors === "object"
      ? Object.entries(errors).flatMap(([memberName, messages]) => [messages].flat().filter(text).map((message: unknown) => ({ memberName, message })))
      : [];
  return list.flatMap((e) => {
    const { memberName, message, code } = (e && typeof e === "object" ? e : { message: e }) as Record<string, unknown>;
    const out: ValidationError = {};
    if (text(memberName)) out.memberName = text(memberName)!;
    if (text(message)) out.message = text(message)!;
    if (typeof code === "string" || typeof code === "number") out.code = String(code);
    return out.memberName || out.message ? [out] : [];
  });
}

/**
 * Portos's error bodies: `ProblemDetails` (RFC 7807, `application/problem+json`) with `errorCode`, and for 400
 * `PortosValidationProblemDetails` with the broken rules in `errors`. The `ApiError` gets `errorCode` as `code`,
 * title, detail and the field errors as `message`, and the field errors as `details`.
 */
export const portosErrors: VendorErrors = {
  describe(body): ErrorShape | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
    const { title, detail, errorCode: code, errors } = body as Record<string, unknown>;
    const details = fieldErrors(errors);
    // Title and detail (once when they are the same), then each broken rule.
    const message = [
      [...new Set([text(title), text(detail)])].filter(Boolean).join(": "),
      details.map((d) => (d.memberName ? `${d.memberName}: ${d.message ?? "invalid"}` : d.message)).join("; "),
    ]
      .filter(Boolean)
      .join(" ");
    return { code: typeof code === "number" || typeof code === "string" ? code : undefined, message: message || undefined, details };
  },
};

/**
 * The data of a call, or a thrown `ApiError` carrying Portos's `errorCode`, title, detail and field errors:
 * `const customer = await unwrap(portos.GET("/customers/{id}", { params: { path: { id } } }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(portosErrors);
