// Issue 13: debug output (a line per attempt, logins included) that never shows a secret, and per-call options,
// for every vendor and auth mode.
import { afterEach, describe, expect, it, vi } from "vitest";
import { AuthError, TimeoutError, type LogEvent } from "@b2bkit/core";
import { closeServers, describeError, json, rejection, secretForms } from "./harness.js";
import { LOGIN_MODES, MODES, VENDOR_MODES, answerOk, host, secretsOf, type Mode } from "./modes.js";

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await closeServers();
});

/** What a hostile server puts in its request id and URLs: each secret URL-encoded, and as it is when a header can carry it. */
const echo = (secrets: string[]) => [...new Set([...secrets.map(encodeURIComponent), ...secrets.filter((s) => /^[\x21-\x7e]+$/.test(s))])].join("~");

function recorder() {
  const events: LogEvent[] = [];
  return { events, logger: (event: LogEvent) => void events.push(event) };
}

/** Every secret (in every form a server may echo it) found in an event. */
const leaksIn = (events: LogEvent[], secrets: string[]) =>
  events.flatMap((event) => secrets.flatMap((secret) => secretForms(secret).filter((form) => JSON.stringify(event).includes(form) || event.message.includes(form))));

describe.each(MODES)("debug output ($name)", (mode: Mode) => {
  it("a line per attempt — the login's first, then a 503, a same-origin redirect and the answer — each with its request id, none with a secret", async () => {
    const api = await host(
      mode,
      (req, res, n) => {
        // Every answer's request id echoes the credentials the request carried and those the auth was given …
        const id = `api-${n}-${echo([...mode.credentialOf(req), ...mode.configured])}`;
        if (n === 1) return json(res, 503, {}, { "x-request-id": id });
        // … and the redirect puts them in the URL it leads to (same origin: followed, signed anew).
        if (n === 2) return void res.writeHead(302, { location: `${req.url}${req.url.includes("?") ? "&" : "?"}echo=${echo(mode.credentialOf(req))}`, "x-request-id": id }).end();
        json(res, 200, mode.ok, { "x-request-id": id });
      },
      // The login's answer echoes the password it got and the credential it hands out.
      (_req, res, n, grant) => {
        res.setHeader("x-request-id", `login-${n}-${echo([...mode.configured, ...mode.login!.issued(n)])}`);
        grant();
      },
    );
    const { events, logger } = recorder();
    const { data } = await mode.build(api.url, { client: { logger } }).get();
    expect(data).toEqual(mode.ok);

    const request = events.filter((e) => e.kind === "request");
    expect(request.map((e) => [e.attempt, e.status, e.level, e.retryInMs === undefined])).toEqual([
      [1, 503, "error", false],
      [2, 302, "debug", true],
      [2, 200, "debug", true],
    ]);
    expect(request[2]!.url).toContain("echo=");
    expect(request.map((e) => e.requestId?.slice(0, 6))).toEqual(["api-1-", "api-2-", "api-3-"]);
    if (mode.login) {
      expect(events[0]).toMatchObject({ kind: "auth", attempt: 1, status: 200, level: "debug" });
      expect(events[0]!.message).toMatch(/^\[b2bkit\] auth (POST|GET) http:\/\/127\.0\.0\.1:\d+\/\S+ attempt 1 → 200 in \d+ ms \(request id login-1-.*\)$/);
      expect(events).toHaveLength(4);
    } else {
      expect(events).toHaveLength(3);
    }
    expect(request[2]!.message).toMatch(/^\[b2bkit\] GET http:\/\/127\.0\.0\.1:\d+\/\S+ attempt 2 → 200 in \d+ ms \(request id api-3-.*\)$/);
    // The echoes reached the lines (else this proves nothing), and were taken out of them.
    for (const event of events) expect(event.requestId, event.message).toContain("[redacted]");
    expect(request[2]!.url).toContain("echo=[redacted]");
    expect(leaksIn(events, secretsOf(mode, api.server.seen))).toEqual([]);
  });

  it("B2BKIT_DEBUG=1 in the environment: every attempt on the console, login included, no secret", async () => {
    const api = await host(mode, answerOk(mode));
    const debug = vi.spyOn(console, "debug").mockImplementation(() => {});
    vi.stubEnv("B2BKIT_DEBUG", "1");
    await mode.build(api.url).get();
    const lines = debug.mock.calls.map((args) => String(args[0]));
    expect(lines).toHaveLength(mode.login ? 2 : 1);
    if (mode.login) expect(lines[0]).toMatch(/^\[b2bkit\] auth /);
    expect(lines.at(-1)).toMatch(/^\[b2bkit\] GET http:\/\/127\.0\.0\.1:\d+\/\S+ attempt 1 → 200 in \d+ ms$/);
    for (const secret of secretsOf(mode, api.server.seen)) for (const form of secretForms(secret)) expect(lines.join("\n")).not.toContain(form);
  });
});

