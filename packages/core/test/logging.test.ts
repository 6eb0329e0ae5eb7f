// Debug output (one line per attempt, `logger` or B2BKIT_DEBUG=1) and per-call options (`client.withOptions`),
// against a real local server.
import { afterEach, describe, expect, it, vi } from "vitest";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { AuthError, ConnectionError, RedirectError, TimeoutError, createFetch, tokenAuth, unwrap, type ClientOptions, type LogEvent } from "../src/internal.js";
import { api as itemsClient, fast } from "./items-client.js";

const params = { params: { path: { id: "a" } } };
const api = (baseUrl: string, options: Omit<ClientOptions, "baseUrl"> = {}) => itemsClient(baseUrl, { ...fast, ...options });

let servers: TestServer[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
async function serve(handler: Parameters<typeof testServer>[0]) {
  const server = await testServer(handler);
  servers.push(server);
  return server;
}
/** A logger that keeps every event. */
function recorder() {
  const events: LogEvent[] = [];
  return { events, logger: (event: LogEvent) => void events.push(event), lines: () => events.map((e) => e.message) };
}

describe("debug output: one line per attempt", () => {
  it("a plain request: method, URL, attempt, status, duration and the server's request id", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }, { "x-request-id": "req-7" }));
    const { events, logger } = recorder();
    await api(server.url, { logger }).GET("/items/{id}", params);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: "debug", kind: "request", method: "GET", url: `${server.url}/items/a`, attempt: 1, status: 200, requestId: "req-7" });
    expect(events[0]!.failure).toBeUndefined();
    expect(events[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(events[0]!.message).toBe(`[b2bkit] GET ${server.url}/items/a attempt 1 → 200 in ${events[0]!.durationMs} ms (request id req-7)`);
  });

  it("an object logger (console's shape) gets the line and the event, at the event's level", async () => {
    const server = await serve((_req, res, n) => (n === 1 ? json(res, 404, {}) : json(res, 200, { id: "a" })));
    const got: Array<[string, string, LogEvent]> = [];
    const logger = { debug: (line: string, e: LogEvent) => got.push(["debug", line, e]), error: (line: string, e: LogEvent) => got.push(["error", line, e]) };
    const client = api(server.url, { logger });
    await client.GET("/items/{id}", params);
    await client.GET("/items/{id}", params);
    expect(got.map(([level, line, e]) => [level, e.status, line === e.message])).toEqual([
      ["error", 404, true],
      ["debug", 200, true],
    ]);
    expect(got[0]![1]).not.toContain("request id"); // none sent: none shown
  });

  it("a retried request: attempts 1, 2 and 3, each failed one at error level with its retry delay", async () => {
    const server = await serve((_req, res, n) => (n < 3 ? json(res, 503, {}, { "x-request-id": `r${n}` }) : json(res, 200, { id: "a" }, { "x-request-id": "r3" })));
    const { events, lines, logger } = recorder();
    const { data } = await api(server.url, { logger }).GET("/items/{id}", params);
    expect(data).toEqual({ id: "a" });
    expect(events.map((e) => [e.attempt, e.level, e.status, e.requestId, typeof e.retryInMs])).toEqual([
      [1, "error", 503, "r1", "number"],
      [2, "error", 503, "r2", "number"],
      [3, "debug", 200, "r3", "undefined"],
    ]);
    expect(lines()[0]).toMatch(/^\[b2bkit\] GET http:\/\/127\.0\.0\.1:\d+\/items\/a attempt 1 → 503 in \d+ ms \(request id r1\); retry in \d+ ms$/);
    expect(lines()[2]).toMatch(/attempt 3 → 200 in \d+ ms \(request id r3\)$/);
  });

  it("attempts without an answer: timed out, connection failed, aborted, redirect refused", async () => {
    const stalled = await serve(() => {}); // never answers
    const { events, logger } = recorder();
    const timeout = await api(stalled.url, { logger, timeoutMs: 40, maxRetries: 1 }).GET("/items/{id}", params).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expect(timeout).toMatchObject({ attempts: 2, timeoutMs: 40 });
    expect((timeout as Error).message).toContain("(timeoutMs, per attempt; 2 attempts)");
    expect(events.map((e) => [e.attempt, e.level, e.failure])).toEqual([
      [1, "error", "timeout"],
      [2, "error", "timeout"],
    ]);
    expect(events[1]!.message).toMatch(/attempt 2 → timed out in \d+ ms$/);

    const dead = await testServer(() => {});
    await dead.close();
    events.length = 0;
    const refused = await api(dead.url, { logger, maxRetries: 0 }).GET("/items/{id}", params).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused).toMatchObject({ attempts: 1 });
    expect((refused as Error).message).toMatch(/^Connection failed after 1 attempt: GET /);
    expect(events.map((e) => e.message)).toEqual([expect.stringMatching(/attempt 1 → connection failed \(ECONNREFUSED\) in \d+ ms$/)]);

    events.length = 0;
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 30);
    const aborted = await api(stalled.url, { logger }).GET("/items/{id}", { ...params, signal: caller.signal }).catch((e: unknown) => e);
    expect((aborted as Error).name).toBe("AbortError");
    // The caller's own abort (or a walk's page read ahead that is no longer needed): not an error.
    expect(events.map((e) => [e.failure, e.level])).toEqual([["aborted", "debug"]]);

    const away = await serve((_req, res) => void res.writeHead(302, { location: "http://elsewhere.invalid/x?token=s3cr3t-value" }).end());
    events.length = 0;
    const redirect = await api(away.url, { logger }).GET("/items/{id}", params).catch((e: unknown) => e);
    expect(redirect).toBeInstanceOf(RedirectError);
    expect(events.map((e) => [e.status, e.failure])).toEqual([[302, "redirect"]]);
    expect(events[0]!.message).toMatch(/attempt 1 → 302 redirect refused \(to http:\/\/elsewhere\.invalid\/x\?token=\[redacted\]\) in \d+ ms$/);
  });

  it("a followed redirect stays in its attempt: the line names both addresses", async () => {
    const server = await serve((req, res) => (req.url.startsWith("/moved") ? json(res, 200, { id: "a" }) : void res.writeHead(307, { location: "/moved/a" }).end()));
    const { events, logger } = recorder();
    await api(server.url, { logger }).GET("/items/{id}", params);
    expect(events.map((e) => [e.attempt, e.status, e.url])).toEqual([
      [1, 307, `${server.url}/items/a`],
      [1, 200, `${server.url}/moved/a`],
    ]);
    expect(events[0]!.message).toContain(`→ 307, redirected to ${server.url}/moved/a in`);
  });

  it("a logger that throws fails nothing: the call succeeds, and a POST is sent once", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const boom = () => {
      throw new Error("logger down");
    };
    for (const logger of [boom, { debug: boom, error: boom }]) {
      const { data, response } = await api(server.url, { logger }).POST("/items/{id}", { ...params, body: { name: "x" } });
      expect(response.status).toBe(200);
      expect(data).toEqual({ id: "a" });
    }
    expect(server.seen.filter((r) => r.method === "POST")).toHaveLength(2);
  });

  it("B2BKIT_DEBUG=1 in the environment logs to console.debug and console.error; 0, absent or a logger option does not", async () => {
    const server = await serve((_req, res, n) => (n === 2 ? json(res, 500, {}) : json(res, 200, { id: "a" }, { "x-request-id": "env-1" })));
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.stubEnv("B2BKIT_DEBUG", "1");
    const client = api(server.url, { maxRetries: 0 });
    await client.GET("/items/{id}", params);
    await client.GET("/items/{id}", params);
    expect(debug.mock.calls).toEqual([[expect.stringMatching(/^\[b2bkit\] GET http:\/\/127\.0\.0\.1:\d+\/items\/a attempt 1 → 200 in \d+ ms \(request id env-1\)$/)]]);
    expect(error.mock.calls).toEqual([[expect.stringMatching(/attempt 1 → 500 in \d+ ms$/)]]);

    const { events, logger } = recorder();
    await api(server.url, { logger }).GET("/items/{id}", params); // the option wins over the environment
    expect(events).toHaveLength(1);
    for (const value of ["0", "false", "", " 0", "OFF ", "none", "disabled"]) {
      vi.stubEnv("B2BKIT_DEBUG", value);
      await api(server.url).GET("/items/{id}", params);
    }
    vi.unstubAllEnvs();
    delete process.env["B2BKIT_DEBUG"];
    await api(server.url).GET("/items/{id}", params);
    expect(debug).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalledTimes(1);
  });

  it("no environment to read (a browser, a worker, Deno without --allow-env): no crash, no output", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    const clients = [];
    // Swapped for the synchronous creation only: the test runner itself needs `process`.
    const real = globalThis.process;
    for (const env of [undefined, { env: undefined }, Object.defineProperty({}, "env", { get: () => { throw new Error("PermissionDenied: env access"); } })]) {
      vi.stubGlobal("process", env);
      try {
        clients.push(api(server.url));
      } finally {
        vi.stubGlobal("process", real);
      }
    }
    for (const client of clients) expect((await client.GET("/items/{id}", params)).data).toEqual({ id: "a" });
    expect(debug).not.toHaveBeenCalled();
  });

  it("a login call of the auth is logged (kind auth) before the request it serves; no secret in any line", async () => {
    const password = "hunter2-Secret";
    const token = (n: number) => `tok-${n}-Zq8Lw3`;
    let issued = 0;
    const server = await serve((req, res) => {
      if (req.url === "/login") {
        // The login answer's request id echoes the password it got and the token it issues.
        const sent = (JSON.parse(req.body) as { password: string }).password;
        return json(res, 200, { token: token(++issued) }, { "x-request-id": `login-${encodeURIComponent(sent)}-${token(issued)}` });
      }
      // The API's echoes the token it got, and the first answer moves the request to a URL that carries it.
      const got = (req.headers.authorization ?? "").replace("Bearer ", "");
      if (!req.url.includes("echo=")) return void res.writeHead(302, { location: `${req.url}&echo=${got}`, "x-request-id": `api-${got}` }).end();
      return json(res, 200, { id: "a" }, { "x-request-id": `api-${got}` });
    });
    const auth = tokenAuth<string>({
      name: "testAuth",
      secrets: [password],
      async login({ send }) {
        const { body } = await send(`${server.url}/login`, { body: JSON.stringify({ password }) });
        return { value: (body as { token: string }).token };
      },
      apply: (request, value) => request.headers.set("authorization", `Bearer ${value}`),
    });
    const { events, logger } = recorder();
    await api(server.url, { logger, auth }).GET("/items/{id}", { params: { path: { id: "a" }, query: { token: "query-Secret-9" } } });
    expect(events.map((e) => [e.kind, e.method, e.url.replace(server.url, ""), e.attempt, e.status])).toEqual([
      ["auth", "POST", "/login", 1, 200],
      ["request", "GET", "/items/a?token=[redacted]", 1, 302],
      ["request", "GET", "/items/a?token=[redacted]&echo=[redacted]", 1, 200],
    ]);
    expect(events[0]!.message).toMatch(/^\[b2bkit\] auth POST http:\/\/127\.0\.0\.1:\d+\/login attempt 1 → 200 in \d+ ms \(request id login-\[redacted\]-\[redacted\]\)$/);
    expect(events.map((e) => e.requestId)).toEqual(["login-[redacted]-[redacted]", "api-[redacted]", "api-[redacted]"]);
    const logged = JSON.stringify(events);
    for (const secret of [password, encodeURIComponent(password), token(1), "query-Secret-9"]) expect(logged).not.toContain(secret);
  });
});

