import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { jiwaAuth } from "@b2bkit/jiwa-auth";
import { ApiError, AuthError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createJiwaClient, unwrap } from "../src/index.js";
import { InventoryID, mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PASSWORD = "s3cret-Pa55word";

/**
 * A Jiwa-like host: `POST /auth` hands out numbered sessions to api/PASSWORD, `/auth/logout` ends one, and every
 * other route answers its session id while `valid(session)` accepts it (401 as ServiceStack answers otherwise).
 */
async function jiwaHost(
  options: { valid?: (session: string) => boolean; prefix?: string; echoPassword?: boolean; logoutStatus?: number } = {},
) {
  const { valid = () => true, prefix = "" } = options;
  let issued = 0;
  const ended = new Set<string>();
  server = await testServer((req, res) => {
    const session = /(?:^|;\s*)ss-id=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
    if (req.url === `${prefix}/auth` && req.method === "POST") {
      const { username, password } = JSON.parse(req.body || "{}") as { username?: string; password?: string };
      if (username !== "api" || password !== PASSWORD) {
        const Message = options.echoPassword ? `Invalid UserName or Password: ${String(password)}` : "Invalid UserName or Password";
        return json(res, 401, { ResponseStatus: { ErrorCode: "Unauthorized", Message } });
      }
      return json(res, 200, { SessionId: `s${++issued}`, UserName: "api", DisplayName: "", ResponseStatus: {} });
    }
    if (req.url === `${prefix}/auth/logout`) {
      ended.add(session);
      if (options.logoutStatus === 401) return json(res, 401, { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" } });
      return json(res, 200, { Username: "api", ResponseStatus: {} });
    }
    if (!req.url.startsWith(`${prefix}/`)) return json(res, 404, { ResponseStatus: { ErrorCode: "NotFound", Message: "Handler for Request not found" } });
    if (session === "" || ended.has(session) || !valid(session)) {
      return json(res, 401, { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Not Authenticated" } });
    }
    return json(res, 200, { InventoryID: session, Description: req.body || undefined });
  });
  const logins = () => server!.seen.filter((s) => s.url.endsWith("/auth")).length;
  return { server, logins };
}

describe("jiwaAuth({ username, password }): the session", () => {
  it("signs in once for many concurrent first requests, with the credentials in the POST body only", async () => {
    const { server, logins } = await jiwaHost();
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ username: "api", password: PASSWORD }) });
    const items = await Promise.all(
      Array.from({ length: 8 }, () => unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }))),
    );
    expect(logins()).toBe(1);
    expect(items.map((i) => i.InventoryID)).toEqual(Array(8).fill("s1"));
    const login = server.seen.find((s) => s.url === "/auth")!;
    expect(login.method).toBe("POST");
    expect(login.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(login.body)).toEqual({ username: "api", password: PASSWORD });
    // Never in a URL: not the login's, not any other.
    expect(server.seen.every((s) => !s.url.includes(PASSWORD) && !s.url.includes("?"))).toBe(true);
    expect(server.seen.filter((s) => s.url !== "/auth").every((s) => s.headers.cookie === "ss-id=s1")).toBe(true);
  });

  it("signs in again once when the session has expired, and replays the request with its body", async () => {
    const { server, logins } = await jiwaHost({ valid: (s) => s !== "s1" });
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ username: "api", password: PASSWORD }) });
    const first = await jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } });
    expect(first.data?.InventoryID).toBe("s2");
    expect(logins()).toBe(2);
    // A non-idempotent PATCH is replayed too: the 401 means it was never applied.
    const patched = await unwrap(jiwa.PATCH("/Inventory/{InventoryID}", { params: { path: { InventoryID } }, body: { Description: "x" } }));
    expect(patched.InventoryID).toBe("s2");
    const gets = server.seen.filter((s) => s.url === `/Inventory/${InventoryID}` && s.method === "GET");
    expect(gets.map((s) => s.headers.cookie)).toEqual(["ss-id=s1", "ss-id=s2"]);
    expect(logins()).toBe(2);
  });

  it("shares one new sign-in among concurrent requests whose session expired together", async () => {
    let expired = false;
    const { server, logins } = await jiwaHost({ valid: (s) => !(expired && s === "s1") });
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ username: "api", password: PASSWORD }) });
    await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
    expired = true;
    const again = await Promise.all(
      Array.from({ length: 5 }, () => unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }))),
    );
    expect(again.map((i) => i.InventoryID)).toEqual(Array(5).fill("s2"));
    expect(logins()).toBe(2);
    expect(server.seen).toHaveLength(1 + 1 + 5 + 1 + 5);
  });

  it("gives up on a wrong password with a clear AuthError: one sign-in, no loop, no password in it", async () => {
    const { server, logins } = await jiwaHost();
    const wrong = "hunter2-wrong";
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ username: "api", password: wrong }) });
    const err = (await jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.status).toBe(401);
    expect(err.message).toBe(
      'jiwaAuth: sign-in as "api" refused with HTTP 401 (Unauthorized: Invalid UserName or Password): check the user name and password (remembered for 60000 ms: until then requests fail at once and the credentials are not sent again; auth.reset() forgets it)',
    );
    expect(`${err.message} ${JSON.stringify(err)} ${String(err)} ${err.stack}`).not.toContain(wrong);
    expect(logins()).toBe(1);
    expect(server.seen.filter((s) => s.url !== "/auth")).toHaveLength(0);
  });

  it("keeps the password out even when the server repeats it", async () => {
    await jiwaHost({ echoPassword: true });
    const jiwa = createJiwaClient({ baseUrl: server!.url, auth: jiwaAuth({ username: "api", password: "hunter2-wrong" }) });
    const err = (await jiwa.GET("/Inventory/CustomFields").catch((e: unknown) => e)) as AuthError;
    expect(err.message).toContain("Invalid UserName or Password: [redacted]");
    expect(JSON.stringify(err)).not.toContain("hunter2-wrong");
  });

  it("gives up on a sign-in that does not answer in loginTimeoutMs", async () => {
    server = await testServer(() => undefined); // never answers
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ username: "api", password: PASSWORD, loginTimeoutMs: 100 }) });
    const err = (await jiwa.GET("/Inventory/CustomFields").catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/^jiwaAuth: login timed out after 100 ms \(http:\/\/127\.0\.0\.1:\d+\/auth\)$/);
    expect(server.seen).toHaveLength(1);
  });

  it("logs out with the session cookie, forgets the session and signs in again on the next request", async () => {
    const { server, logins } = await jiwaHost();
    const auth = jiwaAuth({ username: "api", password: PASSWORD });
    const jiwa = createJiwaClient({ baseUrl: server.url, auth });
    await auth.logout(); // no session yet: nothing sent
    expect(server.seen).toHaveLength(0);
    await unwrap(jiwa.GET("/Inventory/CustomFields"));
    await auth.logout();
    const logout = server.seen.at(-1)!;
    expect(logout).toMatchObject({ method: "GET", url: "/auth/logout" });
    expect(logout.headers.cookie).toBe("ss-id=s1");
    const after = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
    expect(after.InventoryID).toBe("s2");
    expect(logins()).toBe(2);
  });

  it("sends no logout when the caller's signal is already aborted, and leaves no rejection unhandled", async () => {
    const { server } = await jiwaHost();
    const auth = jiwaAuth({ username: "api", password: PASSWORD, loginTimeoutMs: 100 });
    await unwrap(createJiwaClient({ baseUrl: server.url, auth }).GET("/Inventory/CustomFields"));
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", record);
    try {
      const caller = new AbortController();
      caller.abort();
      await expect(auth.logout({ signal: caller.signal })).rejects.toMatchObject({ name: "AbortError" });
      await new Promise((resolve) => setTimeout(resolve, 200)); // past loginTimeoutMs
      expect(server.seen.filter((r) => r.url === "/auth/logout")).toEqual([]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", record);
    }
  });

  it("keeps other cookies the caller sends, and counts a logout of an already ended session as done", async () => {
    const { server } = await jiwaHost({ logoutStatus: 401 });
    const auth = jiwaAuth({ username: "api", password: PASSWORD });
    const jiwa = createJiwaClient({ baseUrl: server.url, auth, headers: { Cookie: "ss-id=stale; X-UAId=42" } });
    await unwrap(jiwa.GET("/Inventory/CustomFields"));
    expect(server.seen.at(-1)!.headers.cookie).toBe("X-UAId=42; ss-id=s1");
    await expect(auth.logout()).resolves.toBeUndefined();
    expect(server.seen.at(-1)!.url).toBe("/auth/logout");
    await auth.logout(); // forgotten: nothing more is sent
    expect(server.seen).toHaveLength(3);
  });

  it("gives up on a logout the server never answers after loginTimeoutMs, and forgets the session all the same", async () => {
    let issued = 0;
    server = await testServer((req, res) => {
      if (req.url === "/auth") return json(res, 200, { SessionId: `s${++issued}`, UserName: "api", ResponseStatus: {} });
      if (req.url === "/auth/logout") return; // hangs
      json(res, 200, { InventoryID: /ss-id=([^;]+)/.exec(req.headers.cookie ?? "")?.[1] });
    });
    const auth = jiwaAuth({ username: "api", password: PASSWORD, loginTimeoutMs: 200 });
    const jiwa = createJiwaClient({ baseUrl: server.url, auth });
    await unwrap(jiwa.GET("/Inventory/CustomFields"));
    const started = Date.now();
    const err = (await auth.logout().catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe("jiwaAuth: logout timed out after 200 ms");
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
    expect(after.InventoryID).toBe("s2");
  });

  it("says it could not reach the server when logging out of a host that is gone, without the session id", async () => {
    const { server } = await jiwaHost();
    const auth = jiwaAuth({ username: "api", password: PASSWORD });
    await unwrap(createJiwaClient({ baseUrl: server.url, auth }).GET("/Inventory/CustomFields"));
    await server.close();
    const err = (await auth.logout().catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(new RegExp(`^jiwaAuth: could not reach ${server.url}/auth/logout to sign out \\(\\w+\\)$`));
    expect(err.message).not.toContain("s1");
  });

  it("lets the caller's signal abort a logout as an abort", async () => {
    server = await testServer((req, res) => {
      if (req.url === "/auth") return json(res, 200, { SessionId: "s1", UserName: "api", ResponseStatus: {} });
      if (req.url === "/auth/logout") return; // hangs
      json(res, 200, []);
    });
    const auth = jiwaAuth({ username: "api", password: PASSWORD });
    await unwrap(createJiwaClient({ baseUrl: server.url, auth }).GET("/Inventory/CustomFields"));
    await expect(auth.logout({ signal: AbortSignal.timeout(50) })).rejects.toMatchObject({ name: "TimeoutError" });
  });

  it("signs in under the API's base path when given the client's baseUrl", async () => {
    const { server, logins } = await jiwaHost({ prefix: "/jiwa" });
    const baseUrl = `${server.url}/jiwa`;
    const jiwa = createJiwaClient({ baseUrl, auth: jiwaAuth({ username: "api", password: PASSWORD, baseUrl }) });
    expect((await unwrap(jiwa.GET("/Inventory/CustomFields")) as unknown as { InventoryID: string }).InventoryID).toBe("s1");
    expect(server.seen[0]!.url).toBe("/jiwa/auth");
    expect(logins()).toBe(1);
  });

  it("says to pass baseUrl when the API lives under a path and /auth is not at the root", async () => {
    const { server } = await jiwaHost({ prefix: "/jiwa" });
    const jiwa = createJiwaClient({ baseUrl: `${server.url}/jiwa`, auth: jiwaAuth({ username: "api", password: PASSWORD }) });
    const err = (await jiwa.GET("/Inventory/CustomFields").catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/HTTP 404.*pass the client's baseUrl to jiwaAuth\(\{ baseUrl \}\)/);
  });

  it("never sends its session to another host", async () => {
    const { server } = await jiwaHost();
    const auth = jiwaAuth({ username: "api", password: PASSWORD });
    await unwrap(createJiwaClient({ baseUrl: server.url, auth }).GET("/Inventory/CustomFields"));
    const other = createJiwaClient({ baseUrl: server.url.replace("127.0.0.1", "localhost"), auth });
    await expect(other.GET("/Inventory/CustomFields")).rejects.toThrow(/^b2bkit: \[jiwaAuth session\] serves http:\/\/127\.0\.0\.1:\d+; a request to http:\/\/localhost:\d+ would carry its credentials there: create one auth per server$/);
    expect(server.seen).toHaveLength(2);
  });
});

describe("jiwaAuth({ apiKey })", () => {
  it("sends the key as a Bearer token and never signs in", async () => {
    server = await testServer((_req, res) => json(res, 200, []));
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ apiKey: "key-123456" }) });
    await unwrap(jiwa.GET("/Inventory/CustomFields"));
    await unwrap(jiwa.GET("/Inventory/CustomFields"));
    expect(server.seen.map((s) => [s.url, s.headers.authorization, s.headers.cookie])).toEqual([
      ["/Inventory/CustomFields", "Bearer key-123456", undefined],
      ["/Inventory/CustomFields", "Bearer key-123456", undefined],
    ]);
  });

  it("hands back a refused key as the ApiError, without a retry", async () => {
    server = await testServer((_req, res) => json(res, 401, { ResponseStatus: { ErrorCode: "Unauthorized", Message: "Invalid API key" } }));
    const jiwa = createJiwaClient({ baseUrl: server.url, auth: jiwaAuth({ apiKey: "key-123456" }) });
    const err = (await unwrap(jiwa.GET("/Inventory/CustomFields")).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ name: "ApiError", status: 401, code: "Unauthorized" });
    expect(server.seen).toHaveLength(1);
  });
});

