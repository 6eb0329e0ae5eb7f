// Seeing what a Jiwa client does: a logger that gets one event per attempt (the sign-in included), then one call with
// a shorter timeout and no retries, and an AutoQuery walked with a longer one. Writes nothing.
import type { LogEvent } from "@b2bkit/core";
import { createJiwaClient, listAll, unwrap } from "@b2bkit/jiwa-client";
import { jiwaAuth } from "@b2bkit/jiwa-auth";

const timings: string[] = [];
const jiwa = createJiwaClient({
  baseUrl: process.env.B2BKIT_JIWA_URL!, // e.g. https://api.jiwa.com.au
  auth: jiwaAuth({ username: process.env.B2BKIT_JIWA_USERNAME!, password: process.env.B2BKIT_JIWA_PASSWORD! }),
  // Each attempt's event: no header, no body, the URL and request id redacted. `logger: console` prints the lines.
  logger: (e: LogEvent) => timings.push(`${e.kind} ${e.method} ${new URL(e.url).pathname} → ${e.status ?? e.failure} in ${e.durationMs} ms`),
});

// One call, other values: the same client (auth and all) with its own timeout and retries; a bad value is a TypeError.
const quick = jiwa.withOptions({ timeoutMs: 5_000, maxRetries: 0 });
const fields = await unwrap(quick.GET("/Inventory/CustomFields")); // signs in first: the sign-in is logged too
console.log(`${fields.length} custom fields`);
let rows = 0;
for await (const _ of listAll(jiwa.withOptions({ timeoutMs: 120_000 }), "/Queries/IN_Main", { pageSize: 50 })) rows++;
console.log(`${rows} inventory rows`);
console.log(timings.join("\n"));
