// @b2bkit/core: what applications may rely on. Vendor packages build on `@b2bkit/core/internal` as well.
export { createFetch } from "./fetch.js";
export { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, ERROR_BODY_BYTES, MAX_RETRY_AFTER_MS, MAX_TIMEOUT_MS, TRUNCATED } from "./fetch.js";
export type { Auth, AuthRequest, B2bkitFetch, CallOptions, ClientOptions, FetchLike, LogEvent, Logger, TransportOptions } from "./fetch.js";
export { ApiError, AuthError, B2bkitError, ConnectionError, RedirectError, TimeoutError, isB2bkitError } from "./errors.js";
export type { ApiErrorInit, B2bkitErrorName, RequestInfo } from "./errors.js";
export { unwrap } from "./response.js";
export type { WithOptions } from "./client.js";
export { paginate } from "./paginate.js";
export { ListChangedError } from "./list.js";
export type { Page, PaginateOptions } from "./paginate.js";
export { REDACTED, isSecretName, redactSecrets, redactUrl } from "./redact.js";
export { headerAuth, jwtExpiry, renewAt, tokenAuth } from "./token-auth.js";
export type { Credential, LoginAnswer, LoginContext, LoginInit, TokenAuth, TokenAuthOptions } from "./token-auth.js";
