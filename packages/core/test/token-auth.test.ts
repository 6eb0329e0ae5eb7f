import { afterEach, describe, expect, it } from "vitest";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { AuthError, createFetch, tokenAuth } from "../src/internal.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server with a login route handing out numbered tokens; `valid` decides which tokens it still accepts. */
async function tokenServer(valid: (token: string) => boolean = () => true) {
  let issued = 0;
  server = await testServer((req, res) => {
    if (req.url === "/login") {
      const { password } = JSON.parse(req.body || "{}");
      if (password !== "right") return json(res, 401, { message: `bad password ${password}` });
      return json(res, 200, { token: `t${++issued}` });
    }
    const token = (req.headers.authorization ?? "").replace("Bearer ", "");
    return valid(token) ? json(res, 200, { token }) : json(res, 401, { message: "expired" });
  });
  return server;
}

function auth(url: string, password: string, expiresInMs?: number) {
  let logins = 0;
  const a = tokenAuth<string>({
    name: "testAuth",
    secrets: [password],
    async login({ send }) {
      logins++;
      const { ok, status, body } = await send(`${url}/login`, { body: JSON.stringify({ password }) });
      if (!ok) throw new AuthError(`testAuth: login refused (HTTP ${status}): check the password`, { status });
      const { token } = body as { token: string };
      return { value: token, expiresAt: expiresInMs === undefined ? undefined : Date.now() + expiresInMs };
    },
    apply: (request, token) => request.headers.set("authorization", `Bearer ${token}`),
    renewBeforeMs: 0,
  });
  return { auth: a, logins: () => logins };
}

describe("tokenAuth", () => {
  it("logs in once for many concurrent first requests", async () => {
    const s = await tokenServer();
    const { auth: a, logins } = auth(s.url, "right");
    const f = createFetch({ auth: a });
    const answers = await Promise.all(Array.from({ length: 8 }, () => f(`${s.url}/data`).then((r) => r.json())));
    expect(logins()).toBe(1);
    expect(answers).toEqual(Array(8).fill({ token: "t1" }));
  });

  it("two token auths on one request (an auth that applies both) each know what they sent it with: both log in again on a 401", async () => {
    const s = await tokenServer((t) => t !== "t1" && t !== "t2");
    const [first, second] = [auth(s.url, "right"), auth(s.url, "right")];
    const both = {
      async authorize(request: Parameters<typeof first.auth.authorize>[0]) {
        await first.auth.authorize(request);
        await second.auth.authorize(request);
      },
      async refresh(request: Parameters<typeof first.auth.authorize>[0], response: Response) {
        const renewed = [await first.auth.refresh!(request, response), await second.auth.refresh!(request, response)];
        return renewed.every(Boolean);
      },
    };
    const res = await createFetch({ auth: both })(`${s.url}/data`);
    expect([first.logins(), second.logins()]).toEqual([2, 2]);
    expect(await res.json()).toEqual({ token: "t4" });
  });

  it("logs in again when a wrapping auth hands its refresh a Proxy of the request", async () => {
    const s = await tokenServer((t) => t !== "t1");
    const { auth: inner, logins } = auth(s.url, "right");
    const wrapper = {
      authorize: (request: Parameters<typeof inner.authorize>[0]) => inner.authorize(request),
      refresh: (request: Parameters<typeof inner.authorize>[0], response: Response) => inner.refresh!(new Proxy(request, {}), response),
    };
    const res = await createFetch({ auth: wrapper })(`${s.url}/data`);
    expect(logins()).toBe(2);
    expect(await res.json()).toEqual({ token: "t2" });
  });

  it("logs in again once when the token is refused, and replays the request", async () => {
    const s = await tokenServer((t) => t !== "t1");
    const { auth: a, logins } = auth(s.url, "right");
    const f = createFetch({ auth: a });
    const res = await f(`${s.url}/data`, { method: "POST", body: "payload" });
    expect(await res.json()).toEqual({ token: "t2" });
    expect(logins()).toBe(2);
    expect(s.seen.filter((r) => r.url === "/data").map((r) => r.body)).toEqual(["payload", "payload"]);
  });

  it("shares the new login among concurrent requests refused together", async () => {
    const s = await tokenServer((t) => t !== "t1");
    const { auth: a, logins } = auth(s.url, "right");
    const f = createFetch({ auth: a });
    await f(`${s.url}/data`); // t1 refused, t2 issued
    a.invalidate();
    const s2 = await Promise.all(Array.from({ length: 5 }, () => f(`${s.url}/data`).then((r) => r.status)));
    expect(s2).toEqual(Array(5).fill(200));
    expect(logins()).toBe(3);
  });

  it("renews a token that expires, before sending with it", async () => {
    const s = await tokenServer();
    const { auth: a, logins } = auth(s.url, "right", 50);
    const f = createFetch({ auth: a });
    await f(`${s.url}/data`);
    await new Promise((r) => setTimeout(r, 80));
    expect(await (await f(`${s.url}/data`)).json()).toEqual({ token: "t2" });
    expect(logins()).toBe(2);
  });

  it("names the login URL and the system error when the login server cannot be reached, without the password", async () => {
    const closed = await testServer((_req, res) => json(res, 200, {}));
    const url = closed.url;
    await closed.close();
    const { auth: a } = auth(url, "secret-password");
    const error = await createFetch({ auth: a, backoff: { initialMs: 1 } })(`${url}/data`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).message).toBe(`testAuth: could not reach ${url}/login: ECONNREFUSED`);
    expect(JSON.stringify(error)).not.toContain("secret-password");
  });

  it("gives up with the AuthError on a wrong password: one login, no loop, no password in it", async () => {
    const s = await tokenServer();
    const { auth: a, logins } = auth(s.url, "hunter2-wrong");
    const f = createFetch({ auth: a });
    const err = (await f(`${s.url}/data`).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.name).toBe("AuthError");
    expect(logins()).toBe(1);
    expect(s.seen.filter((r) => r.url === "/data")).toHaveLength(0);
    expect(`${err.message} ${JSON.stringify(err)} ${String(err)}`).not.toContain("hunter2-wrong");
  });
});

