// A server that echoes what it got, in the ways a URL parser, a header cut or a cut body would change it, and the
// transport's limits that a hostile server can lean on (redirect loops, slow redirects, bodies built to be slow to redact).
import { afterEach, describe, expect, it } from "vitest";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { ApiError, AuthError, ERROR_BODY_BYTES, RedirectError, TimeoutError, createFetch, headerAuth, tokenAuth, unwrap, type Auth, type LogEvent } from "../src/internal.js";
import { api } from "./items-client.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handler: Parameters<typeof testServer>[0]) {
  server = await testServer(handler);
  return server;
}

/** Everything an error shows: message, stack, JSON and its fields. */
const shown = (err: unknown) => {
  const e = err as Error & Record<string, unknown>;
  return [e.message, e.stack, JSON.stringify(e), JSON.stringify(e.body), String(e.requestId), JSON.stringify(e.request), String(e.location)].join("\n");
};

function logged() {
  const lines: LogEvent[] = [];
  return { lines, logger: (event: LogEvent) => void lines.push(event), text: () => lines.map((l) => `${l.message} ${l.url} ${l.requestId}`).join("\n") };
}

const get = (base: string, options: Parameters<typeof api>[1]) => api(base, { maxRetries: 0, ...options }).GET("/items/{id}", { params: { path: { id: "a" } } });

