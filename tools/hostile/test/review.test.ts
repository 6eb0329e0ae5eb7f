// What an adversarial review found beyond rules 1–23, each fixed in core and kept fixed here, for every mode.
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError, ERROR_BODY_BYTES } from "@b2bkit/core";
import { closeServers, describeError, gzipBomb, json, leaks, rejection, rssGrowth, sendBomb, type Seen } from "./harness.js";
import { LOGIN_MODES, MODES, answerOk, host, secretsOf, type Mode } from "./modes.js";

afterEach(closeServers);

/** Every character JSON-escaped as `\uXXXX`, as some serialisers write `+` (`\u002B`) and `/` (`\/`). */
const escapeAll = (text: string) => [...text].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

function expectNoLeak(err: unknown, secrets: string[]) {
  expect(secrets.length).toBeGreaterThan(0);
  expect(leaks(err, secrets), `secrets found in ${describeError(err)}`).toEqual([]);
}

describe.each(MODES)("review findings ($name)", (mode: Mode) => {
  it("a same-origin redirect whose Location carries the credential, then a failure: no secret in the error or the log", async () => {
    const api = await host(mode, (req, res) => {
      if (req.url.includes("/moved/")) return json(res, 500, { message: "boom" });
      const echo = mode.credentialOf(req).map(encodeURIComponent).join("-");
      // Kept under the request's own path, so TLSecure's guest auth still knows where it is.
      res.writeHead(302, { location: `${req.url.split("?")[0]}/moved/${echo}?q=${echo}` });
      res.end();
    });
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const client = mode.build(api.url, { client: { logger, maxRetries: 1 } });
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    // The redirect was followed (else the test proves nothing) …
    expect(api.calls().some((r) => r.url.includes("/moved/"))).toBe(true);
    expect(String((err.request as { url: string }).url)).toContain("/moved/");
    // … and neither the error nor a log line shows what it carried.
    const secrets = secretsOf(mode, api.server.seen);
    expectNoLeak(err, secrets);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) for (const secret of secrets) expect(line).not.toContain(secret);
  });

  it("an echo that JSON-escapes every character (`\\u002B`, `\\/`) in the body and sl-violations: no secret in the error", async () => {
    const api = await host(mode, (req, res) => {
      const echo = mode.credentialOf(req).map(escapeAll).join(" ");
      const message = `Pass-through marker ${echo}`;
      res.writeHead(400, { "content-type": "application/json", "sl-violations": `[{"location":["header"],"message":"${message}"}]` });
      res.end(`{"message":"${message}","detail":"${message}","title":"${message}","errorCode":"E","ResponseStatus":{"ErrorCode":"E","Message":"${message}"},"response":{"success":false,"code":9,"message":"${message}"}}`);
    });
    const client = mode.build(api.url, { client: { maxRetries: 0 } });
    const err = await rejection(client.unwrap(client.get()));
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(JSON.stringify(err.body)).toContain("Pass-through marker");
    expectNoLeak(err, secretsOf(mode, api.server.seen));
  });

  it("an error body whose 64 KiB cut falls inside an echoed secret: not even its first characters are kept", async () => {
    const api = await host(mode, (req, res) => {
      const secret = mode.credentialOf(req).at(-1)!;
      // The secret starts 10 bytes before the cut.
      res.writeHead(400, { "content-type": "text/plain" });
      res.end(`${"x".repeat(ERROR_BODY_BYTES - 10)}${secret}${"y".repeat(1_000)}`);
    });
    const client = mode.build(api.url, { client: { maxRetries: 0 } });
    const err = await rejection(client.unwrap(client.get()));
    const body = String(err.body);
    const secret = mode.credentialOf(api.calls()[0]!).at(-1)!;
    expect(secret.length).toBeGreaterThan(10);
    expect(body).toContain("[truncated");
    expect(body).not.toContain(secret.slice(0, 10));
  });

  it("a caller's Accept header that takes anything does not switch off the JSON checks", async () => {
    const api = await host(mode, (_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("");
    });
    const build = (headers: Record<string, string>) => mode.build(api.url, { client: { headers } });
    const err = await rejection(build({ Accept: "application/json, text/plain, */*" }).get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe("EMPTY_BODY");
  });

  if (mode.failure2xx) {
    it("a vendor failure inside a 2xx answer labelled text/html is thrown all the same", async () => {
      const api = await host(mode, (_req, res) => {
        res.writeHead(200, { "content-type": "text/html" });
        res.end(JSON.stringify(mode.failure2xx!.body));
      });
      const err = await rejection(mode.build(api.url, { client: { headers: { Accept: "*/*" } } }).get());
      expect(err, describeError(err)).toBeInstanceOf(ApiError);
      expect(err.code).toBe(mode.failure2xx!.code);
    });
  }

  it("middleware whose onRequest returns a new Request keeps the operation's promise of JSON", async () => {
    const api = await host(mode, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "0" });
      res.end();
    });
    const client = mode.build(api.url);
    client.use({ onRequest: ({ request }) => new Request(request, { headers: request.headers }) });
    const err = await rejection(client.get());
    expect(err, describeError(err)).toBeInstanceOf(ApiError);
    expect(err.code).toBe("EMPTY_BODY");
    await expect(client.unwrap(client.get())).rejects.toMatchObject({ code: "EMPTY_BODY" });
  });

  it("a logger of the wrong shape is refused at creation; one that throws fails nothing (a POST is sent once, and succeeds)", async () => {
    expect(() => mode.build("http://127.0.0.1:9", { client: { logger: { debug: 1 } } })).toThrow(/option `logger.debug` must be a function/);
    const api = await host(mode, answerOk(mode));
    const boom = () => {
      throw new Error("logger down");
    };
    const { response } = await mode.build(api.url, { client: { logger: { debug: boom, error: boom } } }).post();
    expect(response.status).toBe(200);
    expect(api.calls().filter((r) => r.method === "POST")).toHaveLength(1);
  });
});

