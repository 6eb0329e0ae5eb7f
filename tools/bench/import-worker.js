// One import in a process of its own, so its peak memory is its own: `node import-worker.js <how> <records>
// <concurrency> <baseUrl>`, where <how> is `b2bkit` (importInBatches over an async generator) or `fetch` (the same
// batches from the same generator, sent with raw fetch by the same number of workers). Prints one JSON line.
import { createAmplifierClient, importInBatches } from "@b2bkit/amplifier-client";

const [how, total, concurrency, baseUrl] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];
const BATCH = 1_000;

/** A catalogue made on demand, as an ERP export or a database cursor gives it: nothing is held but the current record. */
async function* products(n) {
  for (let i = 0; i < n; i++) {
    yield { external_id: `P-${i}`, name: `Product ${i} of the benchmark catalogue`, vat: 23, ean: String(5900000000000 + i), unit: "szt." };
  }
}

async function rawFetch() {
  const source = products(total);
  let sent = 0;
  const next = async () => {
    const batch = [];
    for (let step = await source.next(); !step.done; step = await source.next()) {
      batch.push(step.value);
      if (batch.length === BATCH) break;
    }
    return batch;
  };
  let reading = Promise.resolve();
  const take = () => (reading = reading.then(next));
  const worker = async () => {
    for (let batch = await take(); batch.length; batch = await take()) {
      const res = await fetch(`${baseUrl}/api/products-import`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(batch),
      });
      if (res.status !== 201) throw new Error(`status ${res.status}`);
      await res.json();
      sent += batch.length;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return sent;
}

async function b2bkit() {
  const client = createAmplifierClient({ baseUrl });
  const result = await importInBatches(client, "/api/products-import", products(total), { batchSize: BATCH, concurrency });
  if (result.failed.length) throw result.failed[0].error;
  return result.sent;
}

const started = process.hrtime.bigint();
const sent = how === "fetch" ? await rawFetch() : await b2bkit();
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
if (sent !== total) throw new Error(`sent ${sent} of ${total}`);
// maxRSS is in KiB.
console.log(JSON.stringify({ how, total, concurrency, seconds, perSecond: total / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
