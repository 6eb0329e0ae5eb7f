// What b2bkit's own vendor packages build on: `@b2bkit/core/internal`. Not for applications: it may change in any
// release. Applications use `@b2bkit/core` (errors, auth building blocks, the transport, paging, redaction).
export { PreparedRequest, backoffDelay, callOptions, createLoginFetch, retryAfter, until, numberOption } from "./fetch.js";
export { createApiClient } from "./client.js";
export type { ApiClientConfig } from "./client.js";
export { apiErrorFrom, createUnwrap, requestOf } from "./response.js";
export type { ErrorShape, VendorErrors } from "./response.js";
export { checkBaseUrl } from "./base-url.js";
export type { BaseUrlRules } from "./base-url.js";
export { defaultExport } from "./interop.js";
export { createListAll } from "./list.js";
export type { ListOptions, Paging } from "./list.js";
// The public surface too, so a vendor package imports from one place.
export * from "./index.js";
