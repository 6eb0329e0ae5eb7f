import { afterEach, describe, expect, it } from "vitest";
import { ApiError } from "@b2bkit/core";
import { json, testServer, type TestServer } from "@b2bkit/mock/test-server";
import { PortosErrorCode, createPortosClient, portosErrors, unwrap } from "../src/index.js";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers every request with one Portos problem body. */
async function answering(status: number, body: object) {
  server = await testServer((_req, res) => json(res, status, body, { "content-type": "application/problem+json; charset=utf-8", "x-request-id": "req-42" }));
  return createPortosClient({ baseUrl: server.url, maxRetries: 0 });
}

const customer = (portos: ReturnType<typeof createPortosClient>) =>
  unwrap(portos.PUT("/customers/{id}", { params: { path: { id: "c-1" } }, body: { firstName: "John", _v: 3 } })).then(
    () => {
      throw new Error("expected an ApiError");
    },
    (e: unknown) => e as ApiError,
  );

describe("Portos problem details", () => {
  it("turns a validation problem into an ApiError with code, message and field details", async () => {
    const portos = await answering(400, {
      title: "One or more validation errors occurred.",
      status: 400,
      errorCode: 3,
      errors: [
        { memberName: "Email", message: "The Email field is not a valid e-mail address.", code: null },
        { memberName: "ExternalId", message: "The value must be unique.", code: "2" },
      ],
    });
    const err = await customer(portos);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: PortosErrorCode.ValidationFailed, requestId: "req-42" });
    expect(err.message).toContain(
      "One or more validation errors occurred. Email: The Email field is not a valid e-mail address.; ExternalId: The value must be unique.",
    );
    expect(err.message).toContain("(PUT http://127.0.0.1:");
    expect(err.details).toEqual([
      { memberName: "Email", message: "The Email field is not a valid e-mail address." },
      { memberName: "ExternalId", message: "The value must be unique.", code: "2" },
    ]);
  });

  it("reads ASP.NET's { field: [messages] } form of errors too", () => {
    const shape = portosErrors.describe({ title: "Bad Request", status: 400, errors: { FirstName: ["Too long.", "Invalid."], "$.credit": ["Not a number."] } });
    expect(shape?.details).toEqual([
      { memberName: "FirstName", message: "Too long." },
      { memberName: "FirstName", message: "Invalid." },
      { memberName: "$.credit", message: "Not a number." },
    ]);
    expect(shape?.message).toBe("Bad Request FirstName: Too long.; FirstName: Invalid.; $.credit: Not a number.");
  });

  it("carries title and detail of a version mismatch, with the resource in the body", async () => {
    const body = { title: "Conflict", detail: "Customer c-1 has version 4.", status: 409, errorCode: 6, resource: { name: "Customer", id: "c-1", version: 4 } };
    const err = await customer(await answering(409, body));
    expect(err).toMatchObject({ status: 409, code: PortosErrorCode.ResourceVersionMismatch, body });
    expect(err.message).toMatch(/^HTTP 409 6: Conflict: Customer c-1 has version 4\./);
  });

  it("says Locked for 423 (the resource is in use; not retried)", async () => {
    const err = await customer(await answering(423, { title: "Locked", status: 423, errorCode: 5 }));
    expect(err).toMatchObject({ status: 423, code: PortosErrorCode.ResourceLocked });
    expect(server?.seen).toHaveLength(1);
  });

  it("falls back to the status text when the body is not a problem", () => {
    expect(portosErrors.describe("plain text")).toBeUndefined();
    expect(portosErrors.describe({})).toEqual({ code: undefined, message: undefined, details: [] });
  });
});

describe("client options", () => {
  it("refuses a missing or malformed baseUrl with the fix", () => {
    expect(() => createPortosClient({ baseUrl: "" })).toThrow(/`baseUrl` is required/);
    expect(() => createPortosClient(undefined as never)).toThrow(/`baseUrl` is required/);
    expect(() => createPortosClient({ baseUrl: "portos.local" })).toThrow(/not an absolute URL/);
    expect(() => createPortosClient({ baseUrl: "ftp://portos.local" })).toThrow(/must be an http\(s\) URL/);
    expect(() => createPortosClient({ baseUrl: "http://portos.local/api/" })).toThrow(/stop before \/api and \/customers.*use "http:\/\/portos.local"/);
    expect(() => createPortosClient({ baseUrl: "http://portos.local/customers" })).toThrow(/stop before \/api and \/customers/);
    expect(() => createPortosClient({ baseUrl: "http://portos.local", timeoutMs: -1 })).toThrow(/`timeoutMs`/);
  });

  it("refuses an address ending in a Portos route, but serves one whose gateway path merely contains /api", async () => {
    expect(() => createPortosClient({ baseUrl: "http://portos.local/api/auth" })).toThrow(/stop before \/api and \/customers.*use "http:\/\/portos.local"/);
    expect(() => createPortosClient({ baseUrl: "http://portos.local/gw/customers/c-1/" })).toThrow(/use "http:\/\/portos.local\/gw"/);
    server = await testServer((_req, res) => json(res, 200, { id: "c-1" }));
    const portos = createPortosClient({ baseUrl: `${server.url}/api/portos` });
    await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "c-1" } } }));
    expect(server.seen[0]).toMatchObject({ url: "/api/portos/customers/c-1" });
  });

  it("accepts a server address with a port, or under a path, and sends the extra headers", async () => {
    server = await testServer((_req, res) => json(res, 200, { id: "c-1" }));
    const portos = createPortosClient({ baseUrl: `${server.url}/portos/`, headers: { "Accept-Language": "sk" } });
    await unwrap(portos.GET("/customers/{id}", { params: { path: { id: "c-1" } } }));
    expect(server.seen[0]).toMatchObject({ url: "/portos/customers/c-1" });
    expect(server.seen[0]!.headers).toMatchObject({ "accept-language": "sk", accept: "application/json, application/problem+json" });
  });
});
