// What `pnpm verify` does with each vendor: the credentials it reads from the environment, how it builds the real
// client and auth, and the sequence of calls that discovers data as it goes (list → get by id → …). Every operation
// of the spec that a plan does not call is reported as skipped, with the reason given here.
import { createAmageClient } from "@b2bkit/amage-client";
import { amageAuth } from "@b2bkit/amage-auth";
import { createAmplifierClient } from "@b2bkit/amplifier-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createJiwaClient } from "@b2bkit/jiwa-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { createPortosClient } from "@b2bkit/portos-client";
import { portosAuth } from "@b2bkit/portos-auth";
import { createTlsecureClient } from "@b2bkit/tlsecure-client";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";

/**
 * The value of `key` nearest the top of an answer (breadth first), e.g. the first `InventoryID` of a query result: the
 * record's own id before the id of something nested in it (an address, a card).
 */
export function pick(value, key) {
  let level = [value];
  while (level.length) {
    const next = [];
    for (const node of level) {
      if (!node || typeof node !== "object") continue;
      if (!Array.isArray(node) && node[key] !== undefined && node[key] !== null && node[key] !== "") return node[key];
      next.push(...Object.values(node));
    }
    level = next;
  }
  return undefined;
}

const WRITES = "a write: only with --allow-writes";
const NO_UNDO = "changes data the vendor offers no way to delete again: never called";
const EXISTING = "changes a record that is not the run's own: never called (writes are create → read → delete only)";

/**
 * Each vendor: `env` (name → what it is; a group in `anyOf` needs one of its sets), `auth(env, proxied)`,
 * `client(baseUrl, auth, fetch, env, tuning)` (tuning: client options such as `timeoutMs`), `final(client, auth)` (ends the session),
 * `steps` (read), `writes` (create → read → delete of the run's own records) and `skip` (operationId → why).
 * A step: `[operationId, call(ctx) → result, remember?(data, ctx)]`, or a function for a composite step. A step whose
 * call needs a value the run has not discovered is skipped with `needs`.
 */
