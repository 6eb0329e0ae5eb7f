import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { testServer, type TestServer } from "@b2bkit/mock/test-server";
import { TlsecureCode, codeLists, createTlsecureClient, tlsecureErrors, unwrap, unwrapEnvelope } from "../src/index.js";
import { B2B, B2B_COMPANY, DOMAIN, envelope } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server answering every request with one scripted envelope. */
async function answering(fields: Parameters<typeof envelope>[1], status = 200) {
  server = await testServer((_req, res) => envelope(res, fields, status));
  return createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN, maxRetries: 0 });
}

describe("failures inside a 2xx envelope", () => {
  it("never reach a plain call as data: it rejects with the ApiError, the vendor's code and message", async () => {
    const tls = await answering({ success: false, code: 9, message: "TVA is undefined" });
    const err = (await tls.POST(B2B, { body: { vat: "" } }).catch((e: unknown) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ name: "ApiError", status: 200, code: 9, body: { response: { success: false, code: 9 } } });
    expect(err.message).toBe(`HTTP 200 9: TVA is undefined (POST ${server!.url}/api/json/00000/customer/b2b)`);
  });

  it("reach unwrap and unwrapEnvelope users as the same ApiError", async () => {
    const tls = await answering({ success: false, code: 11, message: "company not exist" });
    const call = () => tls.PUT(B2B_COMPANY, { params: { path: { company: 1 } }, body: { name: "n", vat: "21", chamberOfCommerce: "c", reference: "r", costCenter: "cc", department: "d" } });
    await expect(unwrap(call())).rejects.toMatchObject({ status: 200, code: 11, message: expect.stringContaining("company not exist") });
    await expect(unwrapEnvelope(call())).rejects.toMatchObject({ status: 200, code: 11 });
  });

  it("read a code sent as a string as the number it is", async () => {
    server = await testServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end('{"response":{"success":false,"code":"10","message":"no companies"}}');
    });
    const tls = createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN });
    await expect(tls.GET(B2B)).rejects.toMatchObject({ status: 200, code: 10 });
  });

  it("say what the code means when the vendor sends no message", async () => {
    const tls = await answering({ success: false, code: 2 });
    await expect(tls.GET(B2B)).rejects.toMatchObject({ code: 2, message: expect.stringContaining("connexion error") });
  });

  it("are not retried, not even for an idempotent call", async () => {
    server = await testServer((_req, res) => envelope(res, { success: false, code: 2, message: "connexion error" }));
    const tls = createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN, maxRetries: 2 });
    await expect(tls.DELETE(B2B_COMPANY, { params: { path: { company: 3 } } })).rejects.toBeInstanceOf(ApiError);
    expect(server.seen).toHaveLength(1);
  });

  it("are told apart by tlsecureErrors.failureIn2xx", () => {
    expect(tlsecureErrors.failureIn2xx?.({ response: { success: false, code: 5, message: "invalid token" } })).toEqual({ code: 5, message: "invalid token" });
    expect(tlsecureErrors.failureIn2xx?.({ response: { success: true, code: 0 } })).toBeUndefined();
    expect(tlsecureErrors.failureIn2xx?.([1, 2])).toBeUndefined();
  });
});

describe("failures with an HTTP error status", () => {
  it("come back as the typed error envelope, and unwrap throws them", async () => {
    const tls = await answering({ success: false, code: 99, message: "uncatched exception" }, 500);
    const { data, error, response } = await tls.GET(B2B);
    expect(data).toBeUndefined();
    expect(response.status).toBe(500);
    expect(error?.response.code).toBe(99);
    await expect(unwrap(tls.GET(B2B))).rejects.toMatchObject({ status: 500, code: 99, message: expect.stringContaining("uncatched exception") });
  });
});

describe("successful answers", () => {
  it("unwrap to their `object`, the envelope staying available", async () => {
    const object = { companies: { company: [{ id: "12", customer: 1212, reference: 699425 }] } };
    const tls = await answering({ success: true, code: 0, message: "companies retrieved", object });
    expect(await unwrap(tls.GET(B2B))).toEqual(object);
    expect(await unwrapEnvelope(tls.GET(B2B))).toEqual({ success: true, code: 0, message: "companies retrieved", object });
    const { data } = await tls.GET(B2B, { parseAs: "text" });
    expect(JSON.parse(data!)).toEqual({ response: { success: true, code: 0, message: "companies retrieved", object } });
  });

  it("without the `object` their operation declares are refused by unwrap, not handed on as undefined", async () => {
    const tls = await answering({ success: true, code: 0, message: "companies retrieved" });
    await expect(unwrap(tls.GET(B2B))).rejects.toThrow(/success but carries no `object`/);
    expect(await unwrap(tls.DELETE(B2B_COMPANY, { params: { path: { company: 1 } } }))).toBeUndefined();
  });

  it("that are not JSON become an ApiError, not a SyntaxError", async () => {
    server = await testServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html>Fatal error</html>");
    });
    const tls = createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN });
    await expect(tls.GET(B2B)).rejects.toMatchObject({ name: "ApiError", code: "INVALID_JSON", status: 200 });
  });
});

describe("code lists", () => {
  const spec = JSON.parse(readFileSync(new URL("../openapi.json", import.meta.url), "utf8")) as {
    components: { schemas: Record<string, { enum?: number[]; "x-enum-descriptions"?: string[] }> };
  };
  const schemaOf = {
    listCustomersB2b: "GetCompaniesCode",
    createCustomerB2b: "CreateCompanyCode",
    updateCustomerB2b: "UpdateCompanyCode",
    deleteCustomerB2b: "DeleteCompanyCode",
  } as const;

  it.each(Object.entries(schemaOf))("%s lists exactly the spec's codes with its meanings", (operation, schema) => {
    const documented = spec.components.schemas[schema]!;
    const list = codeLists[operation as keyof typeof codeLists] as Record<number, string>;
    expect(Object.keys(list).map(Number)).toEqual(documented.enum);
    // The spec's descriptions add "(success)" to code 0; the rest is the vendor's wording.
    expect(documented.enum!.map((c) => list[c])).toEqual(documented["x-enum-descriptions"]!.map((d) => d.replace(/ \(success\)$/, "")));
  });

  it("names the codes every list shares", () => {
    expect(TlsecureCode).toMatchObject({ Success: 0, TokenEmpty: 3, NoTokenWithThatKey: 4, InvalidToken: 5, UncaughtException: 99 });
    expect(codeLists.updateCustomerB2b[TlsecureCode.InvalidToken]).toBe("invalid token");
    expect(codeLists.updateCustomerB2b[11]).toBe("company not exist");
    expect(codeLists.deleteCustomerB2b[10]).toBe("company not exist user");
  });
});
