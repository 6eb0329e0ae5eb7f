import { createUnwrap, type ErrorShape, type VendorErrors } from "@b2bkit/core/internal";
import type { components } from "./generated/schema.js";

type ResponseError = components["schemas"]["ResponseError"];

const text = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** ServiceStack's error body: `{ ResponseStatus: { ErrorCode, Message, Errors: [{ ErrorCode, FieldName, Message }] } }`. */
function readResponseStatus(body: unknown): ErrorShape | undefined {
  // An array or a text body has no `ResponseStatus`.
  const s = (body as { ResponseStatus?: { ErrorCode?: unknown; Message?: unknown; Errors?: unknown } } | null)?.ResponseStatus;
  if (!s || typeof s !== "object") return undefined;
  return { code: text(s.ErrorCode), message: text(s.Message), details: Array.isArray(s.Errors) ? (s.Errors as ResponseError[]) : undefined };
}

/** Jiwa's (ServiceStack's) error knowledge, for `unwrap` and for your own use with core's `createUnwrap`. */
export const jiwaErrors: VendorErrors = {
  describe: readResponseStatus,
  // ServiceStack sends an empty `ResponseStatus: {}` on success. A service may still answer 200 with an ErrorCode
  // filled in: that is a failure, never data.
  failureIn2xx(body) {
    const shape = readResponseStatus(body);
    return shape?.code ? shape : undefined;
  },
};

/**
 * The data of a call, or a thrown `ApiError` whose `code` is ServiceStack's `ErrorCode`, whose message carries its
 * `Message`, and whose `details` are the field errors (`{ ErrorCode, FieldName, Message }`):
 * `const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(jiwaErrors);