describe("jiwaAuth credentials", () => {
  it("refuses both forms at once, and neither, saying what to pass", () => {
    // @ts-expect-error: a user or an API key, not both
    expect(() => jiwaAuth({ username: "api", password: PASSWORD, apiKey: "key-123456" })).toThrow(
      /got both a user \(username\/password\) and an `apiKey`: pass either \{ username, password \} .* or \{ apiKey \}/,
    );
    // @ts-expect-error: credentials are required
    expect(() => jiwaAuth({})).toThrow(/no credentials: pass either/);
    // @ts-expect-error: credentials are required
    expect(() => jiwaAuth(undefined)).toThrow(/pass either/);
  });

  it("names a missing or empty field, never echoing a value", () => {
    expect(() => jiwaAuth({ username: "api", password: "" })).toThrow(/`password` is required/);
    // @ts-expect-error: username is required
    expect(() => jiwaAuth({ password: PASSWORD })).toThrow(/`username` is required/);
    expect(() => jiwaAuth({ apiKey: " " })).toThrow(/`apiKey` is required/);
    expect(() => jiwaAuth({ username: "api", password: PASSWORD, baseUrl: "jiwa.example" })).toThrow(/`baseUrl` is not an absolute URL/);
    expect(() => jiwaAuth({ username: "api", password: PASSWORD, loginTimeoutMs: 0 })).toThrow(/`loginTimeoutMs` must be a number/);
    try {
      jiwaAuth({ username: 42 as unknown as string, password: PASSWORD });
    } catch (e) {
      expect(String(e)).not.toContain(PASSWORD);
    }
  });

  it("shows no secret in toString or JSON", () => {
    const session = jiwaAuth({ username: "api", password: PASSWORD });
    const key = jiwaAuth({ apiKey: "key-123456" });
    expect(JSON.parse(JSON.stringify(session))).toEqual({ type: "jiwaAuth", mode: "session", username: "api" });
    expect(`${String(session)} ${String(key)} ${JSON.stringify(key)}`).not.toMatch(new RegExp(`${PASSWORD}|key-123456`));
  });
});

