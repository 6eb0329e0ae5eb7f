import openapiFetch from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { portosErrors } from "./errors.js";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { QueryResult_Customer, paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// `paths`, `components`, `operations` and every schema by its name (`Customer`, `Card` …): types only.
export type * from "./generated/schema.js";
export { PortosErrorCode, portosErrors, unwrap } from "./errors.js";
export { DEFAULT_PAGE_SIZE, listAll, type ListAllOptions, type ListPath, type ListQuery } from "./list-all.js";
export { sort, sortBy, type SortDirection, type SortKey, type SortTerm } from "./sort.js";

/** Portos's generic `QueryResult<T>`. */
export type QueryResult<T> = Omit<QueryResult_Customer, "items"> & { items?: T[] | null };
/** The filters, NData paging, `$sort` and `$count` of `GET /customers`. */
export type CustomerQuery = NonNullable<paths["/customers"]["get"]["parameters"]["query"]>;

// Every media type, not just "application/json": Portos answers failures as application/problem+json, and a client
// typed for application/json only would type `error` as the content map instead of the ProblemDetails body.
// The client openapi-fetch creates, typed so that its calls answer the schemas' named types (`Customer`, not its fields).
export type PortosClient = WithOptions<NamedClient<paths>>;

export interface PortosClientOptions extends ClientOptions {
  /**
   * The merchant's Portos API server, `http://{server-address}` in Portos's docs, e.g. `http://portos.local:5000`
   * (or the mock: `http://localhost:4012`). Without `/api` or `/customers`: the paths carry them.
   */
  baseUrl: string;
}

/** The typed Portos client: an openapi-fetch client whose requests get auth, retries and timeouts. */
export function createPortosClient(options: PortosClientOptions): PortosClient {
  return createApiClient(createClient<paths>, options, {
    name: "createPortosClient",
    // Portos writes its routes as http://{server-address}/customers and http://{server-address}/api/auth. Only an
    // address ending in one of them is refused: a gateway path that merely contains /api (https://gw.example/api/portos) is fine.
    baseUrl: checkBaseUrl("createPortosClient", options?.baseUrl, {
      what: "your Portos API server",
      example: "http://portos.local:5000",
      routes: { pattern: /\/(?:api(?:\/auth(?:\/refresh)?)?|customers(?:\/[^/]+)?)\/*$/i, name: "/api and /customers" },
    }),
    // Portos answers failures as application/problem+json: a server (or a mock) that negotiates on Accept may send
    // them only to a client that asks for that type too.
    headers: { Accept: "application/json, application/problem+json" },
    errors: portosErrors,
    noJsonAnswer: NO_JSON_ANSWER,
  }) as PortosClient;
}
