import { afterEach, describe, expect, it } from "vitest";
import { amplifierAuth, jwtExpiry } from "@b2bkit/amplifier-auth";
import { ApiError, AuthError, type LogEvent } from "@b2bkit/core";
import { json, testServer, type Seen, type TestServer } from "@b2bkit/mock/test-server";
import { createAmplifierClient, unwrap, type TokenRequest } from "../src/index.js";
import { credentials, mintJwt, mockAuthUrl, mockClient, mockUrl } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const order = { token: "3f2c7a8e-5b1d-4c9e-8f6a-0d2b4e6c8a1f", status: "Pending" };

/**
 * A testServer playing both the token URL (`POST /auth/`) and the API. `token(n)` makes the n-th token;
 * `accepts(token)` decides which tokens the API still takes.
 */
async function authAndApi(opts: { token?: (n: number) => string; accepts?: (token: string) => boolean; delayLoginMs?: number } = {}) {
  const token = opts.token ?? ((n) => mintJwt({ sub: "erp-translator", n, exp: Math.floor(Date.now() / 1000) + 3600 }));
  const accepts = opts.accepts ?? (() => true);
  let issued: string[] = [];
  server = await testServer((req, res) => {
    if (req.url === "/auth/") {
      const form = new URLSearchParams(req.body);
      if (form.get("username") !== credentials.username || form.get("password") !== credentials.password) {
        // Echoes what it got, as some servers do: the error must not repeat the password anyway.
        return json(res, 401, { detail: `No active account found with the given credentials (password ${form.get("password")})` });
      }
      const t = token(issued.length + 1);
      issued.push(t);
      const answer = () => json(res, 200, { access_token: t, refresh_token: "r", token_type: "Bearer" });
      return opts.delayLoginMs ? void setTimeout(answer, opts.delayLoginMs) : answer();
    }
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    if (!issued.includes(bearer) || !accepts(bearer)) return json(res, 401, { detail: "Given token not valid for any token type", code: "token_not_valid" });
    return json(res, 200, [order]);
  });
  const s = server;
  const logins = () => s.seen.filter((r: Seen) => r.url === "/auth/");
  const calls = () => s.seen.filter((r: Seen) => r.url !== "/auth/");
  return { server: s, logins, calls, issued: () => issued, reset: () => (issued = []) };
}

function clientOf(s: TestServer, extra: Partial<Parameters<typeof amplifierAuth>[0]> = {}) {
  const auth = amplifierAuth({ authUrl: `${s.url}/auth/`, ...credentials, ...extra });
  return { auth, amplifier: createAmplifierClient({ baseUrl: s.url, auth }) };
}

const listPending = (amplifier: ReturnType<typeof createAmplifierClient>) =>
  unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));

