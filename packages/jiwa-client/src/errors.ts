import { createUnwrap, type ErrorShape, type VendorErrors } from "@b2bkit/core";
import type { components } from "./generated/schema.js";

type ResponseError = components["schemas"]["ResponseError"];

/** ServiceStack's error body: `{ ResponseStatus: { ErrorCode, Message, Errors: [{ ErrorCode, FieldName, Message }] } }`. */
function readResponseStatus(body: unknown): ErrorShape | undefined {
  if (!body || typeof body !== "object" || Array.isArray(body)) return undefined;
  const status = (body as { ResponseStatus?: unknown }).ResponseStatus;
  if (!status || typeof status !== "object") return undefined;
  const s = status as { ErrorCode?: unknown; Message?: unknown; Errors?: unknown };
  const errors = Array.isArray(s.Errors) ? (s.Errors as ReadonlyArray<ResponseError>) : undefined;
  return {
    code: typeof s.ErrorCode === "string" && s.ErrorCode !== "" ? s.ErrorCode : undefined,
    message: typeof s.Message === "string" && s.Message !== "" ? s.Message : undefined,
    details: errors,
  };
}

/** Jiwa's (ServiceStack's) error knowledge, for `unwrap` and for your own use with core's `createUnwrap`. */
export const jiwaErrors: VendorErrors = {
  describe: readResponseStatus,
  // ServiceStack sends an empty `ResponseStatus: {}` on success. A service may still answer 200 with an ErrorCode
  // filled in: that is a failure, never data.
  failureIn2xx(body) {
    const shape = readResponseStatus(body);
    return shape?.code !== undefined ? shape : undefined;
  },
};

/**
 * The data of a call, or a thrown `ApiError` whose `code` is ServiceStack's `ErrorCode`, whose message carries its
 * `Message`, and whose `details` are the field errors (`{ ErrorCode, FieldName, Message }`):
 * `const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(jiwaErrors);