/** A server that answers every request with a header the HTTP parser refuses, echoing what it got in it. */
async function badHeaderServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((socket) => {
    let got = "";
    socket.on("data", (chunk) => {
      got += chunk.toString("latin1");
      if (!got.includes("\r\n\r\n")) return;
      socket.end(`HTTP/1.1 200 OK\r\n\x7f${got.split("\r\n").join(" ")}: x\r\ncontent-length: 2\r\n\r\n{}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(MODES.filter((m) => !m.login))("a refused answer that quotes the request in the parser's error ($name)", (mode: Mode) => {
  it("the ConnectionError, its cause and util.inspect hold no secret", async () => {
    const server = await badHeaderServer();
    try {
      const err = await rejection(mode.build(server.url, { client: { maxRetries: 0 } }).get());
      expect(err.name, describeError(err)).toBe("ConnectionError");
      expectNoLeak(err, mode.configured);
    } finally {
      await server.close();
    }
  });
});

describe.each(LOGIN_MODES)("the login answer is bounded by maxBodyBytes ($name)", (mode: Mode) => {
  it("a gzip bomb as the login answer fails fast with bounded memory, and the API gets nothing", async () => {
    const bomb = gzipBomb(208);
    const api = await host(mode, answerOk(mode), (_req: Seen, res) => sendBomb(res, 200, bomb));
    const { outcome, growth, ms } = await rssGrowth(() => mode.build(api.url, { client: { maxBodyBytes: 1024 * 1024 } }).get());
    expect(outcome.ok).toBe(false);
    const err = (outcome as { error: unknown }).error;
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    expect(String((err as Error).message)).toContain("BODY_TOO_LARGE");
    expect(ms).toBeLessThan(3_000);
    expect(growth).toBeLessThan(100 * 1024 * 1024);
    expect(api.calls()).toEqual([]);
  });
});
