import { afterEach, describe, expect, it } from "vitest";
import { testServer, type TestServer } from "@b2bkit/mock/test-server";
import { createTlsecureClient, type CompanyForm } from "../src/index.js";
import { B2B, B2B_COMPANY, DOMAIN, envelope } from "./helpers.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function recording() {
  server = await testServer((_req, res) => envelope(res, { success: true, code: 0, message: "ok", object: {} }));
  return { tls: createTlsecureClient({ baseUrl: server.url, domainCode: "52135" }), server };
}

describe("paths", () => {
  it("fill returnType with json and domainCode from the options", async () => {
    const { tls, server } = await recording();
    await tls.GET(B2B);
    await tls.DELETE(B2B_COMPANY, { params: { path: { company: 23355 } } });
    expect(server.seen.map((r) => `${r.method} ${r.url}`)).toEqual([
      "GET /api/json/52135/customer/b2b",
      "DELETE /api/json/52135/customer/b2b/23355",
    ]);
  });

  it("take no returnType or domainCode from the caller: the types refuse them, and the client's shop wins", async () => {
    const { tls, server } = await recording();
    // What the types refuse, checked by the typecheck…
    // @ts-expect-error: domainCode comes from the options
    await tls.GET(B2B, { params: { path: { domainCode: "00000" } } });
    // @ts-expect-error: `company` is still required where the path has it; without it nothing is sent
    await expect(tls.DELETE(B2B_COMPANY, { params: { path: {} } })).rejects.toThrow(
      "createTlsecureClient: DELETE /api/{returnType}/{domainCode}/customer/b2b/{company}: path parameter `company` is missing: pass it in params.path",
    );
    // …and a JavaScript caller who sends them anyway still talks to the client's shop, with JSON answers.
    const untyped = tls.GET as unknown as (path: string, init: unknown) => Promise<unknown>;
    await untyped(B2B_COMPANY, { params: { path: { company: 7, domainCode: "99999", returnType: "xml" } } });
    expect(server.seen.map((r) => r.url)).toEqual(["/api/json/52135/customer/b2b", "/api/json/52135/customer/b2b/7"]);
  });
});

describe("transport options", () => {
  it("reach the transport: retryMethods and backoff make a POST that met a 503 go again", async () => {
    let calls = 0;
    server = await testServer((_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.writeHead(503).end();
        return;
      }
      envelope(res, { success: true, code: 0, message: "ok", object: {} });
    });
    const tls = createTlsecureClient({ baseUrl: server.url, domainCode: DOMAIN, retryMethods: ["POST"], backoff: { initialMs: 1 } });
    const { response } = await tls.POST(B2B, { body: { vat: "21" } });
    expect(response.status).toBe(200);
    expect(calls).toBe(2);
  });
});

describe("form bodies", () => {
  it("are form-encoded for the caller, as the vendor's example", async () => {
    const { tls, server } = await recording();
    const body: CompanyForm = { name: "Stark Company", vat: "21", chamberOfCommerce: "Washington", reference: "699425", costCenter: "CC14", department: "Communication" };
    await tls.POST(B2B, { body });
    const [sent] = server.seen;
    expect(sent?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(sent?.body).toBe("name=Stark+Company&vat=21&chamberOfCommerce=Washington&reference=699425&costCenter=CC14&department=Communication");
  });

  it("leave out undefined fields, send numbers as text and encode what needs it", async () => {
    const { tls, server } = await recording();
    await tls.PUT(B2B_COMPANY, {
      params: { path: { company: "22563" } },
      body: { company: 22563, name: "Stark & Söhne", vat: "21", chamberOfCommerce: "NYC CoC", reference: "489143", costCenter: "CC12", department: "R&D" },
    });
    await tls.POST(B2B, { body: { vat: "21", name: undefined } });
    expect(server.seen.map((r) => [r.url, r.body])).toEqual([
      ["/api/json/52135/customer/b2b/22563", "company=22563&name=Stark+%26+S%C3%B6hne&vat=21&chamberOfCommerce=NYC+CoC&reference=489143&costCenter=CC12&department=R%26D"],
      ["/api/json/52135/customer/b2b", "vat=21"],
    ]);
  });

  it("are not sent, nor their type, on calls without a body", async () => {
    const { tls, server } = await recording();
    await tls.GET(B2B);
    expect(server.seen[0]?.headers["content-type"]).toBeUndefined();
    expect(server.seen[0]?.headers.accept).toBe("application/json");
    expect(server.seen[0]?.body).toBe("");
  });

  it("refuse what is not an object of fields", async () => {
    const { tls, server } = await recording();
    // A form is an object of fields. (Cast: with no field required on create, openapi-fetch's body type no longer catches an array.)
    await expect(tls.POST(B2B, { body: [["vat", "21"]] as never })).rejects.toThrow(/pass an object of fields/);
    // @ts-expect-error: field values are text
    await expect(tls.POST(B2B, { body: { vat: { rate: 21 } } })).rejects.toThrow(/form field `vat` must be a string or a number/);
    expect(server.seen).toHaveLength(0);
  });
});

describe("createTlsecureClient options", () => {
  it("refuses a missing or malformed baseUrl with the fix", () => {
    // @ts-expect-error: baseUrl is required
    expect(() => createTlsecureClient({ domainCode: DOMAIN })).toThrow(/`baseUrl` is required.*wsmedia\.tlsecure\.com/);
    expect(() => createTlsecureClient({ baseUrl: "wsmedia.tlsecure.com", domainCode: DOMAIN })).toThrow(/not an absolute URL/);
    expect(() => createTlsecureClient({ baseUrl: "ftp://wsmedia.tlsecure.com", domainCode: DOMAIN })).toThrow(/http\(s\) URL/);
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com/api/json/00000", domainCode: DOMAIN })).toThrow(
      /stop before \/api.*"https:\/\/wsmedia\.tlsecure\.com"/,
    );
  });

  it("refuses a missing or malformed domainCode with the fix", () => {
    // @ts-expect-error: domainCode is required
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com" })).toThrow(/`domainCode` must be the five-digit code .*"00000" \(the test shop\); got undefined/);
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com", domainCode: "0000" })).toThrow(/five-digit code.*4 characters/);
    // @ts-expect-error: a string, so that leading zeros survive
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com", domainCode: 52135 })).toThrow(/five-digit code of your shop as a string.*got number/);
  });

  it("refuses bad transport options, naming them", () => {
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com", domainCode: DOMAIN, timeoutMs: 0 })).toThrow(/`timeoutMs`/);
    expect(() => createTlsecureClient({ baseUrl: "https://wsmedia.tlsecure.com", domainCode: DOMAIN, maxRetries: -1 })).toThrow(/`maxRetries`/);
  });

  it("sends the caller's extra headers", async () => {
    server = await testServer((_req, res) => envelope(res, { success: true, code: 0, object: {} }));
    const tls = createTlsecureClient({ baseUrl: `${server.url}/`, domainCode: DOMAIN, headers: { "x-shop": "demo" } });
    await tls.GET(B2B);
    expect(server.seen[0]).toMatchObject({ url: "/api/json/00000/customer/b2b", headers: { "x-shop": "demo" } });
  });
});