describe("the token call (getToken) against the mock", () => {
  it("is modelled in the spec: a typed form POST answers the token", async () => {
    const amplifier = createAmplifierClient({ baseUrl: mockUrl() });
    const body: TokenRequest = { username: credentials.username, password: credentials.password };
    const token = await unwrap(
      amplifier.POST("/auth/", { body, headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
    );
    expect(token.access_token).toMatch(/^eyJ/);
    expect(token.token_type).toBe("Bearer");
  });

  it("refuses a token request without a password, naming the field", async () => {
    const amplifier = createAmplifierClient({ baseUrl: mockUrl() });
    // @ts-expect-error: password is required, and the types say so
    const call = amplifier.POST("/auth/", { body: { username: "x" }, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    const err = (await unwrap(call).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toContain("password");
  });

  it("amplifierAuth logs in through the mock's token call and the API accepts the Bearer token", async () => {
    const amplifier = mockClient();
    const orders = await unwrap(amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } } }));
    expect(orders[0]?.status).toBe("Pending");
  });

  it("getToken() mirrors AmplifierJWTAuth.GetToken against the mock", async () => {
    const auth = amplifierAuth({ authUrl: mockAuthUrl(), ...credentials });
    expect(await auth.getToken()).toMatch(/^eyJhbGciOiJSUzI1NiJ9\./);
    expect(auth.current()?.value).toMatch(/^eyJ/);
  });

  it("getToken({ logger }) logs its token call as an auth call, without the password or the token", async () => {
    const auth = amplifierAuth({ authUrl: mockAuthUrl(), ...credentials });
    const events: LogEvent[] = [];
    const token = await auth.getToken({ logger: (event) => void events.push(event) });
    expect(events.map((e) => [e.kind, e.method, e.url, e.attempt, e.status])).toEqual([["auth", "POST", mockAuthUrl(), 1, 200]]);
    expect(events[0]!.message).toMatch(/^\[b2bkit\] auth POST http:\/\/127\.0\.0\.1:\d+\/auth\/ attempt 1 → 200 in \d+ ms$/);
    for (const secret of [credentials.password, token]) expect(JSON.stringify(events)).not.toContain(secret);
  });

  it("is refused with 401 by the mock when no token is sent", async () => {
    const amplifier = createAmplifierClient({ baseUrl: mockUrl() });
    const err = (await listPending(amplifier).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(401);
    expect(err.message).toContain("Authentication credentials were not provided");
  });
});

describe("amplifierAuth", () => {
  it("POSTs username and password form-encoded to authUrl, and sends Authorization: Bearer", async () => {
    const { logins, calls, issued } = await authAndApi();
    const { amplifier } = clientOf(server!);
    await listPending(amplifier);
    const login = logins()[0]!;
    expect(login.method).toBe("POST");
    expect(login.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(Object.fromEntries(new URLSearchParams(login.body))).toEqual(credentials);
    expect(calls()[0]!.headers.authorization).toBe(`Bearer ${issued()[0]}`);
  });

  it("logs in once for many requests, concurrent ones included", async () => {
    const { logins, calls } = await authAndApi({ delayLoginMs: 50 });
    const { amplifier } = clientOf(server!);
    await Promise.all(Array.from({ length: 6 }, () => listPending(amplifier)));
    await listPending(amplifier);
    expect(logins()).toHaveLength(1);
    expect(calls()).toHaveLength(7);
  });

  it("logs in again once the token's exp comes near, read from the JWT", async () => {
    // exp is in whole seconds: this token lives 2–3 s, so the margin (at most half its life) keeps it ≥ 1 s.
    const { logins, calls, issued } = await authAndApi({ token: (n) => mintJwt({ n, exp: Math.floor(Date.now() / 1000) + 3 }) });
    const { amplifier, auth } = clientOf(server!);
    await listPending(amplifier);
    await listPending(amplifier);
    expect(logins()).toHaveLength(1);
    const expiresAt = auth.current()!.expiresAt!;
    expect(expiresAt).toBeLessThan(jwtExpiry(issued()[0]!)!);
    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 20));
    await listPending(amplifier);
    expect(logins()).toHaveLength(2);
    expect(calls()[2]!.headers.authorization).toBe(`Bearer ${issued()[1]}`);
  });

  it("renews 30 s before exp by default, and `renewBeforeMs` before it when given", async () => {
    const exp = Math.floor(Date.now() / 1000) + 3600;
    await authAndApi({ token: (n) => mintJwt({ n, exp }) });
    for (const [extra, margin] of [[{}, 30_000], [{ renewBeforeMs: 120_000 }, 120_000], [{ renewBeforeMs: 0 }, 0]] as const) {
      const { amplifier, auth } = clientOf(server!, extra);
      await listPending(amplifier);
      expect(auth.current()?.expiresAt).toBe(exp * 1000 - margin);
    }
  });

  it("fails a login slower than `loginTimeoutMs` with an AuthError, and sends nothing to the API", async () => {
    const { calls } = await authAndApi({ delayLoginMs: 500 });
    const { amplifier } = clientOf(server!, { loginTimeoutMs: 50 });
    const err = (await listPending(amplifier).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/^amplifierAuth: login timed out after 50 ms \(http:\/\/127\.0\.0\.1:\d+\/auth\/\)$/);
    expect(calls()).toHaveLength(0);
  });

  it("keeps a token without exp until the API refuses it, then logs in again once and replays", async () => {
    let refused = false;
    const { logins, calls, issued } = await authAndApi({ token: (n) => `opaque-token-${n}`, accepts: (t) => !(refused && t === "opaque-token-1") });
    const { amplifier, auth } = clientOf(server!);
    await listPending(amplifier);
    expect(auth.current()?.expiresAt).toBeUndefined();
    refused = true;
    const orders = await listPending(amplifier);
    expect(orders).toEqual([order]);
    expect(logins()).toHaveLength(2);
    expect(calls().map((c) => c.headers.authorization)).toEqual(["Bearer opaque-token-1", "Bearer opaque-token-1", "Bearer opaque-token-2"]);
    expect(issued()).toEqual(["opaque-token-1", "opaque-token-2"]);
  });

  it("re-logs in only once on 401: a token refused again is handed back as the 401", async () => {
    const { logins, calls } = await authAndApi({ accepts: () => false });
    const { amplifier } = clientOf(server!);
    const err = (await listPending(amplifier).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "token_not_valid" });
    expect(logins()).toHaveLength(2);
    expect(calls()).toHaveLength(2);
  });

  it("gives up on bad credentials with an AuthError that never shows the password", async () => {
    const { logins, calls } = await authAndApi();
    const password = "hunter2-wrong-password";
    const { amplifier } = clientOf(server!, { password });
    const err = (await listPending(amplifier).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.status).toBe(401);
    expect(err.message).toMatch(/login refused .*HTTP 401.*check `username` and `password`/);
    expect(err.message).toContain("No active account found");
    expect(`${err.message} ${JSON.stringify(err)} ${String(err)} ${String(err.cause)}`).not.toContain(password);
    expect(logins()).toHaveLength(1);
    expect(calls()).toHaveLength(0);
  });

  it("says so when the token answer carries no access_token", async () => {
    server = await testServer((_req, res) => json(res, 200, { token: "x" }));
    const { amplifier } = clientOf(server);
    await expect(listPending(amplifier)).rejects.toThrow(/has no `access_token`/);
  });

  it("points at authUrl when the token URL does not exist", async () => {
    server = await testServer((_req, res) => json(res, 404, { detail: "Not found." }));
    const { amplifier } = clientOf(server);
    await expect(listPending(amplifier)).rejects.toThrow(/HTTP 404.*check `authUrl`/);
  });

  it("refuses missing credentials, naming the field and never echoing a value", () => {
    const authUrl = "https://client-id.ampliapps.com/auth/";
    expect(() => amplifierAuth({ authUrl, username: "u", password: "" })).toThrow(/`password` is required/);
    expect(() => amplifierAuth({ authUrl, username: undefined as unknown as string, password: "p" })).toThrow(/`username` is required/);
    expect(() => amplifierAuth({ authUrl: "", ...credentials })).toThrow(/`authUrl` is required/);
    expect(() => amplifierAuth({ authUrl: "client-id.ampliapps.com/auth/", ...credentials })).toThrow(/`authUrl` is not an absolute URL/);
    expect(() => amplifierAuth({ authUrl: "https://u:pw@client-id.ampliapps.com/auth/", ...credentials })).toThrow(/must not contain a user name or password/);
    expect(() => amplifierAuth({ authUrl, ...credentials, renewBeforeMs: -1 })).toThrow(/`renewBeforeMs`/);
    const auth = amplifierAuth({ authUrl, ...credentials });
    const shown = `${String(auth)} ${JSON.stringify(auth)} ${Object.keys(auth).join(",")}`;
    expect(shown).not.toContain(credentials.password);
    expect(JSON.parse(JSON.stringify(auth))).toEqual({ type: "amplifierAuth", authUrl, username: credentials.username });
  });

  it("reads exp from a base64url JWT payload without verifying it", () => {
    // "é" and "?" in the claims make a payload with base64url's - and _ in it.
    const jwt = mintJwt({ exp: 1_900_000_000, name: "Zażółć gęślą jaźń ???>>>" });
    expect(jwt.split(".")[1]).toMatch(/[-_]/);
    expect(jwtExpiry(jwt)).toBe(1_900_000_000_000);
    expect(jwtExpiry("not-a-jwt")).toBeUndefined();
    expect(jwtExpiry(mintJwt({ sub: "x" }))).toBeUndefined();
  });
});
