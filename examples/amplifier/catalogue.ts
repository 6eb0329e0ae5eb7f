// A whole catalogue imported as the ERP gives it out, one record at a time, never all in memory: an async generator
// (a database cursor, a file read line by line, a paged ERP API) streamed into importInBatches, with progress.
// Writes 5,000 products (an import cannot be undone).
import { isB2bkitError } from "@b2bkit/core";
import { createAmplifierClient, importInBatches, type Product } from "@b2bkit/amplifier-client";
import { amplifierAuth } from "@b2bkit/amplifier-auth";

const amplifier = createAmplifierClient({
  baseUrl: process.env.B2BKIT_AMPLIFIER_URL!, // your B2BWSUrl without "api/", e.g. https://client-id.ampliapps.com
  auth: amplifierAuth({
    authUrl: process.env.B2BKIT_AMPLIFIER_AUTH_URL!, // the token URL, e.g. https://client-id.ampliapps.com/auth/
    username: process.env.B2BKIT_AMPLIFIER_USERNAME!,
    password: process.env.B2BKIT_AMPLIFIER_PASSWORD!,
  }),
});

// Stands in for your ERP export: records are made as they are read, so a million cost no more memory than a thousand.
async function* catalogue(size: number): AsyncGenerator<Product> {
  for (let i = 1; i <= size; i++) yield { external_id: `CAT-${i}`, name: `Catalogue item ${i}`, vat: 23, is_published: true };
}

const result = await importInBatches(amplifier, "/api/products-import", catalogue(5_000), {
  // Read lazily: at most `concurrency` batches of `batchSize` records are held at once.
  onProgress: ({ sentRecords, readRecords, failedBatches }) => console.log(`${sentRecords} sent, ${readRecords} read, ${failedBatches} batches failed`),
});
console.log(`products: ${result.sent} of ${result.total} accepted`);
for (const batch of result.failed) {
  if (!isB2bkitError(batch.error, "ApiError")) throw batch.error;
  // `batch.records` is the refused batch itself: fix it and send it again.
  console.log(`records ${batch.from}–${batch.to - 1} refused: ${batch.error.message}`);
}
if (result.unread) console.log(`the login was refused: records after ${result.unread.after} were not read`);
