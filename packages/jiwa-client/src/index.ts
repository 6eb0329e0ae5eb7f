import openapiFetch from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { jiwaErrors } from "./errors.js";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// `paths`, `components`, `operations` and every schema by its name (`InventoryItem`, `IN_Main` …): types only.
export type * from "./generated/schema.js";
export { jiwaErrors, unwrap } from "./errors.js";
export { listAll, queryAll, DEFAULT_PAGE_SIZE, type QueryPath, type QueryRow, type QueryFilters, type ListAllOptions, type QueryAllOptions } from "./query.js";

/** A query whose `format` override (if the route has one) can only ask for JSON: the client parses nothing else. */
type JsonFormat<Q> = "format" extends keyof Q ? Omit<Q, "format"> & { format?: "json" } : Q;

/** A GET the client can send: no body, and `format` narrowed to JSON (required and optional queries kept as they are). */
type ClientGet<G> = G extends { parameters: infer Params }
  ? Omit<G, "requestBody" | "parameters"> & {
      requestBody?: never;
      parameters: Params extends { query: infer Q }
        ? Omit<Params, "query"> & { query: JsonFormat<Q> }
        : Params extends { query?: infer Q }
          ? Omit<Params, "query"> & { query?: JsonFormat<NonNullable<Q>> }
          : Params;
    }
  : G;

/**
 * The spec's paths as this client can send them. The doc's curl examples put a JSON body on `GET /auth` and
 * `GET /Queries/IN_Main`, so the spec declares those bodies; fetch refuses a GET with a body, so the client's types
 * leave them out: pass the same values in `params.query` (or sign in with `POST /auth`). The spec's `format` takes
 * `json`, `xml` or `csv`, as the doc says; the client parses JSON only, so its types take `format: "json"` alone.
 */
export type JiwaPaths = {
  [P in keyof paths]: paths[P] extends { get: infer G } ? Omit<paths[P], "get"> & { get: ClientGet<G> } : paths[P];
};

/** The client openapi-fetch creates, typed so that its calls answer the schemas' named types (`InventoryItem`, not its fields). */
export type JiwaClient = WithOptions<NamedClient<JiwaPaths, "application/json">>;

export interface JiwaClientOptions extends ClientOptions {
  /**
   * Your Jiwa REST API, e.g. `https://api.jiwa.com.au` (or the mock: `http://localhost:4011`). A host that serves
   * the API under a path keeps it: `https://erp.example.com/jiwa`.
   */
  baseUrl: string;
}

/**
 * The typed Jiwa client: an openapi-fetch client whose requests get auth, retries and timeouts, and always ask for
 * JSON (ServiceStack would otherwise pick the format from the Accept header, HTML for a browser).
 */
export function createJiwaClient(options: JiwaClientOptions): JiwaClient {
  return createApiClient(createClient<JiwaPaths, "application/json">, options, {
    name: "createJiwaClient",
    // An address that ends in a first path segment of the API's routes would double it.
    baseUrl: checkBaseUrl("createJiwaClient", options?.baseUrl, {
      what: "your Jiwa API",
      example: "https://api.jiwa.com.au",
      routes: { pattern: /\/(auth|queries|inventory)\/?$/i, name: "/Inventory, /Queries or /auth" },
    }),
    fixedHeaders: { Accept: "application/json" },
    errors: jiwaErrors,
    noJsonAnswer: NO_JSON_ANSWER,
    // Every array parameter of the spec is `style: form, explode: false`: AutoQuery's `PartNoIn=a,b`.
    openapi: { querySerializer: { array: { style: "form", explode: false } } },
  }) as JiwaClient;
}
