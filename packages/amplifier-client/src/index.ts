import openapiFetch from "openapi-fetch";
import { checkBaseUrl, createApiClient, defaultExport, type ClientOptions, type WithOptions } from "@b2bkit/core/internal";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { components, paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// `paths`, `components`, `operations` and every schema by its name (`Product`, `Order` …): types only. Two names are
// taken: the schema `Error` is `AmplifierError` (the global `Error` keeps its name) and `ImportResult` is
// importInBatches' result, so the spec's (an unknown body) is `components["schemas"]["ImportResult"]` only.
export type * from "./generated/schema.js";
export { amplifierErrors, unwrap } from "./errors.js";
export { importInBatches, importResultOf, DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from "./import.js";
export type { ImportPath, ImportRecord, ImportOptions, ImportProgress, ImportResult, FailedBatch } from "./import.js";
export { uploadProductImage } from "./images.js";
export type { ProductImageUpload, ProductImageData } from "./images.js";

type Schemas = components["schemas"];
/** The documented model `Document` (the generated name is `AmplifierDocument`: `Document` is a DOM global). */
export type Document = Schemas["Document"];
/** An error body (assumed Django REST Framework style: `detail`, or field names mapping to messages). */
export type AmplifierErrorBody = Schemas["Error"];

/** The client openapi-fetch creates, typed so that its calls answer the schemas' named types (`Product`, not its fields). */
export type AmplifierClient = WithOptions<NamedClient<paths, "application/json">>;

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
  }) as AmplifierClient;
}
