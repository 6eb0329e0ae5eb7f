import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { portosAuth } from "@b2bkit/portos-auth";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createPortosClient, unwrap } from "../src/index.js";
import { credentials, jwt, mockClient } from "./helpers.js";

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const problem = (res: Parameters<typeof json>[0], status: number, body: object) =>
  json(res, status, { status, ...body }, { "content-type": "application/problem+json; charset=utf-8" });

interface FakeOptions {
  /** Which tokens the customer routes still accept. */
  valid?: (token: string) => boolean;
  /** The n-th token issued (by login or refresh). */
  token?: (n: number) => string;
  /** Status of POST /api/auth/refresh; 200 issues a new token. */
  refreshStatus?: number;
  loginStatus?: number;
}

/** A Portos of one customer: JWT login, refresh, and a customer route that checks the bearer token. */
async function fakePortos(options: FakeOptions = {}) {
  let issued = 0;
  const issue = () => {
    issued++;
    return { tokenId: options.token?.(issued) ?? `t${issued}`, refreshToken: `r${issued}` };
  };
  const server = await testServer((req, res) => {
    const path = req.url.replace(/^\/gw/, "");
    if (req.method === "POST" && path === "/api/auth") {
      if (options.loginStatus) return problem(res, options.loginStatus, { title: "Internal Server Error" });
      const { UserName, Password, DeviceName } = JSON.parse(req.body || "{}");
      if (Password !== credentials.password) {
        // A careless server that echoes the password: it must not reach the error.
        return problem(res, 401, { title: "Unauthorized", detail: `Invalid password '${Password}' for ${UserName}`, errorCode: 1 });
      }
      return json(res, 200, { ...issue(), user: { userName: UserName, device: { name: DeviceName } } });
    }
    if (req.method === "POST" && path === "/api/auth/refresh") {
      const status = options.refreshStatus ?? 200;
      return status === 200 ? json(res, 200, issue()) : problem(res, status, { title: "Unauthorized", errorCode: 1 });
    }
    const token = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!token || !(options.valid?.(token) ?? true)) return problem(res, 401, { title: "Unauthorized", errorCode: 1 });
    return json(res, 200, { id: "customer-id", note: token, _v: 1 });
  });
  servers.push(server);
  const seen = (method: string, path: string) => server.seen.filter((r) => r.method === method && r.url.replace(/^\/gw/, "") === path);
  return { server, logins: () => seen("POST", "/api/auth").length, refreshes: () => seen("POST", "/api/auth/refresh").length, seen };
}

const getCustomer = (client: ReturnType<typeof createPortosClient>) =>
  unwrap(client.GET("/customers/{id}", { params: { path: { id: "customer-id" } } }));

describe("portosAuth against the mock", () => {
  it("logs in with POST /api/auth and sends the tokenId as a Bearer token", async () => {
    const sent: { method: string; url: string; authorization: string | null; body: string | undefined }[] = [];
    const portos = mockClient({
      fetch: async (input, init) => {
        sent.push({
          method: init?.method ?? "GET",
          url: new URL(String(input)).pathname,
          authorization: new Headers(init?.headers).get("authorization"),
          body: typeof init?.body === "string" ? init.body : undefined,
        });
        return fetch(input, init);
      },
    });
    const customer = await getCustomer(portos);
    expect(customer.id).toBe("customer-id");
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatchObject({ method: "POST", url: "/api/auth", authorization: null });
    expect(JSON.parse(sent[0]!.body!)).toEqual({ UserName: "999", Password: credentials.password, DeviceName: "P01" });
    expect(sent[1]).toMatchObject({ method: "GET", url: "/customers/customer-id", authorization: "Bearer eyJhbG....GLvNNavSk0A" });
  });

  it("sends a static token as is", async () => {
    const portos = mockClient({ auth: portosAuth({ token: "eyJhbG....GLvNNavSk0A" }) });
    const page = await unwrap(portos.GET("/customers"));
    expect(page.totalCount).toBe(1);
  });
});

