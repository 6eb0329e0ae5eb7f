import openapiFetch, { type Client } from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { jiwaErrors } from "./errors.js";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { components, paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

export type { components, paths, operations } from "./generated/schema.js";
export { jiwaErrors, unwrap } from "./errors.js";
export { listAll, queryAll, DEFAULT_PAGE_SIZE, type QueryPath, type QueryRow, type QueryFilters, type ListAllOptions, type QueryAllOptions } from "./query.js";

type Schemas = components["schemas"];
// The vendor's own DTO names (ServiceStack request and response classes).
export type InventoryItem = Schemas["InventoryItem"];
export type InventoryPOSTRequest = Schemas["InventoryPOSTRequest"];
export type InventoryPATCHRequest = Schemas["InventoryPATCHRequest"];
export type WarehouseSOH = Schemas["WarehouseSOH"];
export type Note = Schemas["Note"];
export type NoteType = Schemas["NoteType"];
export type InventoryNotePOSTRequest = Schemas["InventoryNotePOSTRequest"];
export type InventoryNotePATCHRequest = Schemas["InventoryNotePATCHRequest"];
export type CustomField = Schemas["CustomField"];
export type CustomFieldValue = Schemas["CustomFieldValue"];
export type InventoryCustomFieldValuePATCHRequest = Schemas["InventoryCustomFieldValuePATCHRequest"];
export type InventoryCategory = Schemas["InventoryCategory"];
export type InventoryCategoryPOSTRequest = Schemas["InventoryCategoryPOSTRequest"];
export type InventoryCategoryPATCHRequest = Schemas["InventoryCategoryPATCHRequest"];
export type InventorySellingPrices = Schemas["InventorySellingPrices"];
export type InventorySellingPrice = Schemas["InventorySellingPrice"];
export type InventorySellingPricePATCHRequest = Schemas["InventorySellingPricePATCHRequest"];
export type InventoryPriceGETResponse = Schemas["InventoryPriceGETResponse"];
export type InventoryDebtorPrice = Schemas["InventoryDebtorPrice"];
export type InventoryDebtorClassificationPrice = Schemas["InventoryDebtorClassificationPrice"];
export type InventoryDebtorPriceGroupInventorySpecific = Schemas["InventoryDebtorPriceGroupInventorySpecific"];
export type InventoryDebtorSpecificPricePOSTRequest = Schemas["InventoryDebtorSpecificPricePOSTRequest"];
export type InventoryDebtorSpecificPricePATCHRequest = Schemas["InventoryDebtorSpecificPricePATCHRequest"];
export type InventoryDebtorClassificationPricePOSTRequest = Schemas["InventoryDebtorClassificationPricePOSTRequest"];
export type InventoryDebtorClassificationPricePATCHRequest = Schemas["InventoryDebtorClassificationPricePATCHRequest"];
export type InventoryDebtorPriceGroupPricePOSTRequest = Schemas["InventoryDebtorPriceGroupPricePOSTRequest"];
export type InventoryDebtorPriceGroupPricePATCHRequest = Schemas["InventoryDebtorPriceGroupPricePATCHRequest"];
export type PriceModes = Schemas["PriceModes"];
export type PriceSources = Schemas["PriceSources"];
// The known members of the DTO enums; answers may carry others (see the spec), requests take these or their numbers.
export type InventoryStatuses = Schemas["InventoryStatuses"];
export type InventoryBOMTypes = Schemas["InventoryBOMTypes"];
export type CellTypes = Schemas["CellTypes"];
export type InventoryClassification = Schemas["InventoryClassification"];
export type InventoryUnitOfMeasure = Schemas["InventoryUnitOfMeasure"];
export type InventoryImage = Schemas["InventoryImage"];
export type IN_Main = Schemas["IN_Main"];
export type IN_MainQuery = Schemas["IN_MainQuery"];
export type IN_Categories = Schemas["IN_Categories"];
export type QueryResponse_IN_Main = Schemas["QueryResponse_IN_Main"];
export type QueryResponse_IN_Categories = Schemas["QueryResponse_IN_Categories"];
export type Authenticate = Schemas["Authenticate"];
export type AuthenticateResponse = Schemas["AuthenticateResponse"];
export type LogoutGetResponse = Schemas["LogoutGetResponse"];
export type ErrorResponse = Schemas["ErrorResponse"];
export type ResponseStatus = Schemas["ResponseStatus"];
export type ResponseError = Schemas["ResponseError"];

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

export type JiwaClient = WithOptions<Client<JiwaPaths, "application/json">>;

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
  });
}