describe("loggers and request ids that misbehave", () => {
  it("a logger whose promise rejects fails nothing and leaves no unhandled rejection", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on("unhandledRejection", onUnhandled);
    try {
      const { data } = await api(server.url, { logger: async () => Promise.reject(new Error("the log sink is down")) }).GET("/items/{id}", params);
      expect(data).toEqual({ id: "a" });
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it("a request id of kilobytes is cut at 200 characters, in the line and on the error", async () => {
    const server = await serve((_req, res) => json(res, 500, {}, { "x-request-id": "r".repeat(5_000) }));
    const { events, logger } = recorder();
    const error = await unwrap(api(server.url, { logger, maxRetries: 0 }).GET("/items/{id}", params)).then(() => undefined, (e: unknown) => e);
    expect(events[0]!.requestId).toBe(`${"r".repeat(200)}…`);
    expect(events[0]!.message.length).toBeLessThan(400);
    expect((error as { requestId?: string }).requestId).toBe(`${"r".repeat(200)}…`);
  });

  it("a login answer that is not labelled JSON keeps its issued token out of the line, whatever the Accept", async () => {
    const issued = "eyJhbGciOiJIUzI1NiJ9.issued-Token-77";
    const server = await serve((req, res) => {
      if (req.url === "/login") {
        return void res.writeHead(200, { "content-type": "text/plain", "x-request-id": `login-${issued}` }).end(JSON.stringify({ token: issued }));
      }
      json(res, 200, { id: "a" });
    });
    const auth = tokenAuth<string>({
      name: "testAuth",
      secrets: ["the-Password-1"],
      async login({ send }) {
        const { body } = await send(`${server.url}/login`, { headers: { accept: "application/json, application/problem+json" }, body: "{}" });
        return { value: (typeof body === "string" ? (JSON.parse(body) as { token: string }) : (body as { token: string })).token };
      },
      apply: (request, value) => request.headers.set("authorization", `Bearer ${value}`),
    });
    const { events, logger } = recorder();
    await api(server.url, { logger, auth, headers: { accept: "application/json, application/problem+json" } }).GET("/items/{id}", params);
    expect(events[0]).toMatchObject({ kind: "auth", status: 200, requestId: "login-[redacted]" });
    expect(JSON.stringify(events)).not.toContain("issued-Token-77");
  });
});

describe("per-call options: client.withOptions({ timeoutMs, maxRetries })", () => {
  it("maxRetries overrides the client's, both ways, for that call only", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const client = api(server.url, { maxRetries: 2 });
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", params);
    expect(server.seen).toHaveLength(1);
    await client.GET("/items/{id}", params);
    expect(server.seen).toHaveLength(4);
    await api(server.url, { maxRetries: 0 }).withOptions({ maxRetries: 3 }).GET("/items/{id}", params);
    expect(server.seen).toHaveLength(8);
    // A method taken off the client (as listAll and importInBatches do) keeps them.
    const { GET } = client.withOptions({ maxRetries: 1 });
    await GET("/items/{id}", params);
    expect(server.seen).toHaveLength(10);
  });

  it("timeoutMs overrides the client's per attempt, for GET and POST and request(); chained options add up", async () => {
    const server = await serve(() => {}); // never answers
    const client = api(server.url, { timeoutMs: 10_000 });
    const started = Date.now();
    const calls = [
      client.withOptions({ timeoutMs: 50, maxRetries: 0 }).GET("/items/{id}", params),
      client.withOptions({ timeoutMs: 50 }).POST("/items/{id}", { ...params, body: { name: "x" } }),
      client.withOptions({ maxRetries: 0 }).withOptions({ timeoutMs: 50 }).request("get", "/items/{id}", params),
    ];
    for (const call of calls) {
      const err = await call.catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ timeoutMs: 50, attempts: 1 });
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.seen.map((r) => r.method).sort()).toEqual(["GET", "GET", "POST"]);
  });

  it("a bad value is refused naming the option, as the client's are, and nothing is sent", async () => {
    const server = await serve((_req, res) => json(res, 200, { id: "a" }));
    const client = api(server.url);
    const bad: Array<[unknown, RegExp]> = [
      [{ timeoutMs: 0 }, /^testClient: withOptions: option `timeoutMs` must be a number from 1 to 2147483647$/],
      [{ timeoutMs: "5" }, /option `timeoutMs` must be a number/],
      [{ timeoutMs: 2 ** 31 }, /option `timeoutMs` must be a number/],
      [{ maxRetries: -1 }, /option `maxRetries` must be a number from 0/],
      [{ maxRetries: Number.NaN }, /option `maxRetries` must be a number/],
      [{ maxRetries: 1.5 }, /option `maxRetries` must be a whole number, got 1.5/],
      [{ timeout: 5 }, /option `timeout` is not one it takes \(timeoutMs, maxRetries\)/],
      [null, /testClient: withOptions: pass an object \{ timeoutMs, maxRetries \}/],
    ];
    for (const [options, message] of bad) expect(() => client.withOptions(options as never), JSON.stringify(options)).toThrow(message);
    expect(() => client.withOptions({ maxRetries: 0 }).withOptions({ timeoutMs: -5 })).toThrow(/option `timeoutMs`/);
    // The same keys in a call's init (openapi-fetch lets any key through its types) are checked when the call starts.
    const inline = await client.GET("/items/{id}", { ...params, timeoutMs: -1 }).catch((e: unknown) => e);
    expect(inline).toBeInstanceOf(TypeError);
    expect((inline as Error).message).toBe("b2bkit: GET /items/{id}: option `timeoutMs` must be a number from 1 to 2147483647");
    expect(server.seen).toEqual([]);
  });

  it("keeps the call's options through middleware that returns a new Request", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const client = api(server.url, { maxRetries: 2 });
    client.use({ onRequest: ({ request }) => new Request(request, { headers: request.headers }) });
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", params);
    expect(server.seen).toHaveLength(1);
  });

  it("a call's own maxRetries (in its init) comes before its client's withOptions, with middleware or without", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const client = api(server.url, { maxRetries: 0 });
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", { ...params, maxRetries: 2 } as never);
    expect(server.seen).toHaveLength(3);
    client.use({ onRequest: () => undefined });
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", { ...params, maxRetries: 1 } as never);
    expect(server.seen).toHaveLength(5);
    await client.withOptions({ maxRetries: 1 }).GET("/items/{id}", params);
    expect(server.seen).toHaveLength(7);
  });

  it("an init's own key wins even when undefined, a call with a Request class of its own keeps its name and options, and symbol keys reach your fetch", async () => {
    const server = await serve((req, res) => (req.url === "/items/empty" ? res.writeHead(200, { "content-length": "0" }).end() : json(res, 503, {})));
    const seen: RequestInit[] = [];
    const client = api(server.url, { fetch: (input, init) => (seen.push(init!), fetch(input, init)) });
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", { ...params, maxRetries: undefined } as never);
    expect(server.seen).toHaveLength(3);
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", { ...params, Request: globalThis.Request } as never);
    expect(server.seen).toHaveLength(4);
    const empty = await client.GET("/items/{id}", { params: { path: { id: "empty" } }, Request: globalThis.Request } as never).catch((e: unknown) => e);
    expect(empty).toMatchObject({ code: "EMPTY_BODY" });
    const trace = Symbol("trace");
    await client.withOptions({ maxRetries: 0 }).GET("/items/{id}", { ...params, [trace]: "span-1" } as never);
    expect((seen.at(-1) as Record<symbol, unknown>)[trace]).toBe("span-1");
  });

  it("a call made while another is being built (a query serializer that calls the client) names its own operation, and the other keeps its own", async () => {
    // An empty answer: an error where the operation promises JSON (GET), no data where it declares none (POST).
    const server = await serve((_req, res) => res.writeHead(200, { "content-length": "0" }).end());
    let inner: Promise<unknown> | undefined;
    let nested = false;
    const querySerializer = (query: Record<string, string>) => {
      if (!nested) {
        nested = true;
        inner = client.POST("/items/{id}", { ...params, body: { name: "x" } });
      }
      return new URLSearchParams(query).toString();
    };
    const client = itemsClient(server.url, fast, { noJsonAnswer: "POST /items/{id}", openapi: { querySerializer } });
    const outer = await client.GET("/items/{id}", { params: { path: { id: "a" }, query: { token: "t" } } }).catch((e: unknown) => e);
    expect(outer).toMatchObject({ code: "EMPTY_BODY" });
    expect(await inner).toMatchObject({ data: undefined, response: { status: 200 } });
    expect(server.seen.map((r) => r.method).sort()).toEqual(["GET", "POST"]);
  });

  it("with createFetch directly: the init's timeoutMs and maxRetries, never passed on to the platform's fetch", async () => {
    const server = await serve((_req, res) => json(res, 503, {}));
    const inits: RequestInit[] = [];
    const f = createFetch({ ...fast, fetch: (input, init) => (inits.push(init!), fetch(input, init)) });
    await f(`${server.url}/x`, { maxRetries: 1 } as RequestInit);
    expect(server.seen).toHaveLength(2);
    expect(inits.every((init) => !("maxRetries" in init) && !("timeoutMs" in init))).toBe(true);
  });
});

describe("AuthError.requestId", () => {
  it("carries the login server's request id, with the secrets it echoes redacted", async () => {
    const password = "right-Pa55word";
    const server = await serve((req, res) => {
      const sent = (JSON.parse(req.body) as { password: string }).password;
      json(res, 401, { message: "no" }, { "x-request-id": req.headers["x-case"] === "echo" ? `lid-${sent}` : "lid-42" });
    });
    const login = (echo: boolean) =>
      tokenAuth<string>({
        name: "testAuth",
        secrets: [password],
        async login({ send }) {
          const { status } = await send(`${server.url}/login`, { headers: echo ? { "x-case": "echo" } : {}, body: JSON.stringify({ password }) });
          throw new AuthError(`testAuth: login refused (HTTP ${status})`, { status });
        },
        apply: () => {},
      });
    for (const [echo, id] of [[false, "lid-42"], [true, "lid-[redacted]"]] as const) {
      const err = await createFetch({ auth: login(echo) })(`${server.url}/data`).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as AuthError).requestId).toBe(id);
      expect(JSON.stringify(err)).toContain(`"requestId":"${id}"`);
    }
  });
});