describe("echoes a URL parser or a cut has changed", () => {
  it("a redirect to another origin whose host is the key (lowercased by the parser): neither error nor log line shows it", async () => {
    const key = "HostKey7Secret";
    const s = await serve((_req, res) => void res.writeHead(302, { location: `http://${key}.invalid/x` }).end());
    const log = logged();
    const err = await get(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key), logger: log.logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedirectError);
    expect((err as RedirectError).message).toContain("another origin");
    expect(shown(err).toLowerCase()).not.toContain(key.toLowerCase());
    expect(log.text().toLowerCase()).not.toContain(key.toLowerCase());
    expect(s.seen).toHaveLength(1);
  });

  it("a same-origin redirect whose path carries a key with {, }, & and +: its percent-encoded form is redacted too", async () => {
    const key = "k{e}y&+v|al-12345";
    const s = await serve((req, res) => {
      if (req.url.startsWith("/moved/")) return json(res, 500, { message: "boom" });
      res.writeHead(302, { location: `/moved/${key}?again=${key}` }).end();
    });
    const log = logged();
    const result = await get(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key), logger: log.logger });
    const err = await unwrap(result).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    // The redirect was followed, with the key in the URL as the parser wrote it.
    const path = new URL(`http://h/moved/${key}`).pathname.slice("/moved/".length);
    expect(s.seen[1]!.url).toContain(path);
    for (const text of [shown(err), log.text()]) {
      expect(text).toContain("/moved/");
      for (const form of [key, path, encodeURIComponent(key), "k%7Be%7Dy"]) expect(text).not.toContain(form);
    }
  });

  it("a request id of 300 characters with the key at character 190: not even its first characters are kept", async () => {
    const key = "Zq8-request-id-key-Wm4";
    const s = await serve((_req, res) => json(res, 400, { message: "no" }, { "x-request-id": `${"r".repeat(190)}${key}${"s".repeat(100)}` }));
    const log = logged();
    const err = await unwrap(get(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key), logger: log.logger })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).requestId).toMatch(/^r{190}\[redacted\]…$/);
    for (const text of [shown(err), log.text()]) expect(text).not.toContain(key.slice(0, 5));
  });

  it("an error body over 64 KiB whose JSON escapes the key (\\u002B): the body cut short is redacted all the same", async () => {
    const key = "Key+With/Slash-98765";
    const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");
    const s = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(`{"message":"bad key ${escaped}","padding":"${"x".repeat(ERROR_BODY_BYTES)}","again":"${escaped}"}`);
    });
    const err = await unwrap(get(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const body = String((err as ApiError).body);
    expect(body).toContain("[truncated");
    expect(body).toContain("bad key [redacted]");
    // Neither as sent, nor escaped, nor once the escapes are read.
    const read = body.replace(/\\u([0-9a-f]{4})/gi, (_e, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\\//g, "/");
    for (const text of [body, read]) expect(text).not.toContain(key.slice(0, 6));
  });

  it("a three-letter password echoed in a refused login's request id: in no log line and not on the AuthError", async () => {
    const password = "Q7z";
    const s = await serve((req, res) => {
      if (req.url === "/login") return json(res, 401, { message: "refused" }, { "x-request-id": `req-${password}-1` });
      json(res, 200, { id: "a" });
    });
    const auth = tokenAuth<string>({
      name: "testAuth",
      secrets: [password],
      async login({ send }) {
        const { ok, status } = await send(`${s.url}/login`, { body: JSON.stringify({ password }) });
        if (!ok) throw new AuthError(`testAuth: login refused (HTTP ${status})`, { status });
        return { value: "token" };
      },
      apply: (request, token) => request.headers.set("authorization", `Bearer ${token}`),
    });
    const log = logged();
    const err = await get(s.url, { auth, logger: log.logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(log.lines.some((l) => l.kind === "auth")).toBe(true);
    expect(log.text()).toContain("req-[redacted]-1");
    for (const text of [shown(err), log.text()]) expect(text).not.toMatch(/Q7z/);
  });

  it("an echo inside a JSON document carried as a string (PHP's json_encode twice): redacted at its own level", async () => {
    const key = "Zm9v+YmFy/cXV4/a2V5LTEyMzQ=";
    const php = (v: unknown) => JSON.stringify(v).replace(/\//g, "\\/");
    const s = await serve((req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(php({ error: php({ key: req.headers["x-api-key"], note: "kept" }) }));
    });
    const err = await unwrap(get(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key) })).catch((e: unknown) => e);
    const body = (err as ApiError).body as { error: string };
    expect(JSON.parse(body.error)).toEqual({ key: "[redacted]", note: "kept" });
    expect(shown(err)).not.toContain("cXV4");
  });

  it("a failure inside a 2xx answer over 64 KiB whose code quotes the key: neither code nor message shows it", async () => {
    const key = "sess-7f3a9c1be4d2";
    const s = await serve((req, res) => json(res, 200, { success: false, code: `Invalid-${String(req.headers["x-api-key"])}`, pad: "x".repeat(ERROR_BODY_BYTES) }));
    const errors = { describe: () => undefined, failureIn2xx: (b: unknown) => ((b as { success?: boolean }).success === false ? { code: (b as { code: string }).code, message: "no" } : undefined) };
    const err = await api(s.url, { auth: headerAuth("testAuth", "key", "x-api-key", key), maxRetries: 0 }, { errors })
      .GET("/items/{id}", { params: { path: { id: "a" } } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe("Invalid-[redacted]");
    expect(shown(err)).not.toContain(key);
  });

  it("a password cut at 64 KiB inside a multi-byte character or between the halves of an escaped emoji: no part of it kept", async () => {
    const password = "Pässwort-geheim😀!";
    for (const shape of ["raw", "escaped"] as const) {
      const s = await serve((req, res) => {
        if (req.url === "/login") return json(res, 200, { token: "tok-123456" });
        const echo = shape === "raw" ? password : [...password].map((c) => [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")).join("");
        // The cut falls inside the ä (raw) or between \ud83d and \ude00 (escaped).
        const at = shape === "raw" ? ERROR_BODY_BYTES - 2 : ERROR_BODY_BYTES - 15 * 6 - 6;
        res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
        res.end(`${"x".repeat(at)}${echo}${"y".repeat(100)}`);
      });
      const auth = tokenAuth<string>({
        name: "testAuth",
        secrets: [password],
        async login({ send }) {
          const { body } = await send(`${s.url}/login`, { body: "{}" });
          return { value: (body as { token: string }).token };
        },
        apply: (request, token) => request.headers.set("authorization", `Bearer ${token}`),
      });
      const err = await unwrap(get(s.url, { auth })).catch((e: unknown) => e);
      const body = String((err as ApiError).body);
      expect(body, shape).toContain("[truncated");
      expect(body.replace(/\\u([0-9a-f]{4})/gi, (_e, h: string) => String.fromCharCode(parseInt(h, 16))), shape).not.toMatch(/Pä|P\\u00e4|geheim/);
      await server!.close();
      server = undefined;
    }
  });

  it("a key with a backslash in a Location path (read as /), and a password echoed raw in a header (read as Latin-1): redacted", async () => {
    const key = "abc\\def-12345";
    const s = await serve((_req, res, n) =>
      n === 1
        ? void res.writeHead(302, { location: `http://elsewhere.invalid/p/${key}` }).end()
        : json(res, 400, { message: "no" }, { "x-request-id": Buffer.from("req-Pässwort-1", "utf8").toString("latin1") }),
    );
    const auth: Auth = { authorize: (r) => void r.headers.set("x-api-key", key), secrets: () => [key, "Pässwort-1"] };
    const log = logged();
    const err = await get(s.url, { auth, logger: log.logger }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedirectError);
    const refused = await unwrap(get(s.url, { auth, logger: log.logger })).catch((e: unknown) => e);
    expect((refused as ApiError).requestId).toBe("req-[redacted]");
    for (const text of [shown(err), shown(refused), log.text()]) {
      expect(text).not.toContain("abc/def");
      expect(text).not.toContain("def-12345");
      expect(text).not.toContain("sswort");
    }
    expect(log.text()).toContain("req-[redacted]");
  });

  it("a cookie that is no secret (consent=true) leaves an ordinary JSON error body as it was", async () => {
    const s = await serve((_req, res) => json(res, 400, { valid: true, message: "permission denied" }));
    const err = await unwrap(get(s.url, { headers: { cookie: "consent=true; ss-opt=perm" } })).catch((e: unknown) => e);
    expect((err as ApiError).body).toEqual({ valid: true, message: "permission denied" });
  });
});

describe("limits a hostile server leans on", () => {
  it("an error body of 12,000 strings against an auth holding 200 secrets is redacted in well under a second", async () => {
    const secrets = Array.from({ length: 200 }, (_, i) => `cached-signature-${i}-${"x".repeat(40)}`);
    const auth: Auth = { authorize: (r) => void r.headers.set("x-signature", secrets[0]!), secrets: () => secrets };
    const s = await serve((_req, res) => {
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify(Array.from({ length: 12_000 }, (_, i) => (i % 1000 ? "ab" : secrets[i / 1000]))));
    });
    const started = performance.now();
    const err = await unwrap(get(s.url, { auth })).catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(ApiError);
    expect(String(JSON.stringify((err as ApiError).body))).not.toContain("cached-signature");
    // It took 36 s before the forms of each secret were made once per call, not once per string.
    expect(ms).toBeLessThan(1_500);
  });

  it("a failure inside a 2xx answer of 600 KiB is cut before it is redacted, and its details are redacted all the same", async () => {
    const secrets = Array.from({ length: 200 }, (_, i) => `cached-signature-${i}-${"x".repeat(40)}`);
    const auth: Auth = { authorize: (r) => void r.headers.set("x-signature", secrets[0]!), secrets: () => secrets };
    const s = await serve((_req, res) => json(res, 200, { success: false, errors: [secrets[1]], rows: Array.from({ length: 120_000 }, () => "ab") }));
    const errors = { describe: () => undefined, failureIn2xx: (body: unknown) => ((body as { success?: boolean }).success === false ? { message: "refused", details: (body as { errors: unknown[] }).errors } : undefined) };
    const started = performance.now();
    const err = await api(s.url, { auth, maxRetries: 0 }, { errors })
      .GET("/items/{id}", { params: { path: { id: "a" } } })
      .catch((e: unknown) => e);
    const ms = performance.now() - started;
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).details).toEqual(["[redacted]"]);
    expect(String((err as ApiError).body)).toContain("[truncated");
    expect(shown(err)).not.toContain("cached-signature");
    expect(ms).toBeLessThan(1_500);
  });

  it("a login answer of 200,000 strings with a request id: its line is written in well under a second", async () => {
    const s = await serve((req, res) => {
      if (req.url === "/login") return json(res, 200, { token: "tok-abcdefgh", noise: Array.from({ length: 200_000 }, (_, i) => `s${i}`) }, { "x-request-id": "req-tok-abcdefgh-1" });
      json(res, 200, { id: "a" });
    });
    const auth = tokenAuth<string>({
      name: "testAuth",
      async login({ send }) {
        const { body } = await send(`${s.url}/login`, { body: "{}" });
        return { value: (body as { token: string }).token };
      },
      apply: (request, token) => request.headers.set("authorization", `Bearer ${token}`),
    });
    const log = logged();
    const started = performance.now();
    await get(s.url, { auth, logger: log.logger });
    expect(performance.now() - started).toBeLessThan(1_500);
    expect(log.text()).toContain("req-[redacted]-1");
    expect(log.text()).not.toContain("abcdefgh");
  });

  it("a nested echo among 13,000 strings holding escapes, and one beside an array 5,000 deep: an ApiError, within a second", async () => {
    const secrets = Array.from({ length: 200 }, (_, i) => `cached-signature-${i}-${"x".repeat(40)}`);
    const echo = `{\\"k\\":\\"\\\\u0063${secrets[0]!.slice(1)}\\"}`;
    const bodies = [`{"e":"${echo}","junk":[${Array(13_000).fill('"\\\\"').join(",")}]}`, `{"e":"${echo}","d":${"[".repeat(5_000)}${"]".repeat(5_000)}}`];
    for (const text of bodies) {
      const s = await serve((_req, res) => void res.writeHead(400, { "content-type": "application/json" }).end(text));
      // An auth per server: an auth serves one origin.
      const auth: Auth = { authorize: (r) => void r.headers.set("x-signature", secrets[0]!), secrets: () => secrets };
      const started = performance.now();
      const err = await unwrap(get(s.url, { auth })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ApiError);
      expect(performance.now() - started).toBeLessThan(1_500);
      expect(JSON.stringify((err as ApiError).body)).not.toContain("signature-0-");
      await server!.close();
      server = undefined;
    }
  });

  it("a same-origin redirect whose address carries a user and password: a RedirectError, sent once, nothing retried", async () => {
    const s = await serve((_req, res) => void res.writeHead(302, { location: `${s.url.replace("//", "//user:pw@")}/elsewhere` }).end());
    const err = await get(s.url, { maxRetries: 2, backoff: { initialMs: 1, maxMs: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedirectError);
    expect((err as RedirectError).message).toMatch(/user or password/);
    expect(shown(err)).not.toContain("user:pw");
    expect(s.seen).toHaveLength(1);
  });

  it("slow same-origin redirects run under one attempt's deadline: timeoutMs 300 ends a loop of 150 ms hops within it", async () => {
    const s = await serve((req, res) => void setTimeout(() => res.writeHead(302, { location: `/hop${s.seen.length}` }).end(), 150));
    const started = performance.now();
    const err = await get(s.url, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    // Each hop restarted the clock before: ten hops (1.5 s) under a 300 ms timeout.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(s.seen.length).toBeLessThanOrEqual(3);
  });

  it("a login answered 409 is not retried: the password is sent once", async () => {
    const s = await serve((req, res) => (req.url === "/login" ? json(res, 409, { message: "conflict" }) : json(res, 200, { id: "a" })));
    const auth = tokenAuth<string>({
      name: "testAuth",
      secrets: ["a-password"],
      async login({ send }) {
        const { ok, status } = await send(`${s.url}/login`, { body: "{}" });
        if (!ok) throw new AuthError(`testAuth: login failed (HTTP ${status})`, { status });
        return { value: "token" };
      },
      apply: (request, token) => request.headers.set("authorization", `Bearer ${token}`),
    });
    const err = await get(s.url, { auth, maxRetries: 2, backoff: { initialMs: 1, maxMs: 1 } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(s.seen.filter((r) => r.url === "/login")).toHaveLength(1);
  });

  it("a backoff past 60 s (which would have meant no retry at all) is refused, naming the option", () => {
    expect(() => createFetch({ backoff: { initialMs: 61_000, maxMs: 120_000 } })).toThrow(/option `backoff.initialMs` must be a number from 0 to 60000/);
    expect(() => createFetch({ backoff: { initialMs: 1, maxMs: 60_001 } })).toThrow(/option `backoff.maxMs` must be a number from 0 to 60000/);
  });
});
