// A call with nothing but params, a body, a signal and headers is made directly (core builds the request with
// openapi-fetch's own functions and reads the answer from what the transport read); any other call goes through
// openapi-fetch's request path. Both must send the same request and give the same result, whatever the answer.
import { afterEach, describe, expect, it } from "vitest";
import { json, testServer } from "@b2bkit/mock/test-server";
import { api, fast } from "./items-client.js";
import { ApiError, unwrap } from "../src/internal.js";

let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

type Answer = (res: import("node:http").ServerResponse) => void;
const ANSWERS: Record<string, Answer> = {
  json: (res) => json(res, 200, { id: "a", tags: ["x"] }),
  "json-chunked": (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.write('{"id":');
    res.end('"b"}');
  },
  "json-null": (res) => json(res, 200, null),
  "no-content": (res) => res.writeHead(204).end(),
  "zero-length": (res) => res.writeHead(200, { "content-length": "0" }).end(),
  "empty-chunked": (res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end();
  },
  text: (res) => res.writeHead(200, { "content-type": "text/plain" }).end("plain words"),
  "bytes-json": (res) => res.writeHead(200, { "content-type": "application/octet-stream" }).end('{"b":1}'),
  "missing-json": (res) => json(res, 404, { message: "no such item" }),
  "missing-text": (res) => res.writeHead(404, { "content-type": "text/plain" }).end("no such item"),
  "missing-empty": (res) => res.writeHead(404, { "content-length": "0" }).end(),
  "missing-empty-chunked": (res) => {
    res.writeHead(404, { "content-type": "application/json" });
    res.end();
  },
  "server-error": (res) => json(res, 500, { error: "down" }),
};

async function server() {
  const started = await testServer((req, res) => {
    const name = req.url.split("?")[0]!.split("/").pop()!;
    (ANSWERS[name] ?? ((r) => json(r, 200, { echo: true })))(res);
  });
  close = started.close;
  return started;
}

/** What a caller sees of a call: its data or error and status, or what it threw. */
async function outcome(pending: Promise<{ data?: unknown; error?: unknown; response: Response }>) {
  try {
    const result = await pending;
    return { data: result.data, error: result.error, status: result.response.status, hasError: "error" in result };
  } catch (err) {
    const e = err as { name?: string; code?: unknown; status?: unknown; message?: string };
    return { threw: e.name, code: e.code, status: e.status, message: e.message };
  }
}

const id = (name: string) => ({ params: { path: { id: name } } });

