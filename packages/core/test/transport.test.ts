import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, ConnectionError, TimeoutError, createFetch, tokenAuth, unwrap, type ApiClientConfig, type Auth } from "../src/internal.js";
import { json, testServer as misbehavingServer } from "@b2bkit/mock/test-server";
import { api, fast } from "./items-client.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(handler: Parameters<typeof misbehavingServer>[0]) {
  const server = await misbehavingServer(handler);
  close = server.close;
  return server;
}

describe("retries", () => {
  it("retries a 503 and returns the answer that follows", async () => {
    const server = await serve((_req, res, n) => (n < 3 ? json(res, 503, { error: "busy" }) : json(res, 200, { id: "a" })));
    const client = api(server.url, fast);
    const { data, response } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ id: "a" });
    expect(server.seen).toHaveLength(3);
  });

  it("stops after maxRetries and hands back the last failure", async () => {
    const server = await serve((_req, res) => json(res, 503, { error: "still busy" }));
    const client = api(server.url, { ...fast, maxRetries: 2 });
    const result = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(result.response.status).toBe(503);
    expect(server.seen).toHaveLength(3);
    const err = await unwrap(result).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(503);
    expect((err as ApiError).request).toEqual({ method: "GET", url: `${server.url}/items/a` });
  });

  it("retries 408, 409 and 429 but not 400 or 404", async () => {
    for (const [status, expected] of [[408, 2], [409, 2], [429, 2], [400, 1], [404, 1]] as const) {
      const server = await misbehavingServer((_req, res, n) => (n === 1 ? json(res, status, {}) : json(res, 200, { id: "a" })));
      const { response } = await api(server.url, fast).GET("/items/{id}", {
        params: { path: { id: "a" } },
      });
      expect({ status, requests: server.seen.length }).toEqual({ status, requests: expected });
      expect(response.status).toBe(expected === 2 ? 200 : status);
      await server.close();
    }
  });

  it("never retries a POST", async () => {
    const server = await serve((_req, res) => json(res, 503, { error: "busy" }));
    const client = api(server.url, fast);
    const { response } = await client.POST("/items/{id}", { params: { path: { id: "a" } }, body: { name: "x" } });
    expect(response.status).toBe(503);
    expect(server.seen).toHaveLength(1);
  });

  it("refuses a GET with a body at once, without sending or retrying it", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const f = createFetch(fast);
    const err = await f(`${server.url}/items/a`, { method: "GET", body: "{}" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toBe("b2bkit: a GET request cannot have a body: pass its values in `params.query`");
    expect(server.seen).toHaveLength(0);
  });

  it("replays the same body on every attempt of a retried PUT", async () => {
    const server = await serve((_req, res, n) => (n < 3 ? json(res, 502, {}) : json(res, 200, { id: "a" })));
    const f = createFetch(fast);
    const res = await f(new Request(`${server.url}/items/a`, { method: "PUT", body: JSON.stringify({ name: "x" }) }));
    expect(res.status).toBe(200);
    expect(server.seen.map((s) => s.body)).toEqual(Array(3).fill('{"name":"x"}'));
  });

  it("sends a text body as its bytes with Node's own fetch, as the platform would send the text, on every attempt; an auth sees the text", async () => {
    // Non-ASCII, an emoji and a lone surrogate (which the platform sends as U+FFFD).
    const text = `{"name":"Zażółć gęślą jaźń 😀 ${"\ud800"} end"}`;
    const server = await serve((_req, res, n) => (n === 1 ? json(res, 200, {}) : n < 4 ? json(res, 502, {}) : json(res, 200, { id: "a" })));
    // What the platform itself sends for that string.
    await fetch(`${server.url}/plain`, { method: "PUT", headers: { "content-type": "application/json" }, body: text });
    const seenByAuth: unknown[] = [];
    const auth: Auth = { authorize: (request) => void seenByAuth.push(request.body) };
    const f = createFetch({ ...fast, auth });
    // Who encodes the text: core, for each attempt (the platform encodes a text body itself). What core's encoding gives
    // is marked (" end" made " END", as many bytes), so the server shows that those bytes are what was sent.
    let byCore = 0;
    const original = TextEncoder.prototype.encode;
    TextEncoder.prototype.encode = function (this: TextEncoder, input?: string) {
      if (input === text && /\bonWire\b/.test(new Error().stack ?? "")) {
        byCore++;
        return original.call(this, input.replace(" end", " END"));
      }
      return original.call(this, input);
    };
    try {
      const res = await f(`${server.url}/items/a`, { method: "PUT", headers: { "content-type": "application/json" }, body: text });
      expect(res.status).toBe(200);
    } finally {
      TextEncoder.prototype.encode = original;
    }
    const [plain, ...attempts] = server.seen;
    expect(attempts).toHaveLength(3);
    expect(byCore).toBe(3);
    for (const attempt of attempts) {
      expect(attempt.body).toBe(plain!.body.replace(" end", " END"));
      expect(attempt.headers["content-length"]).toBe(plain!.headers["content-length"]);
      expect(attempt.headers["content-type"]).toBe("application/json");
    }
    expect(plain!.body).toContain("Zażółć gęślą jaźń 😀 \ufffd end");
    expect(seenByAuth).toEqual([text, text, text]);
  });

  it("hands the text itself to undici's MockAgent (its body matchers and reply callbacks) and to a fetch installed between attempts", async () => {
    const { MockAgent, getGlobalDispatcher, setGlobalDispatcher } = await import("undici");
    const text = JSON.stringify({ name: "Zażółć" });
    const before = getGlobalDispatcher();
    const agent = new MockAgent();
    agent.disableNetConnect();
    setGlobalDispatcher(agent);
    try {
      const pool = agent.get("https://api.example.test");
      pool.intercept({ path: "/items", method: "POST", body: text }).reply(201, { id: 1 });
      pool.intercept({ path: "/echo", method: "POST" }).reply(200, (options) => ({ type: typeof options.body, body: String(options.body) }));
      const f = createFetch({ maxRetries: 0 });
      const init = { method: "POST", headers: { "content-type": "application/json" }, body: text };
      const matched = await f("https://api.example.test/items", init);
      expect(matched.status).toBe(201);
      expect(await (await f("https://api.example.test/echo", init)).json()).toEqual({ type: "string", body: text });
    } finally {
      setGlobalDispatcher(before);
    }
    // The same agent handed to one call (openapi-fetch and core pass a call's `dispatcher` on), the global one real.
    agent.get("https://api.example.test").intercept({ path: "/items", method: "POST", body: text }).reply(201, { id: 2 });
    const own = await createFetch({ maxRetries: 0 })("https://api.example.test/items", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: text,
      dispatcher: agent,
    } as RequestInit);
    expect(own.status).toBe(201);
    await agent.close();

    // A stub installed while the first attempt's answer is retried: the retry goes to it, with the text.
    const server = await serve((_req, res) => json(res, 503, {}));
    const platform = globalThis.fetch;
    const bodies: string[] = [];
    const auth: Auth = {
      authorize: () => {
        if (server.seen.length === 1) {
          globalThis.fetch = (async (_input: unknown, init?: RequestInit) => {
            bodies.push(typeof init?.body);
            return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
          }) as typeof fetch;
        }
      },
    };
    try {
      const res = await createFetch({ ...fast, auth })(`${server.url}/items/a`, { method: "PUT", headers: { "content-type": "application/json" }, body: text });
      expect(res.status).toBe(200);
    } finally {
      globalThis.fetch = platform;
    }
    expect(server.seen.map((s) => s.body)).toEqual([text]);
    expect(bodies).toEqual(["string"]);
  });

  it("waits as long as Retry-After says", async () => {
    const server = await serve((_req, res, n) => (n === 1 ? json(res, 429, {}, { "retry-after": "1" }) : json(res, 200, { id: "a" })));
    const client = api(server.url, fast);
    const { response } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(response.status).toBe(200);
    const [first, second] = server.seen;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it("does not wait out a Retry-After over 60 s: the 429 goes back to the caller", async () => {
    const server = await serve((_req, res) => json(res, 429, { message: "slow down" }, { "retry-after": "120" }));
    const client = api(server.url, fast);
    const started = Date.now();
    const { response } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(response.status).toBe(429);
    expect(server.seen).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("timeouts and aborts", () => {
  it("gives up on a silent server with a TimeoutError, after the retries", async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const f = createFetch({ ...fast, timeoutMs: 100, maxRetries: 1 });
    const err = await f(`${server.url}/items/a`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).name).toBe("TimeoutError");
    expect((err as TimeoutError).timeoutMs).toBe(100);
    expect(server.seen).toHaveLength(2);
  });

  it("times out each of many requests in flight at its own deadline, whatever order they were sent in", async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const started = performance.now();
    const at = (timeoutMs: number) =>
      createFetch({ timeoutMs, maxRetries: 0 })(`${server.url}/items/${timeoutMs}`).then(
        () => Infinity,
        (err: unknown) => (expect(err).toBeInstanceOf(TimeoutError), performance.now() - started),
      );
    // The longest first: the one timer, armed for it, must be armed again for each shorter deadline that follows.
    const [long, middle, short] = await Promise.all([at(900), at(500), at(150)]);
    expect(short).toBeGreaterThanOrEqual(140);
    expect(short).toBeLessThan(450);
    expect(middle).toBeGreaterThanOrEqual(490);
    expect(middle).toBeLessThan(850);
    expect(long).toBeGreaterThanOrEqual(890);
    expect(long).toBeLessThan(2_000);
  });

  it("keeps answering after a timeout: a request in flight when another timed out keeps its own deadline", async () => {
    const server = await serve((req, res) => {
      if (req.url === "/items/slow") setTimeout(() => json(res, 200, { id: "slow" }), 400);
    });
    const client = api(server.url, { ...fast, maxRetries: 0 });
    const slow = client.withOptions({ timeoutMs: 5_000 }).GET("/items/{id}", { params: { path: { id: "slow" } } });
    await expect(client.withOptions({ timeoutMs: 100 }).GET("/items/{id}", { params: { path: { id: "stuck" } } })).rejects.toBeInstanceOf(TimeoutError);
    expect((await slow).data).toEqual({ id: "slow" });
  });

  // A process of its own whose only work is one request through createFetch (with `fetchSource` as its fetch): how it
  // ended (exit code, and what it printed: "answered <status>", "timed out" or the error), and how long it took. The timer
  // is not referenced for a request sent with Node's own fetch (its socket keeps the process alive); it is for a fetch of
  // the caller's own, which may not.
  const alone = async (fetchSource: string, url: string, timeoutMs: number) => {
    const script = `import { createFetch, TimeoutError } from ${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)};
      const fetch = ${fetchSource};
      try {
        const answer = await createFetch({ timeoutMs: ${timeoutMs}, maxRetries: 0, fetch })(process.argv[1]);
        console.log("answered " + answer.status);
      } catch (err) {
        console.log(err instanceof TimeoutError ? "timed out" : String(err));
      }`;
    const { execFile } = await import("node:child_process");
    const started = performance.now();
    const [code, out] = await new Promise<[number, string]>((resolve) =>
      execFile(process.execPath, ["--input-type=module", "-e", script, url], { timeout: 20_000 }, (err, stdout) => resolve([err ? Number(err.code ?? 1) : 0, stdout.trim()])),
    );
    return { code, out, ms: performance.now() - started };
  };

  it("lets a Node process end as soon as its last request is answered, though its timeout had 30 s to go", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const { code, out, ms } = await alone("undefined", `${server.url}/items/a`, 30_000);
    expect([code, out]).toEqual([0, "answered 200"]);
    expect(ms).toBeLessThan(10_000);
  }, 25_000);

  // Either way, a process whose only work is a request that never gets its answer ends with the TimeoutError, not
  // silently with the request unsettled.
  it("ends a Node process whose one request with Node's fetch never gets an answer with its TimeoutError", async () => {
    const server = await serve(() => undefined); // takes the request, never answers
    const { code, out, ms } = await alone("undefined", `${server.url}/items/a`, 400);
    expect([code, out]).toEqual([0, "timed out"]);
    expect(ms).toBeLessThan(10_000);
  }, 25_000);

  it("ends a Node process whose one request with a fetch of its own never settles with its TimeoutError", async () => {
    const never = "(_input, init) => new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)))";
    const { code, out, ms } = await alone(never, "http://127.0.0.1:9/items/a", 400);
    expect([code, out]).toEqual([0, "timed out"]);
    expect(ms).toBeLessThan(10_000);
  }, 25_000);

  it("times out under fake timers that fake setTimeout alone, and again once the real ones are back", async () => {
    const never: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const pending = createFetch({ fetch: never, timeoutMs: 5_000, maxRetries: 0 })("http://127.0.0.1:9/items/a").catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(await pending).toBeInstanceOf(TimeoutError);
      // One more under the fake timers, left with a deadline that the real clock never reaches.
      void createFetch({ fetch: never, timeoutMs: 100, maxRetries: 0 })("http://127.0.0.1:9/items/b").catch(() => undefined);
    } finally {
      vi.useRealTimers();
    }
    const started = performance.now();
    await expect(createFetch({ fetch: never, timeoutMs: 300, maxRetries: 0 })("http://127.0.0.1:9/items/c")).rejects.toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("times out every attempt even when an abort throws (a polyfill's listener), and the process is not crashed", async () => {
    const Native = globalThis.AbortController;
    class Throwing extends Native {
      override abort(reason?: unknown): void {
        super.abort(reason);
        throw new Error("listener failed");
      }
    }
    const never: typeof fetch = (_input, init) => new Promise((_resolve, reject) => init?.signal?.addEventListener("abort", () => reject(init.signal!.reason)));
    globalThis.AbortController = Throwing;
    try {
      const at = (timeoutMs: number) => createFetch({ fetch: never, timeoutMs, maxRetries: 0 })(`http://127.0.0.1:9/items/${timeoutMs}`);
      const results = await Promise.allSettled([at(100), at(300), at(500)]);
      expect(results.map((r) => r.status === "rejected" && r.reason instanceof TimeoutError)).toEqual([true, true, true]);
    } finally {
      globalThis.AbortController = Native;
    }
  });

  it("bounds an error answer's body too: a stalled one is a TimeoutError, a cut one a ConnectionError, an abort stays an abort", async () => {
    const server = await serve((req, res) => {
      res.writeHead(503, { "content-type": "text/html", "content-length": "100" });
      res.write("<html>");
      if (req.url === "/items/cut") res.destroy();
    });
    const client = api(server.url, { ...fast, timeoutMs: 200, maxRetries: 1 });
    const started = Date.now();
    await expect(client.GET("/items/{id}", { params: { path: { id: "stall" } } })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(2);
    await expect(client.GET("/items/{id}", { params: { path: { id: "cut" } } })).rejects.toBeInstanceOf(ConnectionError);
    const caller = new AbortController();
    const slow = api(server.url, { ...fast, timeoutMs: 10_000, maxRetries: 0 });
    const aborted = Date.now();
    setTimeout(() => caller.abort(), 100);
    const err = await slow.GET("/items/{id}", { params: { path: { id: "stall" } }, signal: caller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(Date.now() - aborted).toBeLessThan(2_000);
  });

  it("times out a body that never ends, chunked or with a Content-Length", async () => {
    for (const headers of [{}, { "content-length": "100" }]) {
      const server = await misbehavingServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", ...headers });
        res.write('{"id":');
      });
      const client = api(server.url, { ...fast, timeoutMs: 150, maxRetries: 0 });
      const started = Date.now();
      await expect(client.GET("/items/{id}", { params: { path: { id: "a" } } })).rejects.toBeInstanceOf(TimeoutError);
      expect(Date.now() - started).toBeLessThan(2_000);
      await server.close();
    }
  });

  it("keeps a caller's abort an AbortError, and does not retry it", async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const client = api(server.url, { ...fast, timeoutMs: 5_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const err = await client.GET("/items/{id}", { params: { path: { id: "a" } }, signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(server.seen).toHaveLength(1);
  });

  it("stops waiting between retries when the caller aborts", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const f = createFetch({ backoff: { initialMs: 10_000, maxMs: 10_000 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await f(new Request(`${server.url}/items/a`, { signal: controller.signal })).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(server.seen).toHaveLength(1);
  });
});

// Attempts without a caller's signal share one signal with Node's fetch (core's `Lane`): a timeout must still abort its
// own attempt alone, on the wire, and any fetch that follows the signal another way must get aborts all the same.
describe("timeouts on the shared signal", () => {
  const platformFetch = globalThis.fetch;
  // A stand-in for a Node whose own fetch follows the signal in another way: core knows Node's own fetch by the internal
  // module its source names, and this one names it too (its third argument, unused).
  const nodeLike = (follow: (input: string, init: RequestInit, _: string) => Promise<Response>) =>
    function fetch(input: string, init: RequestInit) {
      return follow(input, init, "internal/deps/undici");
    };
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("knows Node's own fetch (the lane is for it alone) by the internal module its source names", () => {
    // Should a Node name it otherwise, the lane is never used there: requests cost more, and this says why.
    expect(Function.prototype.toString.call(platformFetch)).toContain("internal/deps/undici");
  });

  it("closes a timed-out attempt's connection at its deadline, while a request beside it is answered", async () => {
    let closedAfter = -1;
    const started = performance.now();
    const { createServer } = await import("node:http");
    const http = createServer((req, res) => {
      if (req.url === "/items/slow") setTimeout(() => json(res, 200, { id: "slow" }), 600);
      else req.socket.once("close", () => (closedAfter = performance.now() - started));
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    close = async () => {
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    };
    const client = api(`http://127.0.0.1:${(http.address() as { port: number }).port}`, { ...fast, maxRetries: 0 });
    const slow = client.withOptions({ timeoutMs: 5_000 }).GET("/items/{id}", { params: { path: { id: "slow" } } });
    const stuck = await client.withOptions({ timeoutMs: 150 }).GET("/items/{id}", { params: { path: { id: "stuck" } } }).catch((e: unknown) => e);
    expect(stuck).toBeInstanceOf(TimeoutError);
    expect((await slow).data).toEqual({ id: "slow" });
    // The server saw the stuck request's connection closed at the deadline, not left open until it answered.
    expect(closedAfter).toBeGreaterThanOrEqual(140);
    expect(closedAfter).toBeLessThan(600);
  });

  it("hands a fetch installed after core was loaded (a test's stub) a signal of the attempt's own, aborted at its deadline", async () => {
    const signals: AbortSignal[] = [];
    vi.stubGlobal("fetch", (input: string, init: RequestInit) => {
      signals.push(init.signal!);
      return platformFetch(input, init);
    });
    const server = await serve(() => {
      /* never answers */
    });
    const f = createFetch({ ...fast, timeoutMs: 100, maxRetries: 1 });
    expect(await f(`${server.url}/items/a`).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    expect(signals).toHaveLength(2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.map((signal) => signal.aborted)).toEqual([true, true]);
  });

  it("a platform fetch that follows the signal without a listener of its own is aborted at the deadline", async () => {
    vi.stubGlobal("fetch", nodeLike((input, init) => platformFetch(input, { ...init, signal: AbortSignal.any([init.signal!]) })));
    const { createFetch: loaded } = await import("../src/fetch.js");
    const { TimeoutError } = await import("../src/errors.js"); // the errors of that load of core
    const server = await serve(() => {
      /* never answers */
    });
    const started = performance.now();
    const err = await loaded({ timeoutMs: 150, maxRetries: 0 })(`${server.url}/items/stuck`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a platform fetch that adds no listener while it is called keeps the lane to itself: a request beside it is not aborted with it", async () => {
    vi.stubGlobal("fetch", nodeLike((input, init) => platformFetch(input, { ...init, signal: AbortSignal.any([init.signal!]) })));
    const { createFetch: loaded } = await import("../src/fetch.js");
    const { TimeoutError } = await import("../src/errors.js");
    const server = await serve((req, res) => {
      if (req.url === "/items/slow") setTimeout(() => json(res, 200, { id: "ok" }), 500);
    });
    const stuck = loaded({ timeoutMs: 150, maxRetries: 0 })(`${server.url}/items/stuck`).catch((e: unknown) => e);
    const slow = loaded({ timeoutMs: 5_000, maxRetries: 0 })(`${server.url}/items/slow`);
    expect(await stuck).toBeInstanceOf(TimeoutError);
    expect((await slow).status).toBe(200);
    // And after it, nothing rides a lane: a timeout aborts its own attempt alone.
    const later = loaded({ timeoutMs: 5_000, maxRetries: 0 })(`${server.url}/items/slow`);
    expect(await loaded({ timeoutMs: 100, maxRetries: 0 })(`${server.url}/items/stuck`).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    expect((await later).status).toBe(200);
  });

  it("a platform fetch that takes the signal after a turn of its own (outside the call) is aborted at the deadline", async () => {
    vi.stubGlobal(
      "fetch",
      nodeLike(async (input, init) => {
        await null;
        return platformFetch(input, init);
      }),
    );
    const { createFetch: loaded } = await import("../src/fetch.js");
    const { TimeoutError } = await import("../src/errors.js");
    const server = await serve(() => {
      /* never answers */
    });
    const started = performance.now();
    expect(await loaded({ timeoutMs: 150, maxRetries: 0 })(`${server.url}/items/a`).catch((e: unknown) => e)).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("a platform fetch that throws at once on the first attempt leaves the next attempts a lane to share", async () => {
    const signals: AbortSignal[] = [];
    let calls = 0;
    vi.stubGlobal(
      "fetch",
      nodeLike((input, init) => {
        if (!calls++) throw new TypeError("refused at once");
        signals.push(init.signal!);
        return platformFetch(input, init);
      }),
    );
    const { createFetch: loaded } = await import("../src/fetch.js");
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const f = loaded({ maxRetries: 0 });
    await expect(f(`${server.url}/items/a`)).rejects.toThrow();
    for (let i = 0; i < 3; i++) expect((await f(`${server.url}/items/a`)).status).toBe(200);
    expect(new Set(signals).size).toBe(1);
  });

  // Wrappers installed before core is loaded (the global fetch core finds is not Node's own): each attempt its own signal.
  it("a wrapper that queues requests: one that times out in the queue aborts nothing else, a POST queued beside it is sent", async () => {
    let active = 0;
    const queue: Array<() => void> = [];
    vi.stubGlobal("fetch", async (input: string, init: RequestInit) => {
      if (active >= 1) await new Promise<void>((resolve) => queue.push(resolve));
      active++;
      try {
        return await platformFetch(input, init);
      } finally {
        active--;
        queue.shift()?.();
      }
    });
    const { createFetch: loaded } = await import("../src/fetch.js");
    const server = await serve((req, res) => {
      if (req.url !== "/items/hang") setTimeout(() => json(res, 200, { id: "ok" }), 300);
    });
    const call = (id: string, timeoutMs: number, method = "GET") =>
      loaded({ timeoutMs, maxRetries: 0 })(`${server.url}/items/${id}`, { method }).then(
        (r) => r.status,
        (e: Error) => e.name,
      );
    expect(await call("warm", 5_000)).toBe(200);
    expect(await Promise.all([call("slow", 5_000), call("hang", 200), call("order", 5_000, "POST")])).toEqual([200, "TimeoutError", 200]);
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toContain("POST /items/order");
  });

  it("a wrapper that sets the signal's onabort: every request of many is answered", async () => {
    vi.stubGlobal("fetch", (input: string, init: RequestInit) => {
      const controller = new AbortController();
      if (init.signal) init.signal.onabort = () => controller.abort();
      return platformFetch(input, { ...init, signal: controller.signal });
    });
    const { createFetch: loaded } = await import("../src/fetch.js");
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const f = loaded({ maxRetries: 0 });
    for (let i = 0; i < 3; i++) expect((await f(`${server.url}/items/a`)).status).toBe(200);
  });

  it("a platform fetch whose listener does not stop it is aborted a second after its deadline, with a TimeoutError", async () => {
    vi.stubGlobal(
      "fetch",
      nodeLike((input, init) => {
        init.signal!.addEventListener("abort", () => undefined);
        return platformFetch(input, { ...init, signal: AbortSignal.any([init.signal!]) });
      }),
    );
    const { createFetch: loaded } = await import("../src/fetch.js");
    const { TimeoutError } = await import("../src/errors.js"); // the errors of that load of core
    const server = await serve(() => {
      /* never answers */
    });
    const started = performance.now();
    const err = await loaded({ timeoutMs: 100, maxRetries: 0 })(`${server.url}/items/a`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_090);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe("connection errors and bodies", () => {
  it("turns a refused connection into a ConnectionError after retrying it", async () => {
    const server = await misbehavingServer(() => {});
    const url = server.url;
    await server.close(); // nothing listens there any more
    const failures: string[] = [];
    const f = createFetch({ ...fast, logger: { error: (m) => failures.push(m) } });
    const err = await f(`${url}/items/a`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).name).toBe("ConnectionError");
    expect((err as ConnectionError).message).toContain("ECONNREFUSED");
    // Every attempt said, and how many there were.
    expect((err as ConnectionError).attempts).toBe(3);
    expect((err as ConnectionError).message).toMatch(/^Connection failed after 3 attempts: GET /);
    expect(failures).toHaveLength(3);
    expect(failures.map((line) => /attempt (\d) → connection failed \(ECONNREFUSED\) in \d+ ms(; retry in \d+ ms)?$/.exec(line)?.[1])).toEqual(["1", "2", "3"]);
  });

  it("turns a 2xx body that is not JSON into an ApiError instead of a crash, chunked or not", async () => {
    const page = "<html>Login required</html>";
    for (const headers of [{}, { "content-length": String(page.length) }]) {
      const server = await misbehavingServer((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", ...headers });
        res.end(page);
      });
      const client = api(server.url, fast);
      const err = await client.GET("/items/{id}", { params: { path: { id: "a" } } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(err).toMatchObject({ name: "ApiError", status: 200, code: "INVALID_JSON", body: page });
      expect(server.seen).toHaveLength(1);
      await server.close();
    }
  });

  it("checks a 2xx answer labelled text when the caller asked for JSON only", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>maintenance</html>");
    });
    const client = api(server.url, { ...fast, headers: { Accept: "application/json" } });
    await expect(client.GET("/items/{id}", { params: { path: { id: "a" } } })).rejects.toMatchObject({ code: "INVALID_JSON" });
  });

  it("parses a good JSON body once and hands it to openapi-fetch", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "ü-1" }));
    const client = api(server.url, fast);
    const { data, response } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(data).toEqual({ id: "ü-1" });
    expect(response.headers.get("content-type")).toBe("application/json");
  });
});

describe("auth hook", () => {
  it("adds credentials, refreshes once on 401 and replays the request once", async () => {
    const server = await serve((req, res) => (req.headers.authorization === "Bearer fresh" ? json(res, 200, { id: "a" }) : json(res, 401, {})));
    let token = "stale";
    let refreshes = 0;
    const auth: Auth = {
      authorize: (r) => r.headers.set("authorization", `Bearer ${token}`),
      refresh: () => {
        refreshes++;
        token = "fresh";
        return true;
      },
    };
    const client = api(server.url, { ...fast, auth });
    const { data } = await client.POST("/items/{id}", { params: { path: { id: "a" } }, body: { name: "x" } });
    expect(data).toEqual({ id: "a" });
    expect(refreshes).toBe(1);
    expect(server.seen.map((s) => s.headers.authorization)).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(server.seen[1]!.body).toBe('{"name":"x"}');
  });

  it("replays only once: a second 401 goes back to the caller", async () => {
    const server = await serve((_req, res) => json(res, 401, { message: "no" }));
    let refreshes = 0;
    const auth: Auth = { authorize: () => {}, refresh: () => (++refreshes, true) };
    const { response } = await api(server.url, { ...fast, auth }).GET("/items/{id}", {
      params: { path: { id: "a" } },
    });
    expect(response.status).toBe(401);
    expect(refreshes).toBe(1);
    expect(server.seen).toHaveLength(2);
  });
});

describe("secrets", () => {
  it("keeps secrets out of error messages, toString, JSON and log lines", async () => {
    const server = await serve((_req, res) => json(res, 503, { message: "down" }));
    const lines: string[] = [];
    const logger = { error: (m: string) => lines.push(m), debug: (m: string) => lines.push(m) };
    const f = createFetch({ ...fast, logger });
    const res = await f(`${server.url}/auth?username=api&password=hunter2-secret&token=tok-123456`);
    const err = await unwrap({ error: await res.json(), response: res }).catch((e: unknown) => e as ApiError);
    const dead = await misbehavingServer(() => {});
    await dead.close();
    const conn = await f(`${dead.url}/x?api_key=k-987654`).catch((e: unknown) => e as Error);
    expect(conn).toBeInstanceOf(ConnectionError);
    const creds = await f(`${dead.url.replace("http://", "http://user:pa55word@")}/x`).catch((e: unknown) => e as Error);
    expect(creds).toBeInstanceOf(TypeError);
    for (const e of [err, conn, creds]) {
      const text = [String(e), (e as Error).message, JSON.stringify(e), (e as Error).stack].join("\n");
      for (const secret of ["hunter2-secret", "tok-123456", "pa55word", "k-987654"]) expect(text).not.toContain(secret);
      expect(text).toContain("[redacted]");
    }
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).not.toContain("hunter2-secret");
      expect(line).not.toContain("tok-123456");
    }
    expect((err as ApiError).request?.url).toBe(`${server.url}/auth?username=api&password=[redacted]&token=[redacted]`);
  });

  it("names each error class after itself", () => {
    expect(new ApiError({ status: 400 }).name).toBe("ApiError");
    expect(new ConnectionError("x").name).toBe("ConnectionError");
    expect(new TimeoutError("x", { timeoutMs: 1 }).name).toBe("TimeoutError");
  });

  it("refuses nonsense options with the option's name", () => {
    expect(() => createFetch({ timeoutMs: -1 })).toThrow(/`timeoutMs`/);
    expect(() => createFetch({ maxRetries: Number.NaN })).toThrow(/`maxRetries`/);
  });
});

describe("failures inside a 2xx answer", () => {
  const vendor: Partial<ApiClientConfig> = {
    errors: {
      describe: () => undefined,
      failureIn2xx(body) {
        const b = body as { ok?: boolean; code?: number; message?: string };
        return b.ok === false ? { code: b.code, message: b.message } : undefined;
      },
    },
    authRefused: (failure) => failure.code === 5,
  };

  it("throws the vendor's failure as an ApiError, never as data, and does not retry it", async () => {
    const server = await serve((_req, res) => json(res, 200, { ok: false, code: 10, message: "no companies" }));
    const client = api(server.url, fast, vendor);
    const err = await client.GET("/items/{id}", { params: { path: { id: "a" } } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: 10, body: { ok: false, code: 10, message: "no companies" } });
    expect((err as ApiError).message).toBe(`HTTP 200 10: no companies (GET ${server.url}/items/a)`);
    expect(server.seen).toHaveLength(1);
  });

  it("hands a successful answer on, parsed once", async () => {
    const server = await serve((_req, res) => json(res, 200, { ok: true, id: "a" }));
    const client = api(server.url, fast, vendor);
    const { data } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(data).toEqual({ ok: true, id: "a" });
  });

  it("refreshes once and replays when the failure says the credentials were refused, with no loop", async () => {
    const server = await serve((req, res) =>
      req.headers.authorization === "Bearer fresh" ? json(res, 200, { ok: true, id: "a" }) : json(res, 200, { ok: false, code: 5, message: "invalid token" }),
    );
    let token = "stale";
    let refreshes = 0;
    const auth: Auth = { authorize: (r) => r.headers.set("authorization", `Bearer ${token}`), refresh: () => ((token = "fresh"), ++refreshes > 0) };
    const client = api(server.url, { ...fast, auth }, vendor);
    expect((await client.GET("/items/{id}", { params: { path: { id: "a" } } })).data).toEqual({ ok: true, id: "a" });
    expect(refreshes).toBe(1);

    token = "still-wrong";
    const stuck: Auth = { authorize: (r) => r.headers.set("authorization", "Bearer nope"), refresh: () => ++refreshes > 0 };
    const again = api(server.url, { ...fast, auth: stuck }, vendor);
    await expect(again.GET("/items/{id}", { params: { path: { id: "a" } } })).rejects.toMatchObject({ name: "ApiError", code: 5 });
    expect(refreshes).toBe(2);
    expect(server.seen).toHaveLength(4);
  });
});

describe("openapi-fetch middleware", () => {
  it("gets real Requests and Responses: instanceof, clone(), a new Request with its own headers, the body readable again", async () => {
    const server = await serve((req, res) => json(res, 200, { id: "a", tenant: req.headers["x-tenant"], auth: req.headers.authorization }));
    const auth: Auth = { authorize: (r) => r.headers.set("authorization", "Bearer t0k3n-value") };
    const client = api(server.url, { ...fast, auth });
    const seen: string[] = [];
    client.use({
      async onRequest({ request }) {
        seen.push(`${request instanceof Request} ${(await request.clone().text()) === ""}`);
        return new Request(request, { headers: { ...Object.fromEntries(request.headers), "x-tenant": "acme" } });
      },
      async onResponse({ response }) {
        seen.push(JSON.stringify(await response.clone().json()));
        const { body, ...init } = response;
        return new Response(body, { ...init, status: response.status, headers: response.headers });
      },
    });
    const { data } = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(data).toEqual({ id: "a", tenant: "acme", auth: "Bearer t0k3n-value" });
    expect(seen).toEqual(["true true", JSON.stringify({ id: "a", tenant: "acme", auth: "Bearer t0k3n-value" })]);
    expect(server.seen).toHaveLength(1);
  });
});

describe("review findings", () => {
  it("refuses an auth whose refresh is not a function, and a logger whose methods are not", () => {
    expect(() => createFetch({ auth: { authorize() {}, refresh: "yes" } as unknown as Auth })).toThrow(/option `auth` must be an auth object/);
    expect(() => createFetch({ logger: { error: "yes" } as never })).toThrow("b2bkit: option `logger.error` must be a function");
    expect(() => createFetch({ logger: { warn: "yes" } as never })).toThrow("b2bkit: option `logger.warn` must be a function");
    // An object with none of the methods would log nothing: refused, saying what a logger is.
    expect(() => createFetch({ logger: { info() {} } as never })).toThrow("b2bkit: option `logger` must be a function (event) => void, or an object with debug, warn and/or error methods");
    expect(() => createFetch({ logger: "console" as never })).toThrow("b2bkit: option `logger` must be a function");
  });

  it("an own __proto__ key (JSON.parse makes them) in params is a key, never a prototype whose values are sent", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const client = api(server.url, fast);
    const params = JSON.parse('{"path":{"id":"a"},"__proto__":{"header":{"x-injected":"yes"},"query":{"token":"inherited"}}}');
    const { response } = await client.GET("/items/{id}", { params });
    expect(response.status).toBe(200);
    expect(server.seen[0]!.headers["x-injected"]).toBeUndefined();
    expect(server.seen[0]!.url).toBe("/items/a");
    // A path whose values come from a prototype of the caller's making is refused as missing, as before.
    await expect(client.GET("/items/{id}", { params: { path: JSON.parse('{"__proto__":{"id":"inherited"}}') } })).rejects.toThrow("path parameter `id` is missing");
    expect(server.seen).toHaveLength(1);
  });

  it("an answer's text() and json() are not enumerable, and the credential an attempt used is not either", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    let seen: object | undefined;
    const auth = tokenAuth<string>({
      name: "testAuth",
      login: async () => ({ value: "t0ken", secrets: ["t0ken", "t0ken-refresh"] }),
      apply(request, token) {
        seen = request;
        request.headers.set("authorization", `Bearer ${token}`);
      },
    });
    const { response, data } = await api(server.url, { ...fast, auth }).GET("/items/{id}", { params: { path: { id: "a" } } });
    expect(data).toEqual({ id: "a" });
    expect(Object.keys(response)).toEqual([]);
    expect(Object.getOwnPropertySymbols(seen!).every((key) => !Object.getOwnPropertyDescriptor(seen, key)!.enumerable)).toBe(true);
    expect(JSON.stringify(Object.entries(seen!))).not.toContain("t0ken-refresh");
  });

  it("an answer of a custom fetch keeps its own class and methods; an answer's body is read once, as a platform answer's is", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    class Traced extends Response {
      trace(): string {
        return "t-1";
      }
    }
    const traced: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      return new Traced(answer.body, answer);
    };
    const client = api(server.url, { ...fast, fetch: traced });
    const first = await client.GET("/items/{id}", { params: { path: { id: "a" } } });
    const second = await client.GET("/items/{id}", { params: { path: { id: "a" } }, parseAs: "text" });
    expect(first.data).toEqual({ id: "a" });
    expect(second.data).toBe('{"id":"a"}');
    for (const { response } of [first, second]) {
      expect(response).toBeInstanceOf(Traced);
      expect(response).toBeInstanceOf(Response);
      expect((response as Traced).trace()).toBe("t-1");
      expect(response.status).toBe(200);
      // openapi-fetch has read it: a second read fails with the platform's own error, whichever way it is read.
      expect(response.bodyUsed).toBe(true);
      await expect(response.json()).rejects.toThrow(new TypeError("Body is unusable: Body has already been read"));
      await expect(response.text()).rejects.toThrow(TypeError);
    }
    // A call made directly (no middleware, no parseAs) reads what the transport read: its answer is left as it came.
    expect(Object.getPrototypeOf(first.response)).toBe(Traced.prototype);
    // Through openapi-fetch, one prototype per class of answer, shared by its answers (each serves the body it carries).
    const third = await client.GET("/items/{id}", { params: { path: { id: "a" } }, parseAs: "text" });
    expect(Object.getPrototypeOf(third.response) === Object.getPrototypeOf(second.response)).toBe(true);
  });

  it("an answer whose own text() or json() a custom fetch patched on (or a class field) still gives what was read, error answers included", async () => {
    const server = await serve((req, res) => (req.url === "/items/missing" ? json(res, 404, { message: "no such item" }) : json(res, 200, { id: "a" })));
    const patched: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const [json, text] = [answer.json.bind(answer), answer.text.bind(answer)];
      return Object.assign(answer, { json: () => json(), text: () => text() });
    };
    class Fielded extends Response {
      override text = () => super.text();
      override json = () => super.json();
    }
    const fielded: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      return new Fielded(answer.body, answer);
    };
    const fixed: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      const text = answer.text.bind(answer);
      // Not configurable, not writable: Object.defineProperty's defaults.
      return Object.defineProperty(answer, "text", { value: () => text() });
    };
    for (const custom of [patched, fielded, fixed]) {
      const client = api(server.url, { ...fast, fetch: custom });
      expect((await client.GET("/items/{id}", { params: { path: { id: "a" } } })).data).toEqual({ id: "a" });
      const missing = await client.GET("/items/{id}", { params: { path: { id: "missing" } } });
      expect(missing.response.status).toBe(404);
      expect(missing.error).toEqual({ message: "no such item" });
    }
  });

  it("a platform whose every answer has its own text() that cannot be replaced: a direct call gets its data, one through openapi-fetch a TypeError, not a stack overflow", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const Platform = globalThis.Response;
    class Pinned extends Platform {
      constructor(body?: BodyInit | null, init?: ResponseInit) {
        super(body, init);
        Object.defineProperty(this, "text", { value: () => Platform.prototype.text.call(this) });
      }
    }
    globalThis.Response = Pinned as typeof Response;
    try {
      const client = api(server.url, { ...fast, fetch: async (input, init) => {
        const answer = await fetch(input, init);
        return new Pinned(answer.body, answer);
      } });
      expect((await client.GET("/items/{id}", { params: { path: { id: "a" } } })).data).toEqual({ id: "a" });
      const err = await client.GET("/items/{id}", { params: { path: { id: "a" } }, parseAs: "json" }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TypeError);
      expect(err).not.toBeInstanceOf(RangeError);
    } finally {
      globalThis.Response = Platform;
    }
  });

  it("sends the path values it checked, however the caller's params answer when read again, and never hands middleware the caller's own object", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    let reads = 0;
    const shifty = {
      get path() {
        return reads++ < 1 ? { id: "a" } : { id: ".." };
      },
    };
    await api(server.url, fast).GET("/items/{id}", { params: shifty as never });
    expect(server.seen.at(-1)!.url).toBe("/items/a");
    let valueReads = 0;
    const shiftyValue = {
      get id() {
        return valueReads++ < 1 ? "a" : "..";
      },
    };
    await api(server.url, fast).GET("/items/{id}", { params: { path: shiftyValue } });
    expect(server.seen.at(-1)!.url).toBe("/items/a");
    const client = api(server.url, fast);
    client.use({
      onRequest({ params }) {
        const given = params as { path: { id: string }; query: { token: string } };
        given.path.id = "changed";
        given.query.token = "changed";
        (params as { path?: unknown }).path = { id: "changed" };
      },
    });
    const params = { path: { id: "a" }, query: { token: "t" } };
    await client.GET("/items/{id}", { params });
    expect(params).toEqual({ path: { id: "a" }, query: { token: "t" } });
  });

  it("parseAs blob and arrayBuffer give a JSON answer's bytes; an operation that declares no JSON answer gets no data from one that is not JSON", async () => {
    const body = '{"id":"é"}';
    const server = await serve((req, res) => {
      const text = req.method === "POST" ? "OK, saved" : body;
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) }).end(text);
    });
    const client = api(server.url, fast, { noJsonAnswer: "POST /items/{id}" });
    const blob = await client.GET("/items/{id}", { params: { path: { id: "a" } }, parseAs: "blob" });
    expect(blob.data).toBeInstanceOf(Blob);
    expect(await (blob.data as Blob).text()).toBe(body);
    expect((blob.data as Blob).type).toBe("application/json; charset=utf-8");
    const bytes = await client.GET("/items/{id}", { params: { path: { id: "a" } }, parseAs: "arrayBuffer" });
    expect(new TextDecoder().decode(bytes.data as ArrayBuffer)).toBe(body);
    const saved = await client.POST("/items/{id}", { params: { path: { id: "a" } }, body: { name: "n" } });
    expect(saved.response.status).toBe(200);
    expect(saved.data).toBeUndefined();
  });

  it("hands back a frozen answer of a custom fetch as it is", async () => {
    const frozen: typeof fetch = async () => Object.freeze(new Response(null, { status: 204 }));
    const response = await createFetch({ fetch: frozen, maxRetries: 0 })("http://127.0.0.1:9/items/a", { method: "DELETE" });
    expect(response.status).toBe(204);
  });

  it("a caller's abort wins while a streamed request body is being buffered: nothing is sent", async () => {
    const server = await serve((_req, res) => json(res, 200, {}));
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 50);
    const stalled = new ReadableStream({ start() {} }); // never ends
    const started = Date.now();
    const err = await createFetch(fast)(`${server.url}/items/a`, { method: "PUT", body: stalled, signal: caller.signal, duplex: "half" } as RequestInit).catch((e: unknown) => e);
    expect((err as Error).name).toBe("AbortError");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.seen).toHaveLength(0);
  });
});
