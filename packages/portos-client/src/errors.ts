import { createUnwrap, type ErrorShape, type VendorErrors } from "@b2bkit/core";
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

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);

/**
 * The field errors of a problem body as Portos documents them (`[{ memberName, message, code }]`), also read from
 * the `{ field: [messages] }` map ASP.NET's own model validation answers with.
 */
function fieldErrors(errors: unknown): ValidationError[] {
  if (Array.isArray(errors)) {
    return errors.flatMap((e): ValidationError[] => {
      if (!e || typeof e !== "object") return text(e) ? [{ message: text(e) as string }] : [];
      const { memberName, message, code } = e as Record<string, unknown>;
      const out: ValidationError = {};
      if (text(memberName)) out.memberName = text(memberName) as string;
      if (text(message)) out.message = text(message) as string;
      if (typeof code === "string" || typeof code === "number") out.code = String(code);
      return out.memberName || out.message ? [out] : [];
    });
  }
  if (errors && typeof errors === "object") {
    return Object.entries(errors as Record<string, unknown>).flatMap(([memberName, messages]) =>
      (Array.isArray(messages) ? messages : [messages])
        .filter((m): m is string => text(m) !== undefined)
        .map((message) => ({ memberName, message })),
    );
  }
  return [];
}

/**
 * Portos's error bodies: `ProblemDetails` (RFC 7807, `application/problem+json`) with `errorCode`, and for 400
 * `PortosValidationProblemDetails` with the broken rules in `errors`. The `ApiError` gets `errorCode` as `code`,
 * title, detail and the field errors as `message`, and the field errors as `details`.
 */
export const portosErrors: VendorErrors = {
  describe(body): ErrorShape | undefined {
    if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
    const b = body as { title?: unknown; detail?: unknown; errorCode?: unknown; errors?: unknown };
    const title = text(b.title);
    const detail = text(b.detail);
    const details = fieldErrors(b.errors);
    const head = title && detail && title !== detail ? `${title}: ${detail}` : (detail ?? title);
    const fields = details.map((d) => (d.memberName ? `${d.memberName}: ${d.message ?? "invalid"}` : d.message)).join("; ");
    const message = head && fields ? `${head} ${fields}` : head || fields || undefined;
    const code = typeof b.errorCode === "number" || typeof b.errorCode === "string" ? b.errorCode : undefined;
    return { code, message, details };
  },
};

/**
 * The data of a call, or a thrown `ApiError` carrying Portos's `errorCode`, title, detail and field errors:
 * `const customer = await unwrap(portos.GET("/customers/{id}", { params: { path: { id } } }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(portosErrors);
