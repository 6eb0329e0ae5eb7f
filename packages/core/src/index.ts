export { clientTransport, createFetch, PreparedRequest, backoffDelay, retryAfter, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, MAX_RETRY_AFTER_MS } from "./fetch.js";
export type { Auth, AuthRequest, B2bkitFetch, FetchLike, Logger, TransportOptions } from "./fetch.js";
export { ApiError, AuthError, B2bkitError, ConnectionError, TimeoutError } from "./errors.js";
export type { ApiErrorInit, RequestInfo } from "./errors.js";
export { apiErrorFrom, createUnwrap, unwrap } from "./response.js";
export type { ErrorShape, VendorErrors } from "./response.js";
export { paginate } from "./paginate.js";
export type { Page, PaginateOptions } from "./paginate.js";
export { REDACTED, redactSecrets, redactUrl } from "./redact.js";