describe("redactSecrets", () => {
  it("removes a secret as sent and as a server echoes it: JSON-escaped, URL- and form-encoded", async () => {
    const { redactSecrets } = await import("../src/index.js");
    const secret = 'pä"ss\\w&rd=+%1 x';
    const echoed = [secret, JSON.stringify({ Password: secret }), `password=${encodeURIComponent(secret)}`, new URLSearchParams({ password: secret }).toString()].join(" | ");
    const out = redactSecrets(echoed, [secret]);
    expect(out).not.toContain("ss\\\\w");
    expect(out).not.toContain("ss%5Cw");
    expect(out.split("[redacted]")).toHaveLength(5);
  });
});

describe("tokenAuth: a short password", () => {
  it("keeps a login refusal's words out when they hold a password too short to redact, in any form", async () => {
    for (const [password, echo] of [["a&b", encodeURIComponent("a&b")], ["a b", "a+b"], ['a"b', JSON.stringify('a"b').slice(1, -1)], ["k9#", "k9#"]] as const) {
      server = await testServer((req, res) => (req.url === "/login" ? json(res, 401, { message: `wrong password ${echo} for api` }) : json(res, 200, {})));
      const a = tokenAuth<string>({
        name: "testAuth",
        secrets: [password],
        async login({ send }) {
          const { status, body } = await send(`${server!.url}/login`, { body: "{}" });
          throw new AuthError(`testAuth: refused (HTTP ${status}): ${JSON.stringify(body)}`, { status });
        },
        apply: () => {},
      });
      const err = (await createFetch({ auth: a })(`${server.url}/data`).catch((e: unknown) => e)) as AuthError;
      expect(err).toBeInstanceOf(AuthError);
      expect(err.message, password).not.toContain(echo);
      expect(err.message).toMatch(/^testAuth: refused \(HTTP 401\)/);
      await server.close();
      server = undefined;
    }
  });
});
