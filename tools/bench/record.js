// What `pnpm bench` replays: each vendor's scenario (scenarios.js) run once through the full client against the
// vendor's static Prism mock, every exchange recorded (the auth's login included), and the headers the client sent
// with the timed call, which the baselines send as they are.
import { startMock, freePort } from "@b2bkit/mock";
import { SCENARIOS } from "./scenarios.js";

const KEPT = ["content-type", "set-cookie", "x-request-id"];

/** { exchanges: [{ method, path, status, headers, body }], call: { url, headers } } for one vendor. */
export async function record(vendor) {
  const mock = await startMock({ vendor, port: await freePort() });
  try {
    const exchanges = [];
    let last;
    const recording = async (input, init) => {
      const response = await fetch(input, init);
      const body = await response.text();
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const headers = Object.fromEntries(KEPT.flatMap((name) => (response.headers.has(name) ? [[name, response.headers.get(name)]] : [])));
      exchanges.push({ method: init?.method ?? input.method ?? "GET", path: url.pathname, status: response.status, headers, body });
      last = { url: url.pathname + url.search, headers: Object.fromEntries(new Headers(init?.headers ?? input.headers)) };
      return new Response(body, { status: response.status, headers: response.headers });
    };
    const { client, call } = SCENARIOS[vendor];
    const result = await call(client(mock.url, recording));
    if (!result.response.ok || result.data === undefined) throw new Error(`${vendor}: the scenario's call failed on the static mock (HTTP ${result.response.status})`);
    return { exchanges, call: last };
  } finally {
    await mock.stop();
  }
}