export const PLANS = {
  amage: {
    env: { B2BKIT_AMAGE_DEVICE_UUID: "the UUID of the device registered for API access", B2BKIT_AMAGE_API_KEY: "the API key", B2BKIT_AMAGE_SECRET: "the API key secret" },
    auth: (env) => amageAuth({ deviceUuid: env.B2BKIT_AMAGE_DEVICE_UUID, apiKey: env.B2BKIT_AMAGE_API_KEY, secret: env.B2BKIT_AMAGE_SECRET }),
    client: (baseUrl, auth, fetch, env, tuning) => createAmageClient({ ...tuning, baseUrl, fetch, auth }),
    steps: ["deliveries", "orders", "complaints"].flatMap((kind) => {
      const one = { deliveries: "delivery", orders: "order", complaints: "complaint" }[kind];
      return [
        [`count${cap(kind)}`, (c) => c.GET(`/rest/amage/v1/${kind}/count`)],
        [`list${cap(kind)}`, (c) => c.GET(`/rest/amage/v1/${kind}/list`, { params: { query: { page: 1, size: 10 } } }), (data, ctx) => (ctx[one] = pick(data, "uuid"))],
        [`get${cap(one)}ByUuid`, (c, ctx) => c.GET(`/rest/amage/v1/${kind}/get/by-uuid/{uuid}`, { params: { path: { uuid: need(ctx, one) } } })],
        ...(kind === "deliveries"
          ? [["listComplaintsByDelivery", (c, ctx) => c.GET("/rest/amage/v1/complaints/list/by-delivery/{delivery-uuid}", { params: { path: { "delivery-uuid": need(ctx, "delivery") } } })]]
          : []),
      ];
    }),
    writes: [
      ["addDelivery", (c, ctx) => c.POST("/rest/amage/v1/deliveries/add", { body: own(ctx, "addDelivery") }), (data, ctx) => (ctx.ownDelivery = pick(data, "deliveryUuid"))],
      ["getDeliveryByUuid", (c, ctx) => c.GET("/rest/amage/v1/deliveries/get/by-uuid/{uuid}", { params: { path: { uuid: need(ctx, "ownDelivery") } } })],
      ["addComplaint", (c, ctx) => c.POST("/rest/amage/v1/complaints/add", { body: { ...own(ctx, "addComplaint"), deliveryUuid: need(ctx, "ownDelivery") } }), (data, ctx) => (ctx.ownComplaint = pick(data, "complaintUuid"))],
      ["getComplaintByUuid", (c, ctx) => c.GET("/rest/amage/v1/complaints/get/by-uuid/{uuid}", { params: { path: { uuid: need(ctx, "ownComplaint") } } })],
      ["deleteComplaint", (c, ctx) => c.DELETE("/rest/amage/v1/complaints/delete/{uuid}", { params: { path: { uuid: need(ctx, "ownComplaint") } } }), undefined, (ctx) => `complaint ${ctx.ownComplaint}`],
      ["deleteDelivery", (c, ctx) => c.DELETE("/rest/amage/v1/deliveries/delete/{uuid}", { params: { path: { uuid: need(ctx, "ownDelivery") } } }), undefined, (ctx) => `delivery ${ctx.ownDelivery}`],
      ["addOrder", (c, ctx) => c.POST("/rest/amage/v1/orders/add", { body: own(ctx, "addOrder") }), (data, ctx) => (ctx.ownOrder = pick(data, "orderUuid"))],
      ["getOrderByUuid", (c, ctx) => c.GET("/rest/amage/v1/orders/get/by-uuid/{uuid}", { params: { path: { uuid: need(ctx, "ownOrder") } } })],
      ["deleteOrder", (c, ctx) => c.DELETE("/rest/amage/v1/orders/delete/{uuid}", { params: { path: { uuid: need(ctx, "ownOrder") } } }), undefined, (ctx) => `order ${ctx.ownOrder}`],
    ],
    skip: { editDelivery: EXISTING, updateOrder: EXISTING, updateComplaint: EXISTING },
  },

  amplifier: {
    env: {
      B2BKIT_AMPLIFIER_AUTH_URL: "the token URL (the .NET client's authUrl)",
      B2BKIT_AMPLIFIER_USERNAME: "the translator user",
      B2BKIT_AMPLIFIER_PASSWORD: "its password",
    },
    optional: { B2BKIT_AMPLIFIER_ORDER_STATUS: "the order status to list (default: the spec's example, Pending)" },
    auth: (env, proxied) => amplifierAuth({ authUrl: proxied(env.B2BKIT_AMPLIFIER_AUTH_URL), username: env.B2BKIT_AMPLIFIER_USERNAME, password: env.B2BKIT_AMPLIFIER_PASSWORD }),
    client: (baseUrl, auth, fetch, env, tuning) => createAmplifierClient({ ...tuning, baseUrl, fetch, auth }),
    steps: [
      ["getListOfOrders", (c, ctx) => c.GET("/orders-translator/", { params: { query: { status: ctx.env.B2BKIT_AMPLIFIER_ORDER_STATUS ?? "Pending" } } }), (data, ctx) => (ctx.order = pick(data, "token"))],
      ["getOrder", (c, ctx) => c.GET("/orders-translator/{token}/", { params: { path: { token: need(ctx, "order") } } })],
      ["getListOfComplaints", (c) => c.GET("/complaints-translator/")],
    ],
    writes: [],
    login: ["getToken"],
    skip: {
      ...Object.fromEntries(
        ["sendProducts", "sendPriceLevels", "sendPrices", "sendStockLocations", "sendStocks", "sendProductCategories", "sendProductCategoriesRelation", "sendCustomerProductsRelation", "sendCustomerProductLogisticMinimum", "sendRelatedProducts", "sendAccounts", "sendAddresses", "sendDocuments", "sendSettlements", "sendCategoryDiscount", "sendFile"].map((op) => [op, NO_UNDO]),
      ),
      changeOrderStatus: EXISTING,
    },
  },

  jiwa: {
    env: {},
    anyOf: [
      { B2BKIT_JIWA_USERNAME: "the Jiwa user", B2BKIT_JIWA_PASSWORD: "its password" },
      { B2BKIT_JIWA_API_KEY: "a Jiwa API key (Jiwa 7.2+)" },
    ],
    auth: (env) => (env.B2BKIT_JIWA_API_KEY ? jiwaAuth({ apiKey: env.B2BKIT_JIWA_API_KEY }) : jiwaAuth({ username: env.B2BKIT_JIWA_USERNAME, password: env.B2BKIT_JIWA_PASSWORD })),
    client: (baseUrl, auth, fetch, env, tuning) => createJiwaClient({ ...tuning, baseUrl, fetch, auth }),
    steps: [
      ["inMainQuery", (c) => c.GET("/Queries/IN_Main", { params: { query: { Take: 5, Include: "Total" } } }), (data, ctx) => (ctx.item = pick(data, "InventoryID"))],
      ["inCategoriesQuery", (c) => c.GET("/Queries/IN_Categories", { params: { query: { Take: 5 } } }), (data, ctx) => (ctx.category = pick(data, "CategoryID"))],
      ["inventoryGet", (c, ctx) => c.GET("/Inventory/{InventoryID}", item(ctx)), (data, ctx) => (ctx.logical = pick(data?.WarehouseSOHs, "IN_LogicalID"))],
      ["inventoryCustomFieldList", (c) => c.GET("/Inventory/CustomFields")],
      ["inventoryCustomFieldValueList", (c, ctx) => c.GET("/Inventory/{InventoryID}/CustomFieldValues", item(ctx)), (data, ctx) => (ctx.setting = pick(data, "SettingID"))],
      ["inventoryCustomFieldValueGet", (c, ctx) => c.GET("/Inventory/{InventoryID}/CustomFieldValues/{SettingID}", item(ctx, { SettingID: need(ctx, "setting") }))],
      ["inventorySellingPricesGet", (c, ctx) => c.GET("/Inventory/{InventoryID}/SellingPrices", item(ctx))],
      ["inventoryDebtorPriceList", (c, ctx) => c.GET("/Inventory/{InventoryID}/DebtorSpecificPrices", item(ctx)), (data, ctx) => ((ctx.debtorPrice = pick(data, "DebtorSpecificPriceID")), (ctx.debtor = pick(data, "DebtorID")))],
      ["inventoryDebtorPriceGet", (c, ctx) => c.GET("/Inventory/{InventoryID}/DebtorSpecificPrices/{DebtorSpecificPriceID}", item(ctx, { DebtorSpecificPriceID: need(ctx, "debtorPrice") }))],
      ["inventoryPriceGet", (c, ctx) =>
        c.GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", item(ctx, { DebtorID: need(ctx, "debtor"), IN_LogicalID: need(ctx, "logical"), Date: new Date().toISOString().slice(0, 10), Quantity: 1 }))],
      ["inventoryDebtorClassificationPriceList", (c, ctx) => c.GET("/Inventory/{InventoryID}/DebtorClassificationPrices", item(ctx)), (data, ctx) => (ctx.classPrice = pick(data, "DebtorClassificationPriceID"))],
      ["inventoryDebtorClassificationPriceGet", (c, ctx) =>
        c.GET("/Inventory/{InventoryID}/DebtorClassificationPrices/{DebtorClassificationPriceID}", item(ctx, { DebtorClassificationPriceID: need(ctx, "classPrice") }))],
      ["inventoryDebtorPriceGroupPriceList", (c, ctx) => c.GET("/Inventory/{InventoryID}/DebtorPriceGroupPrices", item(ctx)), (data, ctx) => (ctx.groupPrice = pick(data, "DebtorPriceGroupInventorySpecificID"))],
      ["inventoryDebtorPriceGroupPriceGet", (c, ctx) =>
        c.GET("/Inventory/{InventoryID}/DebtorPriceGroupPrices/{DebtorPriceGroupInventorySpecificID}", item(ctx, { DebtorPriceGroupInventorySpecificID: need(ctx, "groupPrice") }))],
      ["inventoryNoteList", (c, ctx) => c.GET("/Inventory/{InventoryID}/Notes", item(ctx)), (data, ctx) => (ctx.note = pick(data, "NoteID"))],
      ["inventoryNoteGet", (c, ctx) => c.GET("/Inventory/{InventoryID}/Notes/{NoteID}", item(ctx, { NoteID: need(ctx, "note") }))],
      ["inventoryCategoryGet", (c, ctx) => c.GET("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: need(ctx, "category") } } })],
    ],
    writes: [
      ["inventoryCreate", (c, ctx) => c.POST("/Inventory", { body: { ...own(ctx, "inventoryCreate"), PartNo: ctx.mark } }), (data, ctx) => (ctx.ownItem = pick(data, "InventoryID"))],
      ["inventoryGet", (c, ctx) => c.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID: need(ctx, "ownItem") } } })],
      ["inventoryNoteCreate", (c, ctx) => c.POST("/Inventory/{InventoryID}/Notes", { params: { path: { InventoryID: need(ctx, "ownItem") } }, body: own(ctx, "inventoryNoteCreate") }), (data, ctx) => (ctx.ownNote = pick(data, "NoteID"))],
      ["inventoryNoteGet", (c, ctx) => c.GET("/Inventory/{InventoryID}/Notes/{NoteID}", { params: { path: { InventoryID: need(ctx, "ownItem"), NoteID: need(ctx, "ownNote") } } })],
      ["inventoryNoteDelete", (c, ctx) => c.DELETE("/Inventory/{InventoryID}/Notes/{NoteID}", { params: { path: { InventoryID: need(ctx, "ownItem"), NoteID: need(ctx, "ownNote") } } }), undefined, (ctx) => `note ${ctx.ownNote} of item ${ctx.ownItem}`],
      ["inventoryDelete", (c, ctx) => c.DELETE("/Inventory/{InventoryID}", { params: { path: { InventoryID: need(ctx, "ownItem") } } }), undefined, (ctx) => `inventory item ${ctx.ownItem} (PartNo ${ctx.mark})`],
      ["inventoryCategoryCreate", (c, ctx) => c.POST("/Inventory/Categories", { body: own(ctx, "inventoryCategoryCreate") }), (data, ctx) => (ctx.ownCategory = pick(data, "CategoryID"))],
      ["inventoryCategoryGet", (c, ctx) => c.GET("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: need(ctx, "ownCategory") } } })],
      ["inventoryCategoryDelete", (c, ctx) => c.DELETE("/Inventory/Categories/{CategoryID}", { params: { path: { CategoryID: need(ctx, "ownCategory") } } }), undefined, (ctx) => `category ${ctx.ownCategory}`],
    ],
    login: ["authPost"],
    unused: (env, operationId) => (env.B2BKIT_JIWA_API_KEY && /^auth(Post|Logout)$/.test(operationId) ? "signs in with an API key: no session to open or close" : undefined),
    // The session auth signs in with POST /auth (recorded as authPost) and logs out at the end (authLogout).
    final: (client, auth) => auth.logout(),
    skip: {
      authGet: "signs in with the credentials in the URL, where they end up in logs: the auth uses POST /auth instead",
      inventoryUpdate: EXISTING,
      inventoryCustomFieldValueUpdate: EXISTING,
      inventorySellingPricesUpdate: EXISTING,
      inventoryDebtorPriceCreate: "needs a debtor of yours to price for: never called",
      inventoryDebtorPriceUpdate: EXISTING,
      inventoryDebtorPriceDelete: EXISTING,
      inventoryDebtorClassificationPriceCreate: "needs a debtor classification of yours: never called",
      inventoryDebtorClassificationPriceUpdate: EXISTING,
      inventoryDebtorClassificationPriceDelete: EXISTING,
      inventoryDebtorPriceGroupPriceCreate: "needs a debtor price group of yours: never called",
      inventoryDebtorPriceGroupPriceUpdate: EXISTING,
      inventoryDebtorPriceGroupPriceDelete: EXISTING,
      inventoryNoteUpdate: EXISTING,
      inventoryCategoryUpdate: EXISTING,
    },
  },

  portos: {
    env: { B2BKIT_PORTOS_USERNAME: "the Portos user", B2BKIT_PORTOS_PASSWORD: "its password", B2BKIT_PORTOS_DEVICE: "the device to log in to (DeviceName)" },
    auth: (env) => portosAuth({ userName: env.B2BKIT_PORTOS_USERNAME, password: env.B2BKIT_PORTOS_PASSWORD, deviceName: env.B2BKIT_PORTOS_DEVICE }),
    client: (baseUrl, auth, fetch, env, tuning) => createPortosClient({ ...tuning, baseUrl, fetch, auth }),
    steps: [
      ["listCustomers", (c) => c.GET("/customers", { params: { query: { $take: 5 } } }), (data, ctx) => (ctx.customer = pick(data, "id"))],
      ["getCustomer", (c, ctx) => c.GET("/customers/{id}", { params: { path: { id: need(ctx, "customer") } } })],
    ],
    writes: [
      ["createCustomer", (c, ctx) => c.POST("/customers", { body: own(ctx, "createCustomer") }), (data, ctx) => (ctx.ownCustomer = pick(data, "id"))],
      ["getCustomer", (c, ctx) => c.GET("/customers/{id}", { params: { path: { id: need(ctx, "ownCustomer") } } })],
      ["deleteCustomer", (c, ctx) => c.DELETE("/customers/{id}", { params: { path: { id: need(ctx, "ownCustomer") } } }), undefined, (ctx) => `customer ${ctx.ownCustomer}`],
    ],
    // Ends the run's session (the auth logged in with POST /api/auth, recorded as login).
    final: (client) => client.DELETE("/api/auth"),
    skip: {
      refreshSession: "called by the auth only shortly before the session expires: not forced",
      createOrUpdateCustomer: EXISTING,
    },
  },

  tlsecure: {
    env: { B2BKIT_TLSECURE_DOMAIN_CODE: "your shop's five-digit domain code" },
    optional: { B2BKIT_TLSECURE_TOKEN: "a token to use instead of guest tokens" },
    auth: (env) => (env.B2BKIT_TLSECURE_TOKEN ? tlsecureAuth({ token: env.B2BKIT_TLSECURE_TOKEN }) : tlsecureAuth({ domainCode: env.B2BKIT_TLSECURE_DOMAIN_CODE })),
    client: (baseUrl, auth, fetch, env, tuning) => createTlsecureClient({ ...tuning, baseUrl, fetch, auth, domainCode: env.B2BKIT_TLSECURE_DOMAIN_CODE }),
    steps: [
      ["getCustomerToken", (c) => c.GET("/api/{returnType}/{domainCode}/customer/token")],
      ["listCustomersB2b", (c) => c.GET("/api/{returnType}/{domainCode}/customer/b2b")],
    ],
    writes: [
      ["createCustomerB2b", (c, ctx) => c.POST("/api/{returnType}/{domainCode}/customer/b2b", { body: own(ctx, "createCustomerB2b") }), (data, ctx) => (ctx.ownCompany = pick(data?.response?.object, "id") ?? pick(data, "company"))],
      ["listCustomersB2b", (c) => c.GET("/api/{returnType}/{domainCode}/customer/b2b")],
      ["deleteCustomerB2b", (c, ctx) => c.DELETE("/api/{returnType}/{domainCode}/customer/b2b/{company}", { params: { path: { company: need(ctx, "ownCompany") } } }), undefined, (ctx) => `company ${ctx.ownCompany}`],
    ],
    // Codes 4 and 5 (HTTP 200): the token is unknown or invalid.
    refused: (err) => err?.name === "ApiError" && (err.code === 4 || err.code === 5),
    skip: { updateCustomerB2b: EXISTING },
  },
};

function cap(word) {
  return word[0].toUpperCase() + word.slice(1);
}

/** The InventoryID the run discovered, with more path parameters. */
function item(ctx, more = {}) {
  return { params: { path: { InventoryID: need(ctx, "item"), ...more } } };
}

// What each discovered value is, for the reason a step that needed it was skipped.
const WHAT = {
  delivery: "no delivery listed",
  order: "no order listed",
  complaint: "no complaint listed",
  item: "no inventory item listed",
  category: "no category listed",
  logical: "no warehouse (IN_LogicalID) on the item",
  setting: "no custom field value on the item",
  debtor: "no debtor-specific price on the item",
  debtorPrice: "no debtor-specific price on the item",
  classPrice: "no debtor classification price on the item",
  groupPrice: "no debtor price group price on the item",
  note: "no note on the item",
  customer: "no customer listed",
  ownDelivery: "the delivery it created has no deliveryUuid in the answer",
  ownComplaint: "the complaint it created has no complaintUuid in the answer",
  ownOrder: "the order it created has no orderUuid in the answer",
  ownItem: "the item it created has no InventoryID in the answer",
  ownNote: "the note it created has no NoteID in the answer",
  ownCategory: "the category it created has no CategoryID in the answer",
  ownCustomer: "the customer it created has no id in the answer",
  ownCompany: "the company it created has no id in the answer",
};

/** A value the run discovered; a step that needs one it has not is skipped with the reason. */
export function need(ctx, name) {
  const value = ctx[name];
  if (value === undefined || value === null || value === "") throw Object.assign(new Error(WHAT[name] ?? `no ${name} found by an earlier call`), { needs: name });
  // A delete goes only to a record the run can show is its own.
  const notOwn = ctx.deleting && name.startsWith("own") ? ctx.notOwn?.(name) : undefined;
  if (notOwn) throw Object.assign(new Error(`not deleted: ${notOwn}`), { needs: name, notOwn: true });
  return value;
}

/**
 * The spec's request example of a create, made the run's own: fresh UUIDs, and the run's mark in its identifying
 * texts (number, name, description, id …), so that nothing collides with a real record and a leftover is recognisable.
 */
function own(ctx, operationId) {
  const mark = (value, key) => {
    if (Array.isArray(value)) return value.map((v) => mark(v, key));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, k)]));
    if (typeof value !== "string") return value;
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return /uuid$/i.test(key) && !/^(contractor|warehouse|place|location|transport|order|delivery|workOrder|receivedBy|checkedBy|acceptedBy|product|article|unit)/i.test(key) ? crypto.randomUUID() : value;
    if (/mail/i.test(key)) return `${ctx.mark}@example.com`;
    if (/^(id|number|name|description|PartNo|Description|NoteText|firstName|lastName|reference)$/.test(key)) return `${ctx.mark} ${value}`.slice(0, 60);
    return value;
  };
  return mark(example(ctx, operationId), "");
}

/** The spec's documented request example of an operation (the body a create sends). */
function example(ctx, operationId) {
  const body = ctx.examples[operationId];
  if (body === undefined) throw Object.assign(new Error(`the spec has no request example for ${operationId}`), { needs: "example" });
  return structuredClone(body);
}
