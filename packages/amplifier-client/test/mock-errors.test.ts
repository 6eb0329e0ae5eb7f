// Failures on request, against the mock: every answer the spec declares comes back when asked with Prism's
// `Prefer: code=<status>[, example=<name>]` (a per-call header through the client, or curl), with the client's own
// Accept header (the 5xx answers also declare Django's HTML page: JSON is what the client gets) — and through the
// client it is the typed error, carrying the server's message.
import { describe, expect, inject, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { amplifierAuth } from "@b2bkit/amplifier-auth";
import { createAmplifierClient, unwrap } from "../src/index.js";
import { credentials, mockAuthUrl, mockClient, mockUrl } from "./helpers.js";
import { preferring, testDeclaredAnswers } from "@b2bkit/mock/behaviour";

describe("every declared answer of the spec, on request", () => {
  testDeclaredAnswers(new URL("../openapi.json", import.meta.url), { mock: () => inject("mock:amplifier"), accept: "application/json", headers: { authorization: "Bearer test-token" } });
});

describe("a failure asked for through the client is the typed error, with the server's message", () => {
  const amplifier = mockClient({ maxRetries: 0 });
  const token = { path: { token: "3f2c7a8e-5b1d-4c9e-8f6a-0d2b4e6c8a1f" } };
  // Each call asks the mock for `prefer`, through openapi-fetch's per-call headers.
  const calls: Record<string, (prefer: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>> = {
    "POST /api/products-import": (prefer) => amplifier.POST("/api/products-import", { body: [{ external_id: "P-1001" }], headers: { Prefer: prefer } }),
    "GET /orders-translator/": (prefer) => amplifier.GET("/orders-translator/", { params: { query: { status: "Pending" } }, headers: { Prefer: prefer } }),
    "GET /orders-translator/{token}/": (prefer) => amplifier.GET("/orders-translator/{token}/", { params: token, headers: { Prefer: prefer } }),
    "PATCH /orders-translator/{token}/": (prefer) => amplifier.PATCH("/orders-translator/{token}/", { params: token, body: { status: "Exported" }, headers: { Prefer: prefer } }),
    "GET /complaints-translator/": (prefer) => amplifier.GET("/complaints-translator/", { headers: { Prefer: prefer } }),
  };
  // The first example of each error status (the spec's BadRequest, Unauthorized, Forbidden, NotFound, ServerError).
  const errors = [
    { status: 400, message: "[0] external_id: This field may not be null." },
    { status: 401, message: "Authentication credentials were not provided." },
    { status: 403, message: "You do not have permission to perform this action." },
    { status: 404, message: "Not found." },
    { status: 500, message: "A server error occurred." },
    { status: 503, message: "A server error occurred." },
  ];
  const table = Object.keys(calls).flatMap((call) => errors.map((error) => ({ call, ...error })));

  it.each(table)("$call with Prefer: code=$status", async ({ call, status, message }) => {
    const err = (await unwrap(calls[call]!(`code=${status}`)).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(status);
    expect(err.message).toContain(message);
  });
});

describe("a refused login, on request", () => {
  const refused = "login refused by";

  it("?__code=401 in the token URL (Prism reads it when no Prefer header is sent): Keycloak's invalid_grant, an AuthError", async () => {
    const sent: string[] = [];
    const amplifier = createAmplifierClient({
      baseUrl: mockUrl(),
      auth: amplifierAuth({ authUrl: `${mockAuthUrl()}?__code=401`, ...credentials }),
      fetch: (input, init) => (sent.push(new URL(String(input)).pathname), fetch(input, init)),
    });
    const err = (await amplifier.GET("/complaints-translator/").catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.status).toBe(401);
    expect(err.message).toContain(refused);
    expect(err.message).toContain("(HTTP 401): Invalid user credentials; check `username` and `password`");
    expect(sent).toEqual(["/auth/"]);
  });

  it("or a client fetch that asks Prefer: code=401, example=detail on the token call", async () => {
    const amplifier = createAmplifierClient({
      baseUrl: mockUrl(),
      auth: amplifierAuth({ authUrl: mockAuthUrl(), ...credentials }),
      fetch: preferring("code=401, example=detail", /\/auth\/$/),
    });
    await expect(amplifier.GET("/complaints-translator/")).rejects.toMatchObject({
      name: "AuthError",
      status: 401,
      message: expect.stringContaining("(HTTP 401): No active account found with the given credentials"),
    });
  });
});