describe("auth operations through the mock", () => {
  const anonymous = () => createJiwaClient({ baseUrl: inject("mock:jiwa") });

  it("signs in with POST /auth and answers the session", async () => {
    const session = await unwrap(anonymous().POST("/auth", { body: { username: "Admin", password: "password" } }));
    expect(session).toMatchObject({ SessionId: "6w1nLX8r0sIrJHClX9Vj", UserName: "Admin", ResponseStatus: {} });
  });

  it("signs in with the DTO's spelling UserName/Password, as the doc's ServiceStack C# client sends it", async () => {
    // `new Authenticate { UserName = "admin", Password = "password" }`: ServiceStack binds names case-insensitively.
    const session = await unwrap(anonymous().POST("/auth", { body: { UserName: "admin", Password: "password" } }));
    expect(session.SessionId).toBe("6w1nLX8r0sIrJHClX9Vj");
  });

  it("refuses the DTO's UserName without its Password, with the reason", async () => {
    // The types cannot say "required in any letter case", so both spellings are optional there; the mock checks it.
    const err = (await unwrap(anonymous().POST("/auth", { body: { UserName: "admin" } })).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/required property 'Password'/);
  });

  it("signs in with GET /auth (the doc's browser form)", async () => {
    const session = await unwrap(anonymous().GET("/auth", { params: { query: { username: "admin", password: "password" } } }));
    expect(session.SessionId).toBe("6w1nLX8r0sIrJHClX9Vj");
  });

  it("refuses POST /auth without a password, with the reason", async () => {
    const err = (await unwrap(anonymous().POST("/auth", { body: { username: "Admin" } })).catch((e: unknown) => e)) as ApiError;
    expect(err.status).toBe(400);
    expect(err.message).toMatch(/required property 'password'/);
  });

  it("answers 401 with ServiceStack's error to a call without credentials", async () => {
    const err = (await unwrap(anonymous().GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } })).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 401, code: "Unauthorized" });
    expect(err.message).toContain("Not Authenticated");
  });

  it("works with a session: signs in, sends the ss-id cookie, logs out", async () => {
    const auth = jiwaAuth({ username: "Admin", password: "password" });
    const jiwa = mockClient({ auth });
    const item = await unwrap(jiwa.GET("/Inventory/{InventoryID}", { params: { path: { InventoryID } } }));
    expect(item.InventoryID).toBe(InventoryID);
    const bye = await unwrap(jiwa.GET("/auth/logout"));
    expect(bye.Username).toBe("Admin");
    await expect(auth.logout()).resolves.toBeUndefined();
  });
});

describe("jiwaAuth({ apiKey }) options", () => {
  it("refuses the session form's options instead of ignoring them", () => {
    for (const extra of [{ baseUrl: "https://api.jiwa.com.au" }, { loginTimeoutMs: 5_000 }, { cooldownMs: 0 }]) {
      const name = Object.keys(extra)[0];
      expect(() => jiwaAuth({ apiKey: "k-123456", ...extra } as never)).toThrow(`jiwaAuth: \`${name}\` is an option of the session form { username, password }, not of { apiKey }`);
    }
  });
});