describe("a direct call and the same call through openapi-fetch", () => {
  for (const promise of ["an operation that promises JSON", "an operation that declares no JSON answer"]) {
    it(`give the same result for every kind of answer, ${promise}`, async () => {
      const { url } = await server();
      const client = api(url, { ...fast, maxRetries: 0 }, promise.includes("no JSON") ? { noJsonAnswer: "GET /items/{id}" } : {});
      for (const name of Object.keys(ANSWERS)) {
        const direct = await outcome(client.GET("/items/{id}", id(name)));
        // parseAs (openapi-fetch's default, here given) makes the call go through openapi-fetch.
        const through = await outcome(client.GET("/items/{id}", { ...id(name), parseAs: "json" }));
        expect({ name, ...direct }).toEqual({ name, ...through });
      }
    });
  }

  it("give the same result for answers with no body that a fetch of yours may hand over (a length but no body)", async () => {
    const answers = [
      () => new Response(null, { status: 200, headers: { "content-length": "12", "content-type": "application/json" } }),
      () => new Response(null, { status: 205, headers: { "content-length": "10" } }),
      () => new Response(null, { status: 200 }),
      () => new Response(null, { status: 404, headers: { "content-length": "5" } }),
      // A length of 0 over a body: openapi-fetch takes the length's word for it.
      () => new Response('{"a":1}', { status: 200, headers: { "content-type": "application/json", "content-length": "0" } }),
      () => new Response('{"a":1}', { status: 400, headers: { "content-type": "application/json", "content-length": "0" } }),
    ];
    for (const [i, make] of answers.entries()) {
      const client = api("http://127.0.0.1:9", { ...fast, maxRetries: 0, fetch: async () => make() }, { noJsonAnswer: "GET /items/{id}" });
      const direct = await outcome(client.GET("/items/{id}", id("a")));
      const through = await outcome(client.GET("/items/{id}", { ...id("a"), parseAs: "json" }));
      expect({ i, ...direct }).toEqual({ i, ...through });
    }
  });

  it("send the same request for an init whose keys are inherited, not enumerable or answered by a getter", async () => {
    const { url, seen } = await server();
    const client = api(url, { ...fast, maxRetries: 0 });
    const aborted = AbortSignal.abort();
    const inits = [
      Object.assign(Object.create({ headers: { "X-Proto": "1" } }), id("json")),
      Object.assign(Object.create({ signal: aborted }), id("json")),
      Object.assign(Object.create({ body: { x: 1 } }), id("json")),
      Object.defineProperty({ ...id("json") }, "headers", { value: { "X-Hidden": "1" }, enumerable: false }),
      new (class {
        params = id("json").params;
        get signal() {
          return aborted;
        }
      })(),
    ];
    for (const init of inits) {
      seen.length = 0;
      const direct = await outcome(client.GET("/items/{id}", init));
      const sentDirect = seen.map(({ headers }) => Object.keys(headers).sort());
      seen.length = 0;
      // The same init, asked to go through openapi-fetch: parseAs set on a copy would lose what is inherited.
      const through = await outcome(client.GET("/items/{id}", Object.assign(init, { parseAs: "json" })));
      const sentThrough = seen.map(({ headers }) => Object.keys(headers).sort());
      expect({ direct, sent: sentDirect }).toEqual({ direct: through, sent: sentThrough });
    }
  });

  it("leaves the answer of a direct call as the platform made it (which tells the two paths apart)", async () => {
    const { url } = await server();
    const client = api(url, fast);
    const direct = await client.GET("/items/{id}", id("json"));
    const through = await client.GET("/items/{id}", { ...id("json"), parseAs: "json" });
    expect(direct.data).toEqual(through.data);
    expect(Object.getPrototypeOf(direct.response) === Response.prototype).toBe(true);
    expect(Object.getPrototypeOf(through.response) === Response.prototype).toBe(false);
    // Read once, as openapi-fetch's answers are: a second read fails with the platform's own error.
    await expect(direct.response.json()).rejects.toThrow(new TypeError("Body is unusable: Body has already been read"));
    await expect(through.response.json()).rejects.toThrow(new TypeError("Body is unusable: Body has already been read"));
  });

  it("send the same request: URL and query, headers (the client's, the call's, params.header, a null that removes one), body", async () => {
    const { url, seen } = await server();
    const configs = [
      {},
      { openapi: { querySerializer: { array: { style: "form", explode: false } } } },
      { openapi: { bodySerializer: (body: unknown) => new URLSearchParams(body as Record<string, string>).toString() }, fixedHeaders: { "content-type": "application/x-www-form-urlencoded" } },
    ];
    for (const config of configs) {
      const client = api(url, { ...fast, headers: { "X-Client": "c", "X-Gone": "g" } }, { headers: { Accept: "application/json" }, ...config });
      const calls = [
        (more: object) => client.GET("/items/{id}", { params: { path: { id: "a b/é" }, query: { token: "t&u=v", list: [1, 2], deep: { x: 1 }, empty: [], none: null } as never }, ...more }),
        (more: object) =>
          client.POST("/items/{id}", {
            params: { path: { id: "a" }, header: { "X-Param": "p" } as never },
            body: { name: "x" },
            headers: { "X-Call": "k", "X-Gone": null } as never,
            ...more,
          }),
        (more: object) => client.request("delete" as never, "/items/{id}" as never, { params: { path: { id: "a" } }, ...more } as never),
      ];
      for (const call of calls) {
        seen.length = 0;
        await call({});
        await call({ parseAs: "json" });
        const [direct, through] = seen.map(({ method, url, headers, body }) => {
          const { host: _host, connection: _connection, ...rest } = headers;
          return { method, url, headers: rest, body };
        });
        expect(direct).toEqual(through);
      }
    }
  });

  it("a call whose init holds anything else, or a client with middleware, goes through openapi-fetch", async () => {
    const { url } = await server();
    const client = api(url, fast);
    const traced = Symbol("trace");
    for (const init of [{ ...id("json"), baseUrl: url }, { ...id("json"), [traced]: 1 }, { ...id("json"), cache: "no-store" }]) {
      const { response } = await client.GET("/items/{id}", init as never);
      expect(Object.getPrototypeOf(response) === Response.prototype).toBe(false);
    }
    const { response: before } = await client.GET("/items/{id}", id("json"));
    expect(Object.getPrototypeOf(before) === Response.prototype).toBe(true);
    let seenBy = 0;
    client.use({ onRequest: () => void seenBy++ });
    expect((await client.GET("/items/{id}", id("json"))).data).toEqual({ id: "a", tags: ["x"] });
    expect(seenBy).toBe(1);
  });
});