describe("portosAuth sessions", () => {
  it("logs in once for many concurrent first requests", async () => {
    const fake = await fakePortos();
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth(credentials) });
    const notes = await Promise.all(Array.from({ length: 8 }, () => getCustomer(portos).then((c) => c.note)));
    expect(fake.logins()).toBe(1);
    expect(notes).toEqual(Array(8).fill("t1"));
  });

  it("logs in again once when the token is refused, and replays the request with its body", async () => {
    const fake = await fakePortos({ valid: (t) => t !== "t1" });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth(credentials) });
    const updated = await unwrap(
      portos.PUT("/customers/{id}", { params: { path: { id: "customer-id" } }, body: { firstName: "John", _v: 1 } }),
    );
    expect(updated.note).toBe("t2");
    expect(fake.logins()).toBe(2);
    expect(fake.refreshes()).toBe(0); // a refused session is replaced by a login, not refreshed
    const puts = fake.seen("PUT", "/customers/customer-id");
    expect(puts.map((r) => r.headers.authorization)).toEqual(["Bearer t1", "Bearer t2"]);
    expect(puts.map((r) => JSON.parse(r.body))).toEqual([{ firstName: "John", _v: 1 }, { firstName: "John", _v: 1 }]);
  });

  it("gives up after one new login when the new token is refused too", async () => {
    const fake = await fakePortos({ valid: () => false });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth(credentials) });
    const err = (await getCustomer(portos).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: 1 });
    expect(fake.logins()).toBe(2);
  });

  it("refuses a wrong password with a clear AuthError: one login, no loop, no password in it", async () => {
    const fake = await fakePortos();
    const auth = portosAuth({ ...credentials, password: "hunter2-wrong" });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth });
    const err = (await getCustomer(portos).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/login of user "999" on device "P01" refused \(HTTP 401: Unauthorized/);
    expect(err.message).toMatch(/check userName, password and deviceName/);
    expect(`${err.message} ${JSON.stringify(err)} ${String(err)} ${err.stack}`).not.toContain("hunter2-wrong");
    expect(fake.logins()).toBe(1);
    expect(fake.seen("GET", "/customers/customer-id")).toHaveLength(0);
  });

  it("leaves out the server's text when it would repeat a short password", async () => {
    const fake = await fakePortos();
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth({ ...credentials, password: "xyz" }) });
    const err = (await getCustomer(portos).catch((e: unknown) => e)) as AuthError;
    expect(err.message).toMatch(/refused \(HTTP 401\); check userName/);
    expect(err.message).not.toContain("xyz");
  });

  it("reports a server failure at login as an AuthError with the status", async () => {
    const fake = await fakePortos({ loginStatus: 503 });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth(credentials) });
    const err = (await getCustomer(portos).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toContain("login failed (HTTP 503");
  });

  it("renews a session about to expire with the refresh token, not the password", async () => {
    const fake = await fakePortos({ token: (n) => jwt(`s${n}`, 2) });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth(credentials) });
    const first = (await getCustomer(portos)).note;
    await new Promise((r) => setTimeout(r, 1_100)); // past half of the token's remaining life
    const second = (await getCustomer(portos)).note;
    expect(fake.logins()).toBe(1);
    expect(fake.refreshes()).toBe(1);
    expect(second).not.toBe(first);
    expect(JSON.parse(fake.seen("POST", "/api/auth/refresh")[0]!.body)).toEqual({ tokenId: first, refreshToken: "r1" });
  });

  it("logs in when the refresh is refused, or when refresh is switched off", async () => {
    const refused = await fakePortos({ token: (n) => jwt(`s${n}`, 2), refreshStatus: 401 });
    const off = await fakePortos({ token: (n) => jwt(`s${n}`, 2) });
    const a = createPortosClient({ baseUrl: refused.server.url, auth: portosAuth(credentials) });
    const b = createPortosClient({ baseUrl: off.server.url, auth: portosAuth({ ...credentials, useRefreshToken: false }) });
    await Promise.all([getCustomer(a), getCustomer(b)]);
    await new Promise((r) => setTimeout(r, 1_100));
    await Promise.all([getCustomer(a), getCustomer(b)]);
    expect([refused.refreshes(), refused.logins()]).toEqual([1, 2]);
    expect([off.refreshes(), off.logins()]).toEqual([0, 2]);
  });

  it("logs in at `baseUrl` when the API is served under a path", async () => {
    const fake = await fakePortos();
    const auth = portosAuth({ ...credentials, baseUrl: `${fake.server.url}/gw` });
    const portos = createPortosClient({ baseUrl: `${fake.server.url}/gw`, auth });
    expect((await getCustomer(portos)).note).toBe("t1");
    expect(fake.server.seen.map((r) => `${r.method} ${r.url}`)).toEqual(["POST /gw/api/auth", "GET /gw/customers/customer-id"]);
  });

  it("never sends its token to another server", async () => {
    const a = await fakePortos();
    const b = await fakePortos();
    const auth = portosAuth(credentials);
    await getCustomer(createPortosClient({ baseUrl: a.server.url, auth }));
    const err = await getCustomer(createPortosClient({ baseUrl: b.server.url, auth })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/^b2bkit: \[portosAuth\] serves http:\/\/127\.0\.0\.1:\d+; a request to http:\/\/127\.0\.0\.1:\d+ would carry its credentials there/);
    expect(b.server.seen).toHaveLength(0);
  });

  it("does not log in or replay for a static token the API refuses", async () => {
    const fake = await fakePortos({ valid: () => false });
    const portos = createPortosClient({ baseUrl: fake.server.url, auth: portosAuth({ token: "Bearer expired-token" }) });
    const err = (await getCustomer(portos).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 401, code: 1 });
    expect(fake.server.seen.map((r) => r.headers.authorization)).toEqual(["Bearer expired-token"]);
  });
});

