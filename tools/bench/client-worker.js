// One client of `pnpm bench` in a worker thread of its own: its own V8 isolate, so no client's calls shape the
// optimised code another runs (openapi-fetch and undici are shared modules; in one isolate, whichever client runs
// second finds their call sites already tuned to the first). The main thread asks for a block of requests at a time.
import { parentPort, workerData } from "node:worker_threads";
import createClient from "openapi-fetch";
import ky from "ky";
import { SCENARIOS } from "./scenarios.js";

const { vendor, kind, baseUrl, call } = workerData;
const url = new URL(call.url, baseUrl);
const headers = Object.fromEntries(Object.entries(call.headers).filter(([name]) => !["host", "content-length", "connection"].includes(name)));
// The call as b2bkit's client makes it to openapi-fetch: a path with parameters as its template and their values.
const { path } = SCENARIOS[vendor];
const route = path?.template ?? url.pathname;
const params = { params: { ...(path && { path: path.values }), query: Object.fromEntries(url.searchParams) } };
if (path && route.replace(/\{(\w+)\}/g, (_, name) => path.values[name]) !== url.pathname) throw new Error(`${vendor}: scenario path ${route} does not give ${url.pathname}`);
const ok = (result) => {
  if (!result.response.ok || result.data === undefined) throw new Error(`${vendor} ${kind}: the call answered HTTP ${result.response.status}`);
};

function makeClient() {
  if (kind === "raw fetch") {
    return async () => {
      const response = await fetch(url, { headers });
      if (!response.ok) throw new Error(`${vendor} raw fetch: HTTP ${response.status}`);
      await response.json();
    };
  }
  if (kind === "openapi-fetch") {
    const bare = createClient({ baseUrl, headers });
    return async () => ok(await bare.GET(route, params));
  }
  if (kind === "openapi-fetch + ky") {
    const kyFetch = ky.create({ retry: { limit: 2 }, timeout: 30_000, throwHttpErrors: false });
    const overKy = createClient({ baseUrl, headers, fetch: (request) => kyFetch(request) });
    return async () => ok(await overKy.GET(route, params));
  }
  const full = SCENARIOS[vendor].client(baseUrl);
  return async () => ok(await SCENARIOS[vendor].call(full));
}

const send = makeClient();
parentPort.on("message", async ({ mode, requests, concurrency }) => {
  try {
    if (mode === "sequential") {
      const times = new Float64Array(requests);
      for (let i = 0; i < requests; i++) {
        const started = performance.now();
        await send();
        times[i] = (performance.now() - started) * 1000;
      }
      parentPort.postMessage({ times });
    } else {
      let left = requests;
      const worker = async () => {
        while (left-- > 0) await send();
      };
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, worker));
      parentPort.postMessage({ seconds: (performance.now() - started) / 1000 });
    }
  } catch (err) {
    parentPort.postMessage({ error: String(err?.stack ?? err) });
  }
});