describe("errors of answers a fetch of yours made by hand", () => {
  it("name the URL the request went to, on either path, though the answer has none", async () => {
    const client = api("http://127.0.0.1:9/base", { ...fast, maxRetries: 0, fetch: async () => new Response('{"message":"no such item"}', { status: 404, headers: { "content-type": "application/json" } }) });
    for (const more of [{}, { parseAs: "json" }]) {
      const err = (await unwrap(client.GET("/items/{id}", { ...id("a"), ...more } as never)).catch((e: unknown) => e)) as ApiError;
      expect(err).toBeInstanceOf(ApiError);
      expect(err.request).toEqual({ method: "GET", url: "http://127.0.0.1:9/base/items/a" });
      expect(err.message).toContain("GET http://127.0.0.1:9/base/items/a");
    }
  });
});

describe("bad input, on either path", () => {
  it("a header value the platform would refuse is a TypeError that names the header and never repeats its value, and nothing is sent", async () => {
    const { url, seen } = await server();
    const secret = "Bearer sk_live_0123456789";
    expect(() => api(url, { headers: { Authorization: `${secret}\nX-Injected: 1` } })).toThrow(/option `headers`: header `Authorization` has a line break/);
    try {
      api(url, { headers: { Authorization: `${secret}\r\n` } });
    } catch (err) {
      expect(String((err as Error).message)).not.toContain("sk_live");
    }
    const client = api(url, fast);
    for (const more of [{}, { parseAs: "json" }]) {
      for (const init of [{ ...id("a"), headers: { "X-Key": `${secret}\r\nX-Injected: 1` } }, { params: { path: { id: "a" }, header: { "X-Key": [`${secret}\u0000`] } } }]) {
        const err = (await client.GET("/items/{id}", { ...init, ...more } as never).catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(TypeError);
        expect(err.message).toMatch(/GET \/items\/\{id\}: header `X-Key` has a line break or a NUL character/);
        expect(`${err.message} ${err.stack}`).not.toContain("sk_live");
      }
    }
    expect(seen).toHaveLength(0);
  });

  it("a header value with a line break at either end only is sent trimmed, as the platform sends it", async () => {
    const { url, seen } = await server();
    const client = api(url, { ...fast, headers: { Authorization: "Bearer abc123456789\n" } });
    for (const more of [{}, { parseAs: "json" }]) {
      expect((await client.GET("/items/{id}", { ...id("json"), headers: { "X-Key": "\t k-1\r\n" }, ...more } as never)).response.status).toBe(200);
    }
    expect(seen.map(({ headers }) => [headers["authorization"], headers["x-key"]])).toEqual([
      ["Bearer abc123456789", "k-1"],
      ["Bearer abc123456789", "k-1"],
    ]);
  });

  it("a refused header value that is not a string, or that changes when read again, never has its value in the error", async () => {
    const { url, seen } = await server();
    const client = api(url, fast);
    const secret = "sk_live_0123456789";
    let reads = 0;
    const flipping = {
      get "X-Key"() {
        return reads++ ? `${secret}\nX-Injected: 1` : "fine";
      },
    };
    for (const more of [{}, { parseAs: "json" }]) {
      for (const headers of [{ "X-Key": { toString: () => `${secret}\nX: 1` } }, { "X-Key": [[`${secret}\r\n1`]] }, flipping]) {
        reads = 0;
        const err = (await client.GET("/items/{id}", { ...id("a"), headers, ...more } as never).catch((e: unknown) => e)) as Error;
        expect(err).toBeInstanceOf(TypeError);
        expect(err.message).toMatch(/^testClient: GET \/items\/\{id\}: (header `X-Key`|a header) has a line break or a NUL character/);
        expect(`${err.message} ${err.stack}`).not.toContain("sk_live");
      }
    }
    expect(seen).toHaveLength(0);
  });

  it("request() with a method that is not a string is a rejected promise with a TypeError that names it, and nothing is sent", async () => {
    const { url, seen } = await server();
    const client = api(url, fast);
    for (const [method, got] of [[undefined, "undefined"], [null, "null"], [7, "number"]] as const) {
      const pending = client.request(method as never, "/items/{id}" as never, id("a") as never);
      await expect(pending).rejects.toThrow(new TypeError(`testClient: request(method, path, init): \`method\` must be a string such as "GET", got ${got}`));
    }
    expect(seen).toHaveLength(0);
  });

  it("headers a getter answers differently when read again are read once, on either path, and never quoted", async () => {
    const { url, seen } = await server();
    const client = api(url, fast);
    for (const more of [{}, { parseAs: "json" }]) {
      let reads = 0;
      const init = { ...id("a"), ...more };
      Object.defineProperty(init, "headers", { enumerable: true, get: () => (reads++ ? { "X-Key": "sk_live_0123456789\nX: 1" } : undefined) });
      const { response } = await client.GET("/items/{id}", init as never);
      expect(response.status).toBe(200);
      expect(reads).toBe(1);
    }
    expect(seen.map(({ headers }) => headers["x-key"])).toEqual([undefined, undefined]);
  });

  it("a long header value is checked in time linear in its length", async () => {
    const { url, seen } = await server();
    const client = api(url, fast);
    const started = performance.now();
    // With the trim a regular expression, a value like these took seconds (64,000 spaces: about 1.5 s).
    for (const value of [`a${" ".repeat(256_000)}\nb`, `a${" \n".repeat(128_000)}b`]) {
      await expect(client.GET("/items/{id}", { ...id("json"), headers: { "X-Trace": value } } as never)).rejects.toThrow(/header `X-Trace` has a line break/);
    }
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(seen).toHaveLength(0);
  });

  it("a TypeError of a middleware that says 'invalid header value' is handed on as it is", async () => {
    const { url } = await server();
    const client = api(url, fast);
    const own = new TypeError("X-Tenant: invalid header value for tenant 'acme' (expected a uuid)");
    client.use({
      onRequest: () => {
        throw own;
      },
    });
    await expect(client.GET("/items/{id}", { ...id("a"), headers: { "X-Tenant": "acme" } } as never)).rejects.toBe(own);
  });

  it("a signal that is not an AbortSignal is a TypeError that names it, and nothing is sent", async () => {
    const { url, seen } = await server();
    const client = api(url, fast);
    for (const more of [{}, { parseAs: "json" }]) {
      await expect(client.GET("/items/{id}", { ...id("a"), signal: "nope", ...more } as never)).rejects.toThrow(new TypeError("b2bkit: option `signal` must be an AbortSignal (an AbortController's signal, or AbortSignal.timeout(ms))"));
    }
    expect(seen).toHaveLength(0);
  });
});
