// Jiwa inventory: an AutoQuery walked page by page; a product created, read, described anew and priced; a refused date.
// Writes a product with a note, deleted at the end.
import { isB2bkitError } from "@b2bkit/core";
import { createJiwaClient, listAll, unwrap } from "@b2bkit/jiwa-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";

const jiwa = createJiwaClient({
  baseUrl: process.env.B2BKIT_JIWA_URL!, // e.g. https://api.jiwa.com.au
  auth: jiwaAuth({ username: process.env.B2BKIT_JIWA_USERNAME!, password: process.env.B2BKIT_JIWA_PASSWORD! }), // browsers: jiwaAuth({ apiKey })
});

// Every product whose part number starts with "a": AutoQuery pages of 100 (Skip/Take), ordered so none overlap.
for await (const row of listAll(jiwa, "/Queries/IN_Main", { query: { PartNoStartsWith: "a", OrderBy: "PartNo" } })) console.log(row.PartNo, row.Description);

// A new product: created, read back with its stock per warehouse, described anew with a note, and deleted at the end.
const created = await unwrap(jiwa.POST("/Inventory", { body: { PartNo: `EX-${Date.now()}`, Description: "b2bkit example", DefaultPrice: 10.5 } }));
if (!created.InventoryID) throw new Error("Jiwa created the product without naming its InventoryID");
const InventoryID = created.InventoryID;
const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
console.log(`${item.PartNo} in stock: ${item.WarehouseSOHs?.map((w) => `${w.Warehouse} ${w.TotalSOH}`).join(", ")}`);
const body = { Description: "b2bkit example, described anew", Notes: [{ NoteText: "Checked by the b2bkit example" }] };
await unwrap(jiwa.PATCH("/Inventory/{InventoryID}", { params: { path: { InventoryID } }, body }));

// What a debtor pays for 6 of it on a date. Jiwa reads dates as yyyy-MM-dd and refuses any other form with HTTP 400
// (as it refuses a debtor it does not know): an ApiError with ServiceStack's ErrorCode and message.
const IN_LogicalID = item.WarehouseSOHs?.[0]?.IN_LogicalID ?? "ZZZZZZZZZZ0000000000"; // its first warehouse
for (const date of [new Date().toISOString().slice(0, 10), "yesterday"]) {
  const path = { InventoryID, DebtorID: "0000000061000000001V", IN_LogicalID, Date: date, Quantity: 6 }; // a debtor of Jiwa's demo data
  try {
    const { Price } = await unwrap(jiwa.GET("/Inventory/{InventoryID}/Pricing/{DebtorID}/{IN_LogicalID}/{Date}/{Quantity}", { params: { path } }));
    console.log(`price on ${date}: ${Price}`);
  } catch (err) {
    if (!isB2bkitError(err, "ApiError")) throw err;
    console.log(`no price on "${date}": HTTP ${err.status} ${err.code ?? ""}`);
  }
}
await unwrap(jiwa.DELETE("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
