import { afterEach, describe, expect, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import { testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createTlsecureClient, unwrap } from "../src/index.js";
import { B2B, DOMAIN, TOKEN, TOKEN_PATH, envelope, guestToken, hits, mockClient } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const companies = { companies: { company: [{ id: 7, name: "Stark Industries" }] } };

/**
 * A TLSecure stand-in: `…/customer/token` hands out numbered guest tokens; the B2B call answers with the companies
 * when `accepts(token)`, and otherwise with `refusal` — HTTP 200 and `success: false`, as TLSecure does.
 */
async function tokenServer(options: { accepts?: (token: string) => boolean; refusal?: { code: number; message: string }; refusalStatus?: number; delayMs?: number } = {}) {
  const { accepts = () => true, refusal = { code: 5, message: "invalid token" }, refusalStatus = 200, delayMs = 0 } = options;
  let issued = 0;
  server = await testServer((req, res) => {
    if (req.url.endsWith("/customer/token")) {
      const value = guestToken(++issued);
      setTimeout(() => envelope(res, { success: true, message: "token retrieving", object: { token: { value } } }), delayMs);
      return;
    }
    const token = String(req.headers.token ?? "");
    if (accepts(token)) return envelope(res, { success: true, code: 0, message: "companies retrieved", object: companies });
    return envelope(res, { success: false, ...refusal }, refusalStatus);
  });
  return server;
}

function guestClient(s: TestServer, domainCode = DOMAIN) {
  return createTlsecureClient({ baseUrl: s.url, domainCode: DOMAIN, auth: tlsecureAuth({ domainCode }), maxRetries: 0 });
}

describe("tlsecureAuth({ domainCode }): guest tokens", () => {
  it("fetches a guest token from the mock and sends it in the `token` header", async () => {
    const tls = mockClient();
    const { companies: list } = await unwrap(tls.GET(B2B));
    expect(list?.company).toHaveLength(2);
  });

  it("fetches one token for many concurrent first requests", async () => {
    const s = await tokenServer({ delayMs: 30 });
    const tls = guestClient(s);
    const answers = await Promise.all(Array.from({ length: 8 }, () => unwrap(tls.GET(B2B))));
    expect(answers).toEqual(Array(8).fill(companies));
    expect(hits(s, "/customer/token")).toHaveLength(1);
    expect(hits(s, "/api/json/00000/customer/token")[0]?.method).toBe("GET");
    expect(new Set(hits(s, "/customer/b2b").map((r) => r.headers.token))).toEqual(new Set([guestToken(1)]));
  });

  it("fetches a new token once on code 5 \"invalid token\" sent with HTTP 200, and replays the request", async () => {
    const s = await tokenServer({ accepts: (t) => t !== guestToken(1) });
    const tls = guestClient(s);
    // The stand-in answers every accepted call with the same object: this one is the replay's.
    expect(await unwrap(tls.POST(B2B, { body: { name: "Stark Company", vat: "21" } }))).toEqual(companies);
    const b2b = hits(s, "/customer/b2b");
    expect(b2b.map((r) => r.headers.token)).toEqual([guestToken(1), guestToken(2)]);
    expect(b2b.map((r) => r.body)).toEqual(["name=Stark+Company&vat=21", "name=Stark+Company&vat=21"]);
    expect(hits(s, "/customer/token")).toHaveLength(2);
  });

  it("does the same for code 4 \"no token with that key\"", async () => {
    const s = await tokenServer({ accepts: (t) => t !== guestToken(1), refusal: { code: 4, message: "no token with that key" } });
    expect(await unwrap(guestClient(s).GET(B2B))).toEqual(companies);
    expect(hits(s, "/customer/token")).toHaveLength(2);
  });

  it("does the same when the refusal comes as HTTP 401", async () => {
    const s = await tokenServer({ accepts: (t) => t !== guestToken(1), refusalStatus: 401 });
    expect(await unwrap(guestClient(s).GET(B2B))).toEqual(companies);
    expect(hits(s, "/customer/token")).toHaveLength(2);
  });

  it("keeps using the new token afterwards", async () => {
    const s = await tokenServer({ accepts: (t) => t !== guestToken(1) });
    const tls = guestClient(s);
    await unwrap(tls.GET(B2B));
    await unwrap(tls.GET(B2B));
    expect(hits(s, "/customer/b2b").map((r) => r.headers.token)).toEqual([guestToken(1), guestToken(2), guestToken(2)]);
    expect(hits(s, "/customer/token")).toHaveLength(2);
  });

  it("shares one new token among concurrent requests refused together", async () => {
    const s = await tokenServer({ accepts: (t) => t !== guestToken(1), delayMs: 20 });
    const tls = guestClient(s);
    const answers = await Promise.all(Array.from({ length: 5 }, () => unwrap(tls.GET(B2B))));
    expect(answers).toHaveLength(5);
    expect(hits(s, "/customer/token")).toHaveLength(2);
    expect(hits(s, "/customer/b2b")).toHaveLength(10);
  });

  it("gives up after one new token: the ApiError of the refusal, no loop", async () => {
    const s = await tokenServer({ accepts: () => false });
    const err = (await unwrap(guestClient(s).GET(B2B)).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code: 5 });
    expect(err.message).toContain("invalid token");
    expect(hits(s, "/customer/token")).toHaveLength(2);
    expect(hits(s, "/customer/b2b")).toHaveLength(2);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(guestToken(2));
  });

  it("gives up after one new token when the refusal is a 401 too", async () => {
    const s = await tokenServer({ accepts: () => false, refusalStatus: 401 });
    const { error, response } = await guestClient(s).GET(B2B);
    expect(response.status).toBe(401);
    expect(error?.response).toMatchObject({ success: false, code: 5 });
    expect(hits(s, "/customer/token")).toHaveLength(2);
  });

  it("does not fetch a new token for other failures", async () => {
    const s = await tokenServer({ accepts: () => false, refusal: { code: 10, message: "no companies" } });
    await expect(unwrap(guestClient(s).GET(B2B))).rejects.toMatchObject({ status: 200, code: 10 });
    expect(hits(s, "/customer/token")).toHaveLength(1);
    expect(hits(s, "/customer/b2b")).toHaveLength(1);
  });

  it("reports a refused token call as an AuthError with the vendor's code and message, sending nothing else", async () => {
    server = await testServer((req, res) => envelope(res, { success: false, code: 1, message: "domaincode malformed" }));
    const err = (await guestClient(server).GET(B2B).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/no guest token for shop 00000: code 1 "domaincode malformed"/);
    expect(server.seen.map((r) => r.url)).toEqual(["/api/json/00000/customer/token"]);
  });

  it("reports a token call that fails with an HTTP status as an AuthError with that status", async () => {
    server = await testServer((req, res) => envelope(res, { success: false, code: 99, message: "uncatched exception" }, 500));
    const err = (await guestClient(server).GET(B2B).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ status: 500 });
    expect(err.message).toMatch(/HTTP 500: code 99 "uncatched exception"/);
  });

  it("reports a token answer without object.token.value", async () => {
    server = await testServer((req, res) => envelope(res, { success: true, message: "token retrieving", object: {} }));
    await expect(guestClient(server).GET(B2B)).rejects.toThrow(/without a usable object\.token\.value/);
  });

  it("refuses to authorize a request for another shop than its own", async () => {
    const s = await tokenServer();
    const err = (await guestClient(s, "52135").GET(B2B).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toMatch(/tokens for shop 52135 but the request is for shop 00000/);
    expect(s.seen).toHaveLength(0);
  });

  it("fetches the token from `baseUrl` when given, else from the request's address up to /api", async () => {
    const s = await tokenServer();
    const proxied = createTlsecureClient({ baseUrl: `${s.url}/tlsecure`, domainCode: DOMAIN, auth: tlsecureAuth({ domainCode: DOMAIN }) });
    await unwrap(proxied.GET(B2B));
    expect(s.seen.map((r) => r.url)).toEqual(["/tlsecure/api/json/00000/customer/token", "/tlsecure/api/json/00000/customer/b2b"]);

    // A token address under another path of the same origin: the token comes from there, the API is called as usual.
    const gateway = createTlsecureClient({ baseUrl: s.url, domainCode: DOMAIN, auth: tlsecureAuth({ domainCode: DOMAIN, baseUrl: `${s.url}/gw` }) });
    await unwrap(gateway.GET(B2B));
    expect(s.seen.slice(2).map((r) => r.url)).toEqual(["/gw/api/json/00000/customer/token", "/api/json/00000/customer/b2b"]);
    expect(s.seen.at(-1)?.headers.token).toBe(guestToken(2));

    // The token never goes to another origin than the one it comes from (https → http elsewhere included).
    const s2 = await testServer((req, res) => envelope(res, { success: true, object: { token: { value: TOKEN } } }));
    try {
      const split = createTlsecureClient({ baseUrl: s.url, domainCode: DOMAIN, auth: tlsecureAuth({ domainCode: DOMAIN, baseUrl: s2.url }) });
      const err = await unwrap(split.GET(B2B)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect((err as Error).message).toBe(`b2bkit: [tlsecureAuth guest 00000] serves ${s2.url}; a request to ${s.url} would carry its credentials there: create one auth per server`);
      expect(s2.seen).toEqual([]);
      expect(s.seen).toHaveLength(4);
    } finally {
      await s2.close();
    }
  });

  it("gets a token through the client's own token call (no token needed)", async () => {
    const tls = mockClient({ auth: undefined });
    const { token } = await unwrap(tls.GET("/api/{returnType}/{domainCode}/customer/token"));
    expect(token?.value).toHaveLength(26);
    expect(TOKEN_PATH).toBe("/api/{returnType}/{domainCode}/customer/token");
  });
});

describe("the token call (`security: []`)", () => {
  it("gets no token header and fetches no guest token first", async () => {
    const s = await tokenServer();
    const { token } = await unwrap(guestClient(s).GET(TOKEN_PATH));
    // One call, the caller's: a guest auth does not fetch a token in order to fetch a token.
    expect(s.seen.map((r) => [r.url, r.headers.token])).toEqual([["/api/json/00000/customer/token", undefined]]);
    expect(token?.value).toBe(guestToken(1));
  });

  it("does not carry a token you passed", async () => {
    const s = await tokenServer();
    const tls = createTlsecureClient({ baseUrl: s.url, domainCode: DOMAIN, auth: tlsecureAuth({ token: TOKEN }) });
    await unwrap(tls.GET(TOKEN_PATH));
    await unwrap(tls.GET(B2B));
    expect(s.seen.map((r) => [r.url, r.headers.token])).toEqual([
      ["/api/json/00000/customer/token", undefined],
      ["/api/json/00000/customer/b2b", TOKEN],
    ]);
  });
});

describe("tlsecureAuth({ token })", () => {
  it("sends the token as it is, on every request, through the mock", async () => {
    const tls = mockClient({ auth: tlsecureAuth({ token: TOKEN }) });
    expect((await unwrap(tls.GET(B2B))).companies?.company?.[0]?.name).toBe("Stark Industries");
  });

  it("sends the `token` header and never fetches a token, even when the token is refused", async () => {
    server = await testServer((req, res) => envelope(res, { success: false, code: 5, message: "invalid token" }));
    const tls = createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN, auth: tlsecureAuth({ token: TOKEN }) });
    await expect(unwrap(tls.GET(B2B))).rejects.toMatchObject({ name: "ApiError", status: 200, code: 5 });
    expect(server.seen.map((r) => [r.url, r.headers.token])).toEqual([["/api/json/00000/customer/b2b", TOKEN]]);
  });
});

