import { createUnwrap, type ErrorShape, type VendorErrors } from "@b2bkit/core/internal";

/**
 * Amplifier's error bodies, assumed Django REST Framework style (the vendor publishes none): `{"detail": "..."}`,
 * `{"field": ["message", ...]}`, or for a list body one such object per record. OAuth2 `{error, error_description}`
 * on the token call, and Django's HTML error page on a 500.
 */
export const amplifierErrors: VendorErrors = {
  describe(body) {
    if (typeof body === "string") {
      const text = body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
      return text !== "" && text.length <= 300 ? { message: text } : undefined;
    }
    if (Array.isArray(body)) {
      // A list serializer answers one object per record, `{}` for the valid ones: name the records that failed.
      const parts: string[] = [];
      const details: unknown[] = [];
      body.forEach((item, index) => {
        const shape = describeObject(item);
        if (shape?.message) {
          parts.push(`[${index}] ${shape.message}`);
          details.push({ index, ...(item as object) });
        }
      });
      return parts.length ? { message: parts.join("; "), details } : undefined;
    }
    return describeObject(body);
  },
};

function describeObject(body: unknown): ErrorShape | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  const code = [b["code"], b["error"]].find((v): v is string => typeof v === "string");
  const message = [b["detail"], b["error_description"]].find((v): v is string => typeof v === "string" && v !== "");
  if (message) return { code, message };
  // Field errors: every other key maps to a list of messages (or a nested object of them).
  const fields: string[] = [];
  for (const [key, value] of Object.entries(b)) {
    const text = key !== "code" && key !== "error" && messages(value);
    if (text) fields.push(key === "non_field_errors" ? text : `${key}: ${text}`);
  }
  return fields.length ? { code, message: fields.join("; "), details: [b] } : code !== undefined ? { code } : undefined;
}

function messages(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(messages).filter((m) => m !== undefined).join(" ") || undefined;
  return describeObject(value)?.message;
}

/**
 * The data of a call, or a thrown `ApiError` with the server's message:
 * `const orders = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(amplifierErrors);
