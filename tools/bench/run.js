// pnpm bench: the per-request cost of the full b2bkit client (createAmageClient + amageAuth: auth hook,
// signature, retry bookkeeping, per-attempt timeout, JSON check) over a bare openapi-fetch client, as a ratio
// measured in one run against the same local server, the two clients interleaved request by request.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { createAmageClient } from "@b2bkit/amage-client";
import { amageAuth, defaultSign } from "@b2bkit/amage-auth";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const WARMUP = 300;
const BUDGET = 1.05;

const server = fork(fileURLToPath(new URL("./server.js", import.meta.url)), { stdio: "inherit" });
const { port } = await new Promise((resolve) => server.once("message", resolve));
const baseUrl = `http://127.0.0.1:${port}`;
const path = "/rest/amage/v1/deliveries/list";
const params = { params: { query: { page: 1, size: 50 } } };

const credentials = { deviceUuid: "5b0f3c9e-7d2a-4d8e-9a41-0c6f1e2b3a47", apiKey: "bench-key", secret: "bench-secret" };
// The baseline is what a hand-rolled AMAGE client at best does: openapi-fetch with the same headers, signed once.
const signature = await defaultSign({ method: "GET", path: `${path}?page=1&size=50`, secret: credentials.secret, body: undefined });
const bare = createClient({
  baseUrl,
  headers: {
    Accept: "application/json",
    "amage-device-uuid": credentials.deviceUuid,
    "amage-api-key": credentials.apiKey,
    "amage-api-sign": signature,
  },
});
const full = createAmageClient({ baseUrl, auth: amageAuth(credentials) });

async function once(client) {
  const started = process.hrtime.bigint();
  const { data } = await client.GET(path, params);
  const elapsed = process.hrtime.bigint() - started;
  if (!data || data.length !== 2) throw new Error("benchmark server answered something else");
  return elapsed;
}

console.log(`b2bkit bench: ${REQUESTS} sequential GETs per client over loopback (keep-alive), the two clients interleaved …`);
for (let i = 0; i < WARMUP; i++) {
  await once(bare);
  await once(full);
}
// Interleaved request by request, alternating which goes first, so load and drift on the machine hit both alike.
let bareNs = 0n;
let fullNs = 0n;
const ratios = [];
const BLOCK = 500;
let blockBare = 0n;
let blockFull = 0n;
for (let i = 0; i < REQUESTS; i++) {
  if (i % 2 === 0) {
    blockBare += await once(bare);
    blockFull += await once(full);
  } else {
    blockFull += await once(full);
    blockBare += await once(bare);
  }
  if ((i + 1) % BLOCK === 0) {
    ratios.push(Number(blockFull) / Number(blockBare));
    bareNs += blockBare;
    fullNs += blockFull;
    blockBare = 0n;
    blockFull = 0n;
  }
}
bareNs += blockBare;
fullNs += blockFull;
server.disconnect();

const perRequest = (ns) => Number(ns) / 1e3 / REQUESTS;
const ratio = Number(fullNs) / Number(bareNs);
console.log("");
console.log(`bare openapi-fetch client   ${perRequest(bareNs).toFixed(1).padStart(7)} µs/request`);
console.log(`createAmageClient + auth    ${perRequest(fullNs).toFixed(1).padStart(7)} µs/request`);
console.log(`ratio full/bare             ${ratio.toFixed(3).padStart(7)}   (budget ${BUDGET})`);
console.log(`ratio per block of ${BLOCK}: ${ratios.map((x) => x.toFixed(3)).join(" ")}`);
if (process.argv.includes("--check") && ratio > BUDGET) {
  console.error(`over budget: ${ratio.toFixed(3)} > ${BUDGET}`);
  process.exit(1);
}
