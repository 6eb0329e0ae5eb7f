// importInBatches against raw fetch, each import in a fresh process (import-worker.js) so its peak memory is its own.
import { fork, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/**
 * One of the bench's servers (a script of tools/bench) in a process of its own: resolves with `{ server, baseUrl }` once
 * it listens. `env` is added to its environment; `message`, when given, is its first IPC message (replay-server.js
 * waits for its answers there).
 */
export async function startServer(file, env = {}, message) {
  const server = fork(fileURLToPath(new URL(file, import.meta.url)), { stdio: "inherit", env: { ...process.env, ...env } });
  if (message) server.send(message);
  const { port } = await new Promise((resolve) => server.once("message", resolve));
  return { server, baseUrl: `http://127.0.0.1:${port}` };
}

/** The import endpoint's server (import-server.js), taking `delayMs` per batch. */
export const startImportServer = (delayMs) => startServer("./import-server.js", { B2BKIT_BENCH_DELAY_MS: String(delayMs) });

/** One import in its own process: { perSecond, peakRssMb, seconds }. `how`: "b2bkit" or "fetch". */
export function runImport(how, total, concurrency, baseUrl) {
  const out = execFileSync(process.execPath, [fileURLToPath(new URL("./import-worker.js", import.meta.url)), how, String(total), String(concurrency), baseUrl], {
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1));
}

/** The middle value of `values`; of an even count, the mean of the two middle ones. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Each method in turns (fetch, b2bkit, b2bkit, fetch), three times over at 1M records (6 runs per method) and six times
 * over under 1M (12 runs per method): the median of each method's records/s (a loaded machine slows a run, not the
 * method) and the largest peak memory of its runs: { fetch, b2bkit, ratio } with ratio = b2bkit's median records/s
 * over raw fetch's. Twice per method was too few on a shared machine: in runs of pnpm bench minutes apart, both runs
 * of one method were slowed (100k: 0.715× raw fetch where the runs around it were 0.947–0.973×; 1M: 0.810× where they
 * were 1.013–1.032×). An import of 100k records
 * takes a third of a second, most of it before the engine has compiled the code: ten fresh runs of each method spread
 * over 285–367k records/s (raw fetch) and 268–352k (b2bkit), so the short imports run twelve times each. The fastest
 * run of each was kept until then: it is one run of twelve, which one slow or lucky run moves (0.857× in one run, where
 * the medians of twelve runs later lay around 0.93–0.95×); the median is where the twelve lie.
 */
export function compareImport(total, concurrency, baseUrl) {
  const runs = { fetch: [], b2bkit: [] };
  for (let cycle = 0, cycles = total < 1_000_000 ? 6 : 3; cycle < cycles; cycle++) {
    for (const how of ["fetch", "b2bkit", "b2bkit", "fetch"]) runs[how].push(runImport(how, total, concurrency, baseUrl));
  }
  const of = (list) => ({ perSecond: median(list.map((r) => r.perSecond)), peakRssMb: Math.max(...list.map((r) => r.peakRssMb)) });
  const [fetch, b2bkit] = [of(runs.fetch), of(runs.b2bkit)];
  return { fetch, b2bkit, ratio: b2bkit.perSecond / fetch.perSecond };
}