describe.each(LOGIN_MODES)("AuthError.requestId ($name)", (mode: Mode) => {
  it("a refused login: the AuthError and its line carry the login server's request id, without the password it echoes", async () => {
    const api = await host(mode, answerOk(mode), (req, res) => {
      res.setHeader("x-request-id", `lid-77-${echo(mode.configured)}`);
      mode.login!.refuse(res, req);
    });
    const { events, logger } = recorder();
    const err = await rejection(mode.build(api.url, { client: { logger } }).get());
    expect(err, describeError(err)).toBeInstanceOf(AuthError);
    const id = (err as unknown as AuthError).requestId;
    expect(id).toBe(mode.login!.password ? "lid-77-[redacted]" : "lid-77-");
    expect(events.map((e) => [e.kind, e.status, e.level, e.requestId])).toEqual([["auth", 401, "error", id]]);
    expect(leaksIn(events, secretsOf(mode, api.server.seen))).toEqual([]);
    expect(JSON.stringify(err)).toContain(`"requestId":"${id}"`);
  });
});

describe.each(MODES)("per-call options: client.withOptions ($name)", (mode: Mode) => {
  it("maxRetries overrides the client's for that call only", async () => {
    const api = await host(mode, (_req, res) => json(res, 503, {}));
    const client = mode.build(api.url); // maxRetries: the default, 2
    expect((await client.withOptions({ maxRetries: 0 }).get()).response.status).toBe(503);
    expect(api.calls()).toHaveLength(1);
    await client.get();
    expect(api.calls()).toHaveLength(4);
    await mode.build(api.url, { client: { maxRetries: 0 } }).withOptions({ maxRetries: 1 }).get();
    expect(api.calls()).toHaveLength(6);
  });

  it("timeoutMs overrides the client's per attempt, for a GET and a POST", async () => {
    const api = await host(mode, () => {}); // the API never answers (a login does)
    const client = mode.build(api.url).withOptions({ timeoutMs: 40, maxRetries: 0 }); // the client's: 5 000 ms
    const started = Date.now();
    for (const call of [client.get(), client.post()]) {
      const err = await rejection(call);
      expect(err, describeError(err)).toBeInstanceOf(TimeoutError);
      expect(err).toMatchObject({ timeoutMs: 40, attempts: 1 });
    }
    expect(Date.now() - started).toBeLessThan(4_000);
  });

  it("a bad value is refused naming the client and the option, before anything is sent", async () => {
    const api = await host(mode, answerOk(mode));
    const client = mode.build(api.url);
    const factory = `create${mode.vendor[0]!.toUpperCase()}${mode.vendor.slice(1)}Client`;
    expect(() => client.withOptions({ timeoutMs: -1 })).toThrow(`${factory}: withOptions: option \`timeoutMs\` must be a number from 1 to 2147483647`);
    expect(() => client.withOptions({ maxRetries: "1" as never })).toThrow(`${factory}: withOptions: option \`maxRetries\``);
    expect(() => client.withOptions({ retries: 1 } as never)).toThrow(/option `retries` is not one it takes/);
    expect(api.server.seen).toEqual([]);
  });
});

describe.each(VENDOR_MODES)("a logger that throws ($vendor)", (mode: Mode) => {
  it("fails nothing, whatever its shape, also while a login runs", async () => {
    const api = await host(mode, answerOk(mode));
    const boom = () => {
      throw new Error("logger down");
    };
    for (const logger of [boom, { debug: boom, error: boom }]) {
      const { data } = await mode.build(api.url, { client: { logger } }).get();
      expect(data).toEqual(mode.ok);
    }
  });
});
