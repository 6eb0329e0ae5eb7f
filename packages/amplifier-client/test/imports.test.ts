import { describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { testServer } from "@b2bkit/mock/test-server";
import {
  createAmplifierClient,
  unwrap,
  type Account,
  type Address,
  type CategoryDiscount,
  type CustomerProductLogisticMinimum,
  type CustomerProductRelation,
  type Document,
  type ImportPath,
  type Price,
  type PriceLevel,
  type Product,
  type ProductCategory,
  type ProductCategoryRelation,
  type RelatedProducts,
  type Settlement,
  type Stock,
  type StockLocation,
} from "../src/index.js";
import { mockClient } from "./helpers.js";

const amplifier = mockClient();

// One record per import, with the fields the vendor's model tables give (snake_case, as sent on the wire).
const products: Product[] = [
  {
    external_id: "P-1001",
    name: "Cordless drill 18V",
    friendly_name: "Cordless drill",
    short_description: "18V drill, two batteries",
    description: "<p>18V cordless drill.</p>",
    short_code: "DRL18",
    sku: "DRL-18V-2B",
    ean: "5901234123457",
    vat: 23,
    available_on: "2024-01-01",
    is_published: true,
    is_featured: false,
    weight: 1.85,
    default_unit_of_measure: "szt.",
    cumulative_unit_of_measure: "karton",
    cumulative_converter: 6,
    can_be_split: true,
    cumulative_unit_ratio_splitter: 1,
    unit_roundup: false,
    default_price: 349.99,
    is_b2b_product: true,
    updatable_fields: null,
    attributes: [{ key: "colour", atr_name: "Colour", atr_val: "Green", is_b2b: true, show_on_tile: false }],
  },
];
const priceLevels: PriceLevel[] = [{ external_id: "PL-BASE", name: "Base price list", order: 1, is_global: true, is_enabled: true, is_promotional: false }];
const prices: Price[] = [
  {
    external_id: "PR-P-1001-BASE",
    product_external_id: "P-1001",
    price_level_external_id: "PL-BASE",
    price: 284.55,
    discount: 0,
    start_date: "2000-01-01 00:00:00",
    end_date: "2100-01-01 00:00:00",
    order: 1,
  },
];
const stockLocations: StockLocation[] = [{ external_id: "WH-01", name: "Main warehouse" }];
const stocks: Stock[] = [{ external_id: "ST-1", product_external_id: "P-1001", stock_level_external_id: "WH-01", quantity: 42, quantity_allocated: 5 }];
const categories: ProductCategory[] = [
  { external_id: "CAT-TOOLS", parent_external_id: null, name: "Power tools", description: "Drills", seo_tags: "drills", order: 1 },
];
const categoryRelations: ProductCategoryRelation[] = [{ external_id: "PCR-1", category_external_id: "CAT-TOOLS", product_external_id: "P-1001" }];
const customerProducts: CustomerProductRelation[] = [{ external_id: "CPR-1", customer_external_id: "C-0042", product_external_id: "P-1001" }];
const logisticMinimums: CustomerProductLogisticMinimum[] = [
  { external_id: "LM-1", customer_external_id: "C-0042", product_external_id: "P-1001", logistic_minimum: 6 },
];
const related: RelatedProducts[] = [{ external_id: "P-1001", related_products: [{ external_id: "P-2001" }] }];
const accounts: Account[] = [
  {
    external_id: "A-0042",
    name: "Hurtownia Kowalski",
    short_name: "Kowalski",
    customers: [
      {
        external_id: "C-0042",
        name: "Hurtownia Kowalski",
        short_name: "Kowalski",
        primary_email: "zakupy@kowalski.example.pl",
        login: "kowalski",
        price_level_external_id: "PL-BASE",
        trade_credit_limit: 50000,
        overdue_limit: 1000,
        discount: 5,
        doc_export: true,
        ftp_export: false,
        mail_export: true,
        offer_export: false,
      },
    ],
  },
];
const addresses: Address[] = [
  { external_id: "ADR-1", customer_external_id: "C-0042", name: "Magazyn", city: "Swarzędz", postal_code: "62-020", street: "ul. Magazynowa 5" },
];
const documents: Document[] = [
  {
    external_id: "FV-2024-0001",
    customer: "C-0042",
    number: "FV/2024/01/0001",
    date: "2024-01-15",
    due_date: "2024-02-14",
    value_net: 569.1,
    value_gross: 699.99,
    document_lines: [
      {
        document: "FV-2024-0001",
        product_symbol: "DRL-18V-2B",
        product_ean: "5901234123457",
        product_name: "Cordless drill 18V",
        vat: 23,
        unit: "szt.",
        quantity: 2,
        price_net: 284.55,
        price_gross: 350,
        value_net: 569.1,
        value_gross: 699.99,
      },
    ],
  },
];
const settlements: Settlement[] = [
  { external_id: "ST-FV-1", customer: "C-0042", number: "FV/2024/01/0001", value: 699.99, value_to_pay: 200, date: "2024-01-15", due_date: "2024-02-14" },
];
const discounts: CategoryDiscount[] = [
  { external_id: "CD-1", category_external_id: "CAT-TOOLS", price_level_external_id: "PL-BASE", discount: 10, order: 1, start_date: "2024-03-01 00:00:00", end_date: "2024-03-31 23:59:59" },
];

describe("imports (B2BWSBackend.Send*)", () => {
  // Each .NET method, its operation and a typed call: the body is the bare JSON array the .NET client serialises.
  const cases: Array<[string, ImportPath, () => Promise<unknown>]> = [
    ["SendProductsAsync", "/api/products-import", () => unwrap(amplifier.POST("/api/products-import", { body: products }))],
    ["SendPriceLevelsAsync", "/api/price-levels-import", () => unwrap(amplifier.POST("/api/price-levels-import", { body: priceLevels }))],
    ["SendPricesAsync", "/api/prices-import", () => unwrap(amplifier.POST("/api/prices-import", { body: prices }))],
    ["SendStockLocationsAsync", "/api/stock-locations-import", () => unwrap(amplifier.POST("/api/stock-locations-import", { body: stockLocations }))],
    ["SendStocksAsync", "/api/stocks-import", () => unwrap(amplifier.POST("/api/stocks-import", { body: stocks }))],
    ["SendProductCategoriesAsync", "/api/product-categories-import", () => unwrap(amplifier.POST("/api/product-categories-import", { body: categories }))],
    [
      "SendProductCategoriesRelationAsyncsAsync",
      "/api/product-categories-relation-import",
      () => unwrap(amplifier.POST("/api/product-categories-relation-import", { body: categoryRelations })),
    ],
    [
      "SendCustomerProductsRelationAsyncsAsync",
      "/api/customer-products-import",
      () => unwrap(amplifier.POST("/api/customer-products-import", { body: customerProducts })),
    ],
    [
      "SendCustomerProductLogisticMinimumAsync",
      "/api/customer-logistic-minimum-import",
      () => unwrap(amplifier.POST("/api/customer-logistic-minimum-import", { body: logisticMinimums })),
    ],
    ["SendRelatedProductsAsync", "/api/product-related-products-import", () => unwrap(amplifier.POST("/api/product-related-products-import", { body: related }))],
    ["SendAccountsAsync", "/api/accounts-import", () => unwrap(amplifier.POST("/api/accounts-import", { body: accounts }))],
    ["SendAddresses", "/api/addresses-import", () => unwrap(amplifier.POST("/api/addresses-import", { body: addresses }))],
    ["SendDocumentsAsync", "/api/document-import", () => unwrap(amplifier.POST("/api/document-import", { body: documents }))],
    ["SendSettlementsAsync", "/api/settlement-import", () => unwrap(amplifier.POST("/api/settlement-import", { body: settlements }))],
    ["SendCategoryDiscountAsync", "/api/category-discount-import", () => unwrap(amplifier.POST("/api/category-discount-import", { body: discounts }))],
  ];

  it.each(cases)("%s → POST %s is accepted", async (_method, _path, send) => {
    // The answer body of an import is not public: the spec assumes the echoed records.
    const answer = await send();
    expect(answer).toEqual([{ external_id: "P-1001" }]);
  });

  it("covers all fifteen imports of the .NET client", () => {
    expect(new Set(cases.map((c) => c[1])).size).toBe(15);
  });

  it("refuses a record of the wrong type, naming the field", async () => {
    // @ts-expect-error: vat is an integer (the .NET int), not text
    const body: Product[] = [{ ...products[0], vat: "23%" }];
    const err = (await unwrap(amplifier.POST("/api/products-import", { body })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/body\.0\.vat/);
  });

  it("refuses a body that is not a bare array", async () => {
    // @ts-expect-error: the .NET client sends the list itself, never a wrapper object
    const call = amplifier.POST("/api/stocks-import", { body: { stocks } });
    const err = (await unwrap(call).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/array/);
  });
});

describe("import answers (not public: the spec only assumes a JSON echo)", () => {
  it("an empty 200 or 201, or one that is not JSON, is an accepted import, not an error, with middleware or without", async () => {
    const answers = [
      (res: import("node:http").ServerResponse) => void res.writeHead(200, { "content-length": "0" }).end(),
      (res: import("node:http").ServerResponse) => void res.writeHead(201, { "content-type": "application/json" }).end(),
      (res: import("node:http").ServerResponse) => void res.writeHead(200, { "content-type": "text/plain" }).end("OK"),
      (res: import("node:http").ServerResponse) => void res.writeHead(200, { "content-type": "text/plain", "content-length": "2" }).end("OK"),
      (res: import("node:http").ServerResponse) => void res.writeHead(200, { "content-type": "application/json", "content-length": "8" }).end("accepted"),
    ];
    const server = await testServer((_req, res, n) => answers[(n - 1) % answers.length]!(res));
    try {
      const plain = createAmplifierClient({ baseUrl: server.url });
      // Middleware makes the transport hand openapi-fetch a new answer, whose length must be that of its own body.
      const watched = createAmplifierClient({ baseUrl: server.url });
      watched.use({ onRequest: () => undefined });
      for (const amplifier of [plain, watched]) {
        for (let i = 0; i < answers.length; i++) {
          const { response, data } = await amplifier.POST("/api/products-import", { body: [{ external_id: "P-1" } as never] });
          expect(response.ok).toBe(true);
          expect(data).toBeUndefined();
        }
      }
      expect(server.seen).toHaveLength(2 * answers.length);
    } finally {
      await server.close();
    }
  });
});
