// Failures on request, against the mock: every answer the spec declares comes back when asked with Prism's
// `Prefer: code=<status>[, example=<name>]` (a per-call header through the client, or curl), with the client's own
// Accept header — and through the client it is the typed error, carrying TLSecure's code and message, whether the
// failure comes with an HTTP error status or, as TLSecure mostly sends them, with HTTP 200.
import { describe, expect, inject, it } from "vitest";
import { ApiError, AuthError } from "@b2bkit/core";
import { tlsecureAuth } from "@b2bkit/tlsecure-auth";
import { createTlsecureClient, unwrap } from "../src/index.js";
import { B2B, B2B_COMPANY, DOMAIN, TOKEN, mockClient } from "./helpers.js";
import { preferring, testDeclaredAnswers } from "@b2bkit/mock/behaviour";

describe("every declared answer of the spec, on request", () => {
  testDeclaredAnswers(new URL("../openapi.json", import.meta.url), { mock: () => inject("mock:tlsecure"), accept: "application/json", headers: { token: TOKEN } });
});

describe("a failure asked for through the client is the typed error, with TLSecure's code and message", () => {
  const tls = mockClient({ maxRetries: 0 });
  const company = { path: { company: 22563 } };
  const form = { name: "Stark Company", vat: "21", chamberOfCommerce: "Washington", reference: "699425", costCenter: "CC14", department: "Communication" };
  // Each call asks the mock for `prefer`, through openapi-fetch's per-call headers.
  const calls: Record<string, (prefer: string) => Promise<{ data?: unknown; error?: unknown; response: Response }>> = {
    "GET customer/b2b": (prefer) => tls.GET(B2B, { headers: { Prefer: prefer } }),
    "POST customer/b2b": (prefer) => tls.POST(B2B, { body: form, headers: { Prefer: prefer } }),
    "PUT customer/b2b/{company}": (prefer) => tls.PUT(B2B_COMPANY, { params: company, body: form, headers: { Prefer: prefer } }),
    "DELETE customer/b2b/{company}": (prefer) => tls.DELETE(B2B_COMPANY, { params: company, headers: { Prefer: prefer } }),
  };
  // The first example of each error status (the spec's BadRequest, Unauthorized and InternalServerError).
  const errors = [
    { status: 400, code: 9, message: "TVA is undefined" },
    { status: 401, code: 3, message: "token is empty" },
    { status: 500, code: 99, message: "uncatched exception" },
  ];
  const table = Object.keys(calls).flatMap((call) => errors.map((error) => ({ call, ...error })));

  it.each(table)("$call with Prefer: code=$status", async ({ call, status, code, message }) => {
    const err = (await unwrap(calls[call]!(`code=${status}`)).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status, code });
    expect(err.message).toContain(message);
  });

  it.each([
    { call: "GET customer/b2b", example: "noCompanies", code: 10, message: "no companies" },
    { call: "POST customer/b2b", example: "vatUndefined", code: 9, message: "TVA is undefined" },
    { call: "PUT customer/b2b/{company}", example: "companyNotExist", code: 10, message: "company not exist" },
    { call: "DELETE customer/b2b/{company}", example: "companyNotExist", code: 10, message: "company not exist" },
  ])("$call with Prefer: example=$example is a failure with HTTP 200, as TLSecure sends it", async ({ call, example, code, message }) => {
    const err = (await unwrap(calls[call]!(`example=${example}`)).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 200, code });
    expect(err.message).toContain(message);
  });
});

describe("a refused token call, on request", () => {
  it("Prefer: example=domainCodeMalformed on the token call: an AuthError with the vendor's code, and nothing else is sent", async () => {
    const sent: string[] = [];
    const ask = preferring("example=domainCodeMalformed", /\/customer\/token$/);
    const tls = createTlsecureClient({
      baseUrl: inject("mock:tlsecure"),
      domainCode: DOMAIN,
      auth: tlsecureAuth({ domainCode: DOMAIN }),
      fetch: (input, init) => (sent.push(new URL(String(input)).pathname), ask(input, init)),
    });
    const err = (await tls.GET(B2B).catch((e: unknown) => e)) as AuthError;
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('tlsecureAuth: no guest token for shop 00000: code 1 "domaincode malformed" (remembered for 60000 ms: until then requests fail at once and the credentials are not sent again; auth.reset() forgets it)');
    expect(sent).toEqual(["/api/json/00000/customer/token"]);
  });

  it("an HTTP error status on the token call refuses it too: Prefer: code=400", async () => {
    const tls = createTlsecureClient({
      baseUrl: inject("mock:tlsecure"),
      domainCode: DOMAIN,
      auth: tlsecureAuth({ domainCode: DOMAIN }),
      fetch: preferring("code=400", /\/customer\/token$/),
    });
    await expect(tls.GET(B2B)).rejects.toMatchObject({ name: "AuthError", status: 400, message: expect.stringContaining("HTTP 400: code 9") });
  });
});
