import openapiFetch, { type RequestBodyOption } from "openapi-fetch";
import { checkBaseUrl, createApiClient, createListAll, createUnwrap, defaultExport, type ClientOptions, type WithOptions, type ListOptions, type VendorErrors } from "@b2bkit/core/internal";
import { NO_JSON_ANSWER } from "./generated/operations.js";
import type { NamedClient } from "./generated/client.js";
import type { paths } from "./generated/schema.js";

// The function itself from ESM and from the CommonJS build alike (see defaultExport).
const createClient = /* @__PURE__ */ defaultExport(openapiFetch);

// `paths`, `components`, `operations` and every schema by its name (`DeliveryDto`, `OrderDto` …): types only.
export type * from "./generated/schema.js";

// The body the client's POST takes. The spec lets an add send `id: null` (what Java and .NET serialisers send for an
// unset id); openapi-fetch types a property that can only be null as absent, so here `id` is simply left out.
type AddBody<P extends keyof paths> = paths[P] extends { post: infer Op } ? NonNullable<RequestBodyOption<Op>["body"]> : never;
/** A delivery to add: a `DeliveryDto` without `id` (the system assigns it). */
export type NewDelivery = AddBody<"/rest/amage/v1/deliveries/add">;
/** An order to add: an `OrderDto` without `id`. */
export type NewOrder = AddBody<"/rest/amage/v1/orders/add">;
/** A complaint to add: a `ComplaintDto` without `id`, with the `deliveryUuid` of an existing delivery. */
export type NewComplaint = AddBody<"/rest/amage/v1/complaints/add">;

/** The client openapi-fetch creates, typed so that its calls answer the schemas' named types (`DeliveryDto`, not its fields). */
export type AmageClient = WithOptions<NamedClient<paths, "application/json">>;

export interface AmageClientOptions extends ClientOptions {
  /** Your AMAGE instance, e.g. `https://your-company.amage.pl` (or the mock: `http://localhost:4014`). */
  baseUrl: string;
}

/** The typed AMAGE client: an openapi-fetch client whose requests get auth, retries and timeouts. */
export function createAmageClient(options: AmageClientOptions): AmageClient {
  return createApiClient(createClient<paths, "application/json">, options, {
    name: "createAmageClient",
    baseUrl: checkBaseUrl("createAmageClient", options?.baseUrl, {
      what: "your AMAGE instance",
      example: "https://your-company.amage.pl",
      routes: { pattern: /\/rest\/amage\/v1\/?$/, name: "/rest/amage/v1" },
    }),
    headers: { Accept: "application/json" },
    errors: amageErrors,
    noJsonAnswer: NO_JSON_ANSWER,
  }) as AmageClient;
}

/** AMAGE's failure bodies: the operation result with `success: false`, `errorCode` and `message`. */
export const amageErrors: VendorErrors = {
  describe(body) {
    if (!body || typeof body !== "object") return undefined;
    const { errorCode: code, message } = body as { errorCode?: unknown; message?: unknown };
    return {
      code: typeof code === "string" || typeof code === "number" ? code : undefined,
      message: typeof message === "string" && message ? message : undefined,
    };
  },
  // AMAGE documents failures as 400, but an operation result that says `success: false` is a failure whatever its
  // status: the transport throws it, for `GET` as for `unwrap`, never handing it back as data. (A list or a text
  // body has no `success`.)
  failureIn2xx: (body) => ((body as { success?: unknown } | null)?.success === false ? amageErrors.describe(body) : undefined),
};

/**
 * The data of a call, or a thrown `ApiError` with AMAGE's `errorCode` and `message`:
 * `const delivery = await unwrap(amage.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params }))`.
 */
export const unwrap = /* @__PURE__ */ createUnwrap(amageErrors);

/** The paged list operations: they take `page` (from 1) and `size` (default 50). */
export type ListPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { query?: { page?: number; size?: number } } } } ? P : never;
}[keyof paths];

type ListItem<P extends ListPath> = paths[P] extends {
  get: { responses: { 200: { content: { "application/json": ReadonlyArray<infer T> } } } };
}
  ? T
  : never;

/** The path parameters a list operation requires (only the complaints of a delivery have one). */
type PathParamsOf<P extends ListPath> = paths[P] extends { get: { parameters: { path: infer A } } } ? A : undefined;

export interface ListAllOptions {
  /** Records per page request (AMAGE's `size`). Default 50, AMAGE's own default. */
  pageSize?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Read the next page while you work through this one (default `true`; at most one page ahead, cancelled when you stop). */
  readAhead?: boolean | undefined;
}

type ListAllArgs<P extends ListPath> = PathParamsOf<P> extends undefined
  ? [options?: ListAllOptions]
  : [options: ListAllOptions & { params: { path: PathParamsOf<P> } }];

export const DEFAULT_PAGE_SIZE = 50;

const amageListAll = /* @__PURE__ */ createListAll(unwrap, {
  // Pages count from 1 (`page`); `size` is the page length.
  style: { page: "page", size: "size" },
  defaultPageSize: DEFAULT_PAGE_SIZE,
  read(answer, { path }) {
    if (!Array.isArray(answer)) throw new TypeError(`listAll: ${path} answered ${typeof answer} where a JSON array was expected`);
    return { items: answer };
  },
});

/**
 * Every record of a list operation, a page at a time: `for await (const d of listAll(amage, "/rest/amage/v1/deliveries/list"))`.
 * Pages are requested from 1 up and the walk stops on a short page; `signal` aborts it between and during pages.
 */
export function listAll<P extends ListPath>(
  client: AmageClient,
  path: P,
  ...[options]: ListAllArgs<P>
): AsyncGenerator<ListItem<P>, void, undefined> {
  return amageListAll<ListItem<P>>(client, path, options as ListOptions | undefined);
}
