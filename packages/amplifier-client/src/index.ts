import openapiFetch, { type Client } from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { components, paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

export type { components, paths, operations } from "./generated/schema.js";
export { amplifierErrors, unwrap } from "./errors.js";
export { importInBatches, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "./import.js";
export type { ImportPath, ImportRecord, ImportOptions, ImportProgress, ImportResult, FailedBatch } from "./import.js";
export { uploadProductImage } from "./images.js";
export type { ProductImageUpload, ProductImageData } from "./images.js";

type Schemas = components["schemas"];
// The models of the vendor's documentation, by their .NET names.
export type Account = Schemas["Account"];
export type Address = Schemas["Address"];
export type CategoryDiscount = Schemas["CategoryDiscount"];
export type Complaint = Schemas["Complaint"];
export type ComplaintLine = Schemas["ComplaintLine"];
export type Customer = Schemas["Customer"];
export type CustomerProductLogisticMinimum = Schemas["CustomerProductLogisticMinimum"];
export type CustomerProductRelation = Schemas["CustomerProductRelation"];
export type Document = Schemas["Document"];
export type DocumentLine = Schemas["DocumentLine"];
export type Order = Schemas["Order"];
export type OrderLine = Schemas["OrderLine"];
export type Price = Schemas["Price"];
export type PriceLevel = Schemas["PriceLevel"];
export type Product = Schemas["Product"];
export type ProductAttributes = Schemas["ProductAttributes"];
export type ProductCategory = Schemas["ProductCategory"];
export type ProductCategoryRelation = Schemas["ProductCategoryRelation"];
export type ProductImage = Schemas["ProductImage"];
export type RelatedProduct = Schemas["RelatedProduct"];
export type RelatedProducts = Schemas["RelatedProducts"];
export type Settlement = Schemas["Settlement"];
export type Stock = Schemas["Stock"];
export type StockLocation = Schemas["StockLocation"];
// Models of the .NET source that the documentation leaves out, and the wire shapes of the spec.
export type ShippingAddress = Schemas["ShippingAddress"];
export type OrderStatusChange = Schemas["OrderStatusChange"];
export type TokenRequest = Schemas["TokenRequest"];
export type Token = Schemas["Token"];
/** An error body (assumed Django REST Framework style: `detail`, or field names mapping to messages). */
export type AmplifierErrorBody = Schemas["Error"];

export type AmplifierClient = WithOptions<Client<paths, "application/json">>;

export interface AmplifierClientOptions extends ClientOptions {
  /**
   * Your AMPER B2B WS host, e.g. `https://client-id.ampliapps.com` (or the mock: `http://localhost:4010`):
   * the .NET `B2BWSUrl` without its trailing `api/`, since the paths carry `/api/…` themselves.
   */
  baseUrl: string;
}

/** The typed Amplifier client: an openapi-fetch client whose requests get auth, retries and timeouts. */
export function createAmplifierClient(options: AmplifierClientOptions): AmplifierClient {
  return createApiClient(createClient<paths, "application/json">, options, {
    name: "createAmplifierClient",
    // The .NET B2BWSUrl ends in api/; here the paths carry /api/… (imports) or start at the host root (the rest).
    baseUrl: checkBaseUrl("createAmplifierClient", options?.baseUrl, {
      what: "your AMPER B2B WS host",
      example: "https://client-id.ampliapps.com",
      routes: { pattern: /\/api\/?$/, name: "/api/" },
    }),
    headers: { Accept: "application/json" },
    noJsonAnswer: NO_JSON_ANSWER,
  });
}
