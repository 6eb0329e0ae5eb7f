// Simulating failures against the mock (README, "Simulate failures"): a `Prefer` header on one call makes Prism answer
// that call with a declared error status (`code=…`) or a named example (`example=…`). Portos answers failures as
// application/problem+json, and Prism picks an answer by the request's Accept: the client asks for both types, so for
// every operation and every error answer it declares, the client gets the problem and turns it into an ApiError with
// Portos's errorCode, title and detail. A refused login is simulated on the login call, through the client's `fetch`.
import { readFileSync } from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { ApiError, AuthError, isB2bkitError } from "@b2bkit/core";
import { portosAuth } from "@b2bkit/portos-auth";
import { declaredErrors } from "@b2bkit/mock/prefer";
import { PortosErrorCode, createPortosClient, unwrap } from "../src/index.js";
import { credentials, john, mockClient } from "./helpers.js";

type Problem = { title: string; detail?: string; errorCode?: number };
/** Every (operation, error status, named example) the spec declares, with the example's body. */
const cases = declaredErrors<Problem>(JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")));

// One loosely typed door to every path (each is typed on its own in the other tests).
type Loose = Record<string, (path: string, init: object) => Promise<unknown>>;
const login = { UserName: credentials.userName, Password: credentials.password, DeviceName: credentials.deviceName };
const bodyOf = (method: string, path: string) =>
  path === "/api/auth" ? (method === "POST" ? login : undefined) : path === "/api/auth/refresh" ? { tokenId: "t", refreshToken: "r" } : method === "POST" || method === "PUT" ? john : undefined;

describe("Prefer: code=<status>, example=<name> on one call", () => {
  // No retries here: a simulated 500 is answered to every attempt. The session calls are made without the auth (the
  // login and refresh need none); the others through portosAuth, as a user makes them.
  const open = mockClient({ auth: undefined, maxRetries: 0 }) as unknown as Loose;
  const signed = mockClient({ maxRetries: 0 }) as unknown as Loose;

  it("covers every operation, each error as application/problem+json", () => {
    expect(new Set(cases.map((c) => c.mediaType))).toEqual(new Set(["application/problem+json"]));
    expect(new Set(cases.map((c) => `${c.method} ${c.path}`)).size).toBe(8);
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)("$method $path → $status ($name): an ApiError with the problem's errorCode, title and detail", async ({ method, path, status, name, first, public: isOpen, value }) => {
    const prefer = first ? `code=${status}` : `code=${status}, example=${name}`;
    const client = isOpen ? open : signed;
    const call = client[method]!(path, { params: { path: { id: "customer-id" } }, body: bodyOf(method, path), headers: { Prefer: prefer } });
    const err = await unwrap(call as Promise<never>).catch((e: unknown) => e);
    expect(isB2bkitError(err, "ApiError")).toBe(true);
    expect(err).toMatchObject({ status, body: value });
    if (value.errorCode !== undefined) expect((err as ApiError).code).toBe(value.errorCode);
    expect((err as ApiError).message).toContain(value.detail ? `${value.title}: ${value.detail}` : value.title);
  });
});

describe("simulating a failure from a client call, and from curl", () => {
  it("the per-call header, typed: { error } holds the problem, unwrap throws it", async () => {
    const portos = mockClient({ maxRetries: 0 });
    const { data, error, response } = await portos.GET("/customers", { headers: { Prefer: "code=403" } });
    expect([data, response.status, response.headers.get("content-type")]).toEqual([undefined, 403, "application/problem+json"]);
    expect(error).toEqual({ title: "Forbidden", status: 403, errorCode: PortosErrorCode.Unauthorized });
    const locked = await unwrap(portos.PUT("/customers/{id}", { params: { path: { id: "customer-id" } }, body: john, headers: { Prefer: "code=423" } })).catch((e: unknown) => e);
    expect(locked).toMatchObject({ status: 423, code: PortosErrorCode.ResourceLocked });
    const missing = await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "customer-id" } }, headers: { Prefer: "code=404" } })).catch((e: unknown) => e);
    expect(missing).toMatchObject({ status: 404, body: { title: "Not Found", status: 404 } });
    expect((missing as ApiError).message).toMatch(/^HTTP 404: Not Found \(GET http:\/\/127\.0\.0\.1:\d+\/customers\/customer-id\)/);
  });

  it("a 500 is retried first, as any 5xx (maxRetries, default 2): the mock answers 500 to each attempt", async () => {
    const seen: string[] = [];
    const portos = mockClient({ backoff: { initialMs: 1, maxMs: 1 }, fetch: (input, init) => (seen.push(new URL(String(input)).pathname), fetch(input, init)) });
    await expect(unwrap(portos.GET("/customers/{id}", { params: { path: { id: "customer-id" } }, headers: { Prefer: "code=500" } }))).rejects.toMatchObject({
      status: 500,
      message: expect.stringContaining("An error occurred while processing your request."),
    });
    expect(seen).toEqual(["/api/auth", "/customers/customer-id", "/customers/customer-id", "/customers/customer-id"]);
  });

  it("a 401 on a call: portosAuth logs in again once and replays it; the second 401 is the caller's", async () => {
    const seen: string[] = [];
    const portos = mockClient({ fetch: (input, init) => (seen.push(new URL(String(input)).pathname), fetch(input, init)) });
    await expect(unwrap(portos.GET("/customers", { headers: { Prefer: "code=401" } }))).rejects.toMatchObject({ status: 401, code: PortosErrorCode.Unauthenticated });
    expect(seen).toEqual(["/api/auth", "/customers", "/api/auth", "/customers"]);
  });

  it("a refused login: Prefer: code=401 on the login call, through the client's fetch (README's refuseLogin)", async () => {
    // Every request the client sends goes through `fetch`, its auth's login included.
    const refuseLogin = (loginPath: string, prefer = "code=401"): typeof fetch => (input, init) => {
      const headers = new Headers(init?.headers);
      if (new URL(input instanceof Request ? input.url : String(input)).pathname === loginPath) headers.set("Prefer", prefer);
      return fetch(input, { ...init, headers });
    };
    const sent: string[] = [];
    const refusing = refuseLogin("/api/auth");
    const portos = createPortosClient({
      baseUrl: inject("mock:portos"),
      auth: portosAuth(credentials),
      fetch: (input, init) => (sent.push(new URL(String(input)).pathname), refusing(input, init)),
    });
    const err = await unwrap(portos.GET("/customers")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err).toMatchObject({ status: 401 });
    expect((err as AuthError).message).toContain('login of user "999" on device "P01" refused (HTTP 401: Unauthorized: Invalid user name or password.)');
    expect((err as AuthError).message).not.toContain(credentials.password);
    // The refusal is remembered: the next call fails at once, and the password is not sent again.
    await expect(unwrap(portos.GET("/customers"))).rejects.toBe(err);
    expect(sent).toEqual(["/api/auth"]);
  });

  it("the same with curl's request (Accept: */*), while a client that asks for application/json alone gets no problem", async () => {
    // curl -H 'Prefer: code=500' -H 'Authorization: Bearer x' http://localhost:4012/customers
    const url = `${inject("mock:portos")}/customers`;
    const curl = await fetch(url, { headers: { Accept: "*/*", Prefer: "code=500", Authorization: "Bearer x" } });
    expect([curl.status, curl.headers.get("content-type"), await curl.json()]).toEqual([
      500,
      "application/problem+json",
      { title: "An error occurred while processing your request.", status: 500 },
    ]);
    // Prism negotiates on Accept: why the client and its auth ask for application/problem+json too.
    const jsonOnly = await fetch(url, { headers: { Accept: "application/json", Prefer: "code=500", Authorization: "Bearer x" } });
    expect(jsonOnly.status).toBe(200);
    await jsonOnly.body?.cancel();
  });
});
