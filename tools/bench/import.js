// pnpm bench:import — importInBatches at catalogue scale: records/s and peak memory for 100k and 1M records streamed
// from an async generator, against the same batches sent with raw fetch at the same concurrency (the baseline), each
// import in a fresh process. Then records/s by concurrency against a server that takes time per batch, the
// measurement the default concurrency comes from.
//   node tools/bench/import.js [--records=100000,1000000] [--concurrency=2] [--delay-ms=0] [--sweep] [--sweep-delay-ms=20] [--check]
import { compareImport, runImport, startImportServer } from "./import-measure.js";
import { placeClients } from "./placement.js";

const arg = (name, fallback) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? fallback;
// Each option as it is written: a typo must not run the default imports (minutes of them) in its place.
const USAGE = "usage: pnpm bench:import [--records=100000,1000000] [--concurrency=2] [--delay-ms=0] [--sweep] [--sweep-delay-ms=20] [--check]";
const valued = new Set(["records", "concurrency", "delay-ms", "sweep-delay-ms"]);
const switches = new Set(["sweep", "check"]);
for (const a of process.argv.slice(2)) {
  const name = a.replace(/^--/, "").split("=")[0];
  const known = a.startsWith("--") && (valued.has(name) ? a.includes("=") : switches.has(name) && !a.includes("="));
  if (!known) {
    console.error(`bench:import: unknown or malformed option ${a}\n${USAGE}`);
    process.exit(2);
  }
}
const sizes = arg("records", "100000,1000000").split(",").map(Number);
const concurrency = Number(arg("concurrency", 2));
const delayMs = Number(arg("delay-ms", 0));
for (const [name, values] of [["records", sizes], ["concurrency", [concurrency]]]) {
  if (values.some((n) => !Number.isInteger(n) || n < 1)) {
    console.error(`bench:import: --${name} takes whole numbers of at least 1, got "${arg(name)}"`);
    process.exit(2);
  }
}
for (const name of ["delay-ms", "sweep-delay-ms"]) {
  if (!(Number(arg(name, 0)) >= 0)) {
    console.error(`bench:import: --${name} takes a number of milliseconds, got "${arg(name)}"`);
    process.exit(2);
  }
}
const MAX_RSS_MB = 400;
const MIN_RATIO = 0.9;

const fmt = (n) => Math.round(n).toLocaleString("en-US");
let failures = 0;
// The imports on one CPU and the server on another, as in pnpm bench (placement.js).
const placement = placeClients();
const { server, baseUrl } = await startImportServer(delayMs);
placement.server(server.pid);
console.log(`import bench: batches of 1,000 from an async generator, concurrency ${concurrency}, server delay ${delayMs} ms per batch; ${placement.note}`);
console.log("");
console.log("| records | raw fetch records/s (median of its runs) | importInBatches records/s (median of its runs) | ratio | raw fetch peak RSS (largest) | importInBatches peak RSS (largest) |");
console.log("|---|---|---|---|---|---|");
for (const total of sizes) {
  const { ratio, ...medians } = compareImport(total, concurrency, baseUrl);
  console.log(
    `| ${fmt(total)} | ${fmt(medians.fetch.perSecond)} | ${fmt(medians.b2bkit.perSecond)} | ${ratio.toFixed(3)} | ${fmt(medians.fetch.peakRssMb)} MB | ${fmt(medians.b2bkit.peakRssMb)} MB |`,
  );
  if (ratio < MIN_RATIO) failures++;
  if (medians.b2bkit.peakRssMb > MAX_RSS_MB) failures++;
}
server.disconnect();
console.log("");
console.log(`${failures ? `${failures} figure${failures > 1 ? "s" : ""} past the budget` : "every figure within its budget"} (at least ${MIN_RATIO}× raw fetch's records/s, peak RSS at most ${MAX_RSS_MB} MB); ${placement.note}`);

if (process.argv.includes("--sweep")) {
  const sweepDelay = Number(arg("sweep-delay-ms", 20));
  const slow = await startImportServer(sweepDelay);
  placement.server(slow.server.pid);
  console.log("");
  console.log(`importInBatches, 100,000 records, server taking ${sweepDelay} ms per batch of 1,000:`);
  console.log("| concurrency | records/s |");
  console.log("|---|---|");
  for (const conc of [1, 2, 4, 8]) console.log(`| ${conc} | ${fmt(runImport("b2bkit", 100_000, conc, slow.baseUrl).perSecond)} |`);
  slow.server.disconnect();
}

if (process.argv.includes("--check") && failures) {
  console.error(`import bench: ${failures} figure${failures > 1 ? "s" : ""} past the budget (ratio >= ${MIN_RATIO}, peak RSS <= ${MAX_RSS_MB} MB)`);
  process.exit(1);
}