describe("portosAuth credentials", () => {
  it("refuses both or neither form, with the usage", () => {
    // The types refuse the mix too (checked by the typecheck); at run time it is refused with the usage.
    // @ts-expect-error: a token and a login are exclusive
    expect(() => portosAuth({ token: "t", ...credentials })).toThrow(
      "portosAuth: pass { userName, password, deviceName } (a Portos user and device) or { token } (a tokenId you hold), not both",
    );
    // A login-only option beside a token would be silently ignored.
    // @ts-expect-error: loginTimeoutMs belongs to a login
    expect(() => portosAuth({ token: "t", loginTimeoutMs: 5_000 })).toThrow(/not both/);
    expect(() => portosAuth({} as never)).toThrow(/pass \{ userName, password, deviceName \}.*or \{ token \}/);
    expect(() => portosAuth(undefined as never)).toThrow(/pass \{ userName, password, deviceName \}/);
  });

  it("names the missing or malformed field and never echoes a value", () => {
    const errors = [
      () => portosAuth({ ...credentials, userName: "" }),
      () => portosAuth({ ...credentials, deviceName: undefined as never }),
      () => portosAuth({ ...credentials, password: undefined as never }),
      () => portosAuth({ ...credentials, baseUrl: "portos.local" }),
      () => portosAuth({ ...credentials, baseUrl: "http://portos.local/api/" }),
      () => portosAuth({ token: "  " }),
    ].map((f) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      return "did not throw";
    });
    expect(errors[0]).toMatch(/`userName` is required/);
    expect(errors[1]).toMatch(/`deviceName` is required/);
    expect(errors[2]).toMatch(/`password` is required/);
    expect(errors[3]).toMatch(/`baseUrl` is not an absolute URL/);
    expect(errors[4]).toMatch(/`baseUrl` must stop before \/api and \/customers.*use "http:\/\/portos.local"/);
    expect(errors[5]).toMatch(/`token` must be a non-empty string/);
    for (const message of errors) expect(message).not.toContain(credentials.password);
  });

  it("keeps the password and the token off the auth object", async () => {
    const auth = portosAuth(credentials);
    const fake = await fakePortos({ token: () => "issued-token-value" });
    await getCustomer(createPortosClient({ baseUrl: fake.server.url, auth }));
    const shown = `${String(auth)} ${JSON.stringify(auth)} ${Object.keys(auth).join()}`;
    expect(shown).not.toContain(credentials.password);
    expect(shown).not.toContain("issued-token-value");
    expect(JSON.parse(JSON.stringify(auth))).toEqual({ type: "portosAuth", userName: "999", deviceName: "P01" });
    expect(`${String(portosAuth({ token: "secret-token" }))} ${JSON.stringify(portosAuth({ token: "secret-token" }))}`).not.toContain("secret-token");
  });
});
