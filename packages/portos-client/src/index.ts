import createClient, { type Client } from "openapi-fetch";
import { clientTransport, type Auth, type FetchLike, type Logger } from "@b2bkit/core";
import type { components, paths } from "./generated/schema.js";

export type { components, paths, operations } from "./generated/schema.js";
export { PortosErrorCode, portosErrors, unwrap } from "./errors.js";
export { DEFAULT_PAGE_SIZE, listAll, type ListAllOptions, type ListPath, type ListQuery } from "./list-all.js";
export { sort, sortBy, type SortDirection, type SortKey, type SortTerm } from "./sort.js";

type Schemas = components["schemas"];
export type Customer = Schemas["Customer"];
export type Card = Schemas["Card"];
export type Company = Schemas["Company"];
export type Address = Schemas["Address"];
export type Credit = Schemas["Credit"];
export type CreditTransaction = Schemas["CreditTransaction"];
/** `QueryResult<Customer>`: one page of customers with `count` and `totalCount` (no `items` with `$count=true`). */
export type QueryResult_Customer = Schemas["QueryResult_Customer"];
/** Portos's generic `QueryResult<T>`. */
export type QueryResult<T> = Omit<QueryResult_Customer, "items"> & { items?: T[] | null };
export type AuthResult = Schemas["AuthResult"];
export type RefreshTokenResult = Schemas["RefreshTokenResult"];
export type ProblemDetails = Schemas["ProblemDetails"];
export type PortosValidationProblemDetails = Schemas["PortosValidationProblemDetails"];
export type PortosValidationProblemDetailsError = Schemas["PortosValidationProblemDetailsError"];
export type ResourceInfo = Schemas["ResourceInfo"];
/** The filters, NData paging, `$sort` and `$count` of `GET /customers`. */
export type CustomerQuery = NonNullable<paths["/customers"]["get"]["parameters"]["query"]>;

export type PortosClient = Client<paths, "application/json">;

export interface PortosClientOptions {
  /**
   * The merchant's Portos API server, `http://{server-address}` in Portos's docs, e.g. `http://portos.local:5000`
   * (or the mock: `http://localhost:4012`). Without `/api` or `/customers`: the paths carry them.
   */
  baseUrl: string;
  /** `portosAuth({ userName, password, deviceName })` or `portosAuth({ token })` from `@b2bkit/portos-auth`. */
  auth?: Auth | undefined;
  /** Per attempt, in milliseconds. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Retries of idempotent requests (GET, PUT, DELETE) on 408/409/429/5xx and connection errors. Default 2. */
  maxRetries?: number | undefined;
  /** The fetch to use. Default: the global fetch. */
  fetch?: FetchLike | undefined;
  /** Extra headers sent with every request. */
  headers?: Record<string, string> | undefined;
  logger?: Logger | undefined;
}

/** The typed Portos client: an openapi-fetch client whose requests get auth, retries and timeouts. */
export function createPortosClient(options: PortosClientOptions): PortosClient {
  const baseUrl = checkBaseUrl(options?.baseUrl);
  return createClient<paths, "application/json">({
    baseUrl,
    headers: { Accept: "application/json", ...options.headers },
    ...clientTransport(options),
  });
}

function checkBaseUrl(baseUrl: unknown): string {
  const hint = 'pass the address of your Portos API server, e.g. createPortosClient({ baseUrl: "http://portos.local:5000" })';
  if (typeof baseUrl !== "string" || baseUrl.trim() === "") {
    throw new TypeError(`createPortosClient: \`baseUrl\` is required: ${hint}`);
  }
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError(`createPortosClient: \`baseUrl\` is not an absolute URL: ${hint}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new TypeError(`createPortosClient: \`baseUrl\` must be an http(s) URL: ${hint}`);
  }
  if (url.search || url.hash) {
    throw new TypeError(`createPortosClient: \`baseUrl\` must not carry a query or fragment: ${hint}`);
  }
  // Portos writes its routes as http://{server-address}/customers and http://{server-address}/api/auth.
  if (/\/(?:api|customers)(?:\/.*)?$/i.test(url.pathname.replace(/\/+$/, ""))) {
    throw new TypeError(
      "createPortosClient: `baseUrl` must stop before the API routes: the paths already start with /customers and /api " +
        `(use "${url.origin}")`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}
