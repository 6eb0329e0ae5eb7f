// An Amplifier ERP translator run: products imported in batches (one refused), pending orders read and marked Exported.
// Writes two products (an import cannot be undone) and the status of every pending order.
import { isB2bkitError } from "@b2bkit/core";
import { createAmplifierClient, importInBatches, unwrap, type Product } from "@b2bkit/amplifier-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";

const amplifier = createAmplifierClient({
  baseUrl: process.env.B2BKIT_AMPLIFIER_URL!, // your B2BWSUrl without "api/", e.g. https://client-id.ampliapps.com
  auth: amplifierAuth({
    authUrl: process.env.B2BKIT_AMPLIFIER_AUTH_URL!, // the token URL, e.g. https://client-id.ampliapps.com/auth/
    username: process.env.B2BKIT_AMPLIFIER_USERNAME!,
    password: process.env.B2BKIT_AMPLIFIER_PASSWORD!,
  }),
});

// The catalogue from the ERP, sent in batches (1,000 records a request by default; 2 here, to show one refused).
const products: Product[] = [
  { external_id: "EX-1001", name: "Cement Portland 25 kg", vat: 23, is_published: true },
  { external_id: "EX-1002", name: "Sand 0-2 mm, 1 t", vat: 23, is_published: true },
  { external_id: "EX-1003", name: "Children's atlas", vat: 5.5, is_published: true }, // VAT is a whole percent here
];
const { sent, failed } = await importInBatches(amplifier, "/api/products-import", products, { batchSize: 2 });
console.log(`products: ${sent} of ${products.length} accepted`);
for (const batch of failed) {
  // A refused batch is an ApiError naming the record and field (fix them, then send products.slice(from, to) again);
  // a lost connection or a refused login is not, and stops this run.
  if (!isB2bkitError(batch.error, "ApiError")) throw batch.error;
  console.log(`${batch.count} from record ${batch.from} refused: ${batch.error.message}`);
}

// The orders waiting for the ERP: each read in full, then marked as taken over.
const pending = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
for (const { token } of pending) {
  if (!token) throw new Error("Amplifier listed an order without its token");
  const order = await unwrap(amplifier.GET("/orders-translator/{token}/", { params: { path: { token } } }));
  console.log(`order ${order.order_number} of ${order.customer_external_id}: ${order.lines?.length ?? 0} lines, ${order.total_gross} gross`);
  await unwrap(amplifier.PATCH("/orders-translator/{token}/", { params: { path: { token } }, body: { status: "Exported" } }));
}