describe("tlsecureAuth options", () => {
  it("refuses both or neither of `token` and `domainCode`", () => {
    const usage = "tlsecureAuth: pass one of { token } (a token you have) and { domainCode } (guest tokens for that shop)";
    // @ts-expect-error: one or the other
    expect(() => tlsecureAuth({ token: TOKEN, domainCode: DOMAIN })).toThrow(usage);
    // @ts-expect-error: one is required
    expect(() => tlsecureAuth({})).toThrow(usage);
    // @ts-expect-error: an object is required
    expect(() => tlsecureAuth(undefined)).toThrow(usage);
    // The guest options mean nothing with a token: refused, not ignored.
    // @ts-expect-error: baseUrl belongs to { domainCode }
    expect(() => tlsecureAuth({ token: TOKEN, baseUrl: "https://wsmedia.tlsecure.com" })).toThrow("tlsecureAuth: `baseUrl` is an option of guest tokens { domainCode }, not of { token }");
  });

  it("refuses a token that is not 26 characters, without echoing it", () => {
    const short = "s75o0md86dhq3f0sia3ce3t9l";
    const err = (() => {
      try {
        tlsecureAuth({ token: short });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/`token` must be the 26-character token .*; got 25 characters/);
    expect(err?.message).not.toContain(short);
    expect(() => tlsecureAuth({ token: "" })).toThrow(/`token` must be the 26-character token .*; got 0 characters/);
    expect(() => tlsecureAuth({ token: "s75o0md86dhq3f0sia3ce3t9 \n" })).toThrow(/no spaces, line breaks/);
  });

  it("refuses a domain code that is not five digits", () => {
    expect(() => tlsecureAuth({ domainCode: "0000" })).toThrow(/`domainCode` must be the five-digit code/);
    // @ts-expect-error: a string, leading zeros included
    expect(() => tlsecureAuth({ domainCode: 0 })).toThrow(/`domainCode` must be the five-digit code/);
    expect(() => tlsecureAuth({ domainCode: DOMAIN, baseUrl: "https://wsmedia.tlsecure.com/api/json" })).toThrow(/stop before \/api/);
  });

  it("shows no token in its string or JSON form", () => {
    const auth = tlsecureAuth({ token: TOKEN });
    expect(`${String(auth)} ${JSON.stringify(auth)}`).not.toContain(TOKEN);
    expect(auth.mode).toBe("token");
    expect(JSON.parse(JSON.stringify(tlsecureAuth({ domainCode: DOMAIN })))).toEqual({ type: "tlsecureAuth", mode: "guest", domainCode: DOMAIN });
  });

  it("keeps a fetched guest token out of its string and JSON form, and forgets it on invalidate()", async () => {
    const s = await tokenServer();
    const auth = tlsecureAuth({ domainCode: DOMAIN });
    const tls = createTlsecureClient({ baseUrl: s.url, domainCode: DOMAIN, auth });
    await unwrap(tls.GET(B2B));
    expect(`${String(auth)} ${JSON.stringify(auth)}`).not.toContain(guestToken(1));
    auth.invalidate();
    await unwrap(tls.GET(B2B));
    expect(hits(s, "/customer/b2b").map((r) => r.headers.token)).toEqual([guestToken(1), guestToken(2)]);
  });
});
