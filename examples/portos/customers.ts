// Portos customers: every active one, sorted, page by page; a new one created, read, updated and deleted; a refused sort.
// Writes a customer, deleted at the end.
import { isB2bkitError } from "@b2bkit/core";
import { createPortosClient, listAll, sort, unwrap } from "@b2bkit/portos-client";
import { portosAuth } from "@b2bkit/portos-auth";

const portos = createPortosClient({
  baseUrl: process.env.B2BKIT_PORTOS_URL!, // the merchant's Portos server, e.g. http://portos.local:5000
  auth: portosAuth({ userName: process.env.B2BKIT_PORTOS_USERNAME!, password: process.env.B2BKIT_PORTOS_PASSWORD!, deviceName: process.env.B2BKIT_PORTOS_DEVICE! }),
});

// Every active customer by last name, then first name from Z to A: pages of 100 ($skip/$take) until totalCount.
const $sort = sort("lastName", ["firstName", "desc"]);
for await (const c of listAll(portos, "/customers", { query: { IsActive: "eq:true", $sort } })) console.log(c.fullName, c.email);

// A new customer: created, read back, updated with the _v just read (Portos refuses a stale one), then deleted.
const created = await unwrap(portos.POST("/customers", { body: { firstName: "Jana", lastName: "Example", email: "jana@example.com", isActive: true } }));
if (!created.id) throw new Error("Portos created the customer without naming its id");
const id = { params: { path: { id: created.id } } };
const jana = await unwrap(portos.GET("/customers/{id}", id));
const updated = await unwrap(portos.PUT("/customers/{id}", { ...id, body: { ...jana, note: "VIP" } }));
console.log(`updated ${updated.fullName} (version ${updated._v})`);
await unwrap(portos.DELETE("/customers/{id}", id));

// NData writes a sort as key:direction: an SQL-style "lastName desc" is a validation failure (HTTP 400, errorCode 3).
try {
  await unwrap(portos.GET("/customers", { params: { query: { $sort: "lastName desc" } } }));
} catch (err) {
  if (!isB2bkitError(err, "ApiError") || err.status !== 400) throw err;
  console.log(`refused: HTTP ${err.status}, errorCode ${err.code}`); // err.message has Portos's title and each broken rule
}
